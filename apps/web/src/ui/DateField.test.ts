// A date the browser could not read (02/30/2026) reaches a form as "", like an empty box: every date
// box in the app is a DateField, and every form refuses such a date on its field rather than saving
// it as "not entered".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputResolver } from '../lib/checkInput.ts';
import { UNREADABLE_DATE, unreadableDateErrors } from './DateField.tsx';

const SOURCE = join(import.meta.dirname, '..');

function sourceFiles(folder = SOURCE): { path: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return [{ path: relative(SOURCE, path), text: readFileSync(path, 'utf8') }];
  });
}

/** A date box as the browser leaves it: `typed` is false for an empty box, true for one it could not read. */
function dateBox(name: string, unreadable: boolean) {
  return { name, type: 'date', value: '', validity: { badInput: unreadable } };
}

describe('date boxes', () => {
  const files = sourceFiles();

  it('are all DateFields, so none reads an impossible date as "not entered"', () => {
    const rawDateBoxes = files
      .filter((f) => f.path !== join('ui', 'DateField.tsx'))
      .filter((f) => /type\s*(=\s*\{?|:)\s*['"`]date['"`]/.test(f.text))
      .map((f) => f.path);
    expect(rawDateBoxes).toEqual([]);
  });

  it('are checked by every form: react-hook-form ones through inputResolver, the others themselves', () => {
    const formsWithoutTheCheck = files
      .filter((f) => /\buseForm\b/.test(f.text) && f.path !== join('lib', 'checkInput.ts'))
      .filter((f) => !f.text.includes('inputResolver(') || f.text.includes('zodResolver'))
      .map((f) => f.path);
    expect(formsWithoutTheCheck).toEqual([]);
    const unregisteredUnchecked = files.flatMap((f) =>
      [...f.text.matchAll(/<DateField\b[\s\S]*?\/>/g)]
        .filter(([box]) => !/\bregister\(/.test(box) && !f.text.includes('unreadableDateErrors('))
        .map(([box]) => `${f.path}: ${box.replace(/\s+/g, ' ')}`),
    );
    expect(unregisteredUnchecked).toEqual([]);
    // The check must find the box: a DateField outside react-hook-form needs its name.
    const unnamed = files.flatMap((f) =>
      [...f.text.matchAll(/<DateField\b[\s\S]*?\/>/g)]
        .filter(([box]) => !/\bregister\(|\bname=/.test(box))
        .map(([box]) => `${f.path}: ${box.replace(/\s+/g, ' ')}`),
    );
    expect(unnamed).toEqual([]);
  });
});

describe('a form with a date the browser could not read', () => {
  const schema = z.object({
    decidedOn: z.string().min(1, 'Enter a date such as 03/07/2027.'),
    endDate: z.string().nullable(),
    petitions: z.array(z.object({ hearingOn: z.string().nullable() })),
  });
  const values = { decidedOn: '2026-03-01', endDate: null, petitions: [{ hearingOn: null }] };
  const check = (fields: Record<string, unknown>, names: string[], typed = values) =>
    inputResolver(schema)(typed, undefined, {
      names,
      fields: fields as never,
      criteriaMode: 'firstError',
      shouldUseNativeValidation: false,
    });

  it('refuses an optional date on its field instead of saving it as not entered', async () => {
    const result = await check({ endDate: { name: 'endDate', ref: dateBox('endDate', true) } }, ['endDate']);
    expect(result.values).toEqual({});
    expect(result.errors).toMatchObject({ endDate: { message: UNREADABLE_DATE } });
    expect(UNREADABLE_DATE).toBe('That is not a real date: check the day, month and year.');
  });

  it('says a required date is not real, not that it is missing', async () => {
    const result = await check(
      { decidedOn: { name: 'decidedOn', ref: dateBox('decidedOn', true) } },
      ['decidedOn'],
      { ...values, decidedOn: '' },
    );
    expect(result.errors).toEqual({ decidedOn: expect.objectContaining({ message: UNREADABLE_DATE }) });
  });

  it('refuses a date in a list of rows on its own row', async () => {
    const result = await check(
      {
        petitions: [
          { hearingOn: { name: 'petitions.0.hearingOn', ref: dateBox('petitions.0.hearingOn', true) } },
        ],
      },
      ['petitions.0.hearingOn'],
    );
    expect(result.errors).toMatchObject({ petitions: [{ hearingOn: { message: UNREADABLE_DATE } }] });
  });

  it('lets an empty optional date through as not entered', async () => {
    const result = await check({ endDate: { name: 'endDate', ref: dateBox('endDate', false) } }, ['endDate']);
    expect(result.errors).toEqual({});
    expect(result.values).toEqual(values);
  });

  it('is found among a form’s boxes by name, for forms outside react-hook-form', () => {
    const boxes = [
      dateBox('from', false),
      dateBox('to', true),
      { name: 'person', type: 'text', validity: {} },
    ];
    expect(unreadableDateErrors(boxes)).toEqual({ to: UNREADABLE_DATE });
  });
});
