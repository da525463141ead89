// Migration 0027 froze the closed sets into its checks (0030 those of the tables 0028 added, 0035
// its own table's, 0042 the timeline's event kinds, 0044 the audit journal's outcome). Today's sets (the domain's lists, through
// CLOSED_SET_COLUMNS) must still be exactly those: a set that gained or lost a value needs a new
// migration that replaces the column's check, or the database refuses what the app now writes.
import { describe, expect, it } from 'vitest';
import { CLOSED_SETS } from './migrations/0027_closed_set_checks.ts';
import { ARREST_PETITION_SETS } from './migrations/0030_arrest_petition_checks.ts';
import { PETITION_STATUS_COUNT_SETS } from './migrations/0035_petition_status_counts.ts';
import { MATTER_EVENT_KIND_SETS } from './migrations/0042_matter_event_kinds.ts';
import { AUDIT_JOURNAL_SETS } from './migrations/0044_audit_journal.ts';
import { OUTBOX_STATE_SETS_0049 } from './migrations/0049_outbox_withdrawn.ts';
import { REFERRAL_SOURCE_SETS_0058 } from './migrations/0058_referral_source_another_office.ts';
import { MATTER_EVENT_KIND_SETS_0059 } from './migrations/0059_note_marked_events.ts';
import { STATUS_TYPE_SETS_0064 } from './migrations/0064_arrest_sealable_status.ts';
import { DROPPED_TABLES as DROPPED_TABLES_0065 } from './migrations/0065_drop_unread_counts.ts';
import { DECLARATION_LANGUAGE_SETS_0066 } from './migrations/0066_declaration_translation.ts';
import { EXECUTION_SUSPENDED_SETS_0070 } from './migrations/0070_execution_suspended.ts';
import { MATTER_EVENT_KIND_SETS_0072 } from './migrations/0072_discards.ts';
import { MATTER_EVENT_KIND_SETS_0074 } from './migrations/0074_delivery_left_unsent.ts';
import { STAFF_NOTICE_KINDS_0075 } from './migrations/0075_rap_sheet_grant_notices.ts';
import { MATTER_EVENT_KIND_SETS_0076 } from './migrations/0076_conviction_removal.ts';
import { closedSetColumns } from './tables/closed-sets.ts';

/** Checked by CHECK constraints since 0019, with these lists (staff_notices.kind's replaced by 0047, then 0075). */
const CHECKED_BY_0019: Record<string, readonly string[]> = {
  'invitations.role': ['intake', 'attorney', 'supervisor', 'admin'],
  'staff_notices.kind': STAFF_NOTICE_KINDS_0075,
};

/** The lists the checks of 0027, 0030, 0035, 0042 and 0044 allow (0042 adds a column to a table 0027 checks). */
const FROZEN: Record<string, Record<string, readonly string[]>> = {
  ...CLOSED_SETS,
  ...ARREST_PETITION_SETS,
  ...PETITION_STATUS_COUNT_SETS,
  ...AUDIT_JOURNAL_SETS,
};
// 0049 replaces 0027's check of outbox.state, 0058 that of matters.referral_source, 0059 0042's,
// 0064 those of messages.status_type and message_templates.status_type, 0072 0059's, 0074 0072's, 0076 0074's.
for (const sets of [
  MATTER_EVENT_KIND_SETS,
  OUTBOX_STATE_SETS_0049,
  REFERRAL_SOURCE_SETS_0058,
  MATTER_EVENT_KIND_SETS_0059,
  STATUS_TYPE_SETS_0064,
  MATTER_EVENT_KIND_SETS_0072,
  MATTER_EVENT_KIND_SETS_0074,
  MATTER_EVENT_KIND_SETS_0076,
])
  for (const [table, columns] of Object.entries(sets)) FROZEN[table] = { ...FROZEN[table], ...columns };
// 0065 drops tables, their checks with them.
for (const table of DROPPED_TABLES_0065) delete FROZEN[table];
// 0066 and 0070 check a column each adds.
for (const [table, columns] of Object.entries({
  ...DECLARATION_LANGUAGE_SETS_0066,
  ...EXECUTION_SUSPENDED_SETS_0070,
}))
  FROZEN[table] = { ...FROZEN[table], ...columns };

describe('closed sets and the checks migrations 0027, 0030, 0035, 0042 and 0044 added', () => {
  const current = closedSetColumns();

  it.each(current.map((c) => [`${c.table}.${c.column}`, c.values] as const))(
    '%s holds the values its check allows',
    (key, values) => {
      const [table = '', column = ''] = key.split('.');
      const frozen = CHECKED_BY_0019[key] ?? FROZEN[table]?.[column];
      expect(frozen, `${key} has no check: add one in a new migration`).toBeDefined();
      expect([...values].sort()).toEqual([...(frozen ?? [])].sort());
    },
  );

  it('checks no column the registry has dropped', () => {
    const known = new Set(current.map((c) => `${c.table}.${c.column}`));
    const checked = Object.entries(FROZEN).flatMap(([table, columns]) =>
      Object.keys(columns).map((column) => `${table}.${column}`),
    );
    expect(checked.filter((key) => !known.has(key))).toEqual([]);
    expect(Object.keys(CHECKED_BY_0019).filter((key) => !known.has(key))).toEqual([]);
  });
});
