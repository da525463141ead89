// The offense date on a conviction: stored (migration 0071), shown, changed with the form's words, and
// read by the rules, so a Prop 47 petition for an offense before 2014-11-05 convicted after it is not
// refused. A conviction or offense dated before the client's 14th birthday is a mistyped year.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { convictionInput, expectEventAndAudit, expectRefusedWritingNothing } from '../lifecycle-fixtures.ts';

const noBars = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
} as const;

/** Felony drug possession convicted the day Prop 47 took effect, probation since completed. */
const possession = convictionInput({
  caseNumber: '14CR01105',
  code: 'HS',
  section: '11350(a)',
  level: 'felony',
  wobbler: 'unknown',
  convictionDate: '2014-11-05',
  endDate: '2016-11-05',
});

describe.each(testDialects())('the offense date of a conviction (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Marta Ofensa Ruiz',
          otherNames: [],
          dateOfBirth: '1988-12-22',
        },
      }),
    );
    matterId = recorded.matters[0]?.id ?? '';
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts: noBars });
  });
  afterAll(async () => api.destroy());

  const prop47Of = async (convictionId: string) => {
    const attorney = await api.signedIn('alameda.attorney');
    const suggestions = await attorney.eligibility.suggestions({ matterId });
    return suggestions.results
      .find((r) => r.convictionId === convictionId)
      ?.remedies.find((r) => r.remedy === 'prop47');
  };

  it('without it, Prop 47 asks when the offense was; with one before 2014-11-05 it is eligible, and the timeline says what changed', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.convictions.add({ matterId, conviction: possession });
    const asked = await prop47Of(id);
    expect(asked?.determination).toBe('needs_more_info');
    expect(asked?.reasons.map((r) => r.code)).toEqual(['missing_offense_date']);
    expect(asked?.reasons[0]?.text).toContain('When was the offense committed?');

    const { summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'conviction_edited', who: 'alameda.attorney', action: 'convictions.edit' },
      () =>
        attorney.convictions.edit({
          convictionId: id,
          version: 1,
          conviction: { ...possession, offenseDate: '2014-08-30' },
        }),
    );
    expect(summary).toContain('offense date: not entered → Aug 30, 2014');
    const matter = await attorney.matters.get({ matterId });
    expect(matter.convictions?.find((c) => c.id === id)?.fields.offenseDate).toBe('2014-08-30');
    expect((await prop47Of(id))?.determination).toBe('eligible_mandatory');

    // An offense on the day it took effect: not eligible, on the offense's date.
    await attorney.convictions.edit({
      convictionId: id,
      version: 2,
      conviction: { ...possession, offenseDate: '2014-11-05' },
    });
    const after = await prop47Of(id);
    expect(after?.determination).toBe('not_eligible');
    expect(after?.reasons.map((r) => r.code)).toEqual(['offense_after_prop47']);
  });

  it('refuses an offense date after the conviction date, on the field, and writes nothing', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.add({ matterId, conviction: { ...possession, offenseDate: '2014-11-06' } }),
    );
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      fields: [
        {
          path: 'conviction.offenseDate',
          message:
            'The offense date cannot be after the conviction date: the offense comes first. Check both dates.',
        },
      ],
    });
  });

  it('refuses a conviction at 10 and the day before the 14th birthday as a likely mistyped year, and writes nothing; accepts it from the birthday', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const adultProbation = { section: '488', endDate: null };
    for (const convictionDate of ['1998-12-22', '2002-12-21']) {
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.convictions.add({
          matterId,
          conviction: convictionInput({ ...adultProbation, convictionDate }),
        }),
      );
      expect(refused).toMatchObject({
        appCode: 'BAD_INPUT',
        fields: [
          {
            path: 'conviction.convictionDate',
            message: expect.stringContaining(
              'is when Marta Ofensa Ruiz (born Dec 22, 1988) was younger than 14, and an adult court does not convict a child under 14: the year is likely mistyped.',
            ),
          },
        ],
      });
    }
    const offenseAt13 = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.add({
        matterId,
        conviction: convictionInput({
          ...adultProbation,
          convictionDate: '2003-02-01',
          offenseDate: '2002-12-21',
        }),
      }),
    );
    expect(offenseAt13.fields?.map((f) => f.path)).toEqual(['conviction.offenseDate']);
    const { id } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ ...adultProbation, convictionDate: '2002-12-22' }),
    });
    // An edit back to a child's age is refused the same way.
    const edited = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.edit({
        convictionId: id,
        version: 1,
        conviction: convictionInput({ ...adultProbation, convictionDate: '1999-06-01' }),
      }),
    );
    expect(edited.fields?.map((f) => f.path)).toEqual(['conviction.convictionDate']);
  });
});
