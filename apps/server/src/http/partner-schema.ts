// The referral as the OpenAPI document describes it: the domain's schema (JSON Schema 2020-12),
// tightened to what the server checks that zod's export leaves out, so a body the document takes is
// one the server takes. And the largest body such a referral can be, which the body limit is.
import { COUNTIES, partnerReferralInputSchema, US_STATE_CODES } from '@relief-desk/domain';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

export function referralJsonSchema(): JsonSchema {
  const { $schema: _, ...referral } = z.toJSONSchema(partnerReferralInputSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  closeObjects(referral);
  const client = propertyOf(referral, 'client');
  // A date the server reads: YYYY-MM-DD (a day that exists, from 1900 on, which a pattern cannot say).
  Object.assign(propertyOf(client, 'dateOfBirth'), {
    format: 'date',
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
    description: 'YYYY-MM-DD, for example 1985-03-07: a day that exists, from 1900-01-01 on.',
  });
  // The codes the server takes, not any two letters: a letter to "ZZ" goes nowhere.
  const state = propertyOf(propertyOf(client, 'address'), 'state');
  delete state.pattern;
  Object.assign(state, {
    enum: ['', ...US_STATE_CODES],
    description: 'The two-letter code of a US state or territory (or AA, AE, AP), or "" with no address.',
  });
  // Each county once (the server refuses a county named twice), so at most every county.
  Object.assign(propertyOf(referral, 'counties'), { uniqueItems: true, maxItems: COUNTIES.length });
  return referral;
}

/** The server refuses a key it does not take at any depth (not only at the top, as zod's export says); lists too. */
function closeObjects(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as JsonSchema;
  if (node.type === 'object' && typeof node.properties === 'object') node.additionalProperties = false;
  for (const value of Object.values(node)) closeObjects(value);
}

function propertyOf(schema: JsonSchema, name: string): JsonSchema {
  const found = (schema.properties as Record<string, JsonSchema> | undefined)?.[name];
  if (!found) throw new Error(`The referral schema has no "${name}".`);
  return found;
}

/**
 * The most bytes a value the schema takes can be as JSON: every character escaped as \uXXXX, and
 * twice over (a surrogate pair), as a character outside the BMP is, whether a limit counts it as one
 * character or two. A string or list with no limit has no largest value: that is an error here, so
 * a field added without one is noticed.
 */
export function largestJson(schema: JsonSchema, at = 'the referral'): number {
  const ESCAPED_CHARACTER = 12;
  if (Array.isArray(schema.enum))
    return Math.max(...schema.enum.map((v) => 2 + String(v).length * ESCAPED_CHARACTER));
  switch (schema.type) {
    case 'object': {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
      return (
        2 +
        properties.reduce((sum, [name, value]) => sum + 2 + name.length + 2 + largestJson(value, name) + 1, 0)
      );
    }
    case 'array': {
      if (typeof schema.maxItems !== 'number') throw new Error(`${at} has no most items.`);
      return 2 + schema.maxItems * (largestJson(schema.items as JsonSchema, at) + 1);
    }
    case 'string': {
      const most =
        typeof schema.maxLength === 'number' ? schema.maxLength : schema.format === 'date' ? 10 : null;
      if (most === null) throw new Error(`${at} has no longest value.`);
      return 2 + most * ESCAPED_CHARACTER;
    }
    case 'boolean':
      return 'false'.length;
    default:
      throw new Error(`${at} is of a type the body limit does not size.`);
  }
}

/**
 * The body limit: the largest referral, half as much again for a pretty-printer's spacing (each
 * value on its own line, indented), rounded up to a KiB.
 */
export function bodyLimitFor(referral: JsonSchema): number {
  return Math.ceil((largestJson(referral) * 1.5) / 1024) * 1024;
}
