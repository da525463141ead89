// Optimistic concurrency, walked over the whole router: every mutation whose input carries the
// version the form started from is called, by every role of each office, with a version no record
// has had (the inputs of procedure-fixtures.ts, version 999). None may succeed: a save from a version
// that is not the record's is refused, also where the record does not exist yet (a first save starts
// from 0). Generated from the router: a new versioned mutation is walked without being listed here.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor, procedureAt } from './procedure-fixtures.ts';
import { appRouter } from './router.ts';
import { OFFICES, type Records, ROLES, seedSentinels } from './sentinels.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';

const STALE = 999;

/** The mutations whose fixture input starts from a version no record has had. */
function versionedMutations(inputs: Record<string, unknown>): string[] {
  return Object.entries(appRouter._def.procedures)
    .filter(([, procedure]) => (procedure as unknown as { _def: { type: string } })._def.type === 'mutation')
    .map(([path]) => path)
    .filter((path) => {
      const input = inputs[path] as { version?: unknown; baseVersion?: unknown } | undefined;
      return input?.version === STALE || input?.baseVersion === STALE;
    });
}

describe.each(testDialects())('no save from a stale version (%s)', (dialect) => {
  let api: ApiHarness;
  const records = {} as Record<(typeof OFFICES)[number], Records>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    Object.assign(records, await seedSentinels(api));
  }, 120_000);
  afterAll(async () => api?.destroy());

  it('refuses every versioned mutation, by every role, from a version the record never had', async () => {
    const accepted: string[] = [];
    const conflicts = new Set<string>();
    let calls = 0;
    for (const office of OFFICES) {
      const inputs = inputsFor(records[office]);
      const paths = versionedMutations(inputs);
      expect(paths.length, 'the walk finds the versioned mutations').toBeGreaterThan(20);
      for (const role of ROLES) {
        const caller = await api.signedIn(`${office}.${role}`);
        for (const path of paths) {
          calls++;
          await procedureAt(
            caller,
            path,
          )(inputs[path]).then(
            () => accepted.push(`${office}.${role} ${path}`),
            (error: { appCode?: string }) => {
              if (error.appCode === 'VERSION_CONFLICT') conflicts.add(path);
            },
          );
        }
      }
    }
    expect(accepted).toEqual([]);
    // Refused for its version, not only by role or for want of a record, by a role that may save it.
    expect(conflicts.size, `${calls} calls; refused as stale: ${[...conflicts].join(', ')}`).toBeGreaterThan(
      10,
    );
    expect([...conflicts]).toContain('queues.setLimits');
  }, 120_000);
});
