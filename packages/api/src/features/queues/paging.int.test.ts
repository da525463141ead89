// Every search kind, filter shape and drill-down pages to its end: following nextCursor from page to page, with
// small pages, reaches exactly the matters one unpaged listing holds, each once. (Regressions: with 30
// matters of one birth date, the first page of 25 had no next page, so five were unreachable; a matter
// whose client had two names starting with the typed word, or two convictions whose case numbers did,
// came back on a later page.)
import { testDialects } from '@relief-desk/db/testing';
import {
  caseNumberKey,
  type ListMattersInput,
  listMattersInputSchema,
  type MatterActivityFilter,
  type MatterView,
  matterViewSchema,
  nameTokens,
  type Stage,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { authedContext, convictionInput, petitionInput, type Who } from '../lifecycle-fixtures.ts';
import { decodeViewCursor } from './cursor.ts';
import { activityMatters } from './drillDowns.ts';
import { exportViewCsv } from './export.ts';
import { compiledViewOf, viewScopeOf } from './list.ts';
import { viewQuery } from './view.ts';
import { keptViewCountQuery } from './viewCount.ts';

const PEOPLE = 30;
const GIVEN = ['Ana', 'Beto', 'Celia', 'Darío', 'Elena', 'Fausto', 'Gloria', 'Héctor', 'Inés', 'Jorge'];
/** Every third client is also known by a name that starts as their surname does. */
const OTHER_NAME = 'Zamorano';
const caseNumberOf = (i: number) => `ZP-${String(i).padStart(3, '0')}`;

describe.each(testDialects())('paging every search to its end (%s)', (dialect) => {
  let api: ApiHarness;
  /** What each matter can be found by: its client's name words, its convictions' case numbers. */
  const people: { matterId: string; words: string[]; caseNumbers: string[] }[] = [];
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    for (let i = 0; i < PEOPLE; i++) {
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `${GIVEN[i % GIVEN.length]} ${i} Zamora`,
            otherNames: i % 3 === 0 ? [{ name: `${GIVEN[(i + 1) % GIVEN.length]} ${OTHER_NAME}` }] : [],
            dateOfBirth: '1980-01-01',
            phone: `(510) 555-${String(1000 + i)}`,
            email: `zamora${i}@example.net`,
            preferredLanguage: i % 3 === 0 ? 'es' : 'en',
          },
          receivedOn: `2026-11-${String(1 + (i % 27)).padStart(2, '0')}`,
        }),
      );
      const matterId = recorded.matters[0]?.id ?? '';
      // Every fourth matter has a second count of the same case, and every fifth a later case whose
      // number starts as the first's does: one matter, two convictions a case-number search finds.
      const caseNumbers = [caseNumberOf(i)];
      if (i % 4 === 0) caseNumbers.push(caseNumberOf(i));
      if (i % 5 === 0) caseNumbers.push(`${caseNumberOf(i)}-B`);
      const otherNames = i % 3 === 0 ? `${GIVEN[(i + 1) % GIVEN.length]} ${OTHER_NAME}` : '';
      people.push({
        matterId,
        words: nameTokens(`${GIVEN[i % GIVEN.length]} Zamora ${otherNames}`),
        caseNumbers,
      });
      for (const caseNumber of caseNumbers)
        await attorney.convictions.add({ matterId, conviction: convictionInput({ caseNumber }) });
    }
  }, 120_000);
  afterAll(async () => api.destroy());

  const searches = ['1980-01-01', '1/1/1980', 'zamora', 'ana zamora', 'ZP-', 'ZP-01', '2026-'];
  const shapes: Partial<MatterView>[] = [
    { queue: 'all' },
    { queue: 'new_referrals' },
    { queue: 'needs_client_update' },
    { queue: 'all', languages: ['es'] },
    { queue: 'all', counties: ['Alameda'], status: 'open' },
    // Counted from the kept counts, not the matters.
    { queue: 'eligibility_review', counties: ['Alameda'] },
    { queue: 'all', stages: ['referral_received', 'gathering_records'], assignee: 'unassigned' },
  ];

  it.each(searches)('search %s pages to the end in every shape, each matter once', async (search) => {
    // The attorney may search by court case number (it needs the RAP sheet permission).
    const caller = await api.signedIn('alameda.attorney');
    for (const shape of shapes) {
      const view: ListMattersInput = { ...shape, search };
      const unpaged = await caller.matters.list({ ...view, limit: 200 });
      expect(unpaged.nextCursor).toBeNull();
      for (const limit of [1, 7, 25]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 100; page++) {
          const result = await caller.matters.list({ ...view, limit, cursor });
          seen.push(...result.items.map((m) => m.id));
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        const context = `${search} ${JSON.stringify(shape)} pages of ${limit}`;
        expect(new Set(seen).size, context).toBe(seen.length);
        expect([...seen].sort(), context).toEqual(unpaged.items.map((m) => m.id).sort());
      }
    }
  });

  it('every prefix of every name word and case number pages to exactly the matters it names, each once', async () => {
    // Generated from the data: each word's prefixes from two letters, each case number's from its
    // first digit, so a matter found by two of its words or two of its convictions is met.
    const prefixes = (text: string, from: number) =>
      Array.from({ length: text.length - from + 1 }, (_, n) => text.slice(0, from + n));
    const nameSearches = [...new Set(people.flatMap((p) => p.words.flatMap((w) => prefixes(w, 2))))];
    // And each whole number as people also type it: in lower case, with spaces or nothing for dashes.
    const typedOtherwise = (c: string) => [c.toLowerCase().replace(/-/g, ' '), c.replace(/-/g, '')];
    const caseSearches = [
      ...new Set(
        people.flatMap((p) => p.caseNumbers.flatMap((c) => [...prefixes(c, 4), ...typedOtherwise(c)])),
      ),
    ];
    const caller = await api.signedIn('alameda.attorney');
    // Every third client prefers Spanish.
    const byLanguage: Partial<MatterView>[] = [{ queue: 'all' }, { queue: 'all', languages: ['es'] }];
    let pages = 0;
    for (const [search, finds] of [
      ...nameSearches.map(
        (w) => [w, (p: (typeof people)[number]) => p.words.some((x) => x.startsWith(w))] as const,
      ),
      ...caseSearches.map(
        (c) =>
          [
            c,
            (p: (typeof people)[number]) =>
              p.caseNumbers.some((x) => caseNumberKey(x).startsWith(caseNumberKey(c))),
          ] as const,
      ),
    ])
      for (const shape of byLanguage) {
        const expected = people
          .filter((p) => finds(p) && (shape.languages === undefined || people.indexOf(p) % 3 === 0))
          .map((p) => p.matterId)
          .sort();
        for (const limit of [2, 7]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let page = 0; page < 100; page++) {
            const result = await caller.matters.list({ ...shape, search, limit, cursor });
            pages++;
            seen.push(...result.items.map((m) => m.id));
            cursor = result.nextCursor;
            if (!cursor) break;
          }
          const context = `${search} ${JSON.stringify(shape)} pages of ${limit}`;
          expect(seen.length, context).toBe(new Set(seen).size);
          expect([...seen].sort(), context).toEqual(expected);
        }
      }
    console.log(
      `paged ${nameSearches.length} name prefixes and ${caseSearches.length} case-number prefixes to their ends (${pages} pages)`,
    );
  });

  it('lists each page from a statement compiled once as a statement built afresh lists it', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const scope = viewScopeOf(await authedContext(api, 'alameda.attorney', 'queues.export'));
    for (const search of [null, ...searches])
      for (const shape of shapes)
        for (const sort of [null, 'clientName', 'receivedOn'] as const) {
          const input: ListMattersInput = { ...shape, search: search ?? undefined, sort, limit: 7 };
          let cursor: string | null = null;
          for (let page = 0; page < 3; page++) {
            const view = listMattersInputSchema.parse({ ...input, cursor });
            const after = cursor ? decodeViewCursor(cursor) : null;
            const fresh = viewQuery(scope, view, after, 8).query.compile();
            const context = `${JSON.stringify(input)} page ${page}`;
            // Compiled, then taken from the cache: the same statement with the same values.
            for (let round = 0; round < 2; round++) {
              const { compiled } = compiledViewOf(scope, view, after, 8);
              expect([compiled.sql, compiled.parameters], context).toEqual([fresh.sql, fresh.parameters]);
            }
            const listed = await caller.matters.list({ ...input, cursor });
            const { rows } = await scope.db.executeQuery(fresh);
            const ids = rows.slice(0, 7).map((row) => row.id);
            expect(
              listed.items.map((m) => m.id),
              context,
            ).toEqual(ids);
            cursor = listed.nextCursor;
            if (!cursor) break;
          }
        }
  });

  it.each(shapes)('pages of %o say how many matters come before them and in all', async (shape) => {
    const caller = await api.signedIn('alameda.attorney');
    for (const sort of [null, 'clientName', 'receivedOn'] as const)
      for (const direction of ['asc', 'desc'] as const) {
        const view: ListMattersInput = { ...shape, sort, direction: sort ? direction : null };
        const unpaged = await caller.matters.list({ ...view, limit: 200 });
        let seen = 0;
        let cursor: string | null = null;
        for (let page = 0; page < 100; page++) {
          const result = await caller.matters.list({ ...view, limit: 7, cursor });
          const count = await caller.queues.viewCount({ ...view, cursor });
          expect([count.total, count.before], `${JSON.stringify(view)} page ${page}`).toEqual([
            unpaged.items.length,
            seen,
          ]);
          seen += result.items.length;
          cursor = result.nextCursor;
          if (!cursor) break;
        }
      }
  });

  it('reaches all 30 matters of one birth date in pages of 25', async () => {
    const caller = await api.signedIn('alameda.intake');
    const first = await caller.matters.list({ search: '1980-01-01', limit: 25 });
    expect(first.items).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.matters.list({ search: '1980-01-01', limit: 25, cursor: first.nextCursor });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
  });
});

// Every drill-down pages to its end in its own order, the activity's date, most recent first: each
// matter once (on its latest activity in the span, so a matter decided twice, filed on twice or worked
// on many times is listed once), exactly the matters that saw the activity, with the count beside
// each page right; where the dashboard's number counts matters, the count is that number.
describe.each(testDialects())('paging every drill-down to its end (%s)', (dialect) => {
  let api: ApiHarness;
  const DAYS = ['2026-11-02', '2026-11-03', '2026-11-05', '2026-11-09', '2026-11-16'];
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const on = async (day: string, who: Who) => {
      api.clock.set(`${day}T18:00:00.000Z`);
      return api.signedIn(who);
    };
    const version = async (matterId: string) =>
      (
        await api.database.db
          .selectFrom('matters')
          .select('version')
          .where('id', '=', matterId)
          .executeTakeFirstOrThrow()
      ).version;
    for (let i = 0; i < 18; i++) {
      // Several matters on one day and one instant, so ties are met (and broken by the matter).
      const day = DAYS[i % DAYS.length] ?? '2026-11-02';
      const intake = await on('2026-11-01', 'alameda.intake');
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `${GIVEN[i % GIVEN.length]} ${i} Ybarra`,
            otherNames: [],
            dateOfBirth: `1981-02-${String(1 + i).padStart(2, '0')}`,
            phone: `(510) 555-${String(2000 + i)}`,
            email: `ybarra${i}@example.net`,
          },
          receivedOn: i % 4 === 0 ? '2026-09-01' : '2026-10-20',
        }),
      );
      const matterId = recorded.matters[0]?.id ?? '';
      const attorney = await on(day, 'alameda.attorney');
      const move = async (to: Stage) =>
        attorney.matters.moveStage({ matterId, version: await version(matterId), to, note: '' });
      await move('gathering_records');
      await move('eligibility_review');
      // A third are decided not eligible, reopened and decided again the same day.
      if (i % 3 === 0) {
        await move('not_eligible');
        await move('eligibility_review');
      }
      await move(i % 5 === 4 ? 'not_eligible' : 'petitions_to_file');
      // Worked on again this week: listed and counted on that day alone.
      if (i % 6 === 1)
        await (await on('2026-11-25', 'alameda.attorney')).matters.addNote({
          matterId,
          text: 'Called the court.',
        });
      if (i % 5 === 4) continue;
      // Most decided matters have two petitions, decided on two days: granted twice, or granted on
      // one and denied on the other (listed in both drill-downs, once each).
      const petitions = i % 4 === 1 || (i % 2 === 0 && i % 8 !== 0) ? 2 : 1;
      const filer = await on('2026-11-20', 'alameda.attorney');
      for (let p = 0; p < petitions; p++) {
        const { id: convictionId } = await filer.convictions.add({
          matterId,
          conviction: convictionInput({ section: p === 0 ? '484(a)' : '11350(a)' }),
        });
        const petition = await filer.petitions.create(petitionInput(matterId, [convictionId]));
        const decided = i % 2 === 0;
        await filer.petitions.update({
          petitionId: petition.id,
          version: petition.version,
          court: 'Superior Court of California',
          status: decided ? 'decided' : 'filed',
          filedOn: DAYS[(i + p) % 3] ?? day,
          decidedOn: decided ? DAYS[3 + ((i + p) % 2)] : undefined,
          outcomes: [{ convictionId, outcome: decided ? ((i + p) % 3 === 0 ? 'denied' : 'granted') : null }],
        });
      }
    }
    api.clock.set('2026-11-28T18:00:00.000Z');
  }, 240_000);
  afterAll(async () => api.destroy());

  const span = { from: '2026-11-02', to: '2026-11-28' };
  const activities: MatterActivityFilter[] = [
    { kind: 'eligibility_decided', ...span, by: null },
    { kind: 'eligibility_decided', from: '2026-11-03', to: '2026-11-05', by: null },
    { kind: 'petition_filed', ...span, by: null },
    { kind: 'outcome_sent', ...span, by: null },
    { kind: 'touched', ...span, by: null },
    { kind: 'touched', from: '2026-11-04', to: '2026-11-28', by: 'alameda.attorney' },
    // The court's decisions over several spans, some ending before today, some open at an end: a
    // matter decided on two days is in a span holding either.
    { kind: 'court_granted', ...span, by: null },
    { kind: 'court_granted', from: '2026-11-02', to: '2026-11-12', by: null },
    { kind: 'court_granted', from: '2026-11-10', to: '2026-11-16', by: null },
    { kind: 'court_granted', from: '2026-11-16', to: null, by: null },
    { kind: 'court_denied', from: null, to: null, by: null },
    { kind: 'court_denied', from: '2026-11-09', to: '2026-11-09', by: null },
    { kind: 'court_denied', from: null, to: '2026-11-15', by: null },
    { kind: 'court_denied', from: '2026-11-10', to: '2026-11-28', by: null },
    { kind: 'court_pending', from: null, to: null, by: null },
  ];
  const shapes = activities.flatMap((activity): ListMattersInput[] => [
    { queue: 'all', activity },
    { queue: 'all', activity, daysOpenMax: 60, status: 'open' },
    { queue: 'ready_to_file', activity },
  ]);

  it.each(shapes)('%o pages to its end, most recent first, each matter once', async (shape) => {
    const caller = await api.signedIn('alameda.supervisor');
    const activity = shape.activity as MatterActivityFilter;
    const view = {
      ...shape,
      activity: { ...activity, by: activity.by ? (api.userIds[activity.by as Who] ?? null) : null },
    };
    const scope = viewScopeOf(await authedContext(api, 'alameda.supervisor', 'queues.export'));
    const parsed = matterViewSchema.parse(view);
    // The matters that saw the activity, as the filters narrow them: what the list must hold.
    const saw = new Set(
      (await activityMatters(parsed.activity as MatterActivityFilter, scope).execute()).map(
        (r) => r.matter_id,
      ),
    );
    const narrowed = (await caller.matters.list({ ...view, activity: null, limit: 200 })).items;
    const expected = narrowed.filter((m) => saw.has(m.id)).map((m) => m.id);
    const unpaged = await caller.matters.list({ ...view, limit: 200 });
    expect(unpaged.nextCursor).toBeNull();
    expect(unpaged.sort).toEqual({ key: 'activityOn', direction: 'desc' });
    expect([...unpaged.items.map((m) => m.id)].sort()).toEqual([...expected].sort());
    const days = unpaged.items.map((m) => m.activityOn ?? '');
    expect(days).toEqual([...days].sort().reverse());
    if (activity.kind !== 'court_pending') for (const day of days) expect(day >= '2026-11-02').toBe(true);
    for (const limit of [1, 4, 25]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const result = await caller.matters.list({ ...view, limit, cursor });
        const count = await caller.queues.viewCount({ ...view, cursor });
        expect([count.total, count.exact, count.before], `page ${page} of ${limit}`).toEqual([
          expected.length,
          true,
          seen.length,
        ]);
        seen.push(...result.items.map((m) => m.id));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      expect(seen, `pages of ${limit}`).toEqual(unpaged.items.map((m) => m.id));
    }
  });

  it('exports a drill-down in its order, with the day of its activity', async () => {
    const caller = await api.signedIn('alameda.supervisor');
    const view = matterViewSchema.parse({ queue: 'all', activity: { kind: 'petition_filed', ...span } });
    const listed = (await caller.matters.list({ ...view, limit: 200 })).items;
    let csv = '';
    for await (const chunk of exportViewCsv(
      await authedContext(api, 'alameda.supervisor', 'queues.export'),
      view,
    ))
      csv += chunk;
    const [header, ...lines] = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(header?.split(',').at(-1)).toBe('Petition filed (date)');
    expect(lines.map((line) => [line.split(',')[0], line.split(',').at(-1)])).toEqual(
      listed.map((m) => [m.reference, m.activityOn]),
    );
    // The court's decisions: same order, but their dates are criminal history, never in the CSV.
    const granted = matterViewSchema.parse({ queue: 'all', activity: { kind: 'court_granted', ...span } });
    let grantedCsv = '';
    for await (const chunk of exportViewCsv(
      await authedContext(api, 'alameda.supervisor', 'queues.export'),
      granted,
    ))
      grantedCsv += chunk;
    expect(grantedCsv).not.toContain('(date)');
  });

  it('counts a drill-down whose dashboard number counts matters as the dashboard does', async () => {
    const caller = await api.signedIn('alameda.supervisor');
    const scope = viewScopeOf(await authedContext(api, 'alameda.supervisor', 'queues.export'));
    const board = await caller.dashboard.get();
    const week = board.weeks.find((w) => w.weekStart === '2026-11-01');
    const decided = { kind: 'eligibility_decided', from: '2026-11-01', to: '2026-11-07', by: null } as const;
    const view = matterViewSchema.parse({ queue: 'all', activity: decided });
    expect(keptViewCountQuery(scope, view)).not.toBeNull();
    expect((await caller.queues.viewCount(view)).total).toBe(week?.decided);
    expect((await caller.matters.list({ ...view, limit: 200 })).items).toHaveLength(week?.decided ?? -1);
    const attorney = api.userIds['alameda.attorney'] ?? '';
    const worked = board.workload.find((w) => w.userId === attorney)?.touchedLast7Days;
    const touched = { kind: 'touched', from: '2026-11-22', to: '2026-11-28', by: attorney } as const;
    expect(worked).toBe(3);
    // Relief granted and denied count the matters their lists hold from kept counts, not the index.
    for (const kind of ['court_granted', 'court_denied'] as const)
      expect(
        keptViewCountQuery(scope, matterViewSchema.parse({ queue: 'all', activity: { kind } })),
      ).not.toBeNull();
    expect((await caller.queues.viewCount({ queue: 'all', activity: touched })).total).toBe(worked);
    // Older work: the person's work since 4 November, every matter listed and counted once.
    const since = { ...touched, from: '2026-11-04' };
    const listed = (await caller.matters.list({ queue: 'all', activity: since, limit: 200 })).items;
    expect(listed.length).toBeGreaterThan(0);
    expect((await caller.queues.viewCount({ queue: 'all', activity: since })).total).toBe(listed.length);
  });
});
