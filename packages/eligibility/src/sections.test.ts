import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchEntry, parseSection } from './sections.ts';

describe('parseSection', () => {
  it.each([
    ['PC', '484(a)', '484', ['a'], false, null],
    ['HS', '11350(a)', '11350', ['a'], false, null],
    ['PC', '459.5', '459.5', [], false, null],
    ['PC', '288(c)', '288', ['c'], false, null],
    ['PC', '664/459', '459', [], true, null],
    ['PC', '459/664', '459', [], true, null],
    ['PC', '664(a)/187(a)', '187', ['a'], true, null],
    ['PC', 'attempted 211', '211', [], true, null],
    ['PC', 'Attempt 459 2nd', '459', [], true, 2],
    ['PC', ' 245 (a) (1) ', '245', ['a', '1'], false, null],
    ['PC', '245a1', '245', ['a', '1'], false, null],
    ['PC', 'PC 245(a)(1)', '245', ['a', '1'], false, null],
    ['pc', '§ 484(A)', '484', ['a'], false, null],
    ['HS', '11360(a)(3)(C)', '11360', ['a', '3', 'c'], false, null],
    ['PC', '476a', '476a', [], false, null],
    ['PC', '476A(a)', '476a', ['a'], false, null],
    ['PC', '288a(c)', '288a', ['c'], false, null],
    ['HS', '11350a', '11350', ['a'], false, null],
    ['PC', '459 2nd', '459', [], false, 2],
    ['PC', '459 second degree', '459', [], false, 2],
    ['PC', '459 (1st)', '459', [], false, 1],
    ['PC', '460(b)', '459', [], false, 2],
    ['PC', '459/460(a)', '459', [], false, 1],
    ['VC', '23152(a)/(b)', '23152', ['a'], false, null],
    ['VC', '14601.1(a)', '14601.1', ['a'], false, null],
    ['PC', '667(e)(2)(C)(iv)', '667', ['e', '2', 'c', 'iv'], false, null],
    ['PC', '11350 misd', '11350', [], false, null],
    ['PC', 'unknown', null, [], false, null],
    ['PC', '???', null, [], false, null],
  ] as const)('%s %s', (code, section, base, subdivisions, attempt, degree) => {
    const parsed = parseSection(code, section);
    expect(parsed.base).toBe(base);
    expect(parsed.subdivisions).toEqual(subdivisions);
    expect(parsed.attempt).toBe(attempt);
    expect(parsed.degree).toBe(degree);
    expect(parsed.code).toBe(code.toUpperCase());
  });
});

describe('matchEntry', () => {
  it.each([
    ['PC', '288(c)(1)', 'PC 288(c)', 'yes'],
    ['PC', '288', 'PC 288(c)', 'maybe'],
    ['PC', '288(a)', 'PC 288(c)', 'no'],
    ['PC', '288(b)', 'PC 288', 'yes'],
    ['VC', '2800.2', 'VC 2800', 'no'],
    ['HS', '288(c)', 'PC 288(c)', 'no'],
    ['PC', '459', 'PC 459 2nd', 'maybe'],
    ['PC', '459 1st', 'PC 459 2nd', 'no'],
    ['PC', '460(b)', 'PC 459 2nd', 'yes'],
    ['PC', 'unknown', 'PC 288', 'no'],
    ['HS', '11360(a)(3)', 'HS 11360(a)(3)(c)', 'maybe'],
  ] as const)('%s %s against %s -> %s', (code, section, entry, expected) => {
    expect(matchEntry(parseSection(code, section), entry)).toBe(expected);
  });
});

describe('parseSection on anything a person might type', () => {
  it('never throws and returns lower-case subdivisions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), fc.string({ maxLength: 40 }), (code, section) => {
        const parsed = parseSection(code, section);
        for (const s of parsed.subdivisions) expect(s).toBe(s.toLowerCase());
        expect(parsed.base === null || /^\d/.test(parsed.base)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
