// An online application's answer tells nothing about the office's records: an applicant who matches
// a client the office already has (flagged for staff) and one who matches nobody get the same
// answer, the same rows written but the flag, and the same least time, held back after the commit.
import { testDialects } from '@relief-desk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, openOnlineApplications, referralInput } from '../../testing.ts';
import { type AnswerPacing, APPLICATION_ANSWER_MS, submitOnlineApplication } from './apply.ts';
import { applicationFormFields } from './fixtures.ts';

/** Pacing whose clock moves `worked` ms during each answer, keeping the waits it was asked for. */
function fakePacing(worked: number, onSleep: () => Promise<void> = async () => {}) {
  let at = 1_000;
  const waits: number[] = [];
  const pacing: AnswerPacing = {
    minimumMs: APPLICATION_ANSWER_MS,
    now: () => {
      const time = at;
      at += worked;
      return time;
    },
    sleep: async (ms) => {
      await onSleep();
      waits.push(ms);
    },
  };
  return { pacing, waits };
}

/** The form as the page posts it. */
const form = (legalName: string, birthYear: string, n: number) =>
  applicationFormFields({
    legalName,
    birthYear,
    phone: `(415) 555-01${String(n).padStart(2, '0')}`,
    email: `applicant${n}@example.org`,
    consentToText: 'yes',
  });

describe.each(testDialects())('an online application’s answer (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  let applications = 0;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    slug = office.slug ?? '';
  });
  afterAll(async () => api.destroy());

  /** Rows per table. */
  async function rowCounts(): Promise<Record<string, number>> {
    const db = api.database.db;
    const tables =
      dialect === 'postgres'
        ? (
            await sql<{ name: string }>`select table_name as name from information_schema.tables
              where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
          ).rows
        : (
            await sql<{ name: string }>`select name from sqlite_master
              where type = 'table' and name not like 'sqlite_%'`.execute(db)
          ).rows;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
      counts[name] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
  }

  /** Applies with `posted`, from an address of its own: the outcome, the rows it added and its address. */
  async function apply(posted: unknown, pacing: AnswerPacing) {
    applications++;
    const ip = `192.0.2.${applications}`;
    const before = await rowCounts();
    const outcome = await submitOnlineApplication(
      api.context({ ip }),
      {
        slug,
        language: 'en',
        form: posted,
        submissionKey: `answer-shape-key-${applications}-${dialect}`,
        honeypotFilled: false,
      },
      pacing,
    );
    const after = await rowCounts();
    const added = Object.fromEntries(
      Object.entries(after)
        .map(([table, n]) => [table, n - (before[table] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
    return { outcome, added, ip };
  }

  const flagsOn = async (clientId: string) =>
    api.database.db
      .selectFrom('matter_events as e')
      .innerJoin('matters as m', 'm.id', 'e.matter_id')
      .select('e.kind')
      .where('m.client_id', '=', clientId)
      .where('e.kind', '=', 'possible_duplicate')
      .execute();

  it('is the same, with the same rows written and the same wait, whether or not the applicant is likely a known client', async () => {
    const intake = await api.signedIn('alameda.intake');
    const known = referralInput();
    await intake.referrals.record({ ...known, client: { ...known.client, otherNames: [] } });
    // A first application of the day starts the day's counts: the two compared only add to them.
    await apply(form('Octavio Prieto Luna', '1960', 9), fakePacing(1).pacing);

    const matching = fakePacing(40);
    const likelyKnown = await apply(form(known.client.legalName, '1984', 1), matching.pacing);
    const nobody = fakePacing(40);
    const stranger = await apply(form('Teodora Villalobos Reyes', '1991', 2), nobody.pacing);

    expect(likelyKnown.outcome).toEqual(stranger.outcome);
    expect(stranger.outcome).toEqual({
      kind: 'received',
      replayed: false,
      answer: expect.objectContaining({ counties: [{ county: 'Alameda', ours: true, referredTo: null }] }),
    });
    // The same rows, but the flag for staff on the likely known client's matter.
    expect(likelyKnown.added).toEqual({
      ...stranger.added,
      matter_events: (stranger.added.matter_events ?? 0) + 1,
    });
    const auditShapes = async (ip: string) =>
      (
        await api.database.db
          .selectFrom('audit_log')
          .select(['action', 'outcome', 'detail'])
          .where('ip', '=', ip)
          .execute()
      )
        .map((a) => JSON.stringify([a.action, a.outcome, Object.keys(JSON.parse(a.detail)).sort()]))
        .sort();
    expect(await auditShapes(likelyKnown.ip)).toEqual(await auditShapes(stranger.ip));
    const clients = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('email', 'in', ['applicant1@example.org', 'applicant2@example.org'])
      .orderBy('email')
      .execute();
    expect(await flagsOn(clients[0]?.id ?? '')).toHaveLength(1);
    expect(await flagsOn(clients[1]?.id ?? '')).toHaveLength(0);

    // Both held back to the same least time.
    expect(matching.waits).toEqual([APPLICATION_ANSWER_MS - 40]);
    expect(nobody.waits).toEqual([APPLICATION_ANSWER_MS - 40]);
  });

  it('waits after the application is committed, only as long as the least time is not reached, and for a refused form too', async () => {
    let committed = false;
    const email = 'applicant3@example.org';
    const paced = fakePacing(10, async () => {
      // The wait holds no transaction: the application is there for anyone to read.
      committed =
        (await api.database.db.selectFrom('clients').select('id').where('email', '=', email).execute())
          .length === 1;
    });
    await apply(form('Rafael Ortega Ibáñez', '1975', 3), paced.pacing);
    expect(paced.waits).toEqual([APPLICATION_ANSWER_MS - 10]);
    expect(committed).toBe(true);

    const slow = fakePacing(APPLICATION_ANSWER_MS + 5);
    await apply(form('Inés Caballero Soto', '1969', 4), slow.pacing);
    expect(slow.waits).toEqual([]);

    const refused = fakePacing(3);
    const { outcome, added } = await apply(form('', '1980', 5), refused.pacing);
    expect(outcome).toMatchObject({ kind: 'invalid', errors: { legalName: 'legalNameMissing' } });
    expect(added).toEqual({});
    expect(refused.waits).toEqual([APPLICATION_ANSWER_MS - 3]);
  });
});
