// The audit log page's queries, with their SQLite plans: a filtered page reads index ranges of
// audit_log in id order, never the table, whatever the filters; only a client's or matter's records
// (a short list of ids, each its own range of the record index) are sorted in memory.
import { createTestDatabase, type TestDatabase } from '@relief-desk/db/testing';
import { type AuditFilters, type AuditFiltersInput, auditFiltersSchema } from '@relief-desk/domain';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badPlanLines } from '../queues/plans.ts';
import { type AuditScope, auditPageQueries, type RecordFilter, recordsOfMattersQueries } from './log.ts';

let database: TestDatabase;
let supervisor: AuditScope;
let administrator: AuditScope;
beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  supervisor = { db: database.db, officeId: 'office', seesNoOffice: false };
  administrator = { ...supervisor, seesNoOffice: true };
});
afterAll(async () => database.destroy());

async function planOf(query: { compile(): CompiledQuery }): Promise<string[]> {
  const compiled = query.compile();
  const result = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((r) => r.detail);
}

const filters = (input: AuditFiltersInput): AuditFilters => auditFiltersSchema.parse(input);
const DAYS = { from: '2026-11-02', to: '2026-11-08' };
const CASES: [string, AuditFiltersInput][] = [
  ['no filter', {}],
  ['a span of days', DAYS],
  ['a person', { person: 'user' }],
  ['a person and an action', { person: 'user', action: 'matters.get' }],
  ['a person and a group of actions', { person: 'user', actionGroup: 'matters', ...DAYS }],
  ['a person and an outcome', { person: 'user', outcome: 'denied' }],
  ['an action', { action: 'auth.signIn' }],
  ['an action, an outcome and days', { action: 'auth.signIn', outcome: 'failed', ...DAYS }],
  ['a group of actions', { actionGroup: 'signIn' }],
  ['a group of actions and an outcome', { actionGroup: 'eligibility', outcome: 'ok', ...DAYS }],
  ['an outcome', { outcome: 'denied' }],
  ['an outcome and days', { outcome: 'failed', ...DAYS }],
  ['sign-ins naming no account', { person: 'unknown', outcome: 'failed' }],
];
const RECORDS: RecordFilter = { entityIds: ['client', 'matter-1', 'matter-2', 'conviction-1', 'message-1'] };

describe('query plans of the audit log page (SQLite)', () => {
  it.each(CASES)('%s: index ranges of audit_log only, first page and a later one', async (_name, input) => {
    for (const scope of [supervisor, administrator])
      for (const before of [null, '01KB0000000000000000000000']) {
        const queries = auditPageQueries(scope, filters(input), null, before, 51);
        // Sign-ins naming no account are for administrators: a supervisor's page reads nothing.
        const none = input.person === 'unknown' && !scope.seesNoOffice;
        expect(queries.length > 0).toBe(!none);
        for (const query of queries) {
          const plan = await planOf(query);
          expect(badPlanLines(plan), plan.join('\n')).toEqual([]);
          expect(plan.join('\n')).toMatch(/SEARCH audit_log USING (COVERING )?INDEX audit_log_/);
        }
      }
  });

  it.each([
    ['a client or matter', {}],
    ['a client or matter, a person and a group of actions', { person: 'user', actionGroup: 'matters' }],
    ['a client or matter, an outcome and days', { outcome: 'denied', ...DAYS }],
  ] as [string, AuditFiltersInput][])(
    '%s: the record index, one range per record, sorted in memory',
    async (_name, input) => {
      for (const query of auditPageQueries(
        administrator,
        filters(input),
        RECORDS,
        '01KB0000000000000000000000',
        51,
      )) {
        const plan = await planOf(query);
        expect(badPlanLines(plan, { allowTempSort: true }), plan.join('\n')).toEqual([]);
        expect(plan.join('\n')).toMatch(
          /SEARCH audit_log USING INDEX audit_log_entity \(entity_id=\? AND id[<>]/,
        );
      }
    },
  );

  it('a client’s or matter’s records of every kind are found through indexes, by the matters’ ids', async () => {
    const queries = recordsOfMattersQueries(database.db, ['matter-1', 'matter-2']);
    expect(queries.length).toBeGreaterThan(8);
    for (const query of queries) {
      const plan = await planOf(query);
      expect(badPlanLines(plan), plan.join('\n')).toEqual([]);
      expect(plan.join('\n')).toMatch(
        /SEARCH \w+ USING (COVERING )?INDEX \w+ \((matter_id|conviction_id|request_id|message_id|petition_id)=\?/,
      );
    }
  });

  it('a group of actions reads one range of the action index per action', async () => {
    const queries = auditPageQueries(supervisor, filters({ actionGroup: 'clients' }), null, null, 51);
    expect(queries.length).toBeGreaterThan(3);
    for (const query of queries)
      expect((await planOf(query)).join('\n')).toMatch(
        /INDEX audit_log_office_action \(office_id=\? AND action=\?/,
      );
  });

  it('a person reads the person index, and an outcome the outcome index', async () => {
    const person = await planOf(
      auditPageQueries(
        supervisor,
        filters({ person: 'user', actionGroup: 'signIn' }),
        null,
        null,
        51,
      )[0] as never,
    );
    expect(person.join('\n')).toMatch(/INDEX audit_log_office_actor \(office_id=\? AND actor_id=\?/);
    const outcome = await planOf(
      auditPageQueries(supervisor, filters({ outcome: 'denied' }), null, null, 51)[0] as never,
    );
    expect(outcome.join('\n')).toMatch(/INDEX audit_log_office_outcome \(office_id=\? AND outcome=\?/);
  });
});
