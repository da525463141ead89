// An office's wording is refused when saved if its placeholders would break or read wrongly once sent:
// a subject with a placeholder that fills in as several lines or a list (the preview could not be
// sent: "Use at most 300 characters"), doubled or stray braces (the client would read
// "{Joaquín Wilson Peña}"), a name Relief Desk does not know, said as a typo with the name meant, and
// never answered as the languages parting ways. Wording saved so before (by an older version, written
// here straight into the database) is set aside for the built-in wording. Generated over every
// status type, part, language and placeholder, from the code's own lists.
import { newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import {
  type MessageStatusType,
  NOT_IN_SUBJECT,
  type StatusChoice,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  TEMPLATE_PLACEHOLDERS,
  type TemplateField,
  type TemplateLanguageCode,
} from '@relief-desk/domain';
import {
  availableFactPlaceholders,
  defaultTemplate,
  FACT_PLACEHOLDERS,
  STATUS_TYPES,
} from '@relief-desk/notify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../../testing.ts';
import { createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

interface Refusal {
  code: string;
  fields: { path: string; message: string }[];
}

/** The refused fields, from the form's schema (a zod cause) or the server (fieldErrors). */
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

const builtIn = (statusType: MessageStatusType, language: TemplateLanguageCode) => {
  const { subject, body, sms } = defaultTemplate(statusType, language);
  return { baseVersion: 0, subject, body, sms };
};

/** The built-in wording of a status type in every language, each part changed as `change` says. */
const wordingWith = (
  statusType: MessageStatusType,
  change: (language: TemplateLanguageCode, field: TemplateField, text: string) => string,
) =>
  Object.fromEntries(
    TEMPLATE_LANGUAGE_CODES.map((language) => {
      const w = builtIn(statusType, language);
      return [
        language,
        { ...w, ...Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, change(language, f, w[f])])) },
      ];
    }),
  ) as Record<TemplateLanguageCode, ReturnType<typeof builtIn>>;

/** The placeholders a status type's message gives a value: all but the fact placeholders of others. */
const usable = (statusType: MessageStatusType) =>
  TEMPLATE_PLACEHOLDERS.filter(
    (name) =>
      !(name in FACT_PLACEHOLDERS) ||
      availableFactPlaceholders(statusType).includes(name as keyof typeof FACT_PLACEHOLDERS),
  );

const EVERY_WAY = {
  contact: { email: true, sms: true, letter: true, phone: true },
  consentToText: true,
};

describe.each(testDialects())(
  'office wording: placeholders written so they cannot go wrong (%s)',
  (dialect) => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await createApiHarness(dialect);
      await giveOfficesLetterheads(api);
    });
    afterAll(async () => api.destroy());
    beforeEach(async () => {
      await api.database.db.deleteFrom('message_templates').execute();
    });

    it('a typo in one language is answered as a typo naming the placeholder meant, not as the languages parting ways', async () => {
      const admin = await api.signedIn('alameda.admin');
      let refusals = 0;
      for (const statusType of STATUS_TYPES)
        for (const language of TEMPLATE_LANGUAGE_CODES)
          for (const field of TEMPLATE_FIELDS)
            for (const name of usable(statusType).filter((n) => field !== 'subject' || !NOT_IN_SUBJECT[n])) {
              const typo = name.toLowerCase() === name ? `${name}s` : name.toLowerCase();
              const wording = wordingWith(statusType, (l, f, text) =>
                f === field ? `${text} {${l === language ? typo : name}}` : text,
              );
              const refused = await refusal(admin.messages.saveTemplate({ statusType, wording }));
              const label = `${statusType} ${language} ${field} {${typo}}`;
              expect(refused.code, label).toBe('BAD_REQUEST');
              expect(
                refused.fields.map((f) => f.path),
                label,
              ).toEqual([`wording.${language}.${field}`]);
              expect(refused.fields[0]?.message, label).toContain(
                `uses {${typo}}, which is not a placeholder: did you mean {${name}}?`,
              );
              refusals += 1;
            }
      expect(refusals).toBeGreaterThan(STATUS_TYPES.length * TEMPLATE_FIELDS.length * 10);
      expect(await api.database.db.selectFrom('message_templates').select('id').execute()).toEqual([]);
    });

    it('doubled braces around any placeholder are refused, saying to write it with one brace', async () => {
      const admin = await api.signedIn('alameda.admin');
      for (const statusType of STATUS_TYPES)
        for (const field of TEMPLATE_FIELDS)
          for (const name of usable(statusType)) {
            const wording = wordingWith(statusType, (_, f, text) =>
              f === field ? `{{${name}}} ${text}` : text,
            );
            const refused = await refusal(admin.messages.saveTemplate({ statusType, wording }));
            const label = `${statusType} ${field} {{${name}}}`;
            expect([...new Set(refused.fields.map((f) => f.path))], label).toEqual(
              TEMPLATE_LANGUAGE_CODES.map((l) => `wording.${l}.${field}`),
            );
            for (const l of TEMPLATE_LANGUAGE_CODES)
              expect(
                refused.fields.find((f) => f.path === `wording.${l}.${field}`)?.message,
                label,
              ).toContain(
                `“{{${name}}}” with doubled braces, which the client would read around the words: write {${name}} with one brace on each side.`,
              );
          }
    });

    it('a subject using a placeholder that fills in as lines, a list or sentences is refused, saying what to use instead', async () => {
      const admin = await api.signedIn('alameda.admin');
      for (const statusType of STATUS_TYPES)
        for (const name of usable(statusType).filter((n) => NOT_IN_SUBJECT[n])) {
          const wording = wordingWith(statusType, (_, f, text) =>
            f === 'subject' ? `Update {${name}}` : text,
          );
          const refused = await refusal(admin.messages.saveTemplate({ statusType, wording }));
          expect(refused.fields.map((f) => f.path)).toEqual(
            TEMPLATE_LANGUAGE_CODES.map((l) => `wording.${l}.subject`),
          );
          for (const field of refused.fields) {
            expect(field.message).toContain(`subject uses {${name}}, which ${NOT_IN_SUBJECT[name]}.`);
            expect(field.message).toContain('A subject is one short line.');
          }
        }
    });

    it('a subject with every placeholder it may use is saved, and what the preview shows is sent as it is, in each language', async () => {
      const admin = await api.signedIn('alameda.admin');
      const attorney = await api.signedIn('alameda.attorney');
      const statusType: MessageStatusType = 'in_review';
      const inSubject = usable(statusType).filter((n) => !NOT_IN_SUBJECT[n]);
      const saved = await admin.messages.saveTemplate({
        statusType,
        wording: wordingWith(statusType, (_, f, text) =>
          f === 'subject' ? `${text} ${inSubject.map((n) => `{${n}}`).join(' ')}` : text,
        ),
      });
      for (const language of TEMPLATE_LANGUAGE_CODES) {
        const { matterId } = await openMatterFor(api, { preferredLanguage: language, ...EVERY_WAY });
        const choice: StatusChoice = {
          matterId,
          statusType,
          cantProceedReason: null,
          courtDate: null,
          nextSteps: [],
        };
        const composed = await attorney.messages.composeStatus(choice);
        const withSubject = composed.messages.filter((m) => m.channel !== 'sms');
        expect(withSubject.length).toBe(2);
        for (const m of withSubject) {
          expect(m.templateId).toBe(saved[language].id);
          expect(m.subject).not.toContain('\n');
          expect(m.subject).not.toMatch(/[{}]/);
        }
        await attorney.messages.sendStatus({
          choice,
          messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
          writtenIn: composed.language,
        });
      }
    });

    it('wording saved so before (a list in its subject, doubled braces) is set aside: the built-in wording is previewed and sent', async () => {
      const attorney = await api.signedIn('alameda.attorney');
      const statusType: MessageStatusType = 'in_review';
      for (const [part, written] of [
        ['subject', 'Update {nextSteps}'],
        ['body', 'Dear {{clientName}},\n\n{nextSteps}\n\nPlease {reachUsAll}.'],
      ] as const) {
        await api.database.db.deleteFrom('message_templates').execute();
        for (const [version, language] of TEMPLATE_LANGUAGE_CODES.entries()) {
          const { subject, body, sms } = builtIn(statusType, language);
          await api.database.db
            .insertInto('message_templates')
            .values({
              id: newId(new Date(Date.UTC(2026, 10, 20, 10, 0, version))),
              office_id: api.officeIds.alameda,
              status_type: statusType,
              language,
              version: 1,
              subject,
              body,
              sms,
              [part]: written,
              created_by: api.userIds['alameda.admin'],
              created_at: '2026-11-20T10:00:00.000Z',
            })
            .execute();
        }
        const listed = await (await api.signedIn('alameda.admin')).messages.templates();
        for (const language of TEMPLATE_LANGUAGE_CODES) {
          const t = listed.templates.find((x) => x.statusType === statusType && x.language === language);
          expect(t?.problems.map((p) => p.path)).toEqual([`wording.${language}.${part}`]);
        }
        const { matterId } = await openMatterFor(api, { preferredLanguage: 'en', ...EVERY_WAY });
        const choice: StatusChoice = {
          matterId,
          statusType,
          cantProceedReason: null,
          courtDate: null,
          nextSteps: [],
        };
        const composed = await attorney.messages.composeStatus(choice);
        for (const m of composed.messages) expect(m.templateId).toBe(`default:${statusType}:en`);
        expect(composed.templateSetAside).toContain(
          'writes a placeholder so that it cannot be sent as it is',
        );
        await attorney.messages.sendStatus({
          choice,
          messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
          writtenIn: composed.language,
        });
      }
    });
  },
);
