// Every search kind and filter shape pages to its end: following nextCursor from page to page, with
// small pages, reaches exactly the matters one unpaged listing holds, each once. (Regression: with 30
// matters of one birth date, the first page of 25 had no next page, so five were unreachable.)
import { testDialects } from '@relief-desk/db/testing';
import type { ListMattersInput, MatterView } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

const PEOPLE = 30;
const GIVEN = ['Ana', 'Beto', 'Celia', 'Darío', 'Elena', 'Fausto', 'Gloria', 'Héctor', 'Inés', 'Jorge'];

describe.each(testDialects())('paging every search to its end (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    for (let i = 0; i < PEOPLE; i++) {
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `${GIVEN[i % GIVEN.length]} ${i} Zamora`,
            otherNames: [],
            dateOfBirth: '1980-01-01',
            phone: `(510) 555-${String(1000 + i)}`,
            email: `zamora${i}@example.net`,
            preferredLanguage: i % 3 === 0 ? 'es' : 'en',
          },
          receivedOn: `2026-11-${String(1 + (i % 27)).padStart(2, '0')}`,
        }),
      );
      const matterId = recorded.matters[0]?.id ?? '';
      await attorney.convictions.add({
        matterId,
        conviction: {
          caseNumber: `ZP-${String(i).padStart(3, '0')}`,
          county: 'Alameda',
          court: 'Superior Court of California, County of Alameda',
          code: 'PC',
          section: '484(a)',
          level: 'misdemeanor',
          wobbler: 'no',
          convictionDate: '2016-05-02',
          sentenceKind: 'probation',
          mandatorySupervision: 'unknown',
          endDate: '2019-05-02',
          probationOutcome: 'completed',
          valueOver950: 'no',
          reliefGrantedRemedy: null,
          reliefGrantedOn: null,
        },
      });
    }
  }, 120_000);
  afterAll(async () => api.destroy());

  const searches = ['1980-01-01', '1/1/1980', 'zamora', 'ana zamora', 'ZP-', 'ZP-01', '2026-'];
  const shapes: Partial<MatterView>[] = [
    { queue: 'all' },
    { queue: 'new_referrals' },
    { queue: 'needs_client_update' },
    { queue: 'all', languages: ['es'] },
    { queue: 'all', counties: ['Alameda'], status: 'open' },
    // Counted from the kept counts, not the matters.
    { queue: 'eligibility_review', counties: ['Alameda'] },
    { queue: 'all', stages: ['referral_received', 'gathering_records'], assignee: 'unassigned' },
  ];

  it.each(searches)('search %s pages to the end in every shape, each matter once', async (search) => {
    // The attorney may search by court case number (it needs the RAP sheet permission).
    const caller = await api.signedIn('alameda.attorney');
    for (const shape of shapes) {
      const view: ListMattersInput = { ...shape, search };
      const unpaged = await caller.matters.list({ ...view, limit: 200 });
      expect(unpaged.nextCursor).toBeNull();
      for (const limit of [1, 7, 25]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 100; page++) {
          const result = await caller.matters.list({ ...view, limit, cursor });
          seen.push(...result.items.map((m) => m.id));
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        const context = `${search} ${JSON.stringify(shape)} pages of ${limit}`;
        expect(new Set(seen).size, context).toBe(seen.length);
        expect([...seen].sort(), context).toEqual(unpaged.items.map((m) => m.id).sort());
      }
    }
  });

  it.each(shapes)('pages of %o say how many matters come before them and in all', async (shape) => {
    const caller = await api.signedIn('alameda.attorney');
    for (const sort of [null, 'clientName', 'receivedOn'] as const)
      for (const direction of ['asc', 'desc'] as const) {
        const view: ListMattersInput = { ...shape, sort, direction: sort ? direction : null };
        const unpaged = await caller.matters.list({ ...view, limit: 200 });
        let seen = 0;
        let cursor: string | null = null;
        for (let page = 0; page < 100; page++) {
          const result = await caller.matters.list({ ...view, limit: 7, cursor });
          const count = await caller.queues.viewCount({ ...view, cursor });
          expect([count.total, count.before], `${JSON.stringify(view)} page ${page}`).toEqual([
            unpaged.items.length,
            seen,
          ]);
          seen += result.items.length;
          cursor = result.nextCursor;
          if (!cursor) break;
        }
      }
  });

  it('reaches all 30 matters of one birth date in pages of 25', async () => {
    const caller = await api.signedIn('alameda.intake');
    const first = await caller.matters.list({ search: '1980-01-01', limit: 25 });
    expect(first.items).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.matters.list({ search: '1980-01-01', limit: 25, cursor: first.nextCursor });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
  });
});
