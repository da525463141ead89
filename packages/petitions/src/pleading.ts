// One paper after another on pleading paper: each page gets its 28 line numbers, the rules, and the
// footer (page number, a line, the paper's title) as it is added; text is set line by line into the
// numbered lines, wrapped by measuring it, and runs on to a new page when the lines run out. Text is
// set in the embedded Liberation Serif (fonts.ts); text it cannot show is refused, never drawn.
import { type Coverage, refuseUnprintable, shownText, useCourtFonts } from './fonts.ts';
import {
  DOUBLE_RULE_X,
  FONT,
  FOOTER,
  LINES,
  NUMBER_RIGHT,
  PAGE,
  RIGHT_RULE_X,
  SIZE,
  TEXT_LEFT,
  TEXT_RIGHT,
  TEXT_WIDTH,
  textY,
} from './layout.ts';
import { fit, wrap } from './text.ts';

export type FontName = (typeof FONT)[keyof typeof FONT];

export interface WriteOptions {
  font?: FontName;
  /** Type size in points (default the body's 12): smaller only where a list must show text whole. */
  size?: number;
  /** Left edge of the text (default the text column's). */
  x?: number;
  width?: number;
  align?: 'left' | 'center' | 'right';
  /** Extra indent of the first line only (a paragraph), or of every line after the first (a list item). */
  firstIndent?: number;
  hangingIndent?: number;
  /** Also break after a hyphen inside a word (a name: Fernández-Villanueva), rather than within it. */
  hyphens?: boolean;
}

export class PleadingPaper {
  /** Pages drawn in the whole document so far. */
  pages = 0;
  private pageInPaper = 0;
  /** The next free numbered line on this page (past 28: the next write starts a page). */
  private next = LINES + 1;
  private footer = '';
  /** Which characters the papers' fonts have. */
  private readonly coverage: Coverage;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.coverage = useCourtFonts(doc);
  }

  /**
   * Refuses what is about to be drawn (a packet's data, a filing list) if any of its text has a
   * character the fonts cannot show, naming where it is; `then` ends the message ("prepare the packet
   * again").
   */
  refuseUnprintable(value: unknown, then: string): void {
    refuseUnprintable(value, this.coverage, then);
  }

  /** One line's text as drawn; throws an UnprintableTextError if the fonts cannot show it. */
  private shown(text: string): string {
    return shownText(text, this.coverage);
  }

  /** Starts a paper (a petition, an order…) on a new page, with this title in every page's footer. */
  begin(footerTitle: string): void {
    this.footer = this.shown(footerTitle);
    this.pageInPaper = 0;
    this.newPage();
  }

  newPage(): void {
    this.doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    this.pages++;
    this.pageInPaper++;
    this.drawPaper();
    this.next = 1;
  }

  /** The line the next write goes to. */
  get line(): number {
    return this.next;
  }

  /** Moves to line n of this page (for the caption, which places its parts). */
  moveTo(n: number): void {
    this.next = n;
  }

  /** Leaves n numbered lines empty (not carried over to a new page). */
  skip(n = 1): void {
    this.next = Math.min(this.next + n, LINES + 1);
  }

  /** Starts a new page unless n more lines fit on this one. */
  keep(n: number): void {
    if (this.next + n - 1 > LINES) this.newPage();
  }

  /** Widths of words and lines already measured, by font and size: papers repeat most of their words. */
  private readonly widths = new Map<string, Map<string, number>>();

  measure(font: FontName, size: number = SIZE.body): (text: string) => number {
    this.doc.font(font).fontSize(size);
    const key = `${font} ${size}`;
    let known = this.widths.get(key);
    if (!known) {
      known = new Map();
      this.widths.set(key, known);
    }
    const cache = known;
    return (text) => {
      let width = cache.get(text);
      if (width === undefined) {
        width = this.doc.widthOfString(text);
        // Bounded: a long run meets many names and numbers once.
        if (cache.size > 50_000) cache.clear();
        cache.set(text, width);
      }
      return width;
    };
  }

  /**
   * Wraps the text into numbered lines from the current one, running on to new pages; returns the
   * line its first line went to. `keepWith`: lines that must follow it on the same page (a short
   * text is then not split across pages either).
   */
  write(
    text: string,
    options: WriteOptions & { keepWith?: number; label?: { text: string; x: number; width: number } } = {},
  ): number {
    const lines = this.layout(text, options);
    if (options.keepWith !== undefined) this.keep(Math.min(lines.length + options.keepWith, LINES));
    let first = 0;
    for (const line of lines) {
      if (this.next > LINES) this.newPage();
      if (first === 0) {
        first = this.next;
        // A paragraph's number or an item's letter, in the margin of its first line.
        if (options.label) this.put(first, options.label.text, { ...options.label, font: FONT.regular });
      }
      this.put(this.next, line.text, { ...options, x: line.x, width: line.width });
      this.next++;
    }
    return first;
  }

  /** The lines text takes, with where each starts. */
  layout(text: string, options: WriteOptions = {}): { text: string; x: number; width: number }[] {
    const x = options.x ?? TEXT_LEFT;
    const width = options.width ?? TEXT_RIGHT - x;
    const first = options.firstIndent ?? 0;
    const hanging = options.hangingIndent ?? 0;
    const measure = this.measure(options.font ?? FONT.regular);
    const clean = this.shown(text);
    // The first line is narrower by its indent; the rest by the hanging indent.
    const hyphens = options.hyphens ?? false;
    const head = wrap(clean, width - first, measure, { hyphens });
    const [firstLine = '', ...others] = head;
    const rest = others.length > 0 ? wrap(others.join(' '), width - hanging, measure, { hyphens }) : [];
    return [
      { text: firstLine, x: x + first, width: width - first },
      ...rest.map((t) => ({ text: t, x: x + hanging, width: width - hanging })),
    ];
  }

  /** Draws one line of text on numbered line n of this page, cut to fit its width. */
  put(n: number, text: string, options: WriteOptions = {}): void {
    const font = options.font ?? FONT.regular;
    const x = options.x ?? TEXT_LEFT;
    const width = options.width ?? TEXT_WIDTH;
    // Measuring sets the font and size the text is drawn in.
    const measure = this.measure(font, options.size);
    const shown = fit(this.shown(text), width, measure);
    const w = measure(shown);
    const left =
      options.align === 'center' ? x + (width - w) / 2 : options.align === 'right' ? x + width - w : x;
    this.doc.text(shown, left, textY(n), { lineBreak: false });
  }

  /** A check box on line n at x, for the court or the server to mark. */
  box(n: number, x: number): void {
    this.doc
      .rect(x, textY(n) + 1, 9, 9)
      .lineWidth(0.75)
      .stroke();
  }

  /** A line from (x1, y1) to (x2, y2). */
  rule(x1: number, y1: number, x2: number, y2: number, width = 0.75): void {
    this.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).stroke();
  }

  private drawPaper(): void {
    const { doc } = this;
    doc.font(FONT.regular).fontSize(SIZE.body);
    for (let n = 1; n <= LINES; n++) {
      const label = String(n);
      doc.text(label, NUMBER_RIGHT - doc.widthOfString(label), textY(n), { lineBreak: false });
    }
    for (const x of DOUBLE_RULE_X) this.rule(x, 0, x, PAGE.height, 0.5);
    this.rule(RIGHT_RULE_X, 0, RIGHT_RULE_X, PAGE.height, 0.5);
    // Rule 2.110: the page number, then a printed line, then the title below it.
    const number = String(this.pageInPaper);
    doc.text(number, (PAGE.width - doc.widthOfString(number)) / 2, FOOTER.pageNumberY, { lineBreak: false });
    this.rule(TEXT_LEFT, FOOTER.ruleY, TEXT_RIGHT, FOOTER.ruleY, 0.75);
    doc.font(FONT.regular).fontSize(SIZE.footer);
    const title = fit(this.footer, TEXT_WIDTH, (t) => doc.widthOfString(t));
    doc.text(title, TEXT_LEFT + (TEXT_WIDTH - doc.widthOfString(title)) / 2, FOOTER.titleY, {
      lineBreak: false,
    });
    doc.fontSize(SIZE.body);
  }
}
