// A RAP sheet review: one number says how many proposals one review takes, the refusals of more are
// in the desk's words, and the longest review the screen can save is what the API's body limit is
// made from.
import { describe, expect, it } from 'vitest';
import {
  acceptRapImportInputSchema,
  longestRapAccept,
  longestRapAcceptBody,
  MAX_RAP_IMPORT_PROPOSALS,
} from './rap-import.ts';

const review = (convictions: number, arrests: number) => ({
  importId: 'import-1',
  version: 1,
  personFactsVersion: 0,
  convictions: Array.from({ length: convictions }, (_, i) => ({ key: `c${i}`, decision: 'drop' })),
  arrests: Array.from({ length: arrests }, (_, i) => ({ key: `a${i}`, decision: 'drop' })),
});
const refusals = (input: unknown) =>
  acceptRapImportInputSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('a RAP sheet review', () => {
  it('regression: takes as many decisions as an import proposes, and refuses more in the desk’s words', () => {
    // zod's own "Too big: expected array to have <=500 items" was the answer.
    const most = MAX_RAP_IMPORT_PROPOSALS;
    expect(refusals(review(most, most))).toEqual([]);
    expect(refusals(review(most + 1, most + 1))).toEqual([
      ['convictions', 'One review saves at most 500 convictions: read the RAP sheet in parts.'],
      ['arrests', 'One review saves at most 500 arrests: read the RAP sheet in parts.'],
    ]);
  });

  it('the longest the screen can save is a review the schema takes, every text at its longest', () => {
    const longest = longestRapAccept();
    expect(refusals(longest)).toEqual([]);
    expect(new TextEncoder().encode(JSON.stringify(longest)).length).toBe(longestRapAcceptBody());
    const [conviction] = longest.convictions;
    const [arrest] = longest.arrests ?? [];
    if (conviction?.decision !== 'accept' || arrest?.decision !== 'accept') throw new Error('accepted');
    // One character more in any text is refused: none of them could be longer.
    const longer = (value: string) => `${value}€`;
    const tries: unknown[] = [
      { ...longest, importId: longer(longest.importId) },
      { ...longest, convictions: [{ ...conviction, key: longer(conviction.key) }] },
      ...(['caseNumber', 'court', 'section'] as const).map((field) => ({
        ...longest,
        convictions: [
          {
            ...conviction,
            conviction: { ...conviction.conviction, [field]: longer(conviction.conviction[field] ?? '') },
          },
        ],
      })),
      ...(['arrestAgency', 'section', 'offenseDescription'] as const).map((field) => ({
        ...longest,
        arrests: [{ ...arrest, arrest: { ...arrest.arrest, [field]: longer(arrest.arrest[field] ?? '') } }],
      })),
    ];
    for (const tried of tries) expect(refusals(tried)).not.toEqual([]);
    expect(longestRapAcceptBody()).toBeGreaterThan(1024 * 1024);
  });
});
