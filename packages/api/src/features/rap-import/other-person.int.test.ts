// A RAP sheet of another person than the client (date of birth, names): the review says so at the
// top, and accepting anything from it needs the attorney's word (confirmOtherPerson), which the
// server checks, not only the screen.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { expectRefusedWritingNothing, openMatter } from '../lifecycle-fixtures.ts';
import { RAP_TEXT, runWorker } from './fixtures.ts';

describe.each(testDialects())('a RAP sheet of another person (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('is said at the top of the review, and accepting from it is refused without the confirmation', async () => {
    // The fixture client is not Maria Jose Nunez, born 1984-03-07, whom RAP_TEXT names.
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT },
    });
    expect(await runWorker(api)).toBe('ready');
    const review = await attorney.rapImports.review({ importId: started.id });
    expect(review.otherPerson).toMatch(
      /^This RAP sheet appears to be of another person: its date of birth \(Mar 7, 1984\) is not the client’s \([A-Z][a-z]{2} \d{1,2}, \d{4}\), and none of its names \(NUNEZ, MARIA JOSE; NUNEZ, MARIA\) is among the client’s/,
    );
    const accept = (confirm: boolean | undefined) =>
      attorney.rapImports.accept({
        importId: started.id,
        version: 1,
        personFactsVersion: review.personFactsVersion,
        ...(confirm === undefined ? {} : { confirmOtherPerson: confirm }),
        convictions: review.proposals
          .filter((p) => p.status === 'new')
          .map((p, i) =>
            i === 0
              ? {
                  key: p.key,
                  decision: 'accept' as const,
                  // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled by the test.
                  conviction: { ...(p.fields as any), wobbler: 'no', county: 'Alameda' },
                }
              : { key: p.key, decision: 'drop' as const },
          ),
        arrests: review.rapArrests.map((a) => ({ key: a.key, decision: 'drop' as const })),
        personFacts: review.personFactProposals.map((f) => ({ key: f.key, decision: 'drop' as const })),
      });
    for (const confirm of [undefined, false]) {
      const refused = await expectRefusedWritingNothing(api, () => accept(confirm));
      expect(refused.message).toContain('This RAP sheet appears to be of another person');
      expect(refused.message).toContain('tick “This sheet is of another person');
    }
    const done = await accept(true);
    expect(done).toMatchObject({ accepted: expect.any(Number) });
  });

  it('dropping everything from it needs no confirmation', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT },
    });
    expect(await runWorker(api)).toBe('ready');
    const review = await attorney.rapImports.review({ importId: started.id });
    await attorney.rapImports.accept({
      importId: started.id,
      version: 1,
      personFactsVersion: review.personFactsVersion,
      convictions: review.proposals.map((p) => ({ key: p.key, decision: 'drop' as const })),
      arrests: review.rapArrests.map((a) => ({ key: a.key, decision: 'drop' as const })),
      personFacts: review.personFactProposals.map((f) => ({ key: f.key, decision: 'drop' as const })),
    });
  });
});
