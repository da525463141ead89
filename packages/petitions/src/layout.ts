// Pleading paper as California Rules of Court 2.100-2.119 describe it, in PDF points (72 per inch) on
// US Letter: 28 numbered lines a page, double-spaced (24 points: three lines to the vertical inch, rule
// 2.108), the numbers at the left margin and set off from the text by a double vertical rule, a single
// rule at the right, a left margin over one inch and a right margin of half an inch (rule 2.107), text
// in 12 points (rule 2.104) of a font like Times New Roman (rule 2.105: the embedded Liberation Serif,
// fonts.ts), and in the bottom margin the page number, a printed line below it, and the paper's title
// in 10 points (rules 2.109, 2.110).

export const PAGE = { width: 612, height: 792 } as const;

/** Numbered lines on every page. */
export const LINES = 28;
/** Double spacing: 24 points from one line to the next. */
export const LINE_HEIGHT = 24;
/** The top of line 1's band. */
export const FIRST_LINE_TOP = 62;
/** Where the text of a line sits inside its band (12-point type in a 24-point band). */
const TEXT_OFFSET = 6;

/** The top of the band of line n (1-28). */
export const lineTop = (n: number) => FIRST_LINE_TOP + (n - 1) * LINE_HEIGHT;
/** Where text on line n is drawn (pdfkit's y is the top of the type). */
export const textY = (n: number) => lineTop(n) + TEXT_OFFSET;

/** Line numbers end here (right-aligned), left of the double rule. */
export const NUMBER_RIGHT = 78;
export const DOUBLE_RULE_X = [86, 89] as const;
/** The text column. */
export const TEXT_LEFT = 100;
export const TEXT_RIGHT = 568;
export const TEXT_WIDTH = TEXT_RIGHT - TEXT_LEFT;
export const RIGHT_RULE_X = 576;

/** Below line 28: the page number, the footer's rule, and the title. */
export const FOOTER = { pageNumberY: lineTop(LINES) + LINE_HEIGHT + 6, ruleY: 762, titleY: 766 } as const;

/** The fonts as each PDF registers them (fonts.ts): Liberation Serif, regular and bold. */
export const FONT = { regular: 'Pleading-Regular', bold: 'Pleading-Bold' } as const;
export const SIZE = { body: 12, footer: 10 } as const;

/** The caption (first page of each paper): the attorney on lines 1-7, the court from line 8. */
export const CAPTION = {
  attorneyLines: 7,
  courtLine: 8,
  boxLine: 11,
  /** The caption's left column (parties) and right column (case number, title). */
  left: { x: TEXT_LEFT, width: 228 },
  dividerX: 336,
  right: { x: 346, width: TEXT_RIGHT - 346 },
} as const;
