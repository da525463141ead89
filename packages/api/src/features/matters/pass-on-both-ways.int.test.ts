// Online applications and matters passed on between two offices both ways at the same moment: each
// writes in both offices, and on PostgreSQL two going opposite ways deadlocked (one ended, retried at
// once into the same collision, and the applicant or staff were told the database was busy). Each takes
// both offices' turns first, in one order, so all of them succeed. On both databases (SQLite's writers
// take turns anyway).
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { submitOnlineApplication } from '../applications/apply.ts';
import { applicationFormFields } from '../applications/fixtures.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';

const EACH_WAY = 10;

describe.each(testDialects())('applications and pass-ons both ways at once (%s)', (dialect) => {
  let api: ApiHarness;
  const slugs = { alameda: '', bayLegal: '' };
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    for (const office of ['alameda', 'bayLegal'] as const)
      slugs[office] =
        (
          await api.database.db
            .selectFrom('offices')
            .select('slug')
            .where('id', '=', api.officeIds[office])
            .executeTakeFirstOrThrow()
        ).slug ?? '';
  });
  afterAll(async () => api.destroy());

  it(`${EACH_WAY * 2} applications and ${EACH_WAY * 2} pass-ons, half each way, all at once: every one succeeds`, async () => {
    // Matters referred out for a county the other office serves, ready to pass on.
    const referredOut = async (office: 'alameda' | 'bayLegal', i: number) => {
      const intake = await api.signedIn(`${office}.intake`);
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `Both Ways ${office === 'alameda' ? 'Ana' : 'Bea'} ${String.fromCharCode(65 + i)}`,
            otherNames: [],
            dateOfBirth: `19${office === 'alameda' ? 60 : 80}-0${1 + (i % 9)}-1${i % 10}`,
            phone: `(510) 555-${office === 'alameda' ? 3 : 4}${String(i).padStart(3, '0')}`,
            email: `both-ways-${office}-${i}@example.org`,
          },
          counties: [office === 'alameda' ? 'San Francisco' : 'Alameda'],
        }),
      );
      const matterId = recorded.matters[0]?.id ?? '';
      const matter = await intake.matters.get({ matterId });
      expect(matter.stage).toBe('referred_out');
      return { matterId, version: matter.version };
    };
    type Ready = { matterId: string; version: number };
    const matters: Record<'alameda' | 'bayLegal', Ready[]> = { alameda: [], bayLegal: [] };
    for (let i = 0; i < EACH_WAY; i++) {
      matters.alameda.push(await referredOut('alameda', i));
      matters.bayLegal.push(await referredOut('bayLegal', i));
    }
    const attorneys = {
      alameda: await api.signedIn('alameda.attorney'),
      bayLegal: await api.signedIn('bayLegal.attorney'),
    };
    const other = { alameda: 'bayLegal', bayLegal: 'alameda' } as const;

    const apply = (office: 'alameda' | 'bayLegal', i: number) =>
      submitOnlineApplication(
        api.context({
          ip: `198.51.${office === 'alameda' ? 1 : 2}.${i}`,
          publicOrigin: 'https://desk.example.org',
        }),
        {
          slug: slugs[office],
          language: 'en',
          form: applicationFormFields({
            legalName: `Applicant ${office === 'alameda' ? 'Cruz' : 'Diaz'} ${String.fromCharCode(65 + i)}`,
            birthMonth: String(1 + (i % 12)),
            birthDay: String(1 + i),
            birthYear: office === 'alameda' ? '1975' : '1985',
            email: `both-ways-applicant-${office}-${i}@example.org`,
            // One county of its own, one the other office serves.
            counties: office === 'alameda' ? ['Alameda', 'San Francisco'] : ['San Francisco', 'Alameda'],
          }),
          submissionKey: `both-ways-${dialect}-${office}-${i}-key`,
          honeypotFilled: false,
        },
        { minimumMs: 0, now: () => 0, sleep: async () => {} },
      );

    const work: Promise<unknown>[] = [];
    for (let i = 0; i < EACH_WAY; i++)
      for (const office of ['alameda', 'bayLegal'] as const) {
        work.push(apply(office, i));
        const m = matters[office][i];
        if (m)
          work.push(
            attorneys[office].matters.passOn({
              matterId: m.matterId,
              version: m.version,
              officeId: api.officeIds[other[office]],
              clientAgreed: true,
            }),
          );
      }
    const settled = await Promise.allSettled(work);
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failed).toEqual([]);
    for (const s of settled)
      if (s.status === 'fulfilled' && s.value && typeof s.value === 'object' && 'kind' in s.value)
        expect(s.value.kind).toBe('received');

    // Each office holds a matter for every application and pass-on sent to it.
    const passedOn = await api.database.db
      .selectFrom('matters')
      .select(['office_id', 'referral_source'])
      .where('referral_source', 'in', ['online_application', 'another_office'])
      .execute();
    for (const office of ['alameda', 'bayLegal'] as const) {
      const theirs = passedOn.filter((m) => m.office_id === api.officeIds[office]);
      expect(theirs.filter((m) => m.referral_source === 'another_office')).toHaveLength(EACH_WAY);
      // Its own applications' two matters each (one referred out), and one of each of the other's.
      expect(theirs.filter((m) => m.referral_source === 'online_application')).toHaveLength(EACH_WAY * 3);
    }
  });
});
