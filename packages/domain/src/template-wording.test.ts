// An office's wording of a status update is refused when saved if its placeholders would break or
// read wrongly when sent: braces doubled or left open, a name Relief Desk does not know (said first,
// with the closest known name, before any comparison of the languages), a subject placeholder that
// fills in as more than one short line. Generated over every placeholder, part and language, and
// every status type for the form's schema.
import { describe, expect, it } from 'vitest';
import {
  closestPlaceholders,
  MESSAGE_STATUS_TYPES,
  NOT_IN_SUBJECT,
  saveTemplateInputSchema,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  TEMPLATE_PLACEHOLDERS,
  type TemplateField,
  type TemplateLanguageCode,
  templateTextProblems,
} from './messages.ts';

const PARTS = TEMPLATE_LANGUAGE_CODES.flatMap((language) =>
  TEMPLATE_FIELDS.map((field) => ({ language, field })),
);

/** How a name is mistyped: lower case, words apart, two letters swapped, a letter dropped. */
const typos = (name: string): string[] =>
  [
    name.toLowerCase(),
    name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
    `${name.slice(0, 2)}${name[3]}${name[2]}${name.slice(4)}`,
    `${name.slice(0, -2)}${name.slice(-1)}`,
  ].filter((typo) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(typo));

describe('templateTextProblems: every placeholder, in every part and language', () => {
  it.each(PARTS)(
    '$language $field: each known placeholder written right passes, but a subject’s list or lines',
    ({ language, field }) => {
      for (const name of TEMPLATE_PLACEHOLDERS) {
        const problems = templateTextProblems(`Hello {${name}}.`, field, language);
        if (field === 'subject' && NOT_IN_SUBJECT[name]) {
          expect(problems, name).toHaveLength(1);
          expect(problems[0]).toContain(`uses {${name}}`);
          expect(problems[0]).toContain(NOT_IN_SUBJECT[name]);
          expect(problems[0]).toContain('A subject is one short line');
        } else expect(problems, name).toEqual([]);
      }
    },
  );

  it.each(PARTS)(
    '$language $field: doubled braces are refused, saying to write {name}',
    ({ language, field }) => {
      for (const name of TEMPLATE_PLACEHOLDERS)
        for (const written of [`{{${name}}}`, `{{${name}}`, `{${name}}}`, `{{{${name}}}}`]) {
          const problems = templateTextProblems(`Dear ${written},`, field, language);
          expect(problems[0], written).toContain(`“${written}” with doubled braces`);
          expect(problems[0], written).toContain(`write {${name}} with one brace on each side`);
          // Only the subject's own refusal may come with it.
          expect(problems.length, written).toBe(field === 'subject' && NOT_IN_SUBJECT[name] ? 2 : 1);
        }
    },
  );

  it.each(PARTS)(
    '$language $field: a brace opening or closing no placeholder is refused',
    ({ language, field }) => {
      for (const name of TEMPLATE_PLACEHOLDERS)
        for (const [written, brace] of [
          [`{${name}`, 'opens'],
          [`${name}}`, 'closes'],
          [`{${name} and {county}`, 'opens'],
          [`{`, 'opens'],
        ] as const) {
          const problems = templateTextProblems(`Dear ${written},`, field, language);
          expect(
            problems.some((p) => p.includes(`that ${brace} no placeholder`)),
            written,
          ).toBe(true);
        }
      expect(templateTextProblems('Dear {},', field, language)[0]).toContain('empty braces');
    },
  );

  it.each(PARTS)(
    '$language $field: a mistyped name is refused with the name it was meant to be',
    ({ language, field }) => {
      for (const name of TEMPLATE_PLACEHOLDERS)
        for (const typo of typos(name)) {
          const problems = templateTextProblems(`Dear {${typo}},`, field, language);
          expect(problems[0], typo).toContain(`uses {${typo}}, which is not a placeholder: did you mean`);
          expect(problems[0], typo).toContain(`{${name}}`);
          expect(closestPlaceholders(typo), typo).toContain(name);
        }
      const unrelated = templateTextProblems('Dear {nombre},', field, language)[0];
      expect(unrelated).toContain('use only');
      for (const name of TEMPLATE_PLACEHOLDERS) expect(unrelated).toContain(`{${name}}`);
    },
  );
});

describe('saveTemplateInputSchema: what is wrong in one language is named there, before the languages are compared', () => {
  const builtIn = (language: TemplateLanguageCode) => ({
    baseVersion: 0,
    subject: language === 'en' ? 'An update' : 'Novedades',
    body: `{clientName} {nextSteps} {reachUsAll}.`,
    sms: `{officeName}: {clientName} {reachUs}.`,
  });
  const parts = MESSAGE_STATUS_TYPES.flatMap((statusType) => PARTS.map((part) => ({ statusType, ...part })));

  it.each(parts)(
    '$statusType: a typo in the $language $field only is answered as a typo, suggesting the name',
    ({ statusType, language, field }) => {
      for (const name of TEMPLATE_PLACEHOLDERS.filter((n) => field !== 'subject' || !NOT_IN_SUBJECT[n]))
        for (const typo of typos(name)) {
          const wording = Object.fromEntries(
            TEMPLATE_LANGUAGE_CODES.map((l) => {
              const w = builtIn(l);
              const used = l === language ? typo : name;
              return [l, { ...w, [field]: `${w[field as TemplateField]} {${used}}` }];
            }),
          );
          const result = saveTemplateInputSchema.safeParse({ statusType, wording });
          expect(result.success, typo).toBe(false);
          const issues = result.error?.issues ?? [];
          expect(
            issues.map((i) => [
              i.path.join('.'),
              i.message.includes(`did you mean`) && i.message.includes(`{${name}}`),
            ]),
            typo,
          ).toEqual([[`wording.${language}.${field}`, true]]);
        }
    },
  );

  it.each(MESSAGE_STATUS_TYPES)(
    '%s: languages using the same known placeholders are not told apart by a typo elsewhere',
    (statusType) => {
      const wording = Object.fromEntries(TEMPLATE_LANGUAGE_CODES.map((l) => [l, builtIn(l)]));
      expect(saveTemplateInputSchema.safeParse({ statusType, wording }).success).toBe(true);
      // A known placeholder in one language only is still a difference between them.
      for (const other of TEMPLATE_LANGUAGE_CODES.slice(1)) {
        const uneven = {
          ...wording,
          [other]: { ...builtIn(other), body: `${builtIn(other).body} {county}` },
        };
        const result = saveTemplateInputSchema.safeParse({ statusType, wording: uneven });
        expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([`wording.${other}.body`]);
        expect(result.error?.issues[0]?.message).toContain(`uses {county}, which the`);
      }
    },
  );

  it.each(MESSAGE_STATUS_TYPES)(
    '%s: a subject using a placeholder of several lines is refused in each language',
    (statusType) => {
      for (const name of TEMPLATE_PLACEHOLDERS.filter((n) => NOT_IN_SUBJECT[n])) {
        const wording = Object.fromEntries(
          TEMPLATE_LANGUAGE_CODES.map((l) => [l, { ...builtIn(l), subject: `Update {${name}}` }]),
        );
        const issues = saveTemplateInputSchema.safeParse({ statusType, wording }).error?.issues ?? [];
        expect(
          issues.map((i) => i.path.join('.')),
          name,
        ).toEqual(TEMPLATE_LANGUAGE_CODES.map((l) => `wording.${l}.subject`));
        for (const issue of issues) expect(issue.message).toContain(`uses {${name}}, which`);
      }
    },
  );
});
