// Placeholders whose words come from the matter's records ({signedOrder} of "Granted", {courtDate} of
// "Court date set", {reason} of "Can't proceed": FACT_PLACEHOLDERS) cannot be left out of an office's
// wording, which would say in their place what is not true of every client ("a copy of the signed order
// is enclosed" on a matter with no order). A save without one is refused, saying what to add and what
// it says; wording saved without one before (by an older version, here written straight into the
// database) is never used to write to a client: the built-in wording is, staff are told why, and the
// settings page lists it as needing attention. Generated over every status type, part and language
// whose built-in wording uses such a placeholder.
import { newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import {
  type MessageStatusType,
  type SaveTemplateInput,
  type StatusChoice,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  type TemplateField,
  type TemplateLanguageCode,
} from '@relief-desk/domain';
import {
  availableFactPlaceholders,
  defaultTemplate,
  FACT_PLACEHOLDERS,
  requiredPlaceholders,
  STATUS_TYPES,
} from '@relief-desk/notify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../../testing.ts';
import { createApiHarness } from '../../testing.ts';
import {
  giveOfficesLetterheads,
  matterAtOutcome,
  openMatterFor,
  passedOnMatterFor,
  petitionWithHearing,
} from './fixtures.ts';

/** Every status type, part and placeholder the built-in wording requires, from the code. */
const REQUIRED = STATUS_TYPES.flatMap((statusType) =>
  TEMPLATE_FIELDS.flatMap((field) =>
    requiredPlaceholders(statusType)[field].map((name) => ({ statusType, field, name })),
  ),
);

/** Every status type and fact placeholder it gives no value ({courtDate} in "In review"), from the code. */
const UNAVAILABLE = STATUS_TYPES.flatMap((statusType) =>
  (Object.keys(FACT_PLACEHOLDERS) as (keyof typeof FACT_PLACEHOLDERS)[])
    .filter((name) => !availableFactPlaceholders(statusType).includes(name))
    .map((name) => ({ statusType, name })),
);

const EVERY_WAY = {
  contact: { email: true, sms: true, letter: true, phone: true },
  consentToText: true,
};

type Choice = Omit<StatusChoice, 'matterId'>;

/**
 * A matter whose records back each status type with a required placeholder, and the choice to compose.
 * A status type given a required placeholder needs a way here (the test says which is missing).
 */
const BACKED: Partial<
  Record<MessageStatusType, (api: ApiHarness, language: TemplateLanguageCode) => Promise<[string, Choice]>>
> = {
  granted: async (api, preferredLanguage) => {
    // The order asked for and not yet received: the built-in wording says it will follow.
    const { matterId } = await matterAtOutcome(
      api,
      { preferredLanguage, ...EVERY_WAY },
      { withOrder: false, outcomes: ['granted', 'granted'] },
    );
    return [matterId, { statusType: 'granted', cantProceedReason: null, courtDate: null, nextSteps: [] }];
  },
  court_date_set: async (api, preferredLanguage) => {
    const { matterId } = await openMatterFor(api, { preferredLanguage, ...EVERY_WAY });
    await petitionWithHearing(api, matterId, '2027-02-11');
    return [
      matterId,
      { statusType: 'court_date_set', cantProceedReason: null, courtDate: '2027-02-11', nextSteps: [] },
    ];
  },
  in_review: async (api, preferredLanguage) => {
    const { matterId } = await openMatterFor(api, { preferredLanguage, ...EVERY_WAY });
    return [matterId, { statusType: 'in_review', cantProceedReason: null, courtDate: null, nextSteps: [] }];
  },
  // Passed on to Bay Area Legal Aid, the person's Alameda matter staying here.
  transferred: async (api, preferredLanguage) => {
    const { matterId } = await passedOnMatterFor(api, { preferredLanguage, ...EVERY_WAY });
    return [matterId, { statusType: 'transferred', cantProceedReason: null, courtDate: null, nextSteps: [] }];
  },
  cant_proceed: async (api, preferredLanguage) => {
    const { matterId } = await openMatterFor(api, { preferredLanguage, ...EVERY_WAY });
    return [
      matterId,
      // A reason that states nothing of the records (on probation needs the person's facts).
      { statusType: 'cant_proceed', cantProceedReason: 'need_more_info', courtDate: null, nextSteps: [] },
    ];
  },
};

function backedMatter(statusType: MessageStatusType, api: ApiHarness, language: TemplateLanguageCode) {
  const backed = BACKED[statusType];
  if (!backed) throw new Error(`no matter backs ${statusType}`);
  return backed(api, language);
}

interface Refusal {
  code: string;
  fields: { path: string; message: string }[];
}

async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const error = await call.then(
    () => null,
    (e: unknown) => e as { code?: string; fieldErrors?: { path: string; message: string }[] },
  );
  if (!error) throw new Error('expected a refusal');
  return { code: error.code ?? '', fields: error.fieldErrors ?? [] };
}

const builtInWording = (statusType: MessageStatusType, language: TemplateLanguageCode) => {
  const { subject, body, sms } = defaultTemplate(statusType, language);
  return { subject, body, sms };
};

/** What the stale wording below says whatever the facts. */
const STALE = /is enclosed|We will send you the signed order\. Questions/;

describe.each(testDialects())('placeholders whose words come from the records (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    await api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: 1 })
      .where('id', 'in', [api.userIds['alameda.admin'], api.userIds['alameda.attorney']])
      .execute();
  });
  afterAll(async () => api.destroy());
  // Each test starts from the built-in wording.
  beforeEach(async () => {
    await api.database.db.deleteFrom('message_templates').execute();
  });

  /** Wording as an older version saved it: written straight into the database, unchecked. */
  async function savedByAnOlderVersion(
    statusType: MessageStatusType,
    language: TemplateLanguageCode,
    wording: Record<TemplateField, string>,
  ): Promise<string> {
    const id = newId(new Date());
    const last = await api.database.db
      .selectFrom('message_templates')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('office_id', '=', api.officeIds.alameda)
      .where('status_type', '=', statusType)
      .where('language', '=', language)
      .executeTakeFirst();
    await api.database.db
      .insertInto('message_templates')
      .values({
        id,
        office_id: api.officeIds.alameda,
        status_type: statusType,
        language,
        version: Number(last?.version ?? 0) + 1,
        ...wording,
        created_by: api.userIds['alameda.admin'],
        created_at: '2026-11-20T10:00:00.000Z',
      })
      .execute();
    return id;
  }

  async function forget(statusType: MessageStatusType) {
    await api.database.db
      .deleteFrom('message_templates')
      .where('office_id', '=', api.officeIds.alameda)
      .where('status_type', '=', statusType)
      .execute();
  }

  it('the generated cases cover “Granted” {signedOrder} in its e-mail and letter text and its text message, and each has a matter', () => {
    expect(REQUIRED).toEqual(
      expect.arrayContaining([
        { statusType: 'granted', field: 'body', name: 'signedOrder' },
        { statusType: 'granted', field: 'sms', name: 'signedOrder' },
      ]),
    );
    for (const { statusType } of REQUIRED) expect(BACKED[statusType], statusType).toBeDefined();
  });

  it('“Granted” wording saved before {signedOrder} existed is never sent as it is: the built-in wording is, and staff and the settings page say why', async () => {
    const old = {
      subject: 'The court granted your petition',
      body: 'Dear {clientName},\n\nGood news: the court in {county} County granted your petition. A copy of the signed order is enclosed; please keep it in a safe place.\n\n{nextSteps}\n\nIf you have questions, {reachUs}.',
      sms: '{officeName}: Good news, {clientName}! The court granted your petition. We will send you the signed order. Questions? {reachUs}.',
    };
    const oldEs = {
      subject: 'La corte aprobó su petición',
      body: 'Estimado/a {clientName}:\n\nBuenas noticias: la corte del condado de {county} aprobó su petición. Adjuntamos una copia de la orden firmada.\n\n{nextSteps}\n\nSi tiene preguntas, {reachUs}.',
      sms: '{officeName}: ¡Buenas noticias, {clientName}! La corte aprobó su petición. Le enviaremos la orden firmada. ¿Preguntas? {reachUs}.',
    };
    await savedByAnOlderVersion('granted', 'en', old);
    await savedByAnOlderVersion('granted', 'es', oldEs);
    const [matterId, choice] = await backedMatter('granted', api, 'en');
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId, ...choice });
    expect(composed.messages.map((m) => m.channel).sort()).toEqual(['email', 'letter', 'sms']);
    for (const m of composed.messages) {
      expect(m.text).not.toMatch(STALE);
      expect(m.templateId).toBe('default:granted:en');
    }
    expect(composed.messages.find((m) => m.channel === 'email')?.text).toContain(
      'We have asked the court for the signed order, and we will send you a copy when we receive it.',
    );
    expect(composed.templateSetAside).toMatch(
      /^The office’s own English wording of “Granted” \(version 1\) does not use \{signedOrder\}.*built-in wording is used instead\. An administrator must update/,
    );

    // Sent as previewed: what is recorded and queued is the built-in wording, by its id and version.
    const sent = await attorney.messages.sendStatus({
      choice: { matterId, ...choice },
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
      writtenIn: composed.language,
    });
    expect(sent).toBeTruthy();
    const rows = await api.database.db
      .selectFrom('messages')
      .select(['template_id', 'body'])
      .where('matter_id', '=', matterId)
      .execute();
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.template_id).toBe('default:granted:en');
      expect(row.body).not.toMatch(STALE);
    }

    // The settings page lists both languages as needing attention, saying what to add.
    const admin = await api.signedIn('alameda.admin');
    const { templates, mustUse } = await admin.messages.templates();
    expect(mustUse).toContainEqual({ statusType: 'granted', placeholders: ['signedOrder'] });
    for (const language of TEMPLATE_LANGUAGE_CODES) {
      const t = templates.find((x) => x.statusType === 'granted' && x.language === language);
      expect(t?.problems.map((p) => p.path)).toEqual([`wording.${language}.body`, `wording.${language}.sms`]);
      expect(t?.problems[0]?.message).toContain('must use {signedOrder}.');
    }
    await forget('granted');
  });

  it('a new “Granted” wording without {signedOrder} is refused, saying to add it and what it says; with it, it is saved and used', async () => {
    const admin = await api.signedIn('alameda.admin');
    const wording = (language: TemplateLanguageCode, text: string) => ({
      baseVersion: 0,
      ...builtInWording('granted', language),
      body: builtInWording('granted', language).body.replace('{signedOrder}', text),
    });
    const refused = await refusal(
      admin.messages.saveTemplate({
        statusType: 'granted',
        wording: {
          en: wording('en', 'A copy of the signed order is enclosed.'),
          es: wording('es', 'Adjuntamos una copia de la orden firmada.'),
        },
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([
      {
        path: 'wording.en.body',
        message: `The English e-mail and letter text of “Granted” must use {signedOrder}. {signedOrder} ${FACT_PLACEHOLDERS.signedOrder}`,
      },
      {
        path: 'wording.es.body',
        message: `The Spanish e-mail and letter text of “Granted” must use {signedOrder}. {signedOrder} ${FACT_PLACEHOLDERS.signedOrder}`,
      },
    ]);
    expect(refused.fields[0]?.message).toContain(
      'says what the office holds of the court’s signed order, from the matter’s records',
    );
    const count = () =>
      api.database.db
        .selectFrom('message_templates')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('office_id', '=', api.officeIds.alameda)
        .executeTakeFirstOrThrow();
    expect(Number((await count()).n)).toBe(0);

    const saved = await admin.messages.saveTemplate({
      statusType: 'granted',
      wording: {
        en: wording('en', 'Congratulations from all of us! {signedOrder}'),
        es: wording('es', '¡Felicidades de parte de todos! {signedOrder}'),
      },
    });
    const [matterId, choice] = await backedMatter('granted', api, 'es');
    const composed = await (await api.signedIn('alameda.attorney')).messages.composeStatus({
      matterId,
      ...choice,
    });
    expect(composed.templateSetAside).toBeNull();
    const email = composed.messages.find((m) => m.channel === 'email');
    expect(email?.templateId).toBe(saved.es.id);
    expect(email?.text).toContain('¡Felicidades de parte de todos! Pedimos a la corte la orden firmada');
    await forget('granted');
  });

  it('every status type, part and language with a required placeholder: a save without it is refused by name, and wording saved without it before is not used', async () => {
    const admin = await api.signedIn('alameda.admin');
    const attorney = await api.signedIn('alameda.attorney');
    const matters = new Map<string, [string, Choice]>();
    let cases = 0;
    for (const { statusType, field, name } of REQUIRED)
      for (const language of TEMPLATE_LANGUAGE_CODES) {
        const label = `${statusType} ${language} ${field} without {${name}}`;
        const marker = `Stale wording ${cases + 1}.`;
        const without = (l: TemplateLanguageCode) => {
          const wording = builtInWording(statusType, l);
          return { ...wording, [field]: wording[field].replaceAll(`{${name}}`, marker) };
        };

        // Saved now (both languages lack it, so they agree with each other): refused, nothing written.
        const refused = await refusal(
          admin.messages.saveTemplate({
            statusType,
            wording: Object.fromEntries(
              TEMPLATE_LANGUAGE_CODES.map((l) => [l, { baseVersion: 0, ...without(l) }]),
            ) as SaveTemplateInput['wording'],
          }),
        );
        expect(refused.code, label).toBe('BAD_REQUEST');
        expect(refused.fields, label).toContainEqual({
          path: `wording.${language}.${field}`,
          message: expect.stringContaining(`must use {${name}}. {${name}} ${FACT_PLACEHOLDERS[name]}`),
        });

        // Saved by an older version: listed as needing attention, and not used to write to the client.
        await savedByAnOlderVersion(statusType, language, without(language));
        const { templates } = await admin.messages.templates();
        const listed = templates.find((t) => t.statusType === statusType && t.language === language);
        expect(
          listed?.problems.map((p) => p.path),
          label,
        ).toContain(`wording.${language}.${field}`);

        const key = `${statusType}:${language}`;
        if (!matters.has(key)) {
          matters.set(key, await backedMatter(statusType, api, language));
        }
        const [matterId, choice] = matters.get(key) as [string, Choice];
        const composed = await attorney.messages.composeStatus({ matterId, ...choice });
        expect(composed.messages.length, label).toBe(3);
        for (const m of composed.messages) {
          expect(`${m.subject}\n${m.text}`, `${label} (${m.channel})`).not.toContain(marker);
          expect(m.templateId, label).toBe(`default:${statusType}:${language}`);
        }
        expect(composed.templateSetAside, label).toContain(`{${name}}`);
        await forget(statusType);
        cases += 1;
      }
    expect(cases).toBe(REQUIRED.length * TEMPLATE_LANGUAGE_CODES.length);
    expect(cases).toBeGreaterThanOrEqual(4);
  });

  it('a placeholder the update has no value for ({courtDate} in “In review”) is refused by name, for every status type and placeholder; saved before, that wording is set aside', async () => {
    const admin = await api.signedIn('alameda.admin');
    for (const { statusType, name } of UNAVAILABLE) {
      const label = `${statusType} with {${name}}`;
      const withIt = (l: TemplateLanguageCode) => {
        const wording = builtInWording(statusType, l);
        return { ...wording, body: `${wording.body}\n{${name}}` };
      };
      const refused = await refusal(
        admin.messages.saveTemplate({
          statusType,
          wording: Object.fromEntries(
            TEMPLATE_LANGUAGE_CODES.map((l) => [l, { baseVersion: 0, ...withIt(l) }]),
          ) as SaveTemplateInput['wording'],
        }),
      );
      expect(refused.code, label).toBe('BAD_REQUEST');
      for (const language of TEMPLATE_LANGUAGE_CODES)
        expect(refused.fields, label).toContainEqual({
          path: `wording.${language}.body`,
          message: expect.stringContaining(`uses {${name}}, which this update has no value for`),
        });
      expect(await api.database.db.selectFrom('message_templates').select('id').execute(), label).toEqual([]);
    }
    expect(UNAVAILABLE).toContainEqual({ statusType: 'in_review', name: 'courtDate' });

    // "In review" saved with {courtDate} by an older version: every "In review" update would fail; the
    // built-in wording is used, and staff are told why.
    const attorney = await api.signedIn('alameda.attorney');
    for (const language of TEMPLATE_LANGUAGE_CODES) {
      const wording = builtInWording('in_review', language);
      await savedByAnOlderVersion('in_review', language, {
        ...wording,
        body: `${wording.body}\n{courtDate}`,
      });
      const [matterId, choice] = await backedMatter('in_review', api, language);
      const composed = await attorney.messages.composeStatus({ matterId, ...choice });
      expect(composed.messages.length).toBe(3);
      for (const m of composed.messages) expect(m.templateId).toBe(`default:in_review:${language}`);
      expect(composed.templateSetAside).toContain('uses {courtDate}, which this update has no value for');
      await forget('in_review');
    }
  });
});
