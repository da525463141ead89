// A status update names the county of the court it speaks of. "Eligible" tells the client they may
// ask "the court in X County": X is the court that convicted them of the convictions decided eligible,
// which need not be the matter's county; with eligible convictions in two counties the message, which
// names one court, is refused. "Not eligible" names the convictions' county when they are all in one.
// "Not eligible" and "no convictions found" speak of the whole record (a text names no county): they
// are refused while another open matter of the person with the office holds something to clear.
import { testDialects } from '@relief-desk/db/testing';
import type { County, Determination } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { OVERRIDE_REASON, refusal } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, openMatterFor, rapSheetReceived } from './fixtures.ts';

describe.each(testDialects())('the county a status update names (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  let cases = 0;
  /** A misdemeanor from `county`'s court on the matter, decided under PC 1203.4 as `determination`. */
  async function decided(
    matterId: string,
    county: County,
    determination: Determination,
    who: 'alameda.attorney' | 'bayLegal.attorney' = 'alameda.attorney',
  ) {
    cases += 1;
    const attorney = await api.signedIn(who);
    const conviction = await attorney.convictions.add({
      matterId,
      conviction: {
        caseNumber: `15CR0${1000 + cases}`,
        county,
        court: `Superior Court of California, County of ${county}`,
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        wobbler: 'no',
        convictionDate: '2015-05-02',
        sentenceKind: 'probation',
        mandatorySupervision: 'unknown',
        endDate: '2018-05-02',
        probationOutcome: determination === 'not_eligible' ? 'violated' : 'completed',
        valueOver950: 'no',
        reliefGrantedRemedy: null,
        reliefGrantedOn: null,
      },
    });
    await attorney.decisions.record({
      convictionId: conviction.id,
      remedy: 'pc1203.4',
      determination,
      reasons:
        determination === 'not_eligible'
          ? 'Probation revoked; relief is discretionary under PC 1203.4(a)(1) and was considered.'
          : 'Probation completed without revocation (PC 1203.4(a)(1)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
  }

  const texts = async (matterId: string, statusType: 'eligible' | 'not_eligible') => {
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId, statusType });
    return composed.messages.map((m) => m.text);
  };

  it('"eligible" names the court that convicted, not the matter’s county, in English and Spanish', async () => {
    const english = await openMatterFor(api, { preferredLanguage: 'en' });
    await decided(english.matterId, 'Contra Costa', 'eligible_mandatory');
    for (const text of await texts(english.matterId, 'eligible')) {
      expect(text).toContain('ask the court in Contra Costa County');
      expect(text).not.toContain('court in Alameda County');
    }
    const spanish = await openMatterFor(api, { preferredLanguage: 'es' });
    await decided(spanish.matterId, 'San Francisco', 'eligible_discretionary');
    await decided(spanish.matterId, 'Alameda', 'not_eligible');
    for (const text of await texts(spanish.matterId, 'eligible'))
      expect(text).toContain('pedirle a la corte del condado de San Francisco');

    // What is sent is what was composed: the outbox holds the convicting court's county.
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({
      matterId: english.matterId,
      statusType: 'eligible',
    });
    await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId: english.matterId, statusType: 'eligible' },
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    const queued = await api.database.db
      .selectFrom('messages')
      .select('body')
      .where('matter_id', '=', english.matterId)
      .execute();
    expect(queued.length).toBeGreaterThan(0);
    for (const row of queued) expect(row.body).toContain('Contra Costa County');
  });

  it('"eligible" is refused when the eligible convictions are in two counties, naming both', async () => {
    const { matterId } = await openMatterFor(api);
    await decided(matterId, 'Alameda', 'eligible_mandatory');
    await decided(matterId, 'Contra Costa', 'eligible_mandatory');
    const attorney = await api.signedIn('alameda.attorney');
    await expect(attorney.messages.composeStatus({ matterId, statusType: 'eligible' })).rejects.toMatchObject(
      {
        appCode: 'BAD_INPUT',
        fieldErrors: [
          {
            path: 'choice.statusType',
            message: expect.stringContaining(
              'Convictions in Alameda and Contra Costa counties are decided eligible',
            ),
          },
        ],
      },
    );
    await expect(
      attorney.messages.sendStatus({
        writtenIn: 'es',
        choice: { matterId, statusType: 'eligible' },
        messages: [{ channel: 'email', subject: 'Update', text: 'You qualify in Alameda County.' }],
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
    const queued = await api.database.db
      .selectFrom('outbox')
      .select('id')
      .where('matter_id', '=', matterId)
      .execute();
    expect(queued).toEqual([]);
  });

  it('"not eligible" and "no convictions found" speak of the whole record: refused while the person’s matter in another county holds something to clear', async () => {
    // One referral, two counties the office serves: one person, two matters.
    const intake = await api.signedIn('bayLegal.intake');
    const attorney = await api.signedIn('bayLegal.attorney');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Ramón Ibáñez Peña',
          dateOfBirth: '1979-02-14',
          contact: { email: true, sms: true, letter: false, phone: true },
          consentToText: true,
        },
        counties: ['San Francisco', 'Contra Costa'],
      }),
    );
    const matterIn = (county: County) => recorded.matters.find((m) => m.county === county)?.id ?? '';
    const [sanFrancisco, contraCosta] = [matterIn('San Francisco'), matterIn('Contra Costa')];
    expect(sanFrancisco && contraCosta).toBeTruthy();
    await rapSheetReceived(api, sanFrancisco, 'bayLegal.intake');
    const refusedWhy = async (statusType: 'not_eligible' | 'no_convictions_found') =>
      (await refusal(attorney.messages.composeStatus({ matterId: sanFrancisco, statusType }))).message;
    const composes = async (statusType: 'not_eligible' | 'no_convictions_found') =>
      (await attorney.messages.composeStatus({ matterId: sanFrancisco, statusType })).messages.length;

    // Nothing found in San Francisco, nothing decided in Contra Costa yet: true.
    expect(await composes('no_convictions_found')).toBeGreaterThan(0);
    // A Contra Costa conviction decided eligible: "no convictions we can help you clear" is not.
    await decided(contraCosta, 'Contra Costa', 'eligible_mandatory', 'bayLegal.attorney');
    expect(await refusedWhy('no_convictions_found')).toContain(
      'This client’s matter in Contra Costa County has a conviction or arrest decided eligible',
    );
    // Nor is "you do not qualify to clear your convictions" once San Francisco's is not eligible.
    await decided(sanFrancisco, 'San Francisco', 'not_eligible', 'bayLegal.attorney');
    expect(await refusedWhy('not_eligible')).toContain('Tell them yourself what each county’s review found.');
    // The Contra Costa matter closed: San Francisco's review may be told on its own again.
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'closed' })
      .where('id', '=', contraCosta)
      .execute();
    expect(await composes('not_eligible')).toBeGreaterThan(0);
  });

  it('"not eligible" names the convictions’ county when they are all in one, else the matter’s', async () => {
    const elsewhere = await openMatterFor(api, { preferredLanguage: 'en' });
    await decided(elsewhere.matterId, 'Contra Costa', 'not_eligible');
    for (const text of await texts(elsewhere.matterId, 'not_eligible'))
      expect(text).toContain('your record in Contra Costa County');
    const twoCounties = await openMatterFor(api, { preferredLanguage: 'en' });
    await decided(twoCounties.matterId, 'Contra Costa', 'not_eligible');
    await decided(twoCounties.matterId, 'San Francisco', 'not_eligible');
    for (const text of await texts(twoCounties.matterId, 'not_eligible'))
      expect(text).toContain('your record in Alameda County');
  });
});
