// Consent to texts is given to one office ("I agree to receive text messages from <office>"): a
// client that office passes on arrives in the other office with no consent to text, and that office
// texts them nothing (no confirmation, nothing in its outbox) until it asks for its own. What goes
// with them, as docs/passing-on.md says: names, date of birth, contact details, the ways they chose to
// be reached (texts alone become a call, at the number they gave) and their language.
//
// The paths are found in the code: every module that records a referral (recordIncomingReferralIn) on
// a handle to another office (acrossOffices). Each must have its cases here, so a new way of
// creating a matter in another office cannot be added without them. On both databases.
//
// The same paths, second: details arriving from another office (which may have come from a form
// anyone can fill in with another person's name and birth date) never replace the receiving office's
// own client's, not when its staff merge the arrival into that client, not when the matter comes
// again; so they never fetch a status link showing that client's older matters.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitOnlineApplication } from './features/applications/apply.ts';
import { applicationFormFields } from './features/applications/fixtures.ts';
import { requestNewStatusLink } from './features/applications/new-link.ts';
import { viewApplicationStatus } from './features/applications/status.ts';
import { giveOfficesLetterheads } from './features/messages/fixtures.ts';
import { type ApiHarness, createApiHarness, referralInput } from './testing.ts';

const SRC = fileURLToPath(new URL('.', import.meta.url));

/** Every source module (tests aside) that records a referral in an office reached across offices. */
function passOnPaths(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.test.')) {
        const code = readFileSync(path, 'utf8');
        if (/recordIncomingReferralIn\(/.test(code) && /acrossOffices\(/.test(code))
          found.push(relative(SRC, path).split('\\').join('/'));
      }
    }
  };
  walk(SRC);
  return found.sort();
}

/** How the applicant or client asked to be reached, and what the receiving office must hold. */
const PEOPLE = [
  {
    name: 'phone, e-mail and texts',
    phone: '(510) 555-0171',
    email: 'texts-and-mail@example.org',
    expected: { contact_email: 1, contact_sms: 0, contact_phone: 1 },
  },
  {
    // Texts were their only way: that office reaches them by phone, at the same number.
    name: 'texts alone',
    phone: '(510) 555-0172',
    email: '',
    expected: { contact_email: 0, contact_sms: 0, contact_phone: 1 },
  },
] as const;

describe.each(testDialects())('consent to texts stays with the office it was given to (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  let n = 0;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    slug = office.slug ?? '';
  });
  afterAll(async () => api.destroy());

  /** Bay Area Legal Aid's client of this name, as stored, and what its outbox holds for them. */
  async function heldByBay(legalName: string) {
    const db = api.database.db;
    const clients = await db
      .selectFrom('clients')
      .select([
        'id',
        'legal_name',
        'other_names',
        'date_of_birth',
        'phone',
        'email',
        'address_line1',
        'city',
        'state',
        'postal_code',
        'preferred_language',
        'consent_to_text',
        'contact_sms',
        'contact_email',
        'contact_phone',
        'contact_letter',
      ])
      .where('office_id', '=', api.officeIds.bayLegal)
      .where('legal_name', '=', legalName)
      .execute();
    expect(clients).toHaveLength(1);
    const client = clients[0];
    if (!client) throw new Error('not passed on');
    const outbox = await db
      .selectFrom('outbox as o')
      .innerJoin('matters as m', 'm.id', 'o.matter_id')
      .innerJoin('messages as g', 'g.id', 'o.message_id')
      .select(['o.channel', 'g.recipient'])
      .where('o.office_id', '=', api.officeIds.bayLegal)
      .where('m.client_id', '=', client.id)
      .execute();
    const messages = await db
      .selectFrom('messages as g')
      .innerJoin('matters as m', 'm.id', 'g.matter_id')
      .select(['g.channel'])
      .where('m.office_id', '=', api.officeIds.bayLegal)
      .where('m.client_id', '=', client.id)
      .execute();
    return { client, outbox, messages };
  }

  /** What the first office holds of them: its consent stands. */
  async function heldByAlameda(legalName: string) {
    return api.database.db
      .selectFrom('clients')
      .select(['consent_to_text', 'contact_sms'])
      .where('office_id', '=', api.officeIds.alameda)
      .where('legal_name', '=', legalName)
      .executeTakeFirstOrThrow();
  }

  /** Each path, by the module that writes it: how a person reaches Bay Area Legal Aid through it. */
  const PATHS: Record<
    string,
    {
      how: string;
      cases: { language: 'en' | 'es'; pass(person: (typeof PEOPLE)[number], name: string): Promise<void> }[];
    }
  > = {
    'features/applications/apply.ts': {
      how: 'an online application to Alameda for Alameda, Contra Costa and San Francisco',
      cases: (['en', 'es'] as const).map((language) => ({
        language,
        pass: async (person, legalName) => {
          const outcome = await submitOnlineApplication(
            api.context({ ip: `198.51.100.${n}`, publicOrigin: 'https://desk.example.org' }),
            {
              slug,
              language,
              form: applicationFormFields({
                legalName,
                otherNames: 'Old Name',
                birthMonth: '4',
                birthDay: '9',
                birthYear: String(1960 + n),
                phone: person.phone,
                email: person.email,
                consentToText: 'yes',
                language,
                counties: ['Alameda', 'Contra Costa', 'San Francisco'],
              }),
              submissionKey: `pass-on-consent-${dialect}-${n}`,
              honeypotFilled: false,
            },
            { minimumMs: 0, now: () => 0, sleep: async () => {} },
          );
          if (outcome.kind !== 'received') throw new Error(`not received: ${JSON.stringify(outcome)}`);
          // Alameda confirms as the applicant asked it to (by e-mail first, else by text).
          expect(outcome.answer.confirmedBy).toBe(person.email ? 'email' : 'sms');
        },
      })),
    },
    'features/matters/passOn.ts': {
      how: 'a matter Alameda referred out for San Francisco, passed on by its staff',
      cases: (['en', 'es'] as const).map((language) => ({
        language,
        pass: async (person, legalName) => {
          const intake = await api.signedIn('alameda.intake');
          const recorded = await intake.referrals.record(
            referralInput({
              client: {
                ...referralInput().client,
                legalName,
                otherNames: [{ name: 'Old Name' }],
                dateOfBirth: `${1960 + n}-04-09`,
                phone: person.phone,
                email: person.email,
                preferredLanguage: language,
                // Texts alone, or texts, e-mail and calls.
                contact: { email: person.email !== '', sms: true, letter: false, phone: person.email !== '' },
                consentToText: true,
              },
              counties: ['San Francisco'],
            }),
          );
          const matterId = recorded.matters[0]?.id ?? '';
          const attorney = await api.signedIn('alameda.attorney');
          const matter = await attorney.matters.get({ matterId });
          await attorney.matters.passOn({
            matterId,
            version: matter.version,
            officeId: api.officeIds.bayLegal,
            clientAgreed: true,
          });
        },
      })),
    },
  };

  it('every path that creates a matter in another office has its cases here', () => {
    expect(passOnPaths()).toEqual(Object.keys(PATHS).sort());
  });

  const rows = Object.entries(PATHS).flatMap(([path, { how, cases }]) =>
    cases.flatMap(({ language, pass }) =>
      PEOPLE.map((person) => ({
        path,
        how,
        language,
        person,
        pass,
        label: `${how} (${language}), ${person.name}`,
      })),
    ),
  );

  it.each(rows)('$label: the receiving office has no consent to text, and texts nothing', async (row) => {
    n++;
    // The same people apply on every row: each row in an hour of its own, since one phone number or
    // e-mail address gets at most a few status-link messages an hour.
    api.clock.advanceMinutes(61);
    const legalName = `Consent Traveller ${dialect} ${n
      .toString(26)
      .padStart(2, '0')
      .replace(/[0-9a-p]/g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)))}`;
    await row.pass(row.person, legalName);

    const { client, outbox, messages } = await heldByBay(legalName);
    // Who the person is and how to reach them went.
    expect(client).toMatchObject({
      legal_name: legalName,
      other_names: JSON.stringify(['Old Name']),
      date_of_birth: `${1960 + n}-04-09`,
      phone: row.person.phone,
      email: row.person.email,
      preferred_language: row.language,
      // Consent to texts did not: it was given to Alameda.
      consent_to_text: 0,
      ...row.person.expected,
    });
    // Nothing by text from Bay Area Legal Aid: not queued, not in its messages.
    expect(outbox.filter((o) => o.channel === 'sms')).toEqual([]);
    expect(messages.filter((m) => m.channel === 'sms')).toEqual([]);
    // An applicant who gave an e-mail address is confirmed by e-mail there, to that address.
    if (row.path.endsWith('apply.ts'))
      expect(outbox).toEqual(row.person.email ? [{ channel: 'email', recipient: row.person.email }] : []);
    // The office the person agreed with keeps their consent.
    expect(await heldByAlameda(legalName)).toEqual({ consent_to_text: 1, contact_sms: 1 });
  });
});

describe.each(testDialects())(
  'details from another office never replace its own client’s (%s)',
  (dialect) => {
    let api: ApiHarness;
    let alamedaSlug = '';
    let baySlug = '';
    let n = 0;
    beforeAll(async () => {
      api = await createApiHarness(dialect);
      await giveOfficesLetterheads(api);
      const slugOf = async (id: string) =>
        (
          await api.database.db
            .selectFrom('offices')
            .select('slug')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).slug ?? '';
      alamedaSlug = await slugOf(api.officeIds.alameda);
      baySlug = await slugOf(api.officeIds.bayLegal);
    });
    afterAll(async () => api.destroy());

    const pacing = { minimumMs: 0, now: () => 0, sleep: async () => {} };

    /** A stranger's online application to Alameda in the person's name, for San Francisco. */
    async function strangerApplies(person: { legalName: string; dateOfBirth: string }, email: string) {
      n++;
      const [year, month, day] = person.dateOfBirth.split('-');
      const outcome = await submitOnlineApplication(
        api.context({ ip: `203.0.113.${n}`, publicOrigin: 'https://desk.example.org' }),
        {
          slug: alamedaSlug,
          language: 'en',
          form: applicationFormFields({
            legalName: person.legalName,
            birthMonth: String(Number(month)),
            birthDay: String(Number(day)),
            birthYear: year,
            email,
            counties: ['San Francisco'],
          }),
          submissionKey: `details-stay-${dialect}-${n}-xxxxxxxx`,
          honeypotFilled: false,
        },
        pacing,
      );
      if (outcome.kind !== 'received') throw new Error(`not received: ${JSON.stringify(outcome)}`);
    }

    /** Bay Area Legal Aid's newest client of this name other than `realId`: the one that arrived. */
    async function arrivedAtBay(legalName: string, realId: string) {
      const row = await api.database.db
        .selectFrom('clients')
        .select(['id', 'version'])
        .where('office_id', '=', api.officeIds.bayLegal)
        .where('legal_name', '=', legalName)
        .where('id', '!=', realId)
        .where('merged_into_client_id', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return row;
    }

    /** Each path: the stranger's details reach Bay Area Legal Aid through it, and later come again. */
    const PATHS: Record<
      string,
      (
        person: { legalName: string; dateOfBirth: string },
        email: string,
      ) => Promise<{ again(): Promise<void> }>
    > = {
      'features/applications/apply.ts': async (person, email) => {
        await strangerApplies(person, email);
        return { again: () => strangerApplies(person, email) };
      },
      'features/matters/passOn.ts': async (person, email) => {
        // Alameda records what the stranger told it, and passes the San Francisco matter on.
        const intake = await api.signedIn('alameda.intake');
        const recorded = await intake.referrals.record(
          referralInput({
            client: {
              ...referralInput().client,
              legalName: person.legalName,
              otherNames: [],
              dateOfBirth: person.dateOfBirth,
              phone: '',
              email,
              address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
              contact: { email: true, sms: false, letter: false, phone: false },
              consentToText: false,
            },
            counties: ['San Francisco'],
          }),
        );
        const matterId = recorded.matters[0]?.id ?? '';
        const passOn = async () => {
          const matter = await intake.matters.get({ matterId });
          await intake.matters.passOn({
            matterId,
            version: matter.version,
            officeId: api.officeIds.bayLegal,
            clientAgreed: true,
          });
        };
        await passOn();
        return {
          // Alameda brings the matter back and passes it on again.
          again: async () => {
            let matter = await intake.matters.get({ matterId });
            await intake.matters.moveStage({ matterId, version: matter.version, to: 'referral_received' });
            matter = await intake.matters.get({ matterId });
            await intake.matters.moveStage({ matterId, version: matter.version, to: 'referred_out' });
            await passOn();
          },
        };
      },
    };

    it('every path that creates a matter in another office has its case here', () => {
      expect(passOnPaths()).toEqual(Object.keys(PATHS).sort());
    });

    it.each(Object.keys(PATHS))(
      '%s: merged into the real client and arriving again, a stranger’s details change nothing of theirs and fetch no link to their matters',
      async (path) => {
        n++;
        api.clock.advanceMinutes(61);
        // Apart from every other row's person: names and birth dates that differ.
        const person = {
          legalName: `Linh Verónica ${['Wong', 'Ocampo', 'Tran', 'Silva'][n % 4]}`,
          dateOfBirth: `19${60 + n}-04-18`,
        };
        const stranger = `stranger-${dialect}-${n}@evil.example`;
        // Bay Area Legal Aid's own client: a Contra Costa matter, reached by phone only.
        const bayIntake = await api.signedIn('bayLegal.intake');
        const real = await bayIntake.referrals.record(
          referralInput({
            client: {
              ...referralInput().client,
              ...person,
              otherNames: [],
              phone: '(510) 555-2109',
              email: '',
              contact: { email: false, sms: false, letter: false, phone: true },
              consentToText: false,
            },
            counties: ['Contra Costa'],
          }),
        );
        const ownMatterId = real.matters[0]?.id ?? '';
        const supervisor = await api.signedIn('bayLegal.supervisor');
        const before = (await supervisor.clients.get({ clientId: real.clientId })).client.details;

        const { again } = await (PATHS[path] ?? (() => Promise.reject(new Error(path))))(person, stranger);
        // Bay's staff take the arrival for their client, merge it into them, and withdraw its matter.
        const arrived = await arrivedAtBay(person.legalName, real.clientId);
        const survivor = (await supervisor.clients.get({ clientId: real.clientId })).client;
        await supervisor.clients.merge({
          survivingClient: { id: real.clientId, version: survivor.version },
          mergedClient: { id: arrived.id, version: arrived.version },
        });
        expect((await supervisor.clients.get({ clientId: real.clientId })).client.details).toEqual(before);
        // What differed is a note for staff to check, on the client's own matter too.
        const own = await supervisor.matters.get({ matterId: ownMatterId });
        expect(own.timeline.map((e) => e.summary)).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `whose contact details differ and were not kept: e-mail ${stranger}\\. This client’s own details stand`,
            ),
          ),
        );
        const open = await api.database.db
          .selectFrom('matters')
          .select(['id', 'version'])
          .where('client_id', '=', real.clientId)
          .where('county', '=', 'San Francisco')
          .where('closed_at', 'is', null)
          .execute();
        for (const m of open)
          await supervisor.matters.moveStage({
            matterId: m.id,
            version: m.version,
            to: 'withdrawn',
            note: 'Dup.',
          });

        await again();
        expect((await supervisor.clients.get({ clientId: real.clientId })).client.details).toEqual(before);

        // The stranger asks Bay Area Legal Aid for a new status link with the e-mail address they gave:
        // whatever comes shows none of the real client's own matters.
        api.clock.advanceMinutes(61);
        await requestNewStatusLink(
          api.context({ ip: `203.0.113.${200 + n}`, publicOrigin: 'https://desk.example.org' }),
          {
            slug: baySlug,
            contact: stranger,
            language: 'en',
          },
        );
        const sent = await api.database.db
          .selectFrom('messages')
          .select('body')
          .where('office_id', '=', api.officeIds.bayLegal)
          .where('recipient', '=', stranger)
          .execute();
        for (const { body } of sent)
          for (const [, token] of body.matchAll(/\/status\/([A-Za-z0-9_-]{43})/g)) {
            const shown = await viewApplicationStatus(
              api.context({ ip: `203.0.113.${100 + n}` }),
              token ?? '',
            );
            if (shown.kind !== 'shown') continue;
            expect(shown.view.matters.map((m) => m.county)).not.toContain('Contra Costa');
          }
        // Nor is anything of theirs sent to the stranger, or their phone number blanked.
        const toStrangerAboutOwn = await api.database.db
          .selectFrom('messages')
          .select('id')
          .where('matter_id', '=', ownMatterId)
          .where('recipient', '=', stranger)
          .execute();
        expect(toStrangerAboutOwn).toEqual([]);
      },
    );
  },
);
