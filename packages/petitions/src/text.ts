// Text for the standard Times fonts (WinAnsi encoding, not embedded): what they cannot show is written
// without its accent ("Nguyễn" as "Nguyen") rather than as a wrong glyph; dates as courts write them.

/** The characters of Windows-1252 beyond Latin-1's, which the standard fonts also show. */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const showable = (ch: string) => {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch);
};

/** The text as the standard fonts can draw it. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (showable(ch)) out += ch;
    else if (ch === '\t' || ch === '\n' || ch === '\r') out += ' ';
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].every(showable) && base !== '' ? base : '?';
    }
  }
  return out;
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
 * Lines of at most `width` points, breaking between words (a word wider than the line is broken
 * where it must be). Blank-line-separated paragraphs are not handled here: one paragraph in, lines out.
 */
export function wrap(text: string, width: number, measure: Measure): string[] {
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
  for (const word of words) {
    let w = measure(word);
    if (line !== '' && lineWidth + space + w <= width) {
      line += ` ${word}`;
      lineWidth += space + w;
      continue;
    }
    push();
    let rest = word;
    while (w > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
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
