// zod's own refusals in the desk's words. Most schemas say what is wrong where they are written ("Use
// at most 200 characters."); whatever they leave to zod ("Too big: expected string to have <=8000
// characters", "Invalid input: expected object, received string") reaches people as the message
// beside a field, so it is said here once, for every schema of the server and the web app, in the
// same plain words (sayRefusalsInWords). A message a schema gives itself always wins.
import { config, type z } from 'zod';

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object (fields in braces)',
  array: 'a list',
  date: 'a date',
  null: 'nothing (null)',
  undefined: 'nothing',
  bigint: 'a whole number',
};

const nameOfType = (type: string) => TYPE_NAMES[type] ?? type;

function nameOfValue(input: unknown): string {
  if (input === null) return 'nothing (null)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number' && Number.isInteger(input)) return 'a whole number';
  return nameOfType(typeof input);
}

/** "a, b or c". */
function listOf(values: readonly unknown[]): string {
  const named = values.map((v) => (typeof v === 'string' ? `“${v}”` : String(v)));
  return named.length < 2 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} or ${named.at(-1)}`;
}

const many = (n: number | bigint, one: string, several: string) => `${n} ${Number(n) === 1 ? one : several}`;

/** The desk's words for an issue zod would otherwise word itself; undefined leaves zod's. */
export function inputInWords(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This is required: fill it in.';
      // A number field left empty or typed as words reaches the schema as NaN.
      if (Number.isNaN(issue.input)) return 'Enter a number.';
      if (typeof issue.input === 'number') {
        if (!Number.isFinite(issue.input)) return 'Use a number of ordinary size.';
        if (issue.expected === 'int') return 'Use a whole number.';
      }
      return `Give ${nameOfType(issue.expected)} here, not ${nameOfValue(issue.input)}.`;
    case 'too_big': {
      const { maximum, origin } = issue;
      const most = issue.inclusive === false ? Number(maximum) - 1 : maximum;
      if (origin === 'string') return `Use at most ${many(most, 'character', 'characters')}.`;
      if (origin === 'array' || origin === 'set') return `Give at most ${many(most, 'item', 'items')}.`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint')
        return issue.inclusive === false
          ? `Use a number below ${maximum}.`
          : `Use a number no larger than ${maximum}.`;
      return undefined;
    }
    case 'too_small': {
      const { minimum, origin } = issue;
      if (origin === 'string')
        return Number(minimum) <= 1 ? 'This is required: fill it in.' : `Use at least ${minimum} characters.`;
      if (origin === 'array' || origin === 'set') return `Give at least ${many(minimum, 'item', 'items')}.`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint')
        return issue.inclusive === false
          ? `Use a number above ${minimum}.`
          : `Use a number of at least ${minimum}.`;
      return undefined;
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `This must be ${listOf(issue.values)}.`;
      // A long list (stages, counties) is the form's own choice list: naming its codes helps nobody.
      return issue.values.length > 6
        ? 'Choose one of the options offered here.'
        : `Choose one of ${listOf(issue.values)}.`;
    case 'unrecognized_keys':
      return `Remove ${issue.keys.length === 1 ? 'the field' : 'the fields'} ${listOf(issue.keys)}: the desk does not know ${issue.keys.length === 1 ? 'it' : 'them'}.`;
    case 'invalid_union':
      return 'This is not in any of the forms the desk accepts here.';
    case 'invalid_format':
      return 'This is not written in the form the desk expects here.';
    case 'not_multiple_of':
      return `Use a multiple of ${issue.divisor}.`;
    default:
      return undefined;
  }
}

/**
 * Makes zod say its refusals in these words, for every schema in the process. Called where input is
 * checked (the API's procedures, the web app's checks before sending): this package does nothing when
 * it is imported, so the web's build can leave out what a page does not use.
 */
export function sayRefusalsInWords(): void {
  // Called as `config`, not `z.config`: the web's build treats calls on `z` as pure, and would drop it.
  config({ customError: inputInWords });
}
