// An online application passed on to an office that has not set its mailing address, phone or
// e-mail yet: that office sends no confirmation (it could only say "let us know" with no way to reach
// it), and its matter tells its staff to contact the applicant. The office applied to still confirms,
// saying it passed the county on. With the office set up, it confirms as usual, but an applicant who
// chose texts alone cannot be confirmed by it (the consent to texts stays with the office applied
// to): its staff are told to call. On both databases.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, officeSlugOf } from '../../testing.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';
import { submitOnlineApplication } from './apply.ts';
import { applicationFormFields } from './fixtures.ts';

describe.each(testDialects())('an application passed on to an office not set up (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
  });
  afterAll(async () => api.destroy());

  async function apply(legalName: string, email: string, n: number, textsTo = '') {
    const outcome = await submitOnlineApplication(
      api.context({ ip: `198.51.100.${n}`, publicOrigin: 'https://desk.example.org' }),
      {
        slug,
        language: 'en',
        form: applicationFormFields({
          legalName,
          birthMonth: '4',
          birthDay: '9',
          birthYear: String(1970 + n),
          phone: textsTo,
          email,
          consentToText: textsTo ? 'yes' : 'no',
          counties: ['Alameda', 'San Francisco'],
        }),
        submissionKey: `passed-on-unready-${dialect}-${n}`,
        honeypotFilled: false,
      },
      { minimumMs: 0, now: () => 0, sleep: async () => {} },
    );
    if (outcome.kind !== 'received') throw new Error(`not received: ${JSON.stringify(outcome)}`);
    return outcome.answer;
  }

  /** What each office wrote to the address, and what the receiving office's matter says. */
  async function held(email: string) {
    const db = api.database.db;
    const messages = await db
      .selectFrom('messages as g')
      .innerJoin('matters as m', 'm.id', 'g.matter_id')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select(['m.office_id', 'g.body'])
      .where('c.email', '=', email)
      .execute();
    const bayEvents = await db
      .selectFrom('matter_events as e')
      .innerJoin('matters as m', 'm.id', 'e.matter_id')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select(['e.kind', 'e.summary'])
      .where('c.email', '=', email)
      .where('m.office_id', '=', api.officeIds.bayLegal)
      .execute();
    return {
      fromAlameda: messages.filter((m) => m.office_id === api.officeIds.alameda),
      fromBay: messages.filter((m) => m.office_id === api.officeIds.bayLegal),
      bayEvents,
    };
  }

  it('is not confirmed by that office, whose staff are told to contact the applicant', async () => {
    await api.database.db
      .updateTable('offices')
      .set({ phone: '' })
      .where('id', '=', api.officeIds.bayLegal)
      .execute();
    const answer = await apply('Rosa Unready', 'rosa.unready@example.org', 1);
    expect(answer.confirmedBy).toBe('email');
    const { fromAlameda, fromBay, bayEvents } = await held('rosa.unready@example.org');
    expect(fromAlameda).toHaveLength(1);
    expect(fromAlameda[0]?.body).toContain('we have passed your application on to them');
    expect(fromBay).toEqual([]);
    const notice = bayEvents.find((e) => e.kind === 'delivery_failed');
    expect(notice?.summary).toContain('was not confirmed to the applicant');
    expect(notice?.summary).toContain('phone is not set');
    expect(notice?.summary).toContain('Contact the applicant');
  });

  it('is confirmed by that office once it is set up', async () => {
    await giveOfficesLetterheads(api);
    await apply('Rosa Ready', 'rosa.ready@example.org', 2);
    const { fromBay, bayEvents } = await held('rosa.ready@example.org');
    expect(fromBay).toHaveLength(1);
    expect(fromBay[0]?.body).toContain('passed your application on to us');
    expect(bayEvents.some((e) => e.kind === 'delivery_failed')).toBe(false);
  });

  it('tells that office to call an applicant who chose texts alone (the consent stays with the first)', async () => {
    await giveOfficesLetterheads(api);
    const answer = await apply('Rosa Textonly', '', 3, '(510) 555-0193');
    expect(answer.confirmedBy).toBe('sms');
    const db = api.database.db;
    const bay = await db
      .selectFrom('matter_events as e')
      .innerJoin('matters as m', 'm.id', 'e.matter_id')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select(['e.kind', 'e.summary'])
      .where('c.legal_name', '=', 'Rosa Textonly')
      .where('m.office_id', '=', api.officeIds.bayLegal)
      .execute();
    const notice = bay.find((e) => e.kind === 'delivery_failed');
    expect(notice?.summary).toContain('they chose text messages only');
    expect(notice?.summary).toContain('Call them at the phone number on their record');
    const fromBay = await db
      .selectFrom('messages')
      .select('id')
      .where('office_id', '=', api.officeIds.bayLegal)
      .where(
        'client_id',
        'in',
        db.selectFrom('clients').select('id').where('legal_name', '=', 'Rosa Textonly'),
      )
      .execute();
    expect(fromBay).toEqual([]);
  });
});
