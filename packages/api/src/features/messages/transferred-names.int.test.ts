// A person referred to this office for several counties, one of them (San Francisco) passed on to the
// office serving it: the "transferred" update on that matter names San Francisco and Bay Area Legal
// Aid, and the counties whose matters stay open here, never "your request moved" of the whole. Generated
// over no county staying, one and two, each language and each channel, on both databases, and for an
// online application for two counties, the way a person found it; an office's
// own wording of "transferred" must keep {transfer}, and wording saved without it before is set aside.
import { newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { County, MessageChannel } from '@relief-desk/domain';
import { defaultTemplate } from '@relief-desk/notify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, officeSlugOf } from '../../testing.ts';
import { submitOnlineApplication } from '../applications/apply.ts';
import { applicationFormFields } from '../applications/fixtures.ts';
import { giveOfficesLetterheads, passedOnMatterFor } from './fixtures.ts';

const EVERY_WAY = {
  contact: { email: true, sms: true, letter: true, phone: true },
  consentToText: true,
};
const STAYING: County[][] = [[], ['Alameda'], ['Alameda', 'Imperial']];
const CASES = (['es', 'en'] as const).flatMap((language) =>
  STAYING.map((staying) => ({ language, staying })),
);
const choice = {
  statusType: 'transferred' as const,
  cantProceedReason: null,
  courtDate: null,
  nextSteps: [],
};

/** What each language says of the county that moved, of what stays, and of the whole request. */
const SAYS = {
  en: {
    moved:
      /San Francisco County has been transferred to Bay Area Legal Aid|San Francisco County case has moved to Bay Area Legal Aid/,
    stays: { 1: /Alameda County (stays|case stays)/, 2: /Alameda and Imperial counties stay/ },
    whole: /Your request to clear your record has been transferred|your case has moved/,
  },
  es: {
    moved: /condado de San Francisco (fue transferida|pasó) a Bay Area Legal Aid/,
    stays: { 1: /condado de Alameda sigue/, 2: /condados de Alameda e Imperial siguen/ },
    whole: /Su solicitud para limpiar sus antecedentes fue transferida|su caso pasó/i,
  },
} as const;

describe.each(testDialects())('“transferred” names what moved and what stays (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    // The office serves a second county, so a person's two matters can stay open here.
    await api.database.db
      .insertInto('office_counties')
      .values({ office_id: api.officeIds.alameda, county: 'Imperial' })
      .execute();
  });
  afterAll(async () => api.destroy());

  it.each(CASES)('$language, staying here: $staying', async ({ language, staying }) => {
    const { matterId } = await passedOnMatterFor(api, { preferredLanguage: language, ...EVERY_WAY }, staying);
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId, ...choice });
    expect(composed.messages.map((m) => m.channel).sort()).toEqual<MessageChannel[]>([
      'email',
      'letter',
      'sms',
    ]);
    const says = SAYS[language];
    for (const message of composed.messages) {
      const why = `${message.channel}:\n${message.text}`;
      expect(message.text, why).toMatch(says.moved);
      expect(message.text, why).not.toMatch(says.whole);
      if (message.channel !== 'sms')
        expect(message.subject).toMatch(
          language === 'es' ? /condado de San Francisco/ : /San Francisco County/,
        );
      if (staying.length === 0) expect(message.text, why).not.toMatch(/stays? with|sigue|siguen/);
      else expect(message.text, why).toMatch(says.stays[staying.length as 1 | 2]);
    }
    // Sent as previewed: the message kept names the county and the office.
    const sent = await attorney.messages.sendStatus({
      choice: { matterId, ...choice },
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    const kept = await api.database.db
      .selectFrom('messages')
      .select('body')
      .where('id', 'in', sent.messageIds)
      .execute();
    for (const { body } of kept) expect(body).toMatch(says.moved);
  });

  it('an online application for two counties: the one passed on is named, the other stays', async () => {
    // As the tester found it: applied in Spanish to this office for its county and one another serves.
    const outcome = await submitOnlineApplication(
      api.context({ ip: '198.51.100.40', publicOrigin: 'https://desk.example.org' }),
      {
        slug: await officeSlugOf(api.database.db, api.officeIds.alameda),
        language: 'es',
        form: applicationFormFields({
          legalName: 'Inés Solís Online',
          birthMonth: '5',
          birthDay: '12',
          birthYear: '1981',
          email: 'ines.online@example.net',
          language: 'es',
          counties: ['Alameda', 'San Francisco'],
        }),
        submissionKey: `transferred-names-${dialect}`,
        honeypotFilled: false,
      },
      { minimumMs: 0, now: () => 0, sleep: async () => {} },
    );
    expect(outcome.kind).toBe('received');
    const moved = await api.database.db
      .selectFrom('matters as m')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select('m.id')
      .where('c.email', '=', 'ines.online@example.net')
      .where('m.office_id', '=', api.officeIds.alameda)
      .where('m.county', '=', 'San Francisco')
      .executeTakeFirstOrThrow();
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId: moved.id, ...choice });
    const email = composed.messages.find((m) => m.channel === 'email');
    expect(email?.subject).toBe('Su caso del condado de San Francisco pasó a otra oficina');
    expect(email?.text).toContain(
      'Su solicitud para limpiar sus antecedentes en el condado de San Francisco fue transferida a Bay Area Legal Aid, que atiende ese condado.',
    );
    expect(email?.text).toContain('Su solicitud en el condado de Alameda sigue a cargo de nuestra oficina.');
  });

  it('an office’s own wording must keep {transfer}; wording saved without it before is set aside', async () => {
    const admin = await api.signedIn('alameda.admin');
    const listed = await admin.messages.templates();
    expect(listed.placeholders).toContain('transfer');
    expect(listed.mustUse).toContainEqual({ statusType: 'transferred', placeholders: ['transfer'] });
    const wording = (language: 'en' | 'es') => {
      const { subject, body, sms } = defaultTemplate('transferred', language);
      return { subject, body, sms, baseVersion: 0 };
    };
    // Saving without it is refused, naming each part and what {transfer} says.
    const refused = await admin.messages
      .saveTemplate({
        statusType: 'transferred',
        wording: {
          en: {
            ...wording('en'),
            body: 'Dear {clientName},\n\nYour case has moved to another office. {reachUs}.',
          },
          es: {
            ...wording('es'),
            body: 'Estimado/a {clientName}:\n\nSu caso pasó a otra oficina. {reachUs}.',
          },
        },
      })
      .then(
        () => null,
        (e: unknown) => e as { fieldErrors?: { path: string; message: string }[] },
      );
    expect(refused?.fieldErrors?.map((f) => f.path)).toEqual(['wording.en.body', 'wording.es.body']);
    expect(refused?.fieldErrors?.[0]?.message).toMatch(/must use \{transfer\}/);
    // In a subject it is refused too: it fills in as several sentences.
    const inSubject = await admin.messages
      .saveTemplate({
        statusType: 'transferred',
        wording: {
          en: { ...wording('en'), subject: '{transfer}' },
          es: { ...wording('es'), subject: '{transfer}' },
        },
      })
      .then(
        () => null,
        (e: unknown) => e as { message: string },
      );
    expect(inSubject?.message).toMatch(/\{transfer\}/);
    // Saved with it, the office's words go out around the facts.
    await admin.messages.saveTemplate({
      statusType: 'transferred',
      wording: {
        en: { ...wording('en'), body: 'Hello {clientName},\n\n{transfer}\n\nQuestions? {reachUs}.' },
        es: { ...wording('es'), body: 'Hola, {clientName}:\n\n{transfer}\n\n¿Preguntas? {reachUs}.' },
      },
    });
    const { matterId } = await passedOnMatterFor(api, { preferredLanguage: 'en', ...EVERY_WAY });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId, ...choice });
    const email = composed.messages.find((m) => m.channel === 'email');
    expect(email?.text).toMatch(
      /^Hello .+\n\n.*San Francisco County has been transferred to Bay Area Legal Aid/,
    );
    expect(email?.text).toMatch(/Alameda County stays with our office/);
    expect(composed.templateSetAside).toBeNull();

    // Wording an older version saved, which says the whole request moved: not used.
    await api.database.db
      .insertInto('message_templates')
      .values({
        id: newId(new Date()),
        office_id: api.officeIds.alameda,
        status_type: 'transferred',
        language: 'en',
        version: 2,
        subject: 'Your case has moved',
        body: 'Dear {clientName},\n\nYour request has been transferred to another office.',
        sms: '{officeName}: your case has moved. {reachUs}.',
        created_by: api.userIds['alameda.admin'],
        created_at: new Date().toISOString(),
      })
      .execute();
    const again = await attorney.messages.composeStatus({ matterId, ...choice });
    expect(again.templateSetAside).toMatch(/does not use \{transfer\}/);
    for (const message of again.messages) expect(message.text).toMatch(SAYS.en.moved);
  });
});
