// An office's template is held to what the built-in wording is held to: its English and its Spanish
// use the same placeholders in each part (subject, e-mail and letter text, text message), and they
// are saved together. A save that leaves a language out, or whose languages part ways, is refused
// with what to fix, and nothing is written: a Spanish-speaking client is never told less than an
// English-speaking one, nor kept on wording the office has moved on from.
import { testDialects } from '@relief-desk/db/testing';
import {
  MESSAGE_STATUS_TYPES,
  type SaveTemplateInput,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  templatePlaceholders,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

interface Refusal {
  code: string;
  /** Each refused field with its message, from the schema or the server. */
  fields: { path: string; message: string }[];
}

async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const error = await call.then(
    () => null,
    (e: unknown) =>
      e as { code?: string; cause?: unknown; fieldErrors?: { path: string; message: string }[] },
  );
  if (!error) throw new Error('expected a refusal');
  const issues = (error.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  return {
    code: error.code ?? '',
    fields:
      error.fieldErrors ??
      (issues ?? []).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

describe.each(testDialects())('an office’s template in English and Spanish (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    // Templates of updates about the record or the court are shown only with the RAP sheet permission.
    await api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: 1 })
      .where('id', '=', api.userIds['alameda.admin'] ?? '')
      .execute();
  });
  afterAll(async () => api.destroy());

  /** The office's wording now, per language, as an edit starts from it. */
  async function wordingOf(
    statusType: SaveTemplateInput['statusType'],
  ): Promise<SaveTemplateInput['wording']> {
    const admin = await api.signedIn('alameda.admin');
    const { templates } = await admin.messages.templates();
    const of = (language: (typeof TEMPLATE_LANGUAGE_CODES)[number]) => {
      const t = templates.find((x) => x.statusType === statusType && x.language === language);
      if (!t) throw new Error(`no ${language} template for ${statusType}`);
      return { baseVersion: t.editVersion, subject: t.subject, body: t.body, sms: t.sms };
    };
    return { en: of('en'), es: of('es') };
  }

  async function editVersions(statusType: SaveTemplateInput['statusType']) {
    const wording = await wordingOf(statusType);
    return [wording.en.baseVersion, wording.es.baseVersion];
  }

  it('refuses an English text that uses a placeholder the Spanish does not, saying how to fix it', async () => {
    const admin = await api.signedIn('alameda.admin');
    const wording = await wordingOf('eligible');
    const refused = await refusal(
      admin.messages.saveTemplate({
        statusType: 'eligible',
        wording: {
          ...wording,
          en: {
            ...wording.en,
            body: `${wording.en.body}\n\nYour hearing will be in {county} County on {courtDate}.`,
          },
        },
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([
      {
        path: 'wording.es.body',
        message:
          'The Spanish e-mail and letter text does not use {courtDate}, which the English one uses. Use the same placeholders in the English and the Spanish e-mail and letter text, adding or removing them in either, so clients are told the same in both languages.',
      },
    ]);
    expect(await editVersions('eligible')).toEqual([0, 0]);
  });

  it('refuses a Spanish text message that drops how to reach the office, or adds what the English lacks', async () => {
    const admin = await api.signedIn('alameda.admin');
    const wording = await wordingOf('denied');
    const refused = await refusal(
      admin.messages.saveTemplate({
        statusType: 'denied',
        wording: {
          ...wording,
          es: {
            ...wording.es,
            subject: `${wording.es.subject} ({clientName})`,
            sms: '{officeName}: {clientName}, la corte ya tomó una decisión sobre su petición.',
          },
        },
      }),
    );
    expect(refused.fields.map((f) => f.path)).toEqual(['wording.es.subject', 'wording.es.sms']);
    expect(refused.fields[0]?.message).toMatch(
      /^The Spanish subject uses \{clientName\}, which the English one does not\./,
    );
    expect(refused.fields[1]?.message).toMatch(
      /^The Spanish text message does not use \{reachUs\}, which the English one uses\. Use the same placeholders/,
    );
    expect(await editVersions('denied')).toEqual([0, 0]);
  });

  it('refuses a save of one language only: the other would be left behind', async () => {
    const admin = await api.signedIn('alameda.admin');
    const { en } = await wordingOf('granted');
    const englishOnly = await refusal(
      admin.messages.saveTemplate({
        statusType: 'granted',
        wording: { en: { ...en, subject: 'The court said yes' } },
      } as unknown as SaveTemplateInput),
    );
    expect(englishOnly).toEqual({
      code: 'BAD_REQUEST',
      fields: [
        {
          path: 'wording.es',
          message:
            'Send the Spanish wording too: a template is saved in English and Spanish together, so a client is told the same whichever language they read.',
        },
      ],
    });
    // The form as it was: one language at a time.
    const oneAtATime = await refusal(
      admin.messages.saveTemplate({
        statusType: 'granted',
        language: 'en',
        baseVersion: 0,
        subject: 'The court said yes',
        body: en.body,
        sms: en.sms,
      } as unknown as SaveTemplateInput),
    );
    expect(oneAtATime.fields).toEqual([
      {
        path: 'wording',
        message:
          'Send the wording of each language: a template is saved in English and Spanish together, so a client is told the same whichever language they read.',
      },
    ]);
    expect(await editVersions('granted')).toEqual([0, 0]);
  });

  it('saves both languages together, and each client gets the wording of their language', async () => {
    const admin = await api.signedIn('alameda.admin');
    const wording = await wordingOf('in_review');
    const saved = await admin.messages.saveTemplate({
      statusType: 'in_review',
      wording: {
        en: { ...wording.en, body: `${wording.en.body}\n\nWe are open Monday to Friday.` },
        es: { ...wording.es, body: `${wording.es.body}\n\nAbrimos de lunes a viernes.` },
      },
    });
    expect([saved.en.version, saved.es.version]).toEqual([1, 1]);
    expect(await editVersions('in_review')).toEqual([1, 1]);
    for (const [preferredLanguage, said] of [
      ['en', 'We are open Monday to Friday.'],
      ['es', 'Abrimos de lunes a viernes.'],
    ] as const) {
      const { matterId } = await openMatterFor(api, { preferredLanguage });
      const composed = await admin.messages.composeStatus({ matterId, statusType: 'in_review' });
      expect(composed.messages[0]?.text).toContain(said);
      expect(composed.messages[0]?.templateId).toBe(saved[preferredLanguage].id);
    }
  });

  it('every status type: its wording as it stands is accepted, and each placeholder taken out of one language is refused by name', async () => {
    const admin = await api.signedIn('alameda.admin');
    let refusals = 0;
    for (const statusType of MESSAGE_STATUS_TYPES) {
      const wording = await wordingOf(statusType);
      for (const language of TEMPLATE_LANGUAGE_CODES)
        for (const field of TEMPLATE_FIELDS)
          for (const name of templatePlaceholders(wording[language][field])) {
            const without = wording[language][field].replaceAll(`{${name}}`, '');
            const refused = await refusal(
              admin.messages.saveTemplate({
                statusType,
                wording: { ...wording, [language]: { ...wording[language], [field]: without } },
              }),
            );
            // The difference is told at the Spanish field, naming the placeholder either way round.
            expect(refused.fields, `${statusType} ${language} ${field} without {${name}}`).toEqual([
              { path: `wording.es.${field}`, message: expect.stringContaining(`{${name}}`) },
            ]);
            expect(refused.fields[0]?.message).toContain(
              language === 'es' ? 'which the English one uses' : 'which the English one does not',
            );
            refusals += 1;
          }
      const before = await editVersions(statusType);
      const saved = await admin.messages.saveTemplate({ statusType, wording });
      expect([saved.en.version, saved.es.version]).toEqual(before.map((v) => v + 1));
    }
    expect(refusals).toBeGreaterThan(MESSAGE_STATUS_TYPES.length * 4);
  });
});
