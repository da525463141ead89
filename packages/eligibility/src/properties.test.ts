// Property tests: for any schema-valid record the evaluation is total and keeps its promises.
import { DETERMINATIONS, REMEDY_IDS } from '@relief-desk/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { evaluateRecord } from './evaluate.ts';
import { type EligibilityInput, LEVELS, parseEligibilityInput, SENTENCE_KINDS } from './schema.ts';
import * as lists from './section-lists.ts';

const listedSections = Object.values(lists)
  .flatMap((value) => (Array.isArray(value) ? value : Object.keys(value)))
  .map((entry: string) => {
    const [code = 'PC', ...section] = entry.split(' ');
    return { code, section: section.join(' ') };
  });

const maybe = fc.constantFrom(true, false, null);

const sectionArb = fc.oneof(
  fc.constantFrom(...listedSections),
  fc.record({
    code: fc.constantFrom('PC', 'HS', 'VC', 'BP', 'WI', 'pc', 'Vc'),
    section: fc.oneof(
      fc.constantFrom(
        '664/459',
        'attempted 288(c)',
        '459 2nd',
        '460(a)',
        '245a1',
        'unknown',
        '11360 (a)(3)(C)',
      ),
      fc.string({ minLength: 1, maxLength: 14 }).filter((s) => s.trim().length > 0),
    ),
  }),
);

function convictionArb(asOf: string) {
  return fc
    .record({
      written: sectionArb,
      level: fc.constantFrom(...LEVELS),
      wobbler: maybe,
      daysBefore: fc.integer({ min: 0, max: 50 * 365 }),
      kind: fc.constantFrom(...SENTENCE_KINDS),
      endAfter: fc.option(fc.integer({ min: 0, max: 15 * 365 })),
      probationViolated: maybe,
      probationTerminatedEarly: maybe,
      mandatorySupervision: maybe,
      valueOver950: maybe,
      reliefAlreadyGranted: fc.option(fc.constantFrom(...REMEDY_IDS), { freq: 5 }),
    })
    .map((c) => {
      const convictionDate = addDays(asOf, -c.daysBefore);
      return {
        code: c.written.code,
        section: c.written.section,
        level: c.level,
        wobbler: c.wobbler,
        convictionDate,
        sentence: {
          kind: c.kind,
          endDate: c.endAfter === null ? null : addDays(convictionDate, c.endAfter),
          probationViolated: c.probationViolated,
          probationTerminatedEarly: c.probationTerminatedEarly,
          mandatorySupervision: c.mandatorySupervision,
        },
        valueOver950: c.valueOver950,
        reliefAlreadyGranted: c.reliefAlreadyGranted,
      };
    });
}

/** Raw records as a client would send them: person facts may be omitted, true, false or null. */
function recordArb(firstDay = '2021-01-01') {
  return fc
    .integer({ min: 0, max: 10 * 365 })
    .map((n) => addDays(firstDay, n))
    .chain((asOf) =>
      fc.record({
        asOf: fc.constant(asOf),
        person: fc.record(
          {
            currentlyCharged: maybe,
            underSupervision: maybe,
            servingSentence: maybe,
            requiredToRegisterPC290: maybe,
            hasSuperstrikePrior: maybe,
          },
          { requiredKeys: [] },
        ),
        convictions: fc
          .array(convictionArb(asOf), { maxLength: 5 })
          .map((cs) => cs.map((c, i) => ({ id: `c${i + 1}`, ...c }))),
      }),
    );
}

function validated(raw: unknown): EligibilityInput {
  const parsed = parseEligibilityInput(raw);
  if (!parsed.ok) throw new Error(`generator produced an invalid record: ${JSON.stringify(parsed.errors)}`);
  return parsed.input;
}

describe('evaluateRecord properties', () => {
  it('never throws and keeps the output contract for any valid record', () => {
    fc.assert(
      fc.property(recordArb(), (raw) => {
        const input = validated(raw);
        const result = evaluateRecord(input);
        expect(result.asOf).toBe(input.asOf);
        expect(result.results.map((r) => r.convictionId)).toEqual(input.convictions.map((c) => c.id));
        for (const conviction of result.results) {
          const order = conviction.remedies.map((r) => REMEDY_IDS.indexOf(r.remedy));
          expect(order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] ?? -1)))).toBe(true);
          for (const remedy of conviction.remedies) {
            expect(DETERMINATIONS).toContain(remedy.determination);
            expect(remedy.reasons.length).toBeGreaterThan(0);
            for (const reason of remedy.reasons) {
              expect(reason.citation.trim()).not.toBe('');
              expect(reason.code).toMatch(/^[a-z0-9_]+$/);
              expect(reason.text.trim()).not.toBe('');
            }
            if (remedy.determination === 'eligible_later') {
              expect(remedy.eligibleOn).not.toBeNull();
              expect((remedy.eligibleOn ?? '') > input.asOf).toBe(true);
            } else {
              expect(remedy.eligibleOn).toBeNull();
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('on the eligibleOn date the same remedy is no longer eligible_later (latest rules)', () => {
    fc.assert(
      fc.property(recordArb('2024-01-01'), (raw) => {
        const input = validated(raw);
        const result = evaluateRecord(input);
        result.results.forEach((conviction) => {
          for (const remedy of conviction.remedies) {
            if (remedy.eligibleOn === null) continue;
            const later = evaluateRecord({ ...input, asOf: remedy.eligibleOn });
            const again = later.results
              .find((r) => r.convictionId === conviction.convictionId)
              ?.remedies.find((r) => r.remedy === remedy.remedy);
            expect(again?.determination).toBeDefined();
            expect(again?.determination).not.toBe('eligible_later');
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('validation never throws on arbitrary JSON and reports dotted string paths', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseEligibilityInput(value);
        if (!parsed.ok) {
          expect(parsed.errors.length).toBeGreaterThan(0);
          for (const e of parsed.errors) {
            expect(typeof e.path).toBe('string');
            expect(e.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
