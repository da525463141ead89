// Which characters a PDF's embedded font can show, said the same way for letters (notify) and court
// papers (petitions): the first one it cannot, and how staff can find it. Pure: the font's own
// coverage is passed in.

/** Scripts pdfkit would set left to right, so backwards: refused even where a font has them. */
export const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

/** The first character of cleaned text that a font cannot show as written, or null. */
export function firstUnprintable(text: string, hasGlyph: (codePoint: number) => boolean): string | null {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // Printable ASCII, most of every page, the fonts have; line breaks and tabs are laid out.
    if ((code >= 0x20 && code < 0x7f) || ch === '\n' || ch === '\t') continue;
    if (RIGHT_TO_LEFT.test(ch) || !hasGlyph(code)) return ch;
  }
  return null;
}

const KINDS: [RegExp, string][] = [
  [/\p{Script=Han}/u, 'a Chinese character'],
  [/\p{Script=Hangul}/u, 'a Korean letter'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'a Japanese letter'],
  [/\p{Script=Hebrew}/u, 'a Hebrew letter, written right to left'],
  [/\p{Script=Arabic}/u, 'an Arabic letter, written right to left'],
  [RIGHT_TO_LEFT, 'a letter written right to left'],
  [/\p{Extended_Pictographic}/u, 'an emoji or pictograph'],
  [/\p{M}/u, 'an accent mark'],
];

/** A character as staff can find it: '"王" (U+738B, a Chinese character)'. */
export function describeCharacter(ch: string): string {
  const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = KINDS.find(([re]) => re.test(ch))?.[1];
  return `"${ch}" (${code}${kind ? `, ${kind}` : ''})`;
}
