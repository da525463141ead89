// Every dated record the demo seed writes is one the API would accept from staff: each conviction and
// arrest passes the domain's own date checks (the ones the API applies when a record is added, with
// the client's birth), and each conviction is an adult one. Checked over every seeded row.
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { arrestDateProblems, californiaDate, convictionDateProblems } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDataIfEmpty } from './demo.ts';
import { ADULT_AGE } from './records.ts';

const NOW = '2026-11-28T18:00:00Z';
const TODAY = californiaDate(new Date(NOW));
const adultOn = (dateOfBirth: string) =>
  `${Number(dateOfBirth.slice(0, 4)) + ADULT_AGE}${dateOfBirth.slice(4)}`;

describe.each(testDialects())('the demo seed’s dates (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, fixedClock(NOW));
  });
  afterAll(async () => database.destroy());

  it('gives every conviction dates the API accepts for its client, at 18 or older, probation over before the referral', async () => {
    const rows = await database.db
      .selectFrom('convictions')
      .innerJoin('matters', 'matters.id', 'convictions.matter_id')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select([
        'convictions.id',
        'matters.reference',
        'matters.received_on',
        'clients.legal_name',
        'clients.date_of_birth',
        'convictions.conviction_date',
        'convictions.end_date',
        'convictions.relief_granted_on',
      ])
      .execute();
    expect(rows.length).toBeGreaterThan(100);
    const wrong = rows.flatMap((r) => {
      const about = `${r.reference} ${r.legal_name} (born ${r.date_of_birth}), convicted ${r.conviction_date}`;
      const born = { name: r.legal_name, dateOfBirth: r.date_of_birth };
      const problems = convictionDateProblems(
        { convictionDate: r.conviction_date, reliefGrantedOn: r.relief_granted_on },
        TODAY,
        born,
      ).map((p) => `${about}: ${p.message}`);
      if (!r.conviction_date || r.conviction_date < adultOn(r.date_of_birth))
        problems.push(`${about}: under ${ADULT_AGE}`);
      // Probation completed: it ended before the referral, and so before today.
      if (!r.end_date || r.end_date < (r.conviction_date ?? '') || r.end_date >= r.received_on)
        problems.push(`${about}: probation ended ${r.end_date}, received ${r.received_on}`);
      return problems;
    });
    expect(wrong).toEqual([]);
  });

  it('gives every arrest dates the API accepts for its client', async () => {
    const rows = await database.db
      .selectFrom('arrests')
      .innerJoin('matters', 'matters.id', 'arrests.matter_id')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select([
        'matters.reference',
        'clients.legal_name',
        'clients.date_of_birth',
        'arrests.arrest_date',
        'arrests.disposition_date',
        'arrests.relief_granted_on',
      ])
      .execute();
    const wrong = rows.flatMap((r) =>
      arrestDateProblems(
        {
          arrestDate: r.arrest_date,
          dispositionDate: r.disposition_date,
          reliefGrantedOn: r.relief_granted_on,
        },
        TODAY,
        { name: r.legal_name, dateOfBirth: r.date_of_birth },
      ).map((p) => `${r.reference} ${r.legal_name}: ${p.message}`),
    );
    expect(wrong).toEqual([]);
  });

  it('dates every petition, request and decision after the client’s birth and the matter’s receipt, none decided or filed after today', async () => {
    const db = database.db;
    const matters = await db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select(['matters.id', 'matters.received_on', 'clients.date_of_birth'])
      .execute();
    const byId = new Map(matters.map((m) => [m.id, m]));
    const wrong: string[] = [];
    const check = (matterId: string, what: string, date: string | null, mayBeFuture = false) => {
      const m = byId.get(matterId);
      if (!m || !date) return;
      if (
        date < m.date_of_birth ||
        date.slice(0, 10) < m.received_on ||
        (!mayBeFuture && date.slice(0, 10) > TODAY)
      )
        wrong.push(`${matterId} ${what} ${date} (born ${m.date_of_birth}, received ${m.received_on})`);
    };
    for (const p of await db.selectFrom('petitions').selectAll().execute()) {
      check(p.matter_id, 'filed', p.filed_on);
      check(p.matter_id, 'served', p.served_on);
      check(p.matter_id, 'decided', p.decided_on);
      // A hearing or rule-by date is a court date to come.
      check(p.matter_id, 'hearing', p.hearing_on, true);
      check(p.matter_id, 'rule by', p.rule_by_on, true);
    }
    for (const r of await db.selectFrom('document_requests').selectAll().execute()) {
      check(r.matter_id, 'requested', r.requested_on);
      check(r.matter_id, 'due', r.due_on, true);
    }
    for (const d of await db.selectFrom('eligibility_decisions').selectAll().execute())
      check(d.matter_id, 'decided', d.decided_at);
    expect(wrong).toEqual([]);
  });
});
