import { describe, expect, it } from 'vitest';
import { parseEligibilityInput, parseEligibilityJson } from './schema.ts';
import { conviction, record } from './test-support.ts';

function errorsOf(raw: unknown) {
  const parsed = parseEligibilityInput(raw);
  if (parsed.ok) throw new Error('expected the input to be invalid');
  return parsed.errors;
}

describe('eligibilityInputSchema', () => {
  it('accepts the documented example', () => {
    expect(parseEligibilityInput(record()).ok).toBe(true);
  });

  it('treats an omitted person and omitted optional fields as unknown (null)', () => {
    const { wobbler: _w, valueOver950: _v, reliefAlreadyGranted: _r, ...bare } = conviction();
    const parsed = parseEligibilityInput({
      asOf: '2026-11-28',
      convictions: [{ ...bare, sentence: { kind: 'probation' } }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.person.currentlyCharged).toBeNull();
    expect(parsed.input.convictions[0]?.wobbler).toBeNull();
    expect(parsed.input.convictions[0]?.sentence.endDate).toBeNull();
    expect(parsed.input.convictions[0]?.reliefAlreadyGranted).toBeNull();
    expect(parsed.input.convictions[0]?.offenseDate).toBeNull();
  });

  it('takes an offense date on or before the conviction date', () => {
    const parsed = parseEligibilityInput(
      record({ conviction: { convictionDate: '2016-04-12', offenseDate: '2016-04-12' } }),
    );
    expect(parsed.ok && parsed.input.convictions[0]?.offenseDate).toBe('2016-04-12');
  });

  it('normalises the case of code, level and sentence kind', () => {
    const parsed = parseEligibilityInput(
      record({ conviction: { code: 'hs', level: 'Felony', sentence: { kind: 'PROBATION' } } }),
    );
    expect(parsed.ok && parsed.input.convictions[0]).toMatchObject({
      code: 'HS',
      level: 'felony',
      sentence: { kind: 'probation' },
    });
  });

  it.each([
    ['asOf missing', { convictions: [] }, 'asOf'],
    ['asOf not a real date', { asOf: '2026-02-30', convictions: [] }, 'asOf'],
    ['asOf in another format', { asOf: '11/28/2026', convictions: [] }, 'asOf'],
    ['asOf before the first rules version', { asOf: '2020-06-01', convictions: [] }, 'asOf'],
    ['convictions not a list', { asOf: '2026-11-28', convictions: {} }, 'convictions'],
    ['bad level', record({ conviction: { level: 'violation' } }), 'convictions.0.level'],
    [
      'bad sentence kind',
      record({ conviction: { sentence: { kind: 'house_arrest' } } }),
      'convictions.0.sentence.kind',
    ],
    [
      'bad endDate',
      record({ conviction: { sentence: { endDate: '2018-02-31' } } }),
      'convictions.0.sentence.endDate',
    ],
    ['bad code', record({ conviction: { code: 'P.C.' } }), 'convictions.0.code'],
    ['empty section', record({ conviction: { section: '  ' } }), 'convictions.0.section'],
    ['wobbler as a string', record({ conviction: { wobbler: 'yes' } }), 'convictions.0.wobbler'],
    ['person fact as a string', record({ person: { currentlyCharged: 'no' } }), 'person.currentlyCharged'],
    [
      'unknown remedy id',
      record({ conviction: { reliefAlreadyGranted: 'pc1203.5' } }),
      'convictions.0.reliefAlreadyGranted',
    ],
    [
      'conviction after asOf',
      record({ conviction: { convictionDate: '2027-01-01', sentence: { endDate: null } } }),
      'convictions.0.convictionDate',
    ],
    [
      'endDate before the conviction',
      record({ conviction: { sentence: { endDate: '2010-01-01' } } }),
      'convictions.0.sentence.endDate',
    ],
    [
      'offenseDate after the conviction',
      record({ conviction: { offenseDate: '2016-04-13' } }),
      'convictions.0.offenseDate',
    ],
    [
      'offenseDate not a real date',
      record({ conviction: { offenseDate: '2015-02-29' } }),
      'convictions.0.offenseDate',
    ],
    ['duplicate ids', { asOf: '2026-11-28', convictions: [conviction(), conviction()] }, 'convictions.1.id'],
    ['not an object', [1, 2], ''],
  ])('%s -> error at "%s"', (_name, raw, path) => {
    const errors = errorsOf(raw);
    expect(errors.map((e) => e.path)).toContain(path);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
  });

  it('messages say how to fix the value', () => {
    const [error] = errorsOf(record({ conviction: { level: 'violation' } }));
    expect(error?.message).toBe('level must be one of: felony, misdemeanor, infraction');
  });

  it('invalid JSON is one error at path ""', () => {
    const parsed = parseEligibilityJson('{"asOf": ');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.path).toBe('');
  });
});

describe('arrests in the input', () => {
  const base = {
    asOf: '2026-11-28',
    convictions: [],
  };
  const anArrest = {
    id: 'a1',
    date: '2019-05-02',
    code: 'pc',
    section: '484(a)',
    level: 'Misdemeanor',
    disposition: 'No_Charges',
    dispositionDate: null,
  };

  it('is optional, and accepted with any case for level and disposition', () => {
    const parsed = parseEligibilityInput({ ...base, arrests: [anArrest] });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.input.arrests?.[0]).toMatchObject({
        code: 'PC',
        level: 'misdemeanor',
        disposition: 'no_charges',
      });
    }
    const without = parseEligibilityInput(base);
    expect(without.ok && without.input.arrests).toBeUndefined();
  });

  it.each([
    [{ disposition: 'closed' }, 'arrests.0.disposition', 'disposition must be one of'],
    [{ date: '2027-01-01' }, 'arrests.0.date', 'after asOf'],
    [{ dispositionDate: '2019-01-01' }, 'arrests.0.dispositionDate', 'before the arrest date'],
    [{ dispositionDate: '2027-01-01' }, 'arrests.0.dispositionDate', 'pending'],
  ])('refuses %j with a message at its path', (change, path, message) => {
    const parsed = parseEligibilityInput({ ...base, arrests: [{ ...anArrest, ...change }] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors).toContainEqual({ path, message: expect.stringContaining(message) });
    }
  });

  it('refuses the same arrest id twice', () => {
    const parsed = parseEligibilityInput({ ...base, arrests: [anArrest, anArrest] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.path).toBe('arrests.1.id');
  });
});
