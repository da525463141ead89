// A caseload batch as the text PostgreSQL's COPY takes (text format), made in the generating thread
// (caseload-worker.ts) so the thread that sends it only joins each matter's contacts to its row: those
// are derived by PostgreSQL's trigger function (postgres-build.ts), so a matter's row is sent without
// them and its contacts beside it.
import { CASELOAD_TABLES, type CaseloadBatch, type CaseloadTable, type Shared } from './caseload.ts';
import type { SharedValues } from './rows.ts';

export interface CopyTextBatch {
  /** Each table's rows but the matters', in the order the tables are written. */
  tables: { table: string; text: string }[];
  /** Each matter's row, without its contact columns (CONTACT_COLUMNS, last in the COPY) or its line end. */
  matters: string[];
  /** Each matter's id, in the order of `matters`. */
  matterIds: string[];
  /** The contacted matters, each with its first contact and its last (null if it had only one). */
  contacts: { ids: string[]; firsts: string[]; lasts: (string | null)[] };
}

/** The matters' columns the contacts fill, in the order they end each matter's COPY row. */
export const CONTACT_COLUMNS = ['last_client_contact_at', 'first_client_contact_at'] as const;

/** A value in COPY's text format: \N for null, a backslash before the characters that end a field or a row. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string')
    return /[\\\n\r\t]/.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
  return String(value);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A shared column's SQL literal (a number or a quoted string) as its value. */
function literalValue(sql: string): string {
  const quoted = /^'(.*)'$/s.exec(sql);
  if (quoted) return (quoted[1] ?? '').replaceAll("''", "'");
  if (!/^-?\d+(\.\d+)?$/.test(sql))
    throw new Error(`The shared value ${sql} is not a literal COPY can take.`);
  return sql;
}

/** Each table's COPY columns, in the order of its rows' fields. */
export function copyColumns(table: CaseloadTable): string[] {
  const spec = CASELOAD_TABLES[table];
  const columns: string[] = [...spec.columns, ...Object.keys(spec.shared)];
  return table === 'matters'
    ? [...columns.filter((c) => c !== 'last_client_contact_at'), ...CONTACT_COLUMNS]
    : columns;
}

export function copyTextOf(batch: CaseloadBatch, shared: SharedValues): CopyTextBatch {
  const result: CopyTextBatch = {
    tables: [],
    matters: [],
    matterIds: [],
    contacts: { ids: [], firsts: [], lasts: [] },
  };
  for (const name of Object.keys(CASELOAD_TABLES) as CaseloadTable[]) {
    const values = batch.rows[name];
    if (!values) continue;
    const spec = CASELOAD_TABLES[name];
    const suffix = (Object.values(spec.shared) as Shared[])
      .map((value) => `\t${copyField(typeof value === 'string' ? shared[value] : literalValue(value.sql))}`)
      .join('');
    const width = spec.columns.length;
    if (name !== 'matters') {
      let text = '';
      for (let at = 0; at < values.length; at += width) {
        let row = copyField(values[at]);
        for (let i = 1; i < width; i++) row += `\t${copyField(values[at + i])}`;
        text += `${row}${suffix}\n`;
      }
      result.tables.push({ table: spec.table, text });
      continue;
    }
    // A matter's row holds its first contact as its last (caseload.ts); its last comes in lastContacts.
    const columns: readonly string[] = spec.columns;
    const idAt = columns.indexOf('id');
    const contactAt = columns.indexOf('last_client_contact_at');
    if (idAt !== 0 || contactAt < 1)
      throw new Error('A matter’s row must start with its id and hold a contact.');
    const lasts = new Map<unknown, string>();
    for (let at = 0; at < batch.lastContacts.length; at += 2)
      lasts.set(batch.lastContacts[at], batch.lastContacts[at + 1] as string);
    for (let at = 0; at < values.length; at += width) {
      const id = values[at + idAt] as string;
      // The id first, so every field after it takes a tab before it.
      let row = copyField(values[at]);
      for (let i = 1; i < width; i++) if (i !== contactAt) row += `\t${copyField(values[at + i])}`;
      result.matters.push(`${row}${suffix}`);
      result.matterIds.push(id);
      const first = values[at + contactAt];
      if (first === null) continue;
      result.contacts.ids.push(id);
      result.contacts.firsts.push(first as string);
      result.contacts.lasts.push(lasts.get(id) ?? null);
    }
  }
  return result;
}
