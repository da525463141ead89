// One test run for the whole product: `pnpm test` runs every project below.
import { defineConfig } from 'vitest/config';

// CI asks for a JSON report beside the usual output, to print its one-line summary from it.
const jsonReport = process.env.TEST_REPORT_JSON;

// Unit and integration files share their worker's modules (isolate: false): each file importing the
// API's whole module graph anew cost about 15 minutes of CPU a run. So a test file must not lean on
// module state another file may have moved (a counter in a fixture, the last id made). Files that
// replace a module (vi.mock) cannot share one and run in a project of their own, isolated as usual.
const NEED_THEIR_OWN_MODULES = ['packages/api/src/features/auth/auth.int.test.ts'];

export default defineConfig({
  test: {
    // vitest's default is one worker per core but one: on 2 cores, one file at a time. `pnpm test`
    // (tests/run-all.mjs) runs the browser project in a run of its own, one file at a time, then the
    // unit files, beside the integration files on these two workers.
    maxWorkers: 2,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // Property tests run hundreds of cases: 5 s (vitest's default) was too short beside the
          // browser tests on 2 busy cores.
          testTimeout: 20_000,
          isolate: false,
          // Run after the browser files when both are asked for (tests/run-all.mjs): vitest runs
          // projects with other worker counts one group after another.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts'],
          exclude: [...NEED_THEIR_OWN_MODULES, '**/node_modules/**'],
          globalSetup: ['apps/server/src/test-support/global-build.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration-isolated',
          include: NEED_THEIR_OWN_MODULES,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // One file at a time in one worker: its modules (playwright-core, axe-core) loaded once.
          isolate: false,
        },
      },
    ],
  },
});
