// Before the integration tests: the server built once, as `pnpm start` builds it, into a folder of
// this run's own. Tests that start the server as a child process (crash, restart and shutdown tests
// start it dozens of times) run that file with plain `node`, without paying for the TypeScript loader
// at every start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServer } from '../../build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverMain: string;
  }
}

export default async function setup(project: TestProject) {
  const outdir = mkdtempSync(join(tmpdir(), 'relief-desk-test-server-'));
  await buildServer(outdir);
  project.provide('serverMain', join(outdir, 'main.js'));
  return () => rmSync(outdir, { recursive: true, force: true });
}
