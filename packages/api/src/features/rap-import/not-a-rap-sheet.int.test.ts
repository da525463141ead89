// A megabyte of text that is no RAP sheet, through the import: read in seconds (it took 100-150 s on
// the server's main thread, linear search per line), and reviewed as one warning, not 333,334.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { runWorker } from './fixtures.ts';

describe.each(testDialects())('a long text that is no RAP sheet (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('is read in seconds and reviewed as one warning saying it is no RAP sheet', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const text = 'AB\n'.repeat(333_333);
    expect(text.length).toBe(999_999);
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'junk.txt', text },
    });
    const from = performance.now();
    expect(await runWorker(api)).toBe('ready');
    const took = performance.now() - from;
    console.log(`999,999 characters that are no RAP sheet: read in ${Math.round(took)} ms`);
    expect(took).toBeLessThan(30_000);
    const review = await attorney.rapImports.review({ importId: started.id });
    expect(review.rapWarnings).toEqual([
      {
        line: 0,
        message: expect.stringMatching(
          /^This does not read as a California RAP sheet: none of its 333333 lines/,
        ),
        text: null,
      },
    ]);
    expect(JSON.stringify(review).length).toBeLessThan(10_000);
  }, 120_000);
});
