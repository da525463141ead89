// The timeline says what changed on a conviction or an arrest in the forms' words: the field's label
// and its values as the form offers them, never a field's code name, a stored value or an ISO date.
import { describe, expect, it } from 'vitest';
import { ARREST_DISPOSITIONS, ARREST_FIELD_WORDS, arrestFieldsSchema } from './arrests.ts';
import {
  CONVICTION_FIELD_WORDS,
  changedFieldWords,
  convictionFieldsSchema,
  type FieldWords,
  inSentence,
  LEVELS,
  PROBATION_OUTCOMES,
  SENTENCE_KINDS,
  TRISTATE,
} from './convictions.ts';
import { COUNTIES } from './counties.ts';
import { REMEDY_IDS } from './remedies.ts';

const conviction = convictionFieldsSchema.parse({
  caseNumber: 'AL1-18-CR-0415',
  county: 'Alameda',
  court: '',
  code: 'VC',
  section: '10851(a)',
  level: 'felony',
  wobbler: 'unknown',
  convictionDate: '2018-03-02',
  sentenceKind: 'probation',
  mandatorySupervision: 'unknown',
  endDate: '2019-05-02',
  probationOutcome: 'completed',
  valueOver950: 'unknown',
  reliefGrantedRemedy: null,
  reliefGrantedOn: null,
});
const arrest = arrestFieldsSchema.parse({
  arrestDate: '2022-01-10',
  code: 'PC',
  section: '484(a)',
  level: 'misdemeanor',
  disposition: 'no_charges',
});

/** Every value a form could hold, to be tried on each field; each field keeps those its schema takes. */
const CANDIDATES: unknown[] = [
  ...LEVELS,
  ...SENTENCE_KINDS,
  ...PROBATION_OUTCOMES,
  ...TRISTATE,
  ...ARREST_DISPOSITIONS,
  ...REMEDY_IDS,
  ...COUNTIES.slice(0, 3),
  '2015-06-01',
  '2024-12-31',
  null,
];
const TEXTS: unknown[] = ['BA123456', 'HS', '11350(a)', 'Oakland Police Department', ''];

function everyChange<T extends Record<string, unknown>>(
  shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }>,
  base: T,
  words: FieldWords<T>,
) {
  const keys = Object.keys(shape);
  expect(Object.keys(words).sort()).toEqual([...keys].sort());
  const changes: { key: string; label: string; line: string[] }[] = [];
  for (const key of keys) {
    // A free-text field (case number, section, agency) keeps what was typed; it is tried with typed text.
    const isText = TEXTS.some((t) => t !== '' && shape[key]?.safeParse(t).success);
    const values = (isText ? TEXTS : CANDIDATES).filter(
      (v) => shape[key]?.safeParse(v).success && JSON.stringify(v) !== JSON.stringify(base[key]),
    );
    expect(values.length, key).toBeGreaterThan(0);
    for (const value of values) {
      const label = words[key as keyof T].label;
      changes.push({ key, label, line: changedFieldWords<T>(words, base, { ...base, [key]: value } as T) });
    }
  }
  return changes;
}

describe.each([
  ['conviction', convictionFieldsSchema.shape, conviction, CONVICTION_FIELD_WORDS],
  ['arrest', arrestFieldsSchema.shape, arrest, ARREST_FIELD_WORDS],
] as const)('a changed %s field reads in words', (_, shape, base, words) => {
  it('each field of the form, changed to each value it takes, names its label and values in words', () => {
    for (const { key, label, line } of everyChange(
      shape as never,
      base as Record<string, unknown>,
      words as never,
    )) {
      expect(line, key).toHaveLength(1);
      const [text = ''] = line;
      expect(text.startsWith(`${inSentence(label)}: `), text).toBe(true);
      // Never a code name of several words (probationOutcome); one-word ones are words (county).
      if (/[A-Z]/.test(key)) expect(text, key).not.toContain(key);
      expect(text, key).not.toMatch(/[a-z][A-Z]|[a-z0-9]_[a-z]|\d{4}-\d{2}-\d{2}/); // nor terminated_early, nor 2019-05-02
      expect(text, key).toContain(' → ');
    }
  });

  it('an unchanged record says nothing changed', () => {
    expect(changedFieldWords(words as never, base, base)).toEqual([]);
  });
});

it('the probation outcome reads as the form shows it', () => {
  expect(
    changedFieldWords(CONVICTION_FIELD_WORDS, conviction, {
      ...conviction,
      probationOutcome: 'violated',
      endDate: '2020-01-10',
    }),
  ).toEqual([
    'probation or sentence end date: May 2, 2019 → Jan 10, 2020',
    'probation: completed → violated',
  ]);
});
