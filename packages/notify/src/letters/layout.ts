// Page geometry in PDF points (72 per inch) for US Letter and a standard #10 window envelope, whose
// window sits 7/8" from the left edge and 2" from the top and is 4.5" x 1.125". A tri-folded letter
// shows the recipient block through it, so the letterhead must stay above it.

const INCH = 72;

export const PAGE = { width: 8.5 * INCH, height: 11 * INCH, margin: INCH } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const ENVELOPE_WINDOW = {
  x: 0.875 * INCH,
  y: 2 * INCH,
  width: 4.5 * INCH,
  height: 1.125 * INCH,
} as const;
/** Keeps the address clear of the window's edges when the letter shifts in the envelope. */
export const WINDOW_INSET = 0.125 * INCH;

export const FONT_SIZE = { officeName: 14, letterhead: 9, address: 10, body: 11 } as const;
export const ADDRESS_LINE_HEIGHT = 12;
export const MAX_ADDRESS_LINES = Math.floor(
  (ENVELOPE_WINDOW.height - 2 * WINDOW_INSET) / ADDRESS_LINE_HEIGHT,
);
