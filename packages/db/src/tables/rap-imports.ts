// RAP sheet imports and the attorney's decision on each of their proposals (migration 0021).

import type { RapImportState } from '@relief-desk/domain';
import type { Generated, Selectable } from 'kysely';
import type { RapImportItemKind, RapImportItemOutcome, RapImportSourceKind } from './closed-sets.ts';

export interface RapImportsTable {
  id: string;
  office_id: string;
  matter_id: string;
  file_id: string | null;
  source_kind: RapImportSourceKind;
  source_name: string;
  source_text: string | null;
  state: RapImportState;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  progress_label: Generated<string>;
  attempts: Generated<number>;
  locked_by: string | null;
  locked_until: string | null;
  result: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_by: string;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  version: Generated<number>;
  /** Discarded (read into the wrong matter): its text, result and file erased, this row kept. */
  discarded_at: string | null;
  discarded_by: string | null;
  discarded_reason: string | null;
}
export type RapImport = Selectable<RapImportsTable>;

export interface RapImportItemsTable {
  id: string;
  import_id: string;
  office_id: string;
  item_key: string;
  kind: RapImportItemKind;
  outcome: RapImportItemOutcome;
  conviction_id: string | null;
  lines: string;
  decided_by: string;
  decided_at: string;
}
