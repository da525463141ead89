// The audit log page a supervisor uses: each row as a sentence with its records linked (and no
// criminal history in it), every filter checked against the rows themselves while paging to the end,
// reads of a matter gathered into visits on the server, and each office seeing only its own rows
// (and the attempts on its records, which are written into it).
import { chainAuditJournal, instantOfId, newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import {
  AUDIT_ACTIONS,
  type AuditFiltersInput,
  addDays,
  auditActionsOf,
  auditSentenceText,
  californiaDate,
  californiaDayStart,
  NO_OFFICE_ENTITY_TYPES,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { convictionInput, openMatter, refusal, type Who } from '../lifecycle-fixtures.ts';
import { RAP_TEXT } from '../rap-import/fixtures.ts';
import type { AuditEntry, AuditLine } from './log.ts';

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;

// Ids begin with their instant and never go back in one process, so each suite's clock starts a day
// after the last one's (and after today, and after any id made before, by other files run in this
// process too): rows' ids and instants then agree, as in production.
let nextStart = Date.now();
function suiteStart(): Date {
  const after = Math.max(nextStart, instantOfId(newId()).getTime());
  const day = addDays(californiaDate(new Date(after)), 2);
  const start = new Date(Date.parse(californiaDayStart(day)) + 9 * 3_600_000); // 9 am in California
  nextStart = start.getTime() + 10 * 86_400_000;
  return start;
}

const CASE = 'ZX81CR0042';
const SECTION = '8811(zx)';

/** Every line of the filtered log, page by page (a small page, to cross many boundaries). */
async function allLines(caller: Caller, filters: AuditFiltersInput, limit = 3): Promise<AuditLine[]> {
  const lines: AuditLine[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const page: Awaited<ReturnType<Caller['audit']['list']>> = await caller.audit.list({
      ...filters,
      cursor,
      limit,
    });
    expect(page.lines.length).toBeLessThanOrEqual(limit);
    lines.push(...page.lines);
    cursor = page.nextCursor;
    if (!cursor) return lines;
    expect(page.lines.length, 'a page before the last is full').toBe(limit);
  }
  throw new Error('paging did not end');
}

const entriesOf = (lines: AuditLine[]) => lines.flatMap((l) => l.entries);
const text = (entry: AuditEntry | AuditLine | undefined) => auditSentenceText(entry?.sentence ?? []);

describe.each(testDialects())('the audit log page (%s)', (dialect) => {
  let api: ApiHarness;
  let matterA: string;
  let referenceA: string;
  let clientA: string;
  let matterB: string;
  let bayMatter: string;
  let convictionId: string;
  const signedIn = (who: Who) => api.signedIn(who);
  const at = (minutes: number) => api.clock.advanceMinutes(minutes);

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    api.clock.set(suiteStart());
    const intake = await signedIn('alameda.intake');
    const recorded = await intake.referrals.record(referralInput());
    matterA = recorded.matters[0]?.id ?? '';
    referenceA = recorded.matters[0]?.reference ?? '';
    clientA = recorded.clientId;
    matterB = await openMatter(api);
    bayMatter = await openMatter(api, 'bayLegal.intake');
    const attorney = await signedIn('alameda.attorney');
    ({ id: convictionId } = await attorney.convictions.add({
      matterId: matterA,
      conviction: convictionInput({ caseNumber: CASE, section: SECTION }),
    }));
  }, 120_000);
  afterAll(async () => api.destroy());

  it('tells each row as a sentence, links its records, and says nothing of the criminal history', async () => {
    at(1);
    const supervisor = await signedIn('alameda.supervisor');
    await supervisor.matters.get({ matterId: matterA });
    const attorney = await signedIn('alameda.attorney');
    await refusal(attorney.matters.get({ matterId: bayMatter }));
    await refusal(attorney.matters.get({ matterId: 'no-such-matter' }));
    const intake = await signedIn('alameda.intake');
    await refusal(intake.audit.list({}));
    await refusal(
      api.anonymous().auth.signIn({ email: 'nobody@nowhere.test', password: 'not the password at all' }),
    );

    const opened = await supervisor.audit.list({
      person: api.userIds['alameda.supervisor'],
      action: 'matters.get',
    });
    expect(opened.lines[0]?.sentence).toEqual([
      {
        text: 'Supervisor of Alameda County Public Defender',
        link: { type: 'person', id: api.userIds['alameda.supervisor'] },
      },
      { text: ' opened ' },
      { text: 'María José Núñez', link: { type: 'client', id: clientA } },
      { text: '’s ' },
      { text: `matter ${referenceA}`, link: { type: 'matter', id: matterA } },
    ]);
    expect(opened.lines[0]?.entries[0]).toMatchObject({
      action: 'matters.get',
      actionLabel: 'Open a matter',
      outcome: 'ok',
      matterReference: referenceA,
      clientName: 'María José Núñez',
    });

    const refused = entriesOf(
      (await supervisor.audit.list({ person: api.userIds['alameda.attorney'], outcome: 'denied' })).lines,
    );
    // Another office's matter and one that does not exist are said alike: the log does not tell
    // whether another office's id exists.
    expect(refused.map(text).slice(0, 2)).toEqual([
      'Attorney of Alameda County Public Defender was refused: a matter not found in this office',
      'Attorney of Alameda County Public Defender was refused: a matter not found in this office',
    ]);
    const byRole = await supervisor.audit.list({
      person: api.userIds['alameda.intake'],
      action: 'audit.list',
    });
    expect(text(byRole.lines[0])).toBe(
      'Intake of Alameda County Public Defender was refused: their role does not allow “Read the audit log”',
    );
    const conviction = await supervisor.audit.list({ action: 'convictions.add' });
    expect(text(conviction.lines[0])).toBe(
      `Attorney of Alameda County Public Defender entered a conviction on María José Núñez’s matter ${referenceA}`,
    );
    // The other office hears of the attempt on its matter, told from its side.
    const bay = await signedIn('bayLegal.supervisor');
    const attempt = await bay.audit.list({ matter: bayMatter, outcome: 'denied' });
    expect(text(attempt.lines[0])).toMatch(
      /^Attorney of Alameda County Public Defender of Alameda County Public Defender was refused: Prueba \w+’s matter \S+ is this office’s$/,
    );
    expect(attempt.lines[0]?.entries[0]?.actorId).toBeNull();
    // A sign-in naming no account, for administrators.
    const admin = await signedIn('alameda.admin');
    const unknown = await admin.audit.list({ person: 'unknown', limit: 1 });
    expect(text(unknown.lines[0])).toBe('Unknown account: failed sign-in');
    expect(unknown.lines[0]?.entries[0]).toMatchObject({
      unknownAccount: true,
      actorName: 'Unknown account',
    });

    // No section or case number anywhere in the log, whatever the filters.
    const everything = JSON.stringify([
      await allLines(supervisor, {}, 200),
      await allLines(supervisor, { matter: matterA }, 200),
    ]);
    expect(everything).toContain('entered a conviction');
    for (const value of [CASE, SECTION, '8811', 'Superior Court']) expect(everything).not.toContain(value);
  });

  it('gathers a person’s reads of one matter minutes apart into one visit, on the server, page by page', async () => {
    at(30);
    const attorney = await signedIn('alameda.attorney');
    const supervisor = await signedIn('alameda.supervisor');
    const since = api.clock.now().toISOString().slice(0, 10);
    await attorney.matters.get({ matterId: matterA });
    at(1);
    await attorney.messages.forMatter({ matterId: matterA });
    // Someone else's work in between does not end the visit.
    await supervisor.matters.addNote({ matterId: matterB, text: 'Checked the file.' });
    at(1);
    await attorney.convictions.history({ convictionId });
    at(1);
    await attorney.decisions.history({ convictionId, remedy: 'pc1203.4' });
    at(2);
    await attorney.matters.get({ matterId: matterA });
    // Ten minutes later: another visit. Another matter: its own line.
    at(10);
    await attorney.matters.get({ matterId: matterA });
    at(1);
    await attorney.matters.get({ matterId: matterB });
    expect(since).toBeTruthy();

    const attorneyId = api.userIds['alameda.attorney'];
    const page = await supervisor.audit.list({ person: attorneyId, limit: 4 });
    const [other, again, visit] = page.lines;
    expect(text(other)).toMatch(
      /^Attorney of Alameda County Public Defender opened Prueba \w+’s matter \S+$/,
    );
    expect(again?.visit).toBe(false);
    expect(text(again)).toBe(
      `Attorney of Alameda County Public Defender opened María José Núñez’s matter ${referenceA}`,
    );
    expect(visit?.visit).toBe(true);
    expect(text(visit)).toBe(
      `Attorney of Alameda County Public Defender visited María José Núñez’s matter ${referenceA} (5 reads)`,
    );
    expect(visit?.entries.map((e) => e.action)).toEqual([
      'matters.get',
      'decisions.history',
      'convictions.history',
      'messages.list',
      'matters.get',
    ]);
    expect(Date.parse(visit?.newest ?? '') - Date.parse(visit?.oldest ?? '')).toBe(5 * 60_000);
    expect(visit?.entries.map(text)).toContain(
      `Attorney of Alameda County Public Defender read the eligibility decisions on María José Núñez’s matter ${referenceA}`,
    );

    // The whole office's log: the supervisor's note is its own line, and the visit is whole.
    const office = await allLines(supervisor, {}, 2);
    const visits = office.filter((l) => l.visit && l.entries.length === 5);
    expect(visits).toHaveLength(1);
    expect(office.some((l) => text(l).includes('added a note to Prueba'))).toBe(true);
    // Pages of one line hold the same lines as one page of all: a visit is never cut by a page.
    const one = await allLines(supervisor, { person: attorneyId }, 1);
    const all = await allLines(supervisor, { person: attorneyId }, 200);
    expect(one.map((l) => l.entries.map((e) => e.id))).toEqual(all.map((l) => l.entries.map((e) => e.id)));
  });

  it('filters by person, client, matter, action, group of actions, California days and outcome, to the last page', async () => {
    // Two rows either side of a California midnight.
    const midnight = Date.parse(californiaDayStart(addDays(californiaDate(api.clock.now()), 1)));
    api.clock.set(new Date(midnight - 30 * 60_000));
    await (await signedIn('alameda.supervisor')).matters.get({ matterId: matterB });
    api.clock.set(new Date(midnight + 30 * 60_000));
    const supervisor = await signedIn('alameda.supervisor');
    await supervisor.matters.get({ matterId: matterB });
    const lastDay = californiaDate(api.clock.now());
    const dayBefore = addDays(lastDay, -1);

    const db = api.database.db;
    // The reads still in the journal too, as the page chains them before it reads.
    await chainAuditJournal(db);
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'actor_id', 'action', 'entity_id', 'outcome', 'occurred_at'])
      .where('office_id', '=', api.officeIds.alameda)
      .orderBy('id', 'desc')
      .execute();
    const recordsOf = async (matterIds: string[]) => {
      const convictions = await db
        .selectFrom('convictions')
        .select('id')
        .where('matter_id', 'in', matterIds)
        .execute();
      return new Set([...matterIds, ...convictions.map((c) => c.id)]);
    };
    const ofClientA = new Set([clientA, ...(await recordsOf([matterA]))]);
    const ofMatterA = await recordsOf([matterA]);
    const attorneyId = api.userIds['alameda.attorney'];
    const eligibility = new Set<string>(auditActionsOf('eligibility'));
    type Row = (typeof rows)[number];
    const cases: [string, AuditFiltersInput, (r: Row) => boolean][] = [
      ['nothing', {}, () => true],
      ['a person', { person: attorneyId }, (r) => r.actor_id === attorneyId],
      ['a client', { client: clientA }, (r) => ofClientA.has(r.entity_id ?? '')],
      ['a matter', { matter: matterA }, (r) => ofMatterA.has(r.entity_id ?? '')],
      ['an action', { action: 'matters.get' }, (r) => r.action === 'matters.get'],
      ['a group of actions', { actionGroup: 'eligibility' }, (r) => eligibility.has(r.action)],
      ['an outcome', { outcome: 'denied' }, (r) => r.outcome === 'denied'],
      [
        'one California day',
        { from: lastDay, to: lastDay },
        (r) => californiaDate(new Date(r.occurred_at)) === lastDay,
      ],
      ['days up to one', { to: dayBefore }, (r) => californiaDate(new Date(r.occurred_at)) <= dayBefore],
      [
        'a person, a group and days',
        { person: attorneyId, actionGroup: 'eligibility', from: dayBefore },
        (r) =>
          r.actor_id === attorneyId &&
          eligibility.has(r.action) &&
          californiaDate(new Date(r.occurred_at)) >= dayBefore,
      ],
      [
        'a client, an action and an outcome',
        { client: clientA, action: 'matters.get', outcome: 'ok' },
        (r) => ofClientA.has(r.entity_id ?? '') && r.action === 'matters.get' && r.outcome === 'ok',
      ],
    ];
    for (const [name, filters, expected] of cases) {
      const lines = await allLines(supervisor, filters, 3);
      const shown = entriesOf(lines).map((e) => e.id);
      const wanted = rows.filter(expected).map((r) => r.id);
      expect(wanted.length, `${name}: the case has rows`).toBeGreaterThan(0);
      // Every row once and no other; lines newest first (a visit stands at its newest read, and
      // lists its reads newest first).
      expect(new Set(shown).size, name).toBe(shown.length);
      expect([...shown].sort().reverse(), name).toEqual(wanted);
      const firsts = lines.map((l) => l.entries[0]?.id ?? '');
      expect(firsts, name).toEqual([...firsts].sort().reverse());
    }
    // The day either side of midnight is told apart.
    const day = entriesOf(await allLines(supervisor, { from: lastDay, to: lastDay, action: 'matters.get' }));
    expect(day.map((e) => e.occurredAt)).toEqual([new Date(midnight + 30 * 60_000).toISOString()]);
    // Filters the schema refuses, each with its field: a last day before the first, an action and a
    // group at once, no such action, no such day.
    for (const [bad, field] of [
      [{ from: lastDay, to: dayBefore }, 'to'],
      [{ action: 'matters.get', actionGroup: 'matters' }, 'action'],
      [{ action: 'matters.delete' }, 'action'],
      [{ from: '2026-02-30' }, 'from'],
    ] as const) {
      const refused = await refusal(supervisor.audit.list(bad as AuditFiltersInput));
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fields.map((f) => f.path)).toEqual([field]);
    }
  });

  it('shows each office only its own rows, and refuses (and records) filters naming another office’s', async () => {
    for (const who of ['bayLegal.supervisor', 'bayLegal.admin'] as const) {
      const caller = await signedIn(who);
      const shown = entriesOf(await allLines(caller, {}, 50));
      const rows = await api.database.db
        .selectFrom('audit_log')
        .select(['id', 'office_id', 'entity_type'])
        .where((eb) => eb.or([eb('office_id', '=', api.officeIds.bayLegal), eb('office_id', 'is', null)]))
        .orderBy('id', 'desc')
        .execute();
      const admin = who === 'bayLegal.admin';
      const theirs = rows.filter(
        (r) =>
          r.office_id === api.officeIds.bayLegal ||
          (admin && (NO_OFFICE_ENTITY_TYPES as readonly string[]).includes(r.entity_type)),
      );
      expect(shown.map((e) => e.id)).toEqual(theirs.map((r) => r.id));
      // Nothing of Alameda's but the attempt on Bay Area Legal Aid's own matter, told from its side.
      expect(JSON.stringify(shown)).not.toContain('María José Núñez');
      expect(shown.some((e) => text(e).includes('is this office’s'))).toBe(true);
    }

    const supervisor = await signedIn('alameda.supervisor');
    const before = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const filters of [
      { matter: bayMatter },
      { client: 'no-such-client' },
      { person: api.userIds['bayLegal.attorney'] },
    ])
      expect((await refusal(supervisor.audit.list(filters))).appCode).toBe('NOT_FOUND');
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'entity_type', 'entity_id', 'actor_id'])
      .where('id', '>', before.id)
      .where('action', '=', 'audit.list')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        {
          office_id: api.officeIds.alameda,
          entity_type: 'matter',
          entity_id: bayMatter,
          actor_id: api.userIds['alameda.supervisor'],
        },
        {
          office_id: api.officeIds.bayLegal,
          entity_type: 'matter',
          entity_id: bayMatter,
          actor_id: api.userIds['alameda.supervisor'],
        },
        {
          office_id: api.officeIds.alameda,
          entity_type: 'client',
          entity_id: 'no-such-client',
          actor_id: api.userIds['alameda.supervisor'],
        },
      ]),
    );
    // Intake and attorneys may not read the log, nor list its people.
    for (const who of ['alameda.intake', 'alameda.attorney'] as const)
      expect((await refusal((await signedIn(who)).audit.people())).appCode).toBe('FORBIDDEN');
  });

  it('lists the office’s people for the filter, former accounts included', async () => {
    const admin = await signedIn('alameda.admin');
    await admin.users.setActive({ userId: api.userIds['alameda.intake'], version: 1, active: false });
    const people = await (await signedIn('alameda.supervisor')).audit.people();
    expect(people.people.map((p) => [p.name, p.active])).toEqual([
      ['Admin of Alameda County Public Defender', true],
      ['Attorney of Alameda County Public Defender', true],
      ['Intake of Alameda County Public Defender', false],
      ['Supervisor of Alameda County Public Defender', true],
    ]);
    expect(people.unknownAccounts).toBe(false);
    expect((await admin.audit.people()).unknownAccounts).toBe(true);
    const disabled = await admin.audit.list({ action: 'users.setActive' });
    expect(text(disabled.lines[0])).toBe(
      'Admin of Alameda County Public Defender disabled Intake of Alameda County Public Defender’s account',
    );
    expect(Object.keys(AUDIT_ACTIONS)).toContain('audit.people');
  });

  it('says a matter, client, account or disclosure report refused as not found alike, whether another office holds it or none does', async () => {
    // The requester's own log must not tell them which of the ids they tried is real in another office.
    const supervisor = await signedIn('alameda.supervisor');
    const admin = await signedIn('alameda.admin');
    const { client_id: bayClient } = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', bayMatter)
      .executeTakeFirstOrThrow();
    const bayAccount = api.userIds['bayLegal.attorney'];
    type Action = NonNullable<AuditFiltersInput['action']>;
    const tries: [Action, Who, (id: string) => Promise<unknown>, string, string][] = [
      [
        'matters.get',
        'alameda.supervisor',
        (id) => supervisor.matters.get({ matterId: id }),
        bayMatter,
        'a matter',
      ],
      [
        'clients.get',
        'alameda.supervisor',
        (id) => supervisor.clients.get({ clientId: id }),
        bayClient,
        'a client',
      ],
      [
        'audit.disclosures',
        'alameda.supervisor',
        (id) => supervisor.audit.disclosures({ clientId: id }),
        bayClient,
        'a client',
      ],
      [
        'users.unlock',
        'alameda.admin',
        (id) => admin.users.unlock({ userId: id, version: 1 }),
        bayAccount,
        'an account',
      ],
    ];
    for (const [action, who, attempt, realId, record] of tries) {
      at(1);
      for (const id of [realId, `made-up-${action}`])
        expect((await refusal(attempt(id))).appCode, `${action} ${id}`).toBe('NOT_FOUND');
      const refused = await supervisor.audit.list({ person: api.userIds[who], action, outcome: 'denied' });
      const said = entriesOf(refused.lines).slice(0, 2).map(text);
      expect(said, action).toHaveLength(2);
      expect(said[0], action).toBe(said[1]);
      expect(said[0], action).toContain(`was refused: ${record} not found in this office`);
    }
  });

  it('names the kind of record a refused attempt was on (a RAP sheet import), another office’s or none alike', async () => {
    const bayAttorney = await signedIn('bayLegal.attorney');
    const started = await bayAttorney.rapImports.start({
      matterId: bayMatter,
      source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT },
    });
    const attorney = await signedIn('alameda.attorney');
    for (const importId of [started.id, 'no-such-import'])
      expect((await refusal(attorney.rapImports.review({ importId }))).appCode).toBe('NOT_FOUND');
    const refused = await (await signedIn('alameda.supervisor')).audit.list({
      person: api.userIds['alameda.attorney'],
      action: 'rapImports.review',
      outcome: 'denied',
    });
    expect(entriesOf(refused.lines).map(text)).toEqual([
      'Attorney of Alameda County Public Defender was refused: a RAP sheet import not found in this office',
      'Attorney of Alameda County Public Defender was refused: a RAP sheet import not found in this office',
    ]);
  });
});
