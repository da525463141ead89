// Test-only: what a blank or missing detail leaves behind in text a client reads ("Contact us at  or
// .", "Llámenos al  para…", a "tel:" link to nowhere), found by pattern so a test can run it over
// every text the wording makes. Each finding names the defect and shows where it is.

/** A whole word (letters of any language: "María." does not end in the word "a"). */
const word = (alternatives: string) => `(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`;

const DEFECTS: readonly (readonly [string, RegExp])[] = [
  ['a placeholder left in', /\{[^{}]*\}/],
  ['a doubled space', /\S {2,}|^ +\S| +$/m],
  ['a space before punctuation', / [.,;:!?)]/],
  ['a dangling "or"/"o"', new RegExp(`(?:^|\\s)${word('or|and|o|y')}[ \\t]*(?:[.;:!?)]|$)`, 'mu')],
  [
    'an "or"/"o" with nothing before it',
    new RegExp(`(?:^|[(:¿¡]|\\s${word('at|to|al|a')})[ \\t]*${word('or|o')}`, 'mu'),
  ],
  ['a word left without its detail', new RegExp(`(?:^|\\s)${word('at|to|al|a')}[ \\t]*(?:[.,;:!?]|$)`, 'mu')],
  ['empty parentheses', /\([ \t]*\)/],
  ['a label without its value', /(?:phone|e-mail|teléfono|correo electrónico):[ \t]*(?:[·|]|$)/im],
  ['a separator with nothing on one side', /^[ \t]*[·|]|[·|][ \t]*$|[·|][ \t]*[·|]/m],
  ['an empty link', /\b(?:tel|mailto):(?=[\s"'<>]|$)|href=["'](?:tel:|mailto:)?["']/],
];

/** The defects found in a text, each with a few characters around it; empty when it reads whole. */
export function textDefects(text: string): string[] {
  return DEFECTS.flatMap(([name, pattern]) => {
    const found = pattern.exec(text);
    if (!found) return [];
    const from = Math.max(0, found.index - 30);
    return [`${name}: “${text.slice(from, found.index + found[0].length + 30).replace(/\n/g, '⏎')}”`];
  });
}
