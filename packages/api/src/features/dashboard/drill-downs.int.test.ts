// Every number on the supervisor dashboard opens exactly the matters it counts. Over random caseloads
// in two offices (matters received on random days, some before the 12 weeks, from every source and
// county, assigned, called, noted, moved through random stages, petitions filed and decided with
// random outcomes, all through the API with the clock set to each moment), each number the dashboard
// returns is found by walking its output (not from a list written here), its link is built as the web
// builds it (dashboardNumbers, the domain's one definition), read back from the address as the queue
// page reads it, and listed through matters.list to the last page: the list holds as many matters as
// the number says, each once, and queues.viewCount agrees. The links carry fixed California days: the
// same addresses, followed days later and after more work, still list the same matters.
import { testDialects } from '@relief-desk/db/testing';
import {
  addDays,
  CHOSEN_REFERRAL_SOURCES,
  type County,
  californiaDate,
  type DashboardNumber,
  dashboardNumbers,
  matterViewFiltersFromUrl,
  matterViewHref,
  ROLES,
  type Role,
  recordAddedProblem,
  STAGE_MOVES,
  type Stage,
} from '@relief-desk/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import {
  type ApiHarness,
  createApiHarness,
  OFFICES,
  type OfficeKey,
  referralInput,
  TEST_PASSWORD,
} from '../../testing.ts';
import { convictionInput, filedPetition, petitionInput } from '../lifecycle-fixtures.ts';

/** The last moment anything happens: 2026-11-28 at 15:00 in California. */
const END = Date.parse('2026-11-28T23:00:00.000Z');
const DAY = 86_400_000;

/** A small seeded generator, so a failing caseload can be built again. */
function randomOf(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    below: (n: number) => Math.floor(next() * n),
  };
}
type Random = ReturnType<typeof randomOf>;

const NAME_PARTS = [
  'Alba',
  'Benito',
  'Cruz',
  'Dalia',
  'Efrén',
  'Flor',
  'Gael',
  'Hilda',
  'Iker',
  'Jazmín',
  'Lino',
  'Mora',
];
let people = 0;

type Caller = ReturnType<typeof createCaller>;
type Action = 'call' | 'move' | 'assign' | 'note' | 'petition' | 'source';
interface Step {
  at: number;
  office: OfficeKey;
  /** The matter's number within its office. */
  matter: number;
  action: 'refer' | Action;
}

/** The numeric leaves of the dashboard's output, by their path of keys joined by dots. */
function numericLeaves(value: unknown, path = ''): Map<string, number> {
  const leaves = new Map<string, number>();
  if (typeof value === 'number') leaves.set(path, value);
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value))
      for (const [p, n] of numericLeaves(child, path ? `${path}.${key}` : key)) leaves.set(p, n);
  return leaves;
}

describe.each(testDialects())('every dashboard number and its drill-down (%s)', (dialect) => {
  // A database of its own for each caseload: work done after one caseload's dashboard would be work
  // from the future for the next, which nobody can do (every event happens at the clock's now).
  let api: ApiHarness;
  let signIns = 0;
  beforeEach(async () => {
    api = await createApiHarness(dialect);
  }, 60_000);
  afterEach(async () => api.destroy());

  /**
   * Signs in at the clock's moment, from an address of its own: a caseload's worth of sign-ins from
   * one address would meet the sign-in limit per address.
   */
  async function as(who: `${OfficeKey}.${Role}`): Promise<Caller> {
    const [office, role] = who.split('.') as [OfficeKey, Role];
    signIns += 1;
    const ip = `10.0.${Math.floor(signIns / 250)}.${signIns % 250}`;
    const ctx = api.context({ ip });
    await createCaller(ctx).auth.signIn({
      email: `${role}@${office.toLowerCase()}.test`,
      password: TEST_PASSWORD,
    });
    return createCaller(api.context({ ip, sessionToken: ctx.cookieJar.token }));
  }

  async function versionOf(matterId: string) {
    return await api.database.db
      .selectFrom('matters')
      .select(['version', 'stage'])
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
  }

  /**
   * Random work on `perOffice` new matters in each office, in the order it happened. `backdated`: a
   * referral may be entered days after it arrived, a petition days after it was filed.
   */
  async function buildCaseload(
    random: Random,
    perOffice: number,
    from: number,
    to: number,
    backdated = true,
  ) {
    const back = (days: number[]) => (backdated ? random.pick(days) : 0);
    const steps: Step[] = [];
    for (const office of Object.keys(OFFICES) as OfficeKey[])
      for (let matter = 0; matter < perOffice; matter++) {
        const received = from + random.next() * (to - from);
        steps.push({ at: received, office, matter, action: 'refer' });
        const actions: Action[] = ['call', 'move', 'move', 'move', 'assign', 'note', 'petition', 'source'];
        for (let i = random.below(10); i > 0; i--)
          steps.push({
            at: received + random.next() * (to - received),
            office,
            matter,
            action: random.pick(actions),
          });
      }
    steps.sort((a, b) => a.at - b.at);
    const ids = new Map<string, string>();
    const db = api.database.db;
    for (const step of steps) {
      api.clock.set(new Date(step.at).toISOString());
      const today = californiaDate(api.clock.now());
      const key = `${step.office} ${step.matter} ${from}`;
      const counties: readonly County[] = OFFICES[step.office].counties;
      const staff = (...roles: Role[]) => `${step.office}.${random.pick(roles)}` as const;
      if (step.action === 'refer') {
        // Entered the day it arrived, or a few days later.
        const receivedOn = addDays(today, -back([0, 0, 0, 1, 3, 6]));
        // Each a different person: no two alike enough to be asked whether they are one.
        people += 1;
        const recorded = await (await as(staff('intake', 'attorney'))).referrals.record(
          referralInput({
            client: {
              ...referralInput().client,
              legalName: `Prueba ${NAME_PARTS[people % NAME_PARTS.length]} ${NAME_PARTS[Math.floor(people / NAME_PARTS.length) % NAME_PARTS.length]}ez`,
              otherNames: [],
              dateOfBirth: addDays('1950-01-01', people * 53),
              phone: `(510) 555-${String(1000 + people).slice(-4)}`,
              email: `person${people}@example.net`,
            },
            counties: [random.pick(counties)],
            source: { kind: random.pick(CHOSEN_REFERRAL_SOURCES), detail: 'Test referral' },
            receivedOn,
          }),
        );
        const matter = recorded.matters[0];
        if (!matter) throw new Error('the referral opened no matter');
        ids.set(key, matter.id);
        continue;
      }
      const id = ids.get(key);
      if (!id) continue;
      const { version, stage } = await versionOf(id);
      const matters = [{ id, version }];
      switch (step.action) {
        case 'call':
          await (await as(staff('intake', 'attorney'))).matters.logCall({
            matterId: id,
            direction: 'outgoing',
            result: random.pick(['spoke', 'voicemail', 'no_answer'] as const),
          });
          break;
        case 'move': {
          const moves = STAGE_MOVES[stage];
          // Refused moves (a stage whose records are missing) change nothing, as for staff.
          if (moves.length > 0)
            await (await as(staff('supervisor'))).queues.bulkMoveStage({
              matters,
              // Mostly on along the way (the first move each stage offers), now and then any other.
              to: random.next() < 0.6 ? (moves[0] as Stage) : random.pick(moves),
            });
          break;
        }
        case 'assign':
          await (await as(staff('supervisor'))).queues.bulkAssign({
            matters,
            assigneeId: random.pick([null, api.userIds[staff('intake', 'attorney')] ?? null]),
          });
          break;
        case 'note':
          await (await as(staff(...ROLES))).queues.bulkAddNote({ matters, text: 'Checked the file.' });
          break;
        case 'petition': {
          // A matter no longer worked takes no new conviction, as for staff (recordAddedProblem).
          if (recordAddedProblem(stage as Stage, 'conviction')) break;
          const attorney = await as(staff('attorney'));
          const convictions: string[] = [];
          for (let c = 1 + random.below(2); c > 0; c--)
            convictions.push(
              (await attorney.convictions.add({ matterId: id, conviction: convictionInput() })).id,
            );
          const petition = await attorney.petitions.create(petitionInput(id, convictions));
          const decide = random.next() < 0.6;
          const filedOn = addDays(today, -back([0, 1, 2, 3]));
          await attorney.petitions.update(
            filedPetition(petition.id, petition.version, convictions, {
              filedOn,
              ...(decide
                ? {
                    status: 'decided',
                    decidedOn: filedOn < today && random.next() < 0.5 ? addDays(filedOn, 1) : filedOn,
                    outcomes: convictions.map((convictionId) => ({
                      convictionId,
                      outcome: random.pick(['granted', 'denied', 'granted', 'continued'] as const),
                    })),
                  }
                : random.next() < 0.3
                  ? { status: 'hearing_set', hearingOn: addDays(today, 20) }
                  : { status: random.pick(['filed', 'filed', 'withdrawn'] as const) }),
            }),
          );
          break;
        }
        case 'source':
          // Sources no staff form chooses: a partner's referral, an online application, a matter
          // passed on by another office of the desk.
          await db
            .updateTable('matters')
            .set({
              referral_source: random.pick(['partner', 'online_application', 'another_office'] as const),
            })
            .where('id', '=', id)
            .execute();
          break;
      }
    }
  }

  /** Every matter a dashboard address lists, paged through to the end as the queue page pages. */
  async function listed(caller: Caller, href: string): Promise<string[]> {
    const view = matterViewFiltersFromUrl(new URLSearchParams(href.slice(href.indexOf('?') + 1)));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await caller.matters.list({
        ...view,
        cursor,
        limit: 200,
      });
      ids.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    const counted = await caller.queues.viewCount({ ...view, cursor: null });
    expect(counted, `${new Date(api.clock.now()).toISOString()} ${href}`).toMatchObject({
      total: ids.length,
      exact: true,
    });
    return ids;
  }

  /** Each number's link, followed: the list holds exactly as many matters as the number, each once. */
  async function expectEveryLinkLists(office: OfficeKey, numbers: DashboardNumber[]) {
    const caller = await as(`${office}.supervisor`);
    const officeMatters = new Set(
      (
        await api.database.db
          .selectFrom('matters')
          .select('id')
          .where('office_id', '=', api.officeIds[office])
          .execute()
      ).map((m) => m.id),
    );
    for (const number of numbers) {
      if (!number.address) {
        expect(number.count, `${number.path} has no list, so counts nothing`).toBe(0);
        continue;
      }
      const href = matterViewHref(number.address);
      const ids = await listed(caller, href);
      expect(new Set(ids).size, `${number.path} lists each matter once: ${href}`).toBe(ids.length);
      expect(
        ids.filter((id) => !officeMatters.has(id)),
        `${number.path} lists the office's own`,
      ).toEqual([]);
      expect(ids.length, `${office} ${number.path} (${href})`).toBe(number.count);
    }
  }

  it.each([7, 8])(
    'lists for each number exactly the matters it counts, then and days later (seed %i)',
    async (seed) => {
      const random = randomOf(seed);
      // 110 days of work up to the dashboard's moment: some before its 12 weeks.
      await buildCaseload(random, 16, END - 110 * DAY, END);
      api.clock.set(new Date(END).toISOString());
      const boards = new Map<OfficeKey, DashboardNumber[]>();
      for (const office of Object.keys(OFFICES) as OfficeKey[]) {
        const board = await (await as(`${office}.supervisor`)).dashboard.get();
        const numbers = dashboardNumbers(board);
        // Every number the dashboard returns has its link: none is left out, none made up.
        expect(numbers.map((n) => n.path).sort()).toEqual([...numericLeaves(board).keys()].sort());
        for (const n of numbers) expect(n.count, n.path).toBe(numericLeaves(board).get(n.path));
        boards.set(office, numbers);
        await expectEveryLinkLists(office, numbers);
        // The caseload reached every kind of number, or the test proves little about it.
        const nonZero = (prefix: RegExp) => numbers.filter((n) => prefix.test(n.path) && n.count > 0).length;
        for (const kind of [
          /^byStage\./,
          /^aging\.(within14|days15to42)$/,
          /^firstContact\./,
          /^workload\.\d+\.(open|overdue)$/,
          /^workload\.\d+\.touchedLast7Days$/,
          /^weeks\.\d+\.received$/,
          /^weeks\.\d+\.decided$/,
          /^weeks\.\d+\.filed$/,
          /^weeks\.\d+\.receivedBySource\.staff$/,
          /^weeks\.\d+\.receivedBySource\.(partner|online|passedOn)$/,
          /^court\.(granted|denied|pending)$/,
        ])
          expect(nonZero(kind), `${office}: some ${kind} counts matters`).toBeGreaterThan(0);
      }
      // Nine days on, the same links, opened then or shared, still list what the numbers counted: their
      // days are fixed, not "days ago" from whenever the link is opened.
      const later = END + 9 * DAY;
      api.clock.set(new Date(later).toISOString());
      for (const [office, numbers] of boards) await expectEveryLinkLists(office, numbers);
      // And after more work on new matters (none of it in the numbers' days), those of spans of days
      // still do. (The open caseload is today's: a matter closed since has left it.)
      await buildCaseload(random, 4, END + DAY, later, false);
      api.clock.set(new Date(later).toISOString());
      for (const [office, numbers] of boards)
        await expectEveryLinkLists(
          office,
          numbers.filter((n) => /^(weeks|firstContact|court\.(granted|denied))/.test(n.path)),
        );
    },
    240_000,
  );
});
