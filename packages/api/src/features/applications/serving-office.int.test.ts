// Which office a county goes to when several serve it: one set up (mailing address, phone and e-mail
// set) first, whatever its name, then by name; one not set up only when no office set up serves it.
// The same choice everywhere one is made: the application form's county list, an online application
// passed on, the offices staff may pass a matter on to, and a partner's referral. On both databases.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';
import { submitPartnerReferral } from '../partners/intake.ts';
import { submitOnlineApplication } from './apply.ts';
import { applicationFormFields } from './fixtures.ts';
import { countyChoices } from './offices.ts';

const UNREADY = 'unready-office-third';

describe.each(testDialects())('the office a county goes to (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    // A third office, first by name, serving San Francisco (as Bay Area Legal Aid does) and Marin (as
    // nobody else does), that has not set its mailing address, phone or e-mail yet.
    await api.database.db
      .insertInto('offices')
      .values({
        id: UNREADY,
        name: 'Aardvark Legal Clinic',
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    await api.database.db
      .insertInto('office_counties')
      .values([
        { office_id: UNREADY, county: 'San Francisco' },
        { office_id: UNREADY, county: 'Marin' },
      ])
      .execute();
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    slug = office.slug ?? '';
  });
  afterAll(async () => api.destroy());

  it('the application form names the office set up for a county, and the other only where it alone serves', async () => {
    const choices = await countyChoices(api.database.db, api.officeIds.alameda);
    expect(choices.find((c) => c.county === 'San Francisco')?.servedBy).toBe('Bay Area Legal Aid');
    expect(choices.find((c) => c.county === 'Marin')?.servedBy).toBe('Aardvark Legal Clinic');
  });

  it('an online application is passed on to the office set up, and to one not set up only where it alone serves', async () => {
    const outcome = await submitOnlineApplication(
      api.context({ ip: '198.51.100.7', publicOrigin: 'https://desk.example.org' }),
      {
        slug,
        language: 'en',
        form: applicationFormFields({
          legalName: 'Serving Office Applicant',
          birthMonth: '4',
          birthDay: '9',
          birthYear: '1971',
          email: 'serving-office@example.org',
          counties: ['Alameda', 'San Francisco', 'Marin'],
        }),
        submissionKey: `serving-office-${dialect}-0001`,
        honeypotFilled: false,
      },
      { minimumMs: 0, now: () => 0, sleep: async () => {} },
    );
    if (outcome.kind !== 'received') throw new Error(`not received: ${JSON.stringify(outcome)}`);
    expect(outcome.answer.counties).toEqual([
      { county: 'Alameda', ours: true, referredTo: null },
      { county: 'San Francisco', ours: false, referredTo: 'Bay Area Legal Aid' },
      { county: 'Marin', ours: false, referredTo: 'Aardvark Legal Clinic' },
    ]);
    const received = await api.database.db
      .selectFrom('matters as m')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select(['m.office_id', 'm.county'])
      .where('c.legal_name', '=', 'Serving Office Applicant')
      .where('m.office_id', '!=', api.officeIds.alameda)
      .orderBy('m.county')
      .execute();
    expect(received).toEqual([
      { office_id: UNREADY, county: 'Marin' },
      { office_id: api.officeIds.bayLegal, county: 'San Francisco' },
    ]);
  });

  it('staff are offered the office set up first, and a partner’s referral names it', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: { ...referralInput().client, legalName: 'Serving Office Client', dateOfBirth: '1972-02-02' },
        counties: ['San Francisco'],
      }),
    );
    const matter = await intake.matters.get({ matterId: recorded.matters[0]?.id ?? '' });
    expect(matter.referredTo).toBe('Bay Area Legal Aid');
    expect(matter.passOnOffices.map((o) => o.name)).toEqual(['Bay Area Legal Aid', 'Aardvark Legal Clinic']);

    const admin = await api.signedIn('alameda.admin');
    const key = await admin.partnerKeys.create({ name: 'Serving Office Partner' });
    const { client, note } = referralInput();
    const { answer } = await submitPartnerReferral(api.context(), {
      authorization: `Bearer ${key.key}`,
      idempotencyKey: `serving-office-${dialect}`,
      body: {
        client: { ...client, legalName: 'Serving Office Partnered', dateOfBirth: '1973-03-03' },
        counties: ['San Francisco', 'Marin'],
        note,
      },
    });
    expect(answer.matters.map((m) => [m.county, m.referredTo])).toEqual([
      ['San Francisco', 'Bay Area Legal Aid'],
      ['Marin', 'Aardvark Legal Clinic'],
    ]);
  });
});
