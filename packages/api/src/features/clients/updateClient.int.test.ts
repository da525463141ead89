// Correcting a client's details from the matter page: saved over the version the form started from,
// on every matter's timeline, audited; a stale save or another office's client is refused.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

// What the first test corrects, by name, as the timeline says it.
// (The referral already asked for Spanish and consented to texts: unchanged, not named.)
const CORRECTED = ['legalName', 'otherNames', 'dateOfBirth', 'email', 'contact'];
const CORRECTED_WORDS = 'legal name, other names, date of birth, e-mail and contact preferences';

describe.each(testDialects())('correcting a client (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  let people = 0;
  async function personWithTwoMatters() {
    people += 1;
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: `Begoña Ibarra ${'ABCDEFGH'[people] ?? people}`,
          dateOfBirth: `1970-01-1${people}`,
          phone: `(510) 555-01${10 + people}`,
          email: `b${people}@example.net`,
        },
        counties: ['Alameda', 'Contra Costa'],
      }),
    );
    const matter = await intake.matters.get({ matterId: recorded.matters[0]?.id ?? '' });
    return { intake, clientId: recorded.clientId, matterIds: recorded.matters.map((m) => m.id), matter };
  }

  it('saves corrected names, birth date, contact details, language and consents, on every matter’s timeline', async () => {
    const { intake, clientId, matterIds, matter } = await personWithTwoMatters();
    const client = {
      ...matter.client.details,
      legalName: 'Begoña Ibarra Núñez',
      otherNames: [{ name: 'Bego Ibarra' }],
      dateOfBirth: '1980-02-03',
      preferredLanguage: 'es' as const,
      email: '',
      contact: { email: false, sms: true, letter: false, phone: true },
      consentToText: true,
    };
    const saved = await intake.clients.update({ clientId, version: matter.client.version, client });
    expect(saved.version).toBe(matter.client.version + 1);
    for (const matterId of matterIds) {
      const after = await intake.matters.get({ matterId });
      expect(after.client.details).toMatchObject({
        legalName: 'Begoña Ibarra Núñez',
        dateOfBirth: '1980-02-03',
      });
      expect(after.timeline[0]).toMatchObject({
        kind: 'client_updated',
        summary: `Client details corrected: ${CORRECTED_WORDS}.`,
      });
    }
    // Found in the queue by the corrected name.
    const found = await intake.matters.list({ search: 'ibarra nunez' });
    expect(found.items.map((m) => m.id).sort()).toEqual(expect.arrayContaining([matterIds[0]]));
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome', 'detail'])
      .where('action', '=', 'clients.update')
      .where('entity_id', '=', clientId)
      .execute();
    expect(audit).toEqual([{ entity_id: clientId, outcome: 'ok', detail: expect.any(String) }]);
    // Which fields were corrected, by name: never the values (contact details stay off the log).
    expect(JSON.parse(audit[0]?.detail ?? '{}').fields).toEqual(CORRECTED);
    expect(audit[0]?.detail).not.toContain('Bego');
    expect(audit[0]?.detail).not.toContain('1980');
  });

  it('refuses a stale save naming who changed which fields, and a later save names the fields it corrected', async () => {
    const { intake, clientId, matter } = await personWithTwoMatters();
    const attorney = await api.signedIn('alameda.attorney');
    const version = matter.client.version;
    const details = matter.client.details;
    await attorney.clients.update({
      clientId,
      version,
      client: { ...details, phone: '(510) 555-0123', preferredLanguage: 'en' },
    });
    const mine = { ...details, email: 'new@example.net', address: { ...details.address, city: 'Hayward' } };
    const refused = await intake.clients.update({ clientId, version, client: mine }).catch((e) => e);
    expect(refused).toMatchObject({ appCode: 'VERSION_CONFLICT' });
    expect(refused.message).toMatch(
      /^Attorney of Alameda County Public Defender changed this client’s phone and preferred language on .+, after you opened it\. Nothing was saved/,
    );
    // Saved again over their version: the timeline and the audit log name the fields, not the values.
    await intake.clients.update({
      clientId,
      version: version + 1,
      client: { ...mine, phone: '(510) 555-0123', preferredLanguage: 'en' },
    });
    const timeline = (await intake.matters.get({ matterId: matter.id })).timeline;
    expect(timeline.slice(0, 2).map((e) => e.summary)).toEqual([
      'Client details corrected: e-mail and address.',
      'Client details corrected: phone and preferred language.',
    ]);
    const page = await (await api.signedIn('alameda.admin')).audit.list({
      action: 'clients.update',
      client: clientId,
    });
    const sentences = page.lines.map((l) => auditSentenceText(l.sentence));
    expect(sentences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Intake of Alameda County Public Defender corrected .+’s e-mail and address$/),
        expect.stringMatching(
          /^Attorney of Alameda County Public Defender corrected .+’s phone and preferred language$/,
        ),
        expect.stringMatching(
          /^Intake of Alameda County Public Defender was refused: Correct a client’s details, .+: someone had saved a change to it since they opened it; nothing was saved$/,
        ),
      ]),
    );
    expect(sentences.join('\n')).not.toContain('Hayward');
  });

  it('refuses a stale save naming who changed the client, and writes nothing', async () => {
    const { intake, clientId, matter } = await personWithTwoMatters();
    const attorney = await api.signedIn('alameda.attorney');
    const version = matter.client.version;
    await attorney.clients.update({
      clientId,
      version,
      client: { ...matter.client.details, phone: '(510) 555-0101' },
    });
    await expect(
      intake.clients.update({
        clientId,
        version,
        client: { ...matter.client.details, phone: '(510) 555-0102' },
      }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining('Attorney of Alameda'),
    });
    expect((await intake.matters.get({ matterId: matter.id })).client.details.phone).toBe('(510) 555-0101');
  });

  it('refuses another office’s client as not found, on record in both offices', async () => {
    const { clientId, matter } = await personWithTwoMatters();
    const other = await api.signedIn('bayLegal.intake');
    await expect(
      other.clients.update({ clientId, version: matter.client.version, client: matter.client.details }),
    ).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select('office_id')
      .where('action', '=', 'clients.update')
      .where('entity_id', '=', clientId)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.office_id).sort()).toEqual(
      [api.officeIds.alameda, api.officeIds.bayLegal].sort(),
    );
  });

  it('refuses a date of birth in the future on the field, as a referral does, and writes nothing', async () => {
    const { intake, clientId, matter } = await personWithTwoMatters();
    await expect(
      intake.clients.update({
        clientId,
        version: matter.client.version,
        client: { ...matter.client.details, dateOfBirth: '2031-02-25' },
      }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [{ path: 'client.dateOfBirth', message: 'The date of birth must be in the past.' }],
    });
    const after = await intake.matters.get({ matterId: matter.id });
    expect(after.client).toMatchObject({
      version: matter.client.version,
      details: { dateOfBirth: matter.client.details.dateOfBirth },
    });
  });

  it('refuses invalid details by field', async () => {
    const { intake, clientId, matter } = await personWithTwoMatters();
    const refused = await intake.clients
      .update({
        clientId,
        version: matter.client.version,
        client: {
          ...matter.client.details,
          legalName: 'B',
          contact: { email: true, sms: false, letter: false, phone: false },
          email: '',
        },
      })
      .catch((e: { cause?: { issues?: { path: (string | number)[] }[] } }) =>
        e.cause?.issues?.map((i) => i.path.join('.')),
      );
    expect(refused).toEqual(expect.arrayContaining(['client.legalName', 'client.email']));
  });
});
