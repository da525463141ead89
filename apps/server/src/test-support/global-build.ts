// Before the integration tests: the server built once, as `pnpm start` builds it, into a folder of
// this run's own, with the command line beside it. Tests that start the server or the command line as
// a child process (crash, restart, shutdown and backup tests start them dozens of times) run those
// files with plain `node`, without paying for the TypeScript loader (about 3 s) at every start.
import { chmodSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildServerInNewFolder } from '../../build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverMain: string;
    serverCli: string;
  }
}

export default async function setup(project: TestProject) {
  const { main, cli, outdir } = await buildServerInNewFolder({ withCli: true });
  // Readable by the unprivileged user some tests run the server and the command line as.
  chmodSync(outdir, 0o755);
  project.provide('serverMain', main);
  project.provide('serverCli', cli);
  return () => rmSync(outdir, { recursive: true, force: true });
}
