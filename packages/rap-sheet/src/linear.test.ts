// A long text that is no RAP sheet (a warning a line) is read in time linear in its length: looking
// up each line among the warnings made a megabyte take minutes on the server.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { parseRapSheet } from './parse.ts';

/** The fastest of three reads, in ms (the least disturbed by the machine's other work). */
function fastest(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    parseRapSheet(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('reading time', () => {
  it('grows about as the text does, not as its square, for a text of unread lines', () => {
    const small = fastest('AB\n'.repeat(10_000));
    const large = fastest('AB\n'.repeat(40_000));
    // Four times the lines: about four times the time when linear, sixteen when quadratic.
    expect(large / small).toBeLessThan(9);
    // Every line is still reported.
    expect(parseRapSheet('AB\n'.repeat(40_000)).warnings).toHaveLength(40_001);
  }, 60_000);
});
