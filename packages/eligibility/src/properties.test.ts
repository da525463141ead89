// Property tests: for any schema-valid record the evaluation is total and keeps its promises.
import { DETERMINATIONS, REMEDY_IDS } from '@relief-desk/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { evaluateRecord } from './evaluate.ts';
import {
  ARREST_DISPOSITIONS,
  type EligibilityInput,
  LEVELS,
  parseEligibilityInput,
  SENTENCE_KINDS,
} from './schema.ts';
import * as lists from './section-lists.ts';
import { CLEAN_PERSON } from './test-support.ts';

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
      offenseBefore: fc.option(fc.integer({ min: 0, max: 3 * 365 })),
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
        offenseDate: c.offenseBefore === null ? null : addDays(convictionDate, -c.offenseBefore),
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
    // 400 records take about 3 s alone; on a shared two-core machine, beside the other files, over 5 s.
  }, 30_000);

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

// ---------------------------------------------------------------------------------------------
// Reason text is read by staff and copied into decisions: it names other convictions and arrests as
// the matter page does (code, section, level, case number), never by their database ids.

/** A database id as the app makes them (a ULID), e.g. 01M8ZSVD723NX9R2SQSXYFD7BB. */
const ulidArb = fc
  .array(fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'), { minLength: 26, maxLength: 26 })
  .map((chars) => chars.join(''));

/** Sections that make rules name other records: same-section priors, abuse patterns, later felonies. */
const namingSectionArb = fc.oneof(
  { arbitrary: fc.constant({ code: 'HS', section: '11359' }), weight: 3 },
  { arbitrary: fc.constant({ code: 'PC', section: '273.5' }), weight: 3 },
  fc.constantFrom(
    { code: 'HS', section: '11359' },
    { code: 'HS', section: '11350(a)' },
    { code: 'PC', section: '273.5' },
    { code: 'PC', section: '243(e)(1)' },
    { code: 'PC', section: '368' },
    { code: 'VC', section: '10851(a)' },
  ),
  sectionArb,
);

/** Mostly a clean "no", so that rules get as far as naming other records. */
const mostlyNo = fc.constantFrom(false, false, false, false, true, null);

function namingRecordArb() {
  return fc
    .integer({ min: 0, max: 6 * 365 })
    .map((n) => addDays('2022-01-01', n))
    .chain((asOf) => {
      const dayWithin = (years: number) =>
        fc.integer({ min: 1, max: years * 365 }).map((d) => addDays(asOf, -d));
      const conviction = fc.record({
        id: ulidArb,
        written: namingSectionArb,
        caseNumber: fc.option(fc.constantFrom('AL2-14-CR-0099', '16CR01234', 'BA123456'), { freq: 3 }),
        level: fc.constantFrom(...LEVELS),
        convictionDate: dayWithin(12),
        kind: fc.constantFrom(...SENTENCE_KINDS),
        endAfter: fc.option(fc.integer({ min: 0, max: 2 * 365 }), { freq: 8 }),
        probationViolated: mostlyNo,
        wobbler: maybe,
      });
      const arrest = fc.record({
        id: ulidArb,
        written: namingSectionArb,
        level: fc.constantFrom(...LEVELS),
        date: dayWithin(6),
        disposition: fc.constantFrom(...ARREST_DISPOSITIONS),
      });
      return fc.record({
        asOf: fc.constant(asOf),
        person: fc.record({
          currentlyCharged: mostlyNo,
          underSupervision: mostlyNo,
          servingSentence: mostlyNo,
          requiredToRegisterPC290: mostlyNo,
          hasSuperstrikePrior: mostlyNo,
        }),
        convictions: fc.uniqueArray(conviction, { maxLength: 6, selector: (c) => c.id }).map((cs) =>
          cs.map((c) => ({
            id: c.id,
            code: c.written.code,
            section: c.written.section,
            caseNumber: c.caseNumber,
            level: c.level,
            wobbler: c.wobbler,
            convictionDate: c.convictionDate,
            sentence: {
              kind: c.kind,
              endDate: c.endAfter === null ? null : addDays(c.convictionDate, c.endAfter),
              probationViolated: c.probationViolated,
            },
          })),
        ),
        arrests: fc.uniqueArray(arrest, { maxLength: 7, selector: (a) => a.id }).map((as) =>
          as.map((a) => ({
            id: a.id,
            date: a.date,
            code: a.written.code,
            section: a.written.section,
            level: a.level,
            disposition: a.disposition,
          })),
        ),
      });
    });
}

describe('reason text never shows record ids', () => {
  it('over every rule, no reason names a conviction or arrest by its id', () => {
    const naming = new Set<string>();
    fc.assert(
      fc.property(namingRecordArb(), (raw) => {
        const input = validated(raw);
        const ids = [...input.convictions.map((c) => c.id), ...(input.arrests ?? []).map((a) => a.id)];
        const result = evaluateRecord(input);
        const remedies = [...result.results, ...(result.arrestResults ?? [])].flatMap((r) => r.remedies);
        for (const reason of remedies.flatMap((r) => r.reasons)) {
          for (const id of ids) expect(reason.text).not.toContain(id);
          if (/\bcase |, convicted |, arrest of /.test(reason.text)) naming.add(reason.code);
        }
      }),
      // A fixed seed: the check below, that the generator reaches every such reason, must not depend
      // on the draw (an unlucky one missed a rare reason once). Change it only to one that passes.
      { numRuns: 800, seed: 20261204 },
    );
    // The generator reaches every reason that names other records, so the check above means something.
    for (const code of [
      'abuse_pattern',
      'later_conviction',
      'later_felony_after_window',
      'later_offense_does_not_undo',
      'new_felony_within_four_years',
      'review_same_section_priors',
    ])
      expect([...naming]).toContain(code);
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------
// Reason text writes dates as the rest of the app does ("Jun 24, 2008"), never as YYYY-MM-DD: every
// reason is made through one helper (rules/context.ts, `said`) that formats the dates it is given.

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
/** A date as the app writes it, e.g. "Jun 24, 2008" or "Jan 1, 2023". */
const READABLE_DATE = /\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b/;

/** Any record over every rule: all the facts the rules ask for, old and new dates, arrests. */
/** Prop 47's drug possession sections, which it reaches whatever the value. */
const possessionArb = fc.constantFrom(
  ...lists.PROP47_POSSESSION.map((entry) => ({ code: 'HS', section: entry.replace('HS ', '') })),
);

function datedRecordArb() {
  return fc
    .oneof(
      fc.integer({ min: 0, max: 11 * 365 }).map((n) => addDays('2021-01-01', n)),
      // Before SB 749 took effect, when Prop 47 applications needed good cause.
      fc.integer({ min: 0, max: 338 }).map((n) => addDays('2022-11-05', n)),
    )
    .chain((asOf) => {
      const conviction = fc.record({
        written: fc.oneof(namingSectionArb, sectionArb, possessionArb),
        caseNumber: fc.option(fc.constantFrom('AL2-14-CR-0099', '16CR01234'), { freq: 2 }),
        level: fc.constantFrom(...LEVELS),
        wobbler: maybe,
        daysBefore: fc.oneof(fc.integer({ min: 0, max: 6 * 365 }), fc.integer({ min: 0, max: 40 * 365 })),
        kind: fc.constantFrom(...SENTENCE_KINDS),
        endAfter: fc.option(fc.integer({ min: 0, max: 12 * 365 }), { freq: 8 }),
        probationViolated: mostlyNo,
        probationTerminatedEarly: mostlyNo,
        mandatorySupervision: maybe,
        executionSuspended: maybe,
        valueOver950: maybe,
        forgedInstrumentListed: maybe,
        enteredOpenCommercialEstablishment: maybe,
        dejCompleted: maybe,
        resultOfTrafficking: maybe,
        reliefAlreadyGranted: fc.option(fc.constantFrom(...REMEDY_IDS), { freq: 8 }),
      });
      const arrest = fc.record({
        written: fc.oneof(namingSectionArb, sectionArb),
        level: fc.constantFrom(...LEVELS),
        daysBefore: fc.integer({ min: 0, max: 12 * 365 }),
        disposition: fc.constantFrom(...ARREST_DISPOSITIONS),
        disposedAfter: fc.option(fc.integer({ min: 0, max: 3 * 365 })),
        resultOfTrafficking: maybe,
        reliefAlreadyGranted: fc.option(fc.constantFrom(...REMEDY_IDS), { freq: 8 }),
      });
      return fc.record({
        asOf: fc.constant(asOf),
        person: fc.oneof(
          fc.constant(CLEAN_PERSON),
          fc.record({
            currentlyCharged: mostlyNo,
            underSupervision: mostlyNo,
            servingSentence: mostlyNo,
            requiredToRegisterPC290: mostlyNo,
            hasSuperstrikePrior: mostlyNo,
          }),
        ),
        convictions: fc.array(conviction, { maxLength: 4 }).map((cs) =>
          cs.map(({ written, daysBefore, kind, endAfter, ...c }, i) => {
            const convictionDate = addDays(asOf, -daysBefore);
            // An offense date for two convictions in three, taken from the draw rather than added to
            // it, so the records drawn stay those the reason codes below were checked against.
            const offenseBefore = daysBefore % 3 === 0 ? null : daysBefore % 700;
            return {
              ...c,
              id: `c${i + 1}`,
              code: written.code,
              section: written.section,
              convictionDate,
              offenseDate: offenseBefore === null ? null : addDays(convictionDate, -offenseBefore),
              sentence: {
                kind,
                endDate: endAfter === null ? null : addDays(convictionDate, endAfter),
                probationViolated: c.probationViolated,
                probationTerminatedEarly: c.probationTerminatedEarly,
                mandatorySupervision: c.mandatorySupervision,
                executionSuspended: c.executionSuspended,
              },
            };
          }),
        ),
        arrests: fc.array(arrest, { maxLength: 4 }).map((as) =>
          as.map(({ written, daysBefore, disposedAfter, ...a }, i) => {
            const date = addDays(asOf, -daysBefore);
            return {
              ...a,
              id: `a${i + 1}`,
              date,
              code: written.code,
              section: written.section,
              dispositionDate:
                disposedAfter === null ? null : addDays(date, Math.min(disposedAfter, daysBefore)),
            };
          }),
        ),
      });
    });
}

describe('reason text writes dates as the app does', () => {
  it('over every rule and many records, no reason shows a date as YYYY-MM-DD', () => {
    const dated = new Set<string>();
    const remedies = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(datedRecordArb(), namingRecordArb()), (raw) => {
        const result = evaluateRecord(validated(raw));
        for (const remedy of [...result.results, ...(result.arrestResults ?? [])].flatMap(
          (r) => r.remedies,
        )) {
          remedies.add(remedy.remedy);
          for (const reason of remedy.reasons) {
            expect(reason.text).not.toMatch(ISO_DATE);
            if (READABLE_DATE.test(reason.text)) dated.add(reason.code);
          }
        }
      }),
      // A fixed seed, as above: the checks below must not depend on the draw.
      { numRuns: 1500, seed: 20261207 },
    );
    // The generator reaches every remedy and every reason that gives a date, so the check above means
    // something. Not here: automatic_relief_operating and felony_arrest_relief_operating, never shown
    // (their wait is pushed only while it is ahead); and the later_felony_* reasons, too rare for the
    // draw, which name the convictions as later_felony_after_window does (pc1203_425-later-felony.test.ts).
    expect([...remedies].sort()).toEqual([...REMEDY_IDS].sort());
    for (const code of [
      'abuse_pattern',
      'arrest_before_covered_period',
      'arrest_wait_not_passed',
      'arrest_wait_passed',
      'automatic_relief_not_operating',
      'conviction_before_covered_period',
      'felony_arrest_relief_not_operating',
      'felony_path_not_enacted',
      'four_years_not_passed',
      'four_years_passed',
      'good_cause_required',
      'later_conviction',
      'later_felony_after_window',
      'later_offense_does_not_undo',
      'limitation_period_run',
      'limitation_period_running',
      'missing_refiling',
      'missing_offense_date',
      'new_felony_within_four_years',
      'offense_after_prop47',
      'offense_after_prop64',
      'outside_dej_period',
      'pre_realignment_prison',
      'prison_before_sb731',
      'probation_completed',
      'probation_not_ended',
      'review_same_section_priors',
      'sentence_completed',
      'sentence_not_completed',
      'waiting_period',
      'waiting_period_passed',
      'year_not_passed',
      'year_since_judgment',
    ])
      expect([...dated]).toContain(code);
  }, 60_000);
});
