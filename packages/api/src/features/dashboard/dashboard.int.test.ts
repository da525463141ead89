// The supervisor dashboard counts a known caseload right. The caseload is built through the real
// procedures, with the harness clock set to the day each thing happened (so received dates, first
// contacts and timeline events are the ones the product itself writes). Proves: open matters by stage
// and county (endings left out); the ageing of matters still waiting for their answer at its 14/15-day edge; first-contact buckets at
// their edges; workload per person with an Unassigned row; twelve weeks of throughput, each count in
// its week; matters with court outcomes; offices never see each other's numbers; only supervisors
// and administrators may read the dashboard; and weeks are California's, not UTC's.
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { type County, matterViewSchema, type Stage } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type OfficeKey, referralInput } from '../../testing.ts';
import {
  authedContext,
  convictionInput,
  OVERRIDE_REASON,
  petitionInput,
  type Who,
} from '../lifecycle-fixtures.ts';
import { exportViewCsv } from '../queues/export.ts';

/** The harness clock's day: 2026-11-28T18:00Z is 10:00 in California. */
const TODAY = '2026-11-28';
const CC: County = 'Contra Costa';
const SF: County = 'San Francisco';

/** Things staff do, each on a given day: the harness clock is set first, then the person signs in. */
function desk(api: ApiHarness) {
  /**
   * Sets the clock and signs in. A day alone means 10:00 that day in California: 18:00 UTC, the same
   * date both ways; a full instant is used as it is.
   */
  async function on(when: string, who: Who) {
    api.clock.set(when.length === 10 ? `${when}T18:00:00.000Z` : when);
    return api.signedIn(who);
  }

  async function versionOf(matterId: string): Promise<number> {
    const row = await api.database.db
      .selectFrom('matters')
      .select('version')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    return row.version;
  }

  let people = 0;
  /** A referral received (and recorded by the office's intake) on `receivedOn`; its one matter's id. */
  async function refer(office: OfficeKey, legalName: string, county: County, receivedOn: string) {
    people += 1;
    const intake = await on(receivedOn, `${office}.intake`);
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName,
          otherNames: [],
          dateOfBirth: `1980-01-${String(people).padStart(2, '0')}`,
        },
        counties: [county],
        receivedOn,
      }),
    );
    const matter = recorded.matters[0];
    if (matter?.stage !== 'referral_received') throw new Error(`${legalName}: no open matter`);
    return matter.id;
  }

  // Filing a petition moves its matter to "awaiting court decision" by itself (the stages follow the records).
  async function move(matterId: string, day: string, who: Who, ...stages: Stage[]) {
    const caller = await on(day, who);
    for (const to of stages)
      await caller.matters.moveStage({
        matterId,
        version: await versionOf(matterId),
        to,
        // A decided petition's signed order is still awaited here: closing says why.
        note: to === 'closed' ? 'The court mails the signed order to the client.' : '',
      });
  }

  async function assign(matterId: string, day: string, by: Who, to: Who) {
    const caller = await on(day, by);
    const result = await caller.queues.bulkAssign({
      matters: [{ id: matterId, version: await versionOf(matterId) }],
      assigneeId: api.userIds[to],
    });
    if (!result.applied) throw new Error(`could not assign: ${result.rows[0]?.message}`);
  }

  async function call(matterId: string, day: string, who: Who, result: 'spoke' | 'no_answer' = 'spoke') {
    await (await on(day, who)).matters.logCall({ matterId, direction: 'outgoing', result });
  }

  async function note(matterId: string, day: string, who: Who) {
    await (await on(day, who)).matters.addNote({ matterId, text: 'Checked the file.' });
  }

  const SECTIONS = ['484(a)', '11350(a)', '647(f)'];
  /** A draft petition on `day` by the office's attorney, for `count` convictions of one case. */
  async function draftPetition(office: OfficeKey, matterId: string, day: string, count = 1) {
    const attorney = await on(day, `${office}.attorney`);
    const convictionIds: string[] = [];
    for (const section of SECTIONS.slice(0, count))
      convictionIds.push(
        (await attorney.convictions.add({ matterId, conviction: convictionInput({ section }) })).id,
      );
    const { id, version } = await attorney.petitions.create(petitionInput(matterId, convictionIds));
    return { office, id, version, convictionIds };
  }
  type Petition = Awaited<ReturnType<typeof draftPetition>>;

  async function updatePetition(
    petition: Petition,
    day: string,
    change: {
      status: 'filed' | 'hearing_set' | 'decided';
      filedOn: string;
      hearingOn?: string;
      decidedOn?: string;
    },
    outcomes: ('granted' | 'denied')[] = [],
  ) {
    const attorney = await on(day, `${petition.office}.attorney`);
    const saved = await attorney.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      court: 'Superior Court of California',
      ...change,
      outcomes: petition.convictionIds.map((convictionId, i) => ({
        convictionId,
        outcome: outcomes[i] ?? null,
      })),
    });
    petition.version = saved.version;
  }

  return { on, refer, move, assign, call, note, draftPetition, updatePetition };
}

describe.each(testDialects())('supervisor dashboard (%s)', (dialect) => {
  let api: ApiHarness;
  const dashboard = async (who: Who) => (await desk(api).on(TODAY, who)).dashboard.get();

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const { refer, move, assign, call, note, draftPetition, updatePetition } = desk(api);
    // Bay Area Legal Aid serves two counties, so its dashboard is the one measured; Alameda's matters
    // (below) must never show in it. Ages are counted back from today, 2026-11-28.
    const attorney = 'bayLegal.attorney';
    const supervisor = 'bayLegal.supervisor';
    const intake = 'bayLegal.intake';

    // Ana: received today, nobody has called her yet, unassigned.
    await refer('bayLegal', 'Ana Uno', CC, '2026-11-28');

    // Beto: received 14 days ago, called after 1 day; a note and a missed call 3 days ago.
    const beto = await refer('bayLegal', 'Beto Dos', SF, '2026-11-14');
    await assign(beto, '2026-11-14', supervisor, attorney);
    await call(beto, '2026-11-15', attorney);
    await note(beto, '2026-11-25', attorney);
    await call(beto, '2026-11-25', attorney, 'no_answer');

    // Carla: received 15 days ago, called after 3 days; a note exactly 7 days ago (last week).
    const carla = await refer('bayLegal', 'Carla Tres', CC, '2026-11-13');
    await assign(carla, '2026-11-13', supervisor, attorney);
    await move(carla, '2026-11-16', attorney, 'gathering_records');
    await call(carla, '2026-11-16', attorney);
    await note(carla, '2026-11-21', attorney);

    // Dora: received 42 days ago, called after 7 days, decided on Sunday 1 November (a week's first
    // day), a draft petition only; a note 6 days ago (this week).
    const dora = await refer('bayLegal', 'Dora Cuatro', CC, '2026-10-17');
    await assign(dora, '2026-10-17', supervisor, supervisor);
    await move(dora, '2026-10-20', attorney, 'eligibility_review');
    await call(dora, '2026-10-24', intake);
    await move(dora, '2026-11-01', attorney, 'petitions_to_file');
    await draftPetition('bayLegal', dora, '2026-11-03');
    await note(dora, '2026-11-22', attorney);

    // Elena: received 43 days ago, called after 14 days, decided 30 October, petition filed 3 November.
    const elena = await refer('bayLegal', 'Elena Cinco', SF, '2026-10-16');
    await assign(elena, '2026-10-16', supervisor, attorney);
    await move(elena, '2026-10-20', attorney, 'eligibility_review');
    await move(elena, '2026-10-30', attorney, 'petitions_to_file');
    await call(elena, '2026-10-30', attorney);
    const elenaPetition = await draftPetition('bayLegal', elena, '2026-10-30');
    await updatePetition(elenaPetition, '2026-11-03', { status: 'filed', filedOn: '2026-11-03' });

    // Fausto: received 60 days ago, called after 42 days; decided 4 October, filed 9 October, the court
    // granted two convictions and denied one on 17 November, outcome sent (closed) 24 November.
    const fausto = await refer('bayLegal', 'Fausto Seis', CC, '2026-09-29');
    await assign(fausto, '2026-09-29', supervisor, attorney);
    await move(fausto, '2026-10-01', attorney, 'eligibility_review');
    await move(fausto, '2026-10-04', attorney, 'petitions_to_file');
    const faustoPetition = await draftPetition('bayLegal', fausto, '2026-10-04', 3);
    await updatePetition(faustoPetition, '2026-10-09', { status: 'filed', filedOn: '2026-10-09' });
    await call(fausto, '2026-11-10', attorney);
    await updatePetition(
      faustoPetition,
      '2026-11-17',
      { status: 'decided', filedOn: '2026-10-09', decidedOn: '2026-11-17' },
      ['granted', 'granted', 'denied'],
    );
    await move(fausto, '2026-11-17', attorney, 'outcome_to_send');
    await move(fausto, '2026-11-24', supervisor, 'closed');

    // Gloria: received 70 days ago, withdrew on 1 October, never reached.
    const gloria = await refer('bayLegal', 'Gloria Siete', SF, '2026-09-19');
    await move(gloria, '2026-10-01', intake, 'withdrawn');

    // Hugo: received 80 days ago, unassigned, first called after 43 days; the administrator's note 2 days ago.
    const hugo = await refer('bayLegal', 'Hugo Ocho', SF, '2026-09-09');
    await move(hugo, '2026-09-10', intake, 'gathering_records');
    await call(hugo, '2026-10-22', intake);
    await note(hugo, '2026-11-26', 'bayLegal.admin');

    // Inés: received before the 12 weeks (called the next day), found not eligible 8 September, then
    // closed 15 September (a closing that is not an outcome sent).
    const ines = await refer('bayLegal', 'Inés Nueve', CC, '2026-08-20');
    await call(ines, '2026-08-21', intake);
    await move(ines, '2026-08-25', attorney, 'eligibility_review');
    await move(ines, '2026-09-08', attorney, 'not_eligible');
    await move(ines, '2026-09-15', supervisor, 'closed');

    // Julia: received before the 12 weeks, decided 7 September, filed with a hearing set 14 September.
    const julia = await refer('bayLegal', 'Julia Diez', CC, '2026-08-30');
    await assign(julia, '2026-08-30', supervisor, supervisor);
    await move(julia, '2026-09-01', attorney, 'eligibility_review');
    await move(julia, '2026-09-07', attorney, 'petitions_to_file');
    const juliaPetition = await draftPetition('bayLegal', julia, '2026-09-07');
    await updatePetition(juliaPetition, '2026-09-14', {
      status: 'hearing_set',
      filedOn: '2026-09-14',
      hearingOn: '2026-12-15',
    });

    // Karl: everything happened before the 12 weeks (decided, filed, granted, outcome sent, closed).
    const karl = await refer('bayLegal', 'Karl Once', SF, '2026-08-10');
    await move(karl, '2026-08-12', attorney, 'eligibility_review');
    await move(karl, '2026-08-14', attorney, 'petitions_to_file');
    const karlPetition = await draftPetition('bayLegal', karl, '2026-08-14');
    await updatePetition(karlPetition, '2026-08-15', { status: 'filed', filedOn: '2026-08-15' });
    await updatePetition(
      karlPetition,
      '2026-08-31',
      { status: 'decided', filedOn: '2026-08-15', decidedOn: '2026-08-31' },
      ['granted'],
    );
    await move(karl, '2026-08-31', attorney, 'outcome_to_send');
    await move(karl, '2026-09-02', supervisor, 'closed');

    // Lucía: received 30 days ago; in review, back to gathering records (not a decision), called after
    // 8 days, and in review again.
    const lucia = await refer('bayLegal', 'Lucía Doce', CC, '2026-10-29');
    await assign(lucia, '2026-10-29', supervisor, supervisor);
    await move(lucia, '2026-11-02', attorney, 'eligibility_review', 'gathering_records');
    await call(lucia, '2026-11-06', attorney);
    await move(lucia, '2026-11-06', attorney, 'eligibility_review');

    // Alameda County Public Defender, the other office: three matters of its own.
    // Rosa: received yesterday, called the same day, assigned to Alameda's attorney.
    const rosa = await refer('alameda', 'Rosa Trece', 'Alameda', '2026-11-27');
    await call(rosa, '2026-11-27', 'alameda.intake');
    await assign(rosa, '2026-11-27', 'alameda.supervisor', 'alameda.attorney');
    // Tomás: decided 6 October, filed 7 October, granted 10 November, outcome sent 23 November.
    const tomas = await refer('alameda', 'Tomás Catorce', 'Alameda', '2026-09-20');
    await move(tomas, '2026-09-21', 'alameda.attorney', 'eligibility_review');
    await move(tomas, '2026-10-06', 'alameda.attorney', 'petitions_to_file');
    const tomasPetition = await draftPetition('alameda', tomas, '2026-10-06');
    await updatePetition(tomasPetition, '2026-10-07', { status: 'filed', filedOn: '2026-10-07' });
    await updatePetition(
      tomasPetition,
      '2026-11-10',
      { status: 'decided', filedOn: '2026-10-07', decidedOn: '2026-11-10' },
      ['granted'],
    );
    await move(tomas, '2026-11-10', 'alameda.attorney', 'outcome_to_send');
    await move(tomas, '2026-11-23', 'alameda.supervisor', 'closed');
    // Vera: received 58 days ago, unassigned, decided 3 October, filed 5 October, awaiting the court.
    const vera = await refer('alameda', 'Vera Quince', 'Alameda', '2026-10-01');
    await move(vera, '2026-10-02', 'alameda.attorney', 'eligibility_review');
    await move(vera, '2026-10-03', 'alameda.attorney', 'petitions_to_file');
    const veraPetition = await draftPetition('alameda', vera, '2026-10-03');
    await updatePetition(veraPetition, '2026-10-05', { status: 'filed', filedOn: '2026-10-05' });
  });
  afterAll(async () => api.destroy());

  it('counts open matters by stage and by county, leaving closed, withdrawn and not-eligible matters out', async () => {
    const board = await dashboard('bayLegal.supervisor');
    // Open: Ana, Beto (received); Carla, Hugo (gathering); Lucía (review); Dora (to file); Elena, Julia
    // (at court). Fausto and Karl (closed), Gloria (withdrawn) and Inés (not eligible, then closed) are not.
    expect(board.byStage).toEqual([
      { stage: 'referral_received', count: 2 },
      { stage: 'gathering_records', count: 2 },
      { stage: 'eligibility_review', count: 1 },
      { stage: 'petitions_to_file', count: 1 },
      { stage: 'awaiting_decision', count: 2 },
      { stage: 'outcome_to_send', count: 0 },
    ]);
    // Contra Costa: Ana, Carla, Dora, Julia, Lucía; San Francisco: Beto, Elena, Hugo. Most first.
    expect(board.byCounty).toEqual([
      { county: CC, count: 5 },
      { county: SF, count: 3 },
    ]);
    const cells = [...board.byStageCounty].sort((a, b) =>
      `${a.stage} ${a.county}`.localeCompare(`${b.stage} ${b.county}`),
    );
    expect(cells).toEqual([
      { stage: 'awaiting_decision', county: CC, count: 1 },
      { stage: 'awaiting_decision', county: SF, count: 1 },
      { stage: 'eligibility_review', county: CC, count: 1 },
      { stage: 'gathering_records', county: CC, count: 1 },
      { stage: 'gathering_records', county: SF, count: 1 },
      { stage: 'petitions_to_file', county: CC, count: 1 },
      { stage: 'referral_received', county: CC, count: 1 },
      { stage: 'referral_received', county: SF, count: 1 },
    ]);
  });

  it('ages the matters still waiting for their answer against the 2-6 week promise: 14 days is within, 15 the middle', async () => {
    const board = await dashboard('bayLegal.supervisor');
    // Waiting (received, gathering records, in review): within 14 days Ana (0), Beto (14); 15-42
    // Carla (15), Lucía (30); over 42 Hugo (80). Dora (42, to file), Elena (43) and Julia (90), at
    // court, have had their answer; closed matters are not aged at all.
    expect(board.aging).toEqual({ within14: 2, days15to42: 2, over42: 1 });
  });

  it('buckets the days to first contact of the matters received in the last 12 weeks', async () => {
    const board = await dashboard('bayLegal.supervisor');
    // Beto 1 day, Carla 3, Dora 7, Elena 14 and Lucía 8, Fausto 42, Hugo 43; Ana and Gloria never
    // (closed matters count too). Inés, Julia and Karl were received before the 12 weeks.
    expect(board.firstContact).toEqual([
      { bucket: '0-1 days', count: 1 },
      { bucket: '2-3 days', count: 1 },
      { bucket: '4-7 days', count: 1 },
      { bucket: '8-14 days', count: 2 },
      { bucket: '15-42 days', count: 1 },
      { bucket: 'Over 42 days', count: 1 },
      { bucket: 'Not yet', count: 2 },
    ]);
  });

  it('shows each person’s open and overdue matters and the matters they touched in the last 7 days', async () => {
    const board = await dashboard('bayLegal.supervisor');
    const byName = [...board.workload].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName).toEqual([
      // Only a note on Hugo, 2 days ago.
      {
        userId: api.userIds['bayLegal.admin'],
        name: 'Admin of Bay Area Legal Aid',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 1,
      },
      // Beto, Carla, Elena (43 days, but at court: answered, not overdue); touched Beto (two events,
      // one matter) and Dora (6 days ago). Carla's note was 7 days ago, and Fausto is closed.
      {
        userId: api.userIds['bayLegal.attorney'],
        name: 'Attorney of Bay Area Legal Aid',
        active: true,
        open: 3,
        overdue: 0,
        touchedLast7Days: 2,
      },
      // Recorded Ana's referral today.
      {
        userId: api.userIds['bayLegal.intake'],
        name: 'Intake of Bay Area Legal Aid',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 1,
      },
      // Dora (to file), Lucía (30 days in review), Julia (at court): none waiting past 42 days; closed
      // Fausto 4 days ago.
      {
        userId: api.userIds['bayLegal.supervisor'],
        name: 'Supervisor of Bay Area Legal Aid',
        active: true,
        open: 3,
        overdue: 0,
        touchedLast7Days: 1,
      },
      // Ana and Hugo (80 days gathering records: overdue).
      { userId: null, name: 'Unassigned', active: null, open: 2, overdue: 1, touchedLast7Days: 0 },
    ]);
    expect(board.workload.map((row) => row.open)).toEqual([3, 3, 2, 0, 0]);
  });

  it('counts 12 weeks of throughput, each in the week it happened', async () => {
    const board = await dashboard('bayLegal.supervisor');
    expect(board.today).toBe(TODAY);
    // The 12 weeks end today: 6 September - 28 November.
    const weeks = [
      '2026-09-06',
      '2026-09-13',
      '2026-09-20',
      '2026-09-27',
      '2026-10-04',
      '2026-10-11',
      '2026-10-18',
      '2026-10-25',
      '2026-11-01',
      '2026-11-08',
      '2026-11-15',
      '2026-11-22',
    ];
    expect(board.weeks.map((w) => w.weekStart)).toEqual(weeks);
    // Received (closed matters too): Hugo 9/9; Gloria 9/19; Fausto 9/29; Elena 10/16, Dora 10/17;
    // Lucía 10/29; Carla 11/13, Beto 11/14; Ana 11/28. Inés, Julia, Karl: before the window.
    expect(board.weeks.map((w) => w.received)).toEqual([1, 1, 0, 1, 0, 2, 0, 1, 0, 2, 0, 1]);
    // Review ended (to petitions or not eligible): Julia 9/7, Inés 9/8; Fausto 10/4; Elena 10/30;
    // Dora 11/1. Karl's was in August; Lucía's move back to gathering records is no decision.
    expect(board.weeks.map((w) => w.decided)).toEqual([2, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0]);
    // Petitions filed: Julia 9/14, Fausto 10/9, Elena 11/3. Karl's in August; Dora's is a draft.
    expect(board.weeks.map((w) => w.filed)).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    // Outcome sent and closed: Fausto 11/24. Karl's was 9/2; Inés was closed from not eligible.
    expect(board.weeks.map((w) => w.outcomesSent)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('counts the matters the court decided on in the 12 weeks, and those with a petition pending', async () => {
    const board = await dashboard('bayLegal.supervisor');
    // Fausto's petition: two convictions granted, one denied: his matter counts once in each, as the
    // list it opens holds it. Karl's grant was in August. Pending: Elena's (filed) and Julia's
    // (hearing set); Dora's draft is not before the court.
    expect(board.court).toEqual({ granted: 1, denied: 1, pending: 2 });
  });

  it('keeps each office to its own matters, people and numbers', async () => {
    const bayLegal = await dashboard('bayLegal.supervisor');
    expect(bayLegal.byCounty.map((c) => c.county)).not.toContain('Alameda');
    const bayLegalUsers = new Set([
      null,
      api.userIds['bayLegal.intake'],
      api.userIds['bayLegal.attorney'],
      api.userIds['bayLegal.supervisor'],
      api.userIds['bayLegal.admin'],
    ]);
    expect(bayLegal.workload.every((row) => bayLegalUsers.has(row.userId))).toBe(true);

    // Alameda sees Rosa, Tomás and Vera only.
    const alameda = await dashboard('alameda.supervisor');
    expect(alameda.byStage.filter((s) => s.count > 0)).toEqual([
      { stage: 'referral_received', count: 1 },
      { stage: 'awaiting_decision', count: 1 },
    ]);
    expect(alameda.byCounty).toEqual([{ county: 'Alameda', count: 2 }]);
    // Rosa: 1 day. Vera (58 days) is before the court: answered.
    expect(alameda.aging).toEqual({ within14: 1, days15to42: 0, over42: 0 });
    expect(alameda.firstContact.filter((b) => b.count > 0)).toEqual([
      { bucket: '0-1 days', count: 1 },
      { bucket: 'Not yet', count: 2 },
    ]);
    expect([...alameda.workload].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        userId: api.userIds['alameda.attorney'],
        name: 'Attorney of Alameda County Public Defender',
        active: true,
        open: 1,
        overdue: 0,
        touchedLast7Days: 0,
      },
      {
        userId: api.userIds['alameda.intake'],
        name: 'Intake of Alameda County Public Defender',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 1,
      },
      {
        userId: api.userIds['alameda.supervisor'],
        name: 'Supervisor of Alameda County Public Defender',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 2,
      },
      // Vera: 58 days, but before the court, not waiting for her answer.
      { userId: null, name: 'Unassigned', active: null, open: 1, overdue: 0, touchedLast7Days: 0 },
    ]);
    // Received: Tomás 9/20, Vera 10/1, Rosa 11/27. Decided: Vera 10/3, Tomás 10/6. Filed: Vera 10/5,
    // Tomás 10/7. Outcome sent: Tomás 11/23.
    expect(alameda.weeks.map((w) => w.received)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(alameda.weeks.map((w) => w.decided)).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(alameda.weeks.map((w) => w.filed)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(alameda.weeks.map((w) => w.outcomesSent)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(alameda.court).toEqual({ granted: 1, denied: 0, pending: 1 });
  });

  it('refuses intake staff and attorneys with FORBIDDEN, and puts the refusal on record', async () => {
    for (const who of ['bayLegal.intake', 'bayLegal.attorney'] as const) {
      const caller = await desk(api).on(TODAY, who);
      await expect(caller.dashboard.get()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome'])
      .where('action', '=', 'dashboard.get')
      .where('outcome', '=', 'denied')
      .orderBy('id')
      .execute();
    expect(refusals).toEqual([
      { actor_id: api.userIds['bayLegal.intake'], outcome: 'denied' },
      { actor_id: api.userIds['bayLegal.attorney'], outcome: 'denied' },
    ]);
  });

  it('gives the office’s administrator the same numbers as its supervisor, but the court’s outcomes only with the RAP sheet permission', async () => {
    // The administrator has no RAP sheet permission: the court's numbers are withheld, saying why.
    const supervisorBoard = await dashboard('bayLegal.supervisor');
    const adminBoard = await dashboard('bayLegal.admin');
    expect(supervisorBoard.court).not.toBeNull();
    expect(supervisorBoard.courtWithheld).toBeNull();
    expect(adminBoard).toEqual({
      ...supervisorBoard,
      court: null,
      courtWithheld: expect.stringContaining('need the RAP sheet permission'),
    });
    expect(adminBoard.courtWithheld).toContain(
      'Another administrator of your office who holds it can grant it to you',
    );
  });

  it('withholds the court’s outcomes from a reader without the RAP sheet permission, so a decision cannot be read from how they change', async () => {
    // The tester's way: read the dashboard, let the court decide a matter, read it again.
    const admin = await desk(api).on(TODAY, 'bayLegal.admin');
    const supervisorBefore = (await dashboard('bayLegal.supervisor')).court;
    const adminBefore = await admin.dashboard.get();
    const { refer, draftPetition, updatePetition } = desk(api);
    const decided = await refer('bayLegal', 'Zoe Decimo', 'San Francisco', '2026-10-21');
    const petition = await draftPetition('bayLegal', decided, TODAY);
    await updatePetition(petition, TODAY, { status: 'decided', filedOn: '2026-11-02', decidedOn: TODAY }, [
      'denied',
    ]);
    // Those with the permission see the denial counted; the administrator sees the same nothing.
    expect((await dashboard('bayLegal.supervisor')).court?.denied).toBe((supervisorBefore?.denied ?? 0) + 1);
    const adminAfter = await admin.dashboard.get();
    expect([adminBefore.court, adminAfter.court]).toEqual([null, null]);
    expect(JSON.stringify(adminAfter)).not.toMatch(/"(granted|denied|pending)"/);
  });
});

// California's days, not UTC's: a move at 17:00 in California is stored on the next UTC date, and the
// week's first minutes in California are still the previous UTC day.
describe.each(testDialects())('supervisor dashboard, by California days (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const { refer, move, note, call } = desk(api);
    const attorney = 'alameda.attorney';
    // Decided at 17:30 on Saturday 5 September (PDT): 00:30 UTC on 6 September, the 12 weeks' first
    // UTC day, but the day before them in California.
    const early = await refer('alameda', 'Olga Primera', 'Alameda', '2026-08-30');
    await move(early, '2026-09-01', attorney, 'eligibility_review');
    await move(early, '2026-09-06T00:30:00.000Z', attorney, 'not_eligible');
    // Decided at 17:00 on Saturday 21 November (PST): 01:00 UTC on Sunday 22 November.
    const saturday = await refer('alameda', 'Pilar Segunda', 'Alameda', '2026-11-02');
    await move(saturday, '2026-11-03', attorney, 'eligibility_review');
    await move(saturday, '2026-11-22T01:00:00.000Z', attorney, 'not_eligible');
    // Decided at 17:00 today (PST): 01:00 UTC tomorrow.
    const tonight = await refer('alameda', 'Queta Tercera', 'Alameda', '2026-11-20');
    await move(tonight, '2026-11-21', attorney, 'eligibility_review');
    await move(tonight, '2026-11-29T01:00:00.000Z', attorney, 'not_eligible');
    // The supervisor's note at 00:30 on Sunday 22 November (PST), the week's first half hour.
    await note(early, '2026-11-22T08:30:00.000Z', 'alameda.supervisor');
    // Received 8 November, first called at 17:00 on 9 November (PST): 01:00 UTC on 10 November.
    // Withdrawn since, so the workload below stays as it is.
    const evening = await refer('alameda', 'Rosa Cuarta', 'Alameda', '2026-11-08');
    await call(evening, '2026-11-10T01:00:00.000Z', attorney);
    await move(evening, '2026-11-12', attorney, 'withdrawn');
  });
  afterAll(async () => api.destroy());

  // Read at 18:00 today in California (02:00 UTC tomorrow).
  const dashboard = async () =>
    (await desk(api).on('2026-11-29T02:00:00.000Z', 'alameda.supervisor')).dashboard.get();

  it('counts a stage move in the California week it happened, up to this evening', async () => {
    const board = await dashboard();
    expect(board.today).toBe(TODAY);
    // Olga's is before the 12 weeks; Pilar's is in the week of 15 November; Queta's is today's.
    expect(board.weeks.map((w) => w.decided)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('counts as touched this week what was done since midnight in California six days ago', async () => {
    const board = await dashboard();
    // The attorney: Queta tonight, not Pilar (Saturday evening, last week). The supervisor: the note
    // in the week's first half hour. Nobody has an open matter: all three are not eligible.
    expect([...board.workload].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        userId: api.userIds['alameda.attorney'],
        name: 'Attorney of Alameda County Public Defender',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 1,
      },
      {
        userId: api.userIds['alameda.supervisor'],
        name: 'Supervisor of Alameda County Public Defender',
        active: true,
        open: 0,
        overdue: 0,
        touchedLast7Days: 1,
      },
    ]);
  });

  it('counts the days to first contact in California days: a call at 5 pm the next day is day 1', async () => {
    const board = await dashboard();
    const bucket = (label: string) => board.firstContact.find((b) => b.bucket === label)?.count;
    expect(bucket('0-1 days')).toBe(1);
    expect(bucket('2-3 days')).toBe(0);
  });

  it('leaves a matter referred out at intake out of the open caseload, its aging and first contact', async () => {
    const before = await dashboard();
    const intake = await desk(api).on('2026-11-28T20:00:00.000Z', 'alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: { ...referralInput().client, legalName: 'Sara Quinta', otherNames: [] },
        counties: ['San Francisco'],
        receivedOn: '2026-09-01',
      }),
    );
    expect(recorded.matters.map((m) => m.stage)).toEqual(['referred_out']);
    const after = await dashboard();
    expect(after.byCounty).toEqual(before.byCounty);
    expect(after.byStage).toEqual(before.byStage);
    expect(after.aging).toEqual(before.aging);
    // Nobody here will call that client about San Francisco: it is not "not yet contacted".
    expect(after.firstContact).toEqual(before.firstContact);
    // Nobody here has an open matter, and the referred-out one makes no "Unassigned" row either.
    expect(after.workload.filter((w) => w.open > 0)).toEqual([]);
  });
});

// A dashboard number and the view it opens agree, at the edges that once made them differ: a decision
// corrected in the same week, a call just after midnight on the day received, a court decision
// entered for a day still to come.
describe.each(testDialects())('supervisor dashboard numbers and their views (%s)', (dialect) => {
  let api: ApiHarness;
  let corrected: string;
  let midnight: string;
  let waiting: string;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const { refer, move, call } = desk(api);
    const attorney = 'alameda.attorney';
    // Decided not eligible on Monday 16 November, then reopened and decided again on Wednesday.
    corrected = await refer('alameda', 'Ulises Sexto', 'Alameda', '2026-11-02');
    await move(corrected, '2026-11-03', attorney, 'eligibility_review');
    await move(corrected, '2026-11-16', attorney, 'not_eligible', 'eligibility_review');
    await move(corrected, '2026-11-18', attorney, 'petitions_to_file');
    // Received 5 October and called at 00:30 that night in California (07:30 UTC, daylight time): day 0.
    midnight = await refer('alameda', 'Wendy Séptima', 'Alameda', '2026-10-05');
    await call(midnight, '2026-10-05T07:30:00.000Z', attorney);
    waiting = await refer('alameda', 'Xavier Octavo', 'Alameda', '2026-10-20');
  });
  afterAll(async () => api.destroy());

  const supervisor = async () => desk(api).on(TODAY, 'alameda.supervisor');
  const listed = async (view: Record<string, unknown>) =>
    (await (await supervisor()).matters.list({ queue: 'all', limit: 200, ...view })).items.map((m) => m.id);

  it('counts a matter decided twice in a week once, as its view lists it once', async () => {
    const board = await (await supervisor()).dashboard.get();
    const week = board.weeks.find((w) => w.weekStart === '2026-11-15');
    expect(week?.decided).toBe(1);
    expect(
      await listed({ activity: { kind: 'eligibility_decided', from: '2026-11-15', to: '2026-11-21' } }),
    ).toEqual([corrected]);
  });

  it('puts a call made just after midnight on the day received in 0-1 days, in the number and the view', async () => {
    const board = await (await supervisor()).dashboard.get();
    const band = (label: string) => board.firstContact.find((b) => b.bucket === label)?.count;
    expect(band('0-1 days')).toBe(1);
    expect(await listed({ firstContact: 'days_0_1', daysOpenMax: 83 })).toEqual([midnight]);
    // Nobody has called Ulises or Xavier yet.
    expect(band('Not yet')).toBe(2);
    expect((await listed({ firstContact: 'not_yet', daysOpenMax: 83 })).sort()).toEqual(
      [corrected, waiting].sort(),
    );
  });

  it('refuses a petition decided on a day still to come, so the court numbers never count one', async () => {
    const attorney = await desk(api).on(TODAY, 'alameda.attorney');
    const { id: convictionId } = await attorney.convictions.add({
      matterId: corrected,
      conviction: convictionInput(),
    });
    const petition = await attorney.petitions.create(petitionInput(corrected, [convictionId]));
    await expect(
      attorney.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        court: 'Superior Court of California',
        status: 'decided',
        filedOn: '2026-11-20',
        decidedOn: '2026-12-01',
        outcomes: [{ convictionId, outcome: 'granted' }],
      }),
    ).rejects.toThrow(/decision date cannot be after today \(Nov 28, 2026\)/);
  });

  it('lists matters by the court’s decision only for staff with the RAP sheet permission', async () => {
    const attorney = await desk(api).on(TODAY, 'alameda.attorney');
    const { id: convictionId } = await attorney.convictions.add({
      matterId: waiting,
      conviction: convictionInput(),
    });
    const petition = await attorney.petitions.create(petitionInput(waiting, [convictionId]));
    await attorney.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      court: 'Superior Court of California',
      status: 'decided',
      filedOn: '2026-11-20',
      decidedOn: TODAY,
      outcomes: [{ convictionId, outcome: 'granted' }],
    });
    const granted = { kind: 'court_granted' as const, from: '2026-09-06', to: TODAY };
    expect(await listed({ activity: granted })).toEqual([waiting]);

    // Who saw the matter in that list, or downloaded it, is on the client's disclosure report.
    const { client_id: clientId } = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', waiting)
      .executeTakeFirstOrThrow();
    const csv: string[] = [];
    for await (const chunk of exportViewCsv(
      await authedContext(api, 'alameda.supervisor', 'queues.export'),
      matterViewSchema.parse({ queue: 'all', activity: granted }),
    ))
      csv.push(chunk);
    expect(csv.join('')).toContain('Xavier Octavo');
    const report = await (await supervisor()).audit.disclosures({ clientId, limit: 500 });
    expect(report.items.filter((i) => i.action.endsWith('CourtOutcomes')).map((i) => i.action)).toEqual([
      'queues.exportCourtOutcomes',
      'matters.listCourtOutcomes',
    ]);
    // An empty list named nobody: nothing on record (the journal chained first, where a read's row waits).
    await chainAuditJournal(api.database.db);
    const before = await api.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'matters.listCourtOutcomes')
      .executeTakeFirstOrThrow();
    expect(await listed({ activity: { ...granted, kind: 'court_denied' } })).toEqual([]);
    await chainAuditJournal(api.database.db);
    const after = await api.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'matters.listCourtOutcomes')
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The administrator (without the permission) is not told the totals either, nor who was granted
    // relief: refused, on record, and no export either.
    const admin = await desk(api).on(TODAY, 'alameda.admin');
    expect((await admin.dashboard.get()).court).toBeNull();
    for (const kind of ['court_granted', 'court_denied'] as const)
      await expect(
        admin.matters.list({ queue: 'all', activity: { ...granted, kind } }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/RAP sheet permission/) });
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select('entity_type')
      .where('action', '=', 'matters.list')
      .where('actor_id', '=', api.userIds['alameda.admin'])
      .where('outcome', '=', 'denied')
      .execute();
    expect(refusals).toEqual([{ entity_type: 'rap_sheet_data' }, { entity_type: 'rap_sheet_data' }]);
    const ctx = await authedContext(api, 'alameda.admin', 'queues.export');
    await expect(
      exportViewCsv(ctx, matterViewSchema.parse({ queue: 'all', activity: granted })).next(),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A petition pending names no outcome: the awaiting-decision queue shows as much to everyone.
    await expect(
      admin.matters.list({ queue: 'all', activity: { kind: 'court_pending', from: null, to: null } }),
    ).resolves.toBeDefined();
  });

  it('counts and lists relief granted on an arrest (PC 851.91) as on a conviction', async () => {
    const { refer } = desk(api);
    const sealed = await refer('alameda', 'Yolanda Novena', 'Alameda', '2026-10-21');
    const attorney = await desk(api).on(TODAY, 'alameda.attorney');
    const before = (await (await supervisor()).dashboard.get()).court ?? { granted: 0, denied: 0 };
    const { id: arrestId } = await attorney.arrests.add({
      matterId: sealed,
      arrest: {
        arrestDate: '2018-04-05',
        arrestAgency: 'Oakland Police Department',
        code: 'PC',
        section: '459',
        offenseDescription: 'Burglary',
        level: 'felony',
        disposition: 'dismissed',
        dispositionDate: '2018-09-10',
      },
    });
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const petition = await attorney.petitions.createForArrest({
      arrestId,
      county: 'Alameda',
      caseNumber: '',
    });
    await attorney.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      court: 'Superior Court of California, County of Alameda',
      courthouse: '',
      status: 'decided',
      filedOn: '2026-11-20',
      servedOn: null,
      hearingOn: null,
      ruleByOn: null,
      decidedOn: TODAY,
      outcomes: [],
      arrestOutcome: 'granted',
    });
    const board = await (await supervisor()).dashboard.get();
    expect(board.court).toMatchObject({ granted: before.granted + 1, denied: before.denied });
    const week = { from: '2026-09-06', to: TODAY };
    expect(await listed({ activity: { kind: 'court_granted', ...week } })).toContain(sealed);
    expect(await listed({ activity: { kind: 'court_denied', ...week } })).not.toContain(sealed);
  });

  it('lets only supervisors and administrators list matters by who worked on them', async () => {
    const intake = await desk(api).on(TODAY, 'alameda.intake');
    const touched = {
      kind: 'touched' as const,
      from: '2026-11-01',
      to: TODAY,
      by: api.userIds['alameda.attorney'],
    };
    await expect(intake.matters.list({ queue: 'all', activity: touched })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await listed({ activity: touched })).toContain(corrected);
  });
});
