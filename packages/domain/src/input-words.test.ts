// Every refusal of every schema the desk exports is in the desk's words: each schema is fed inputs of
// every wrong shape (and, through its own fields, values too long, too short and not allowed), and no
// message may be zod's own wording.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as domain from './index.ts';
import { sayRefusalsInWords } from './input-words.ts';

sayRefusalsInWords();

/** zod's own wording, as its English messages begin. */
const ZOD_WORDING =
  /^(Too big|Too small|Invalid input|Invalid option|Invalid string|Invalid|Unrecognized key|Expected)/;

const schemas: [string, z.ZodType][] = Object.entries(domain as Record<string, unknown>).flatMap(
  ([name, value]) => (value instanceof z.ZodType ? [[name, value] as [string, z.ZodType]] : []),
);

/** Inputs of every wrong shape, and each object field given each wrong shape in turn. */
function hostileInputs(schema: z.ZodType): unknown[] {
  const long = 'x'.repeat(100_001);
  const shapes: unknown[] = [
    undefined,
    null,
    0,
    -1,
    1.5,
    1e12,
    '',
    long,
    true,
    [],
    [long],
    {},
    { unknown: 1 },
  ];
  const object = schema instanceof z.ZodObject ? schema : null;
  if (!object) return shapes;
  return [
    ...shapes,
    ...Object.keys(object.shape).flatMap((key) => shapes.map((value) => ({ [key]: value }))),
  ];
}

describe('refusals in the desk’s words', () => {
  it('finds the schemas to check', () => {
    expect(schemas.length).toBeGreaterThan(50);
  });

  it('no schema the desk exports answers any input in zod’s own words', () => {
    const found = new Map<string, string>();
    let issues = 0;
    for (const [name, schema] of schemas)
      for (const input of hostileInputs(schema)) {
        const result = schema.safeParse(input);
        if (result.success) continue;
        for (const issue of result.error.issues) {
          issues++;
          if (ZOD_WORDING.test(issue.message)) found.set(`${name} ${issue.path.join('.')}`, issue.message);
        }
      }
    expect(issues).toBeGreaterThan(1000);
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('says each kind of refusal in words a person can act on', () => {
    const said = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.message;
    expect(said(z.string().max(8000), 'x'.repeat(8001))).toBe('Use at most 8000 characters.');
    expect(said(z.string().min(1), '')).toBe('This is required: fill it in.');
    expect(said(z.string().min(2), 'x')).toBe('Use at least 2 characters.');
    expect(said(z.number().int().positive(), 0)).toBe('Use a number above 0.');
    expect(said(z.number().max(10), 11)).toBe('Use a number no larger than 10.');
    expect(said(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('Give at most 2 items.');
    expect(said(z.object({ a: z.string() }), 'x')).toBe('Give an object (fields in braces) here, not text.');
    expect(said(z.object({ a: z.string() }), {})).toBe('This is required: fill it in.');
    expect(said(z.number().int(), Number.NaN)).toBe('Enter a number.');
    expect(said(z.number().int(), 1.5)).toBe('Use a whole number.');
    expect(said(z.number(), Number.POSITIVE_INFINITY)).toBe('Use a number of ordinary size.');
    expect(said(z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g']), 'x')).toBe(
      'Choose one of the options offered here.',
    );
    expect(said(z.enum(['phone', 'email']), 'fax')).toBe('Choose one of “phone” or “email”.');
    expect(said(z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toBe(
      'Remove the field “b”: the desk does not know it.',
    );
    // A schema's own message wins.
    expect(said(z.string().max(3, 'Use at most 3 letters of the code.'), 'abcd')).toBe(
      'Use at most 3 letters of the code.',
    );
  });
});
