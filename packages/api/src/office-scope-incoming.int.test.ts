// Office scope at the entries no signed-in person makes: a partner's key, an application form's slug.
// Both offices know the same person; a referral through one office's key, or to one office's form,
// is flagged only against that office's client and leaves the other's untouched, whether the
// referrals of both offices are committed together (SQLite's group commit) or alone.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ANSWER_MS, submitOnlineApplication } from './features/applications/apply.ts';
import { applicationFormFields } from './features/applications/fixtures.ts';
import { submitPartnerReferral } from './features/partners/intake.ts';
import {
  type ApiHarness,
  createApiHarness,
  type OfficeKey,
  openOnlineApplications,
  referralInput,
} from './testing.ts';

const noWait = { minimumMs: APPLICATION_ANSWER_MS, now: () => 0, sleep: async () => {} };

describe.each(testDialects())('office scope at the partner API and the application form (%s)', (dialect) => {
  let api: ApiHarness;
  /** Each office's own client for the same person (same name, birth date, phone and e-mail). */
  const known = {} as Record<OfficeKey, { id: string; version: number; updated_at: string }>;
  const keys = {} as Record<OfficeKey, string>;
  let calls = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Offices set up: their online application is open.
    await openOnlineApplications(api.database.db);
    for (const office of ['alameda', 'bayLegal'] as const) {
      const intake = await api.signedIn(`${office}.intake`);
      const input = referralInput({ counties: office === 'alameda' ? ['Alameda'] : ['San Francisco'] });
      const { clientId } = await intake.referrals.record(input);
      const admin = await api.signedIn(`${office}.admin`);
      keys[office] = (await admin.partnerKeys.create({ name: `Partner of ${office}` })).key;
      known[office] = await clientRow(clientId);
    }
  });
  afterAll(async () => api.destroy());

  const clientRow = (id: string) =>
    api.database.db
      .selectFrom('clients')
      .select(['id', 'version', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /** The clients each new matter's flag names, per matter (none flagged: an empty list). */
  async function flaggedOn(clientId: string): Promise<string[][]> {
    const events = await api.database.db
      .selectFrom('matter_events as e')
      .innerJoin('matters as m', 'm.id', 'e.matter_id')
      .select(['e.data', 'e.office_id', 'm.office_id as matter_office'])
      .where('m.client_id', '=', clientId)
      .where('e.kind', '=', 'possible_duplicate')
      .execute();
    return events.map((e) => (JSON.parse(e.data) as { clientIds: string[] }).clientIds);
  }

  /**
   * The new client's matter is flagged (once) against the office's known client, and every client the
   * flag names is that office's (earlier tests add more of the same person to an office).
   */
  async function flaggedOnlyIn(clientId: string, office: OfficeKey) {
    const flags = await flaggedOn(clientId);
    expect(flags).toHaveLength(1);
    const named = flags[0] ?? [];
    expect(named).toContain(known[office].id);
    const offices = await api.database.db
      .selectFrom('clients')
      .select('office_id')
      .distinct()
      .where('id', 'in', named)
      .execute();
    expect(offices).toEqual([{ office_id: api.officeIds[office] }]);
  }

  async function untouched(office: OfficeKey) {
    expect(await clientRow(known[office].id)).toEqual(known[office]);
  }

  const partnerCall = (office: OfficeKey, body: unknown) =>
    submitPartnerReferral(api.context({ ip: `198.51.100.${++calls}` }), {
      authorization: `Bearer ${keys[office]}`,
      idempotencyKey: `scope-${dialect}-${calls}`,
      body,
    });

  const partnerBody = (counties: string[]) => {
    const { client, note } = referralInput();
    return { client, counties, note };
  };

  /** The client a partner's answer's matter belongs to. */
  const clientOfReference = async (office: OfficeKey, reference: string) =>
    (
      await api.database.db
        .selectFrom('matters')
        .select('client_id')
        .where('office_id', '=', api.officeIds[office])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow()
    ).client_id;

  it("a partner key flags its own office's client only, and never finds, flags or touches the other office's", async () => {
    const sent = await partnerCall('alameda', partnerBody(['Alameda']));
    const reference = sent.answer.matters[0]?.reference ?? '';
    const clientId = await clientOfReference('alameda', reference);
    await flaggedOnlyIn(clientId, 'alameda');
    await untouched('bayLegal');
    await untouched('alameda');

    // A body naming the other office's client as the person is refused (the API takes no such field),
    // and that client is not touched.
    await expect(
      partnerCall('alameda', {
        ...partnerBody(['Alameda']),
        existingClient: { id: known.bayLegal.id, version: known.bayLegal.version },
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
    await untouched('bayLegal');
    const bayMatters = await api.database.db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', known.bayLegal.id)
      .execute();
    expect(bayMatters).toHaveLength(1);
  });

  it("referrals of both offices' keys sent together are each flagged against their own office's client", async () => {
    const [ours, theirs] = await Promise.all([
      partnerCall('alameda', partnerBody(['Alameda'])),
      partnerCall('bayLegal', partnerBody(['San Francisco'])),
    ]);
    const ourClient = await clientOfReference('alameda', ours.answer.matters[0]?.reference ?? '');
    const theirClient = await clientOfReference('bayLegal', theirs.answer.matters[0]?.reference ?? '');
    await flaggedOnlyIn(ourClient, 'alameda');
    await flaggedOnlyIn(theirClient, 'bayLegal');
    // Each new client is its key's office's.
    const offices = await api.database.db
      .selectFrom('clients')
      .select(['id', 'office_id'])
      .where('id', 'in', [ourClient, theirClient])
      .execute();
    expect(Object.fromEntries(offices.map((c) => [c.id, c.office_id]))).toEqual({
      [ourClient]: api.officeIds.alameda,
      [theirClient]: api.officeIds.bayLegal,
    });
    await untouched('alameda');
    await untouched('bayLegal');
  });

  it("an applicant to one office's form is flagged only against that office's client", async () => {
    const slug = (
      await api.database.db
        .selectFrom('offices')
        .select('slug')
        .where('id', '=', api.officeIds.bayLegal)
        .executeTakeFirstOrThrow()
    ).slug;
    const { client } = referralInput();
    const outcome = await submitOnlineApplication(
      api.context({ ip: `203.0.113.${++calls}` }),
      {
        slug: slug ?? '',
        language: 'en',
        form: applicationFormFields({
          legalName: client.legalName,
          birthYear: '1984',
          phone: client.phone,
          email: client.email,
          consentToText: 'yes',
          counties: ['San Francisco'],
        }),
        submissionKey: `scope-application-${dialect}-1`,
        honeypotFilled: false,
      },
      noWait,
    );
    expect(outcome).toMatchObject({ kind: 'received', replayed: false });
    const applicant = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('office_id', '=', api.officeIds.bayLegal)
      .where('referral_source', '=', 'online_application')
      .executeTakeFirstOrThrow();
    await flaggedOnlyIn(applicant.client_id, 'bayLegal');
    await untouched('alameda');
    await untouched('bayLegal');
  });
});
