// A long text that is no RAP sheet (a warning a line) is read in time linear in its length: looking
// up each line among the warnings made a megabyte take minutes on the server. So is a PDF page's text
// layer put into lines: looking each item's line up among the page's lines took 4.6 s for a page of
// 40,000 one-letter lines.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { parseRapSheet } from './parse.ts';
import { linesFromItems } from './pdf.ts';

/** The fastest of three runs, in ms (the least disturbed by the machine's other work). */
function fastest(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let n = 0; n < 3; n++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** A page's text items: one letter a line, `lines` lines two points apart, top to bottom. */
const pageOfLines = (lines: number) =>
  Array.from({ length: lines }, (_, i) => ({
    str: 'X',
    width: 1,
    height: 1,
    transform: [1, 0, 0, 1, 10, lines * 2 - i * 2],
  }));

describe('reading time', () => {
  it('grows about as the text does, not as its square, for a text of unread lines', () => {
    const small = fastest(() => parseRapSheet('AB\n'.repeat(10_000)));
    const large = fastest(() => parseRapSheet('AB\n'.repeat(40_000)));
    // Four times the lines: about four times the time when linear, sixteen when quadratic.
    expect(large / small).toBeLessThan(9);
    // Every line is still reported.
    expect(parseRapSheet('AB\n'.repeat(40_000)).warnings).toHaveLength(40_001);
  }, 60_000);

  // The test's time limit is the check: this takes a fraction of a second, and took minutes (about
  // 85 s here) when each item's line was looked up among all the lines found before it.
  it('puts a PDF page of 160,000 lines into lines in one pass, every line kept', () => {
    const lines = linesFromItems(pageOfLines(160_000));
    expect(lines.filter((line) => line === 'X')).toHaveLength(160_000);
  }, 60_000);
});
