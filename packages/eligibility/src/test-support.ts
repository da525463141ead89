// Builders for test records: a clean, complete record that each test row changes in one place.
import type { Determination, RemedyId } from '@relief-desk/domain';
import { expect } from 'vitest';
import { evaluateRecord } from './evaluate.ts';
import { parseEligibilityInput } from './schema.ts';
import type { EligibilityResult, RemedyResult } from './types.ts';

export const AS_OF = '2026-11-28';

export const CLEAN_PERSON = {
  currentlyCharged: false,
  underSupervision: false,
  servingSentence: false,
  requiredToRegisterPC290: false,
  hasSuperstrikePrior: false,
};

type Json = Record<string, unknown>;

export interface RecordSpec {
  asOf?: string;
  person?: Json;
  conviction?: Json & { sentence?: Json };
  /** Further convictions, after the one under test. */
  others?: Json[];
  /** Arrests; the first is the one an arrest row tests. */
  arrests?: Json[];
}

export function conviction(overrides: Json & { sentence?: Json } = {}): Json {
  const { sentence, ...rest } = overrides;
  return {
    id: 'c1',
    code: 'PC',
    section: '484(a)',
    level: 'misdemeanor',
    wobbler: false,
    convictionDate: '2016-04-12',
    valueOver950: null,
    reliefAlreadyGranted: null,
    ...rest,
    sentence: {
      kind: 'probation',
      endDate: '2018-04-12',
      probationViolated: false,
      probationTerminatedEarly: false,
      mandatorySupervision: null,
      executionSuspended: false,
      ...sentence,
    },
  };
}

export function record(spec: RecordSpec = {}): Json {
  return {
    asOf: spec.asOf ?? AS_OF,
    person: { ...CLEAN_PERSON, ...spec.person },
    convictions: [conviction(spec.conviction), ...(spec.others ?? [])],
    ...(spec.arrests === undefined ? {} : { arrests: spec.arrests }),
  };
}

/** An arrest without conviction: a misdemeanor petty theft, no charges filed, in 2019. */
export function arrest(overrides: Json = {}): Json {
  return {
    id: 'a1',
    date: '2019-05-02',
    code: 'PC',
    section: '484(a)',
    level: 'misdemeanor',
    disposition: 'no_charges',
    dispositionDate: null,
    ...overrides,
  };
}

/** Validate like the CLI does, then evaluate; a test record that fails validation is a test bug. */
export function evaluateRaw(raw: unknown): EligibilityResult {
  const parsed = parseEligibilityInput(raw);
  if (!parsed.ok) throw new Error(`test record is invalid: ${JSON.stringify(parsed.errors)}`);
  return evaluateRecord(parsed.input);
}

export function remedyFor(
  result: EligibilityResult,
  remedy: RemedyId,
  convictionIndex = 0,
): RemedyResult | undefined {
  return result.results[convictionIndex]?.remedies.find((r) => r.remedy === remedy);
}

export type Expected =
  | 'omitted'
  | {
      determination: Determination;
      eligibleOn?: string;
      /** A reason code the result must carry. */
      code?: string;
      /** The citation that reason (with `code`) must carry: the subdivision that decides. */
      citation?: string;
      rulesVersion?: string;
    };

/** One table row: the statute subdivision it follows, the record, what the remedy must say. */
export type Row = [name: string, spec: RecordSpec, expected: Expected];

export function expectRow(remedy: RemedyId, spec: RecordSpec, expected: Expected): void {
  const result = evaluateRaw(record(spec));
  expectFound(result, remedyFor(result, remedy), remedy, expected);
}

/** One table row about the first arrest of `spec.arrests` (default: one `arrest()`). */
export function expectArrestRow(remedy: RemedyId, spec: RecordSpec, expected: Expected): void {
  const result = evaluateRaw(record({ ...spec, arrests: spec.arrests ?? [arrest()] }));
  const found = result.arrestResults?.[0]?.remedies.find((r) => r.remedy === remedy);
  expectFound(result, found, remedy, expected);
}

function expectFound(
  result: EligibilityResult,
  found: RemedyResult | undefined,
  remedy: RemedyId,
  expected: Expected,
): void {
  if (expected === 'omitted') {
    expect(found).toBeUndefined();
    return;
  }
  expect(found, `${remedy} missing from ${JSON.stringify(result)}`).toBeDefined();
  expect(found?.determination, JSON.stringify(found?.reasons)).toBe(expected.determination);
  expect(found?.eligibleOn).toBe(expected.eligibleOn ?? null);
  if (expected.code !== undefined) {
    expect(found?.reasons.map((r) => r.code)).toContain(expected.code);
  }
  if (expected.citation !== undefined) {
    const cited = found?.reasons.find((r) => r.code === expected.code)?.citation;
    expect(cited, `citation of ${expected.code}`).toBe(expected.citation);
  }
  if (expected.rulesVersion !== undefined) expect(result.rulesVersion).toBe(expected.rulesVersion);
}
