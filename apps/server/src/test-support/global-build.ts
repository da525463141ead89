// Before the integration tests: the server built once, as `pnpm start` builds it, into a folder of
// this run's own. Tests that start the server as a child process (crash, restart and shutdown tests
// start it dozens of times) run that file with plain `node`, without paying for the TypeScript loader
// at every start.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildServerInNewFolder } from '../../build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverMain: string;
  }
}

export default async function setup(project: TestProject) {
  const { main, outdir } = await buildServerInNewFolder();
  project.provide('serverMain', main);
  return () => rmSync(outdir, { recursive: true, force: true });
}
