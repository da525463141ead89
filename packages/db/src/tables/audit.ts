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
  outcome: 'ok' | 'denied' | 'failed';
  /** JSON object; never client contact details or RAP sheet data. */
  detail: Generated<string>;
}
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
