import type { AuditOutcome } from '@relief-desk/domain';
import type { Generated, Insertable, Selectable } from 'kysely';

/** Who did or saw what, when, from where, and how it ended. Written in the same transaction. */
export interface AuditLogTable {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  office_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string;
  outcome: AuditOutcome;
  /** JSON object; never client contact details or RAP sheet data. */
  detail: Generated<string>;
  /** Place in the office's hash chain (from 1); written only through appendAuditRow. */
  seq: number;
  /** The hash of the office's previous row (64 zeros for the first). */
  prev_hash: string;
  /** Hex SHA-256 over this row's fields and prev_hash (audit-chain.ts). */
  hash: string;
}

/** The newest link of each office's audit chain (office key '' for rows with no office). */
export interface AuditChainHeadsTable {
  office_key: string;
  seq: number;
  hash: string;
}
/**
 * Audit rows of reads waiting to join their office's chain (audit-journal.ts): an audit row without
 * its place in the chain, which is given when a batch of them is appended to audit_log.
 */
export type AuditJournalTable = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>;

export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
