// Text as the papers draw it, and dates as courts write them. The papers are set in the embedded
// Liberation Serif (fonts.ts), which has Latin with every accent (Vietnamese's stacked marks, Polish,
// Tagalog, Spanish), Greek and Cyrillic: a name is printed as written, never stripped of its accents.
// What the font has no glyph for is refused (fonts.ts), never printed as a box or left out.

/**
 * One line's text as drawn: composed (NFC, so "ễ" typed as e and two marks is the one letter the font
 * has), line breaks and tabs as spaces, unusual spaces (ideographic, em…) as plain ones, and invisible
 * format and control characters (a zero-width space, a direction mark) left out: nothing to show.
 */
export function printable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    .replace(/[\p{Cf}\p{Cc}]/gu, '')
    .replace(/[^\P{Zs}\u00a0]/gu, ' ');
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2016-05-02" as "May 2, 2016". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1]} ${d}, ${y}`;
}

export type Measure = (text: string) => number;

/**
 * Lines of at most `width` points, breaking between words (with `hyphens`, also after a hyphen inside
 * one: a double surname like Hernández-Villanueva in a narrow column); a word wider than the line is
 * broken where it must be. Blank-line-separated paragraphs are not handled here: one paragraph in,
 * lines out. The papers' own text breaks between words only, so a name is found whole in them.
 */
export function wrap(text: string, width: number, measure: Measure, { hyphens = false } = {}): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const space = measure(' ');
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const push = () => {
    if (line !== '') lines.push(line);
    line = '';
    lineWidth = 0;
  };
  /** The longest part of `word` up to and including a hyphen that fits in `room`, or ''. */
  const hyphenated = (word: string, room: number) => {
    if (!hyphens) return '';
    for (let at = word.lastIndexOf('-', word.length - 2); at > 0; at = word.lastIndexOf('-', at - 1)) {
      const part = word.slice(0, at + 1);
      if (measure(part) <= room) return part;
    }
    return '';
  };
  for (const word of words) {
    let w = measure(word);
    if (line !== '' && lineWidth + space + w <= width) {
      line += ` ${word}`;
      lineWidth += space + w;
      continue;
    }
    let rest = word;
    const head = line !== '' ? hyphenated(rest, width - lineWidth - space) : '';
    if (head !== '') {
      line += ` ${head}`;
      rest = rest.slice(head.length);
      w = measure(rest);
    }
    push();
    while (w > width && rest.length > 1) {
      const part = hyphenated(rest, width);
      let cut = part.length;
      if (cut === 0) {
        cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
      }
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
      w = measure(rest);
    }
    line = rest;
    lineWidth = w;
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** The text cut to fit `width`, with an ellipsis when it was cut. */
export function fit(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) return text;
  let cut = text.length;
  while (cut > 0 && measure(`${text.slice(0, cut).trimEnd()}…`) > width) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}
