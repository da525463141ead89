// A court date gone by while the court has still to rule is overdue, as an outstanding document is:
// a hearing with no decision recorded after it, a rule-by date passed with no decision. The list of the
// next 30 days keeps them however old, the week and month views mark them, and staff without the RAP
// sheet permission see that a court date is overdue, never the case.

import { testDialects } from '@relief-desk/db/testing';
import { monthGridOf } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { convictionInput, filedPetition, openMatter, petitionInput } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('court dates passed with the court still to rule (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;
  let ruleByPetition: { id: string; version: number; convictions: string[] };
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Today is Saturday 28 November 2026 in the harness.
    matterId = await openMatter(api, 'alameda.intake', { on: '2026-07-01' });
    const attorney = await api.signedIn('alameda.attorney');
    const add = async (caseNumber: string) =>
      (await attorney.convictions.add({ matterId, conviction: convictionInput({ caseNumber }) })).id;
    // Filed in August: the court was to rule by 2 November and has not.
    const late = [await add('16CR01234')];
    const latePetition = await attorney.petitions.create(petitionInput(matterId, late));
    const filed = await attorney.petitions.update(
      filedPetition(latePetition.id, 1, late, { filedOn: '2026-08-04', ruleByOn: '2026-11-02' }),
    );
    ruleByPetition = { id: latePetition.id, version: filed.version, convictions: late };
    // Heard on 20 November, no decision recorded since; the rule-by date still to come.
    const heard = [await add('18CR07777')];
    const heardPetition = await attorney.petitions.create(petitionInput(matterId, heard));
    await attorney.petitions.update(
      filedPetition(heardPetition.id, 1, heard, {
        status: 'hearing_set',
        filedOn: '2026-10-01',
        servedOn: '2026-10-02',
        hearingOn: '2026-11-20',
        ruleByOn: '2026-12-20',
      }),
    );
  });
  afterAll(async () => api.destroy());

  const entries = async (who: 'alameda.intake' | 'alameda.attorney', range?: { from: string; to: string }) =>
    (await (await api.signedIn(who)).matters.calendar(range))
      .filter((d) => d.matterId === matterId)
      .map((d) => [d.date, d.kind, d.overdue, d.label]);

  it('keeps them in the list of the next 30 days as overdue, however long ago they passed', async () => {
    expect(await entries('alameda.attorney')).toEqual([
      ['2026-11-02', 'rule_by', true, 'Court to rule by, case 16CR01234'],
      ['2026-11-20', 'hearing', true, 'Hearing, case 18CR07777'],
      ['2026-12-20', 'rule_by', false, 'Court to rule by, case 18CR07777'],
    ]);
    // The matter page's deadlines too.
    const matter = await (await api.signedIn('alameda.attorney')).matters.get({ matterId });
    expect(matter.deadlines.map((d) => [d.date, d.kind, d.overdue])).toEqual([
      ['2026-11-02', 'rule_by', true],
      ['2026-11-20', 'hearing', true],
      ['2026-12-20', 'rule_by', false],
    ]);
  });

  it('marks them overdue in a month view, and says no more than that to staff without the RAP sheet permission', async () => {
    expect(await entries('alameda.intake', monthGridOf('2026-11-01'))).toEqual([
      ['2026-11-02', 'rule_by', true, 'Court to rule by'],
      ['2026-11-20', 'hearing', true, 'Court hearing'],
    ]);
    expect(await entries('alameda.intake')).toEqual([
      ['2026-11-02', 'rule_by', true, 'Court to rule by'],
      ['2026-11-20', 'hearing', true, 'Court hearing'],
      ['2026-12-20', 'rule_by', false, 'Court to rule by'],
    ]);
  });

  it('takes a court date off once the court’s decision is recorded', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.petitions.update(
      filedPetition(ruleByPetition.id, ruleByPetition.version, ruleByPetition.convictions, {
        status: 'decided',
        filedOn: '2026-08-04',
        ruleByOn: '2026-11-02',
        decidedOn: '2026-11-25',
        outcomes: ruleByPetition.convictions.map((convictionId) => ({ convictionId, outcome: 'granted' })),
      }),
    );
    expect((await entries('alameda.attorney')).map(([date, kind]) => [date, kind])).toEqual([
      ['2026-11-20', 'hearing'],
      ['2026-12-20', 'rule_by'],
    ]);
  });
});
