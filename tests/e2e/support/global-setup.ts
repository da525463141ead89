// Before the browser tests: find Chromium (or say plainly why they are skipped), and build the web
// app and the server for production, as `pnpm start` does, into folders of this run's own (so a build
// elsewhere in the checkout cannot replace the files under a running test). Each test file starts
// that one built server: plain `node`, no TypeScript loader to pay for at every start.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildServerInNewFolder } from '../../../apps/server/build.ts';
import { californiaToday, spawnServer, stopServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
    webDistDir: string;
    serverMain: string;
    /** A data folder the built server migrated and seeded with demo data, to copy; '' if none. */
    seededDataDir: string;
    /** The California date it was seeded on. */
    seededOn: string;
  }
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export default async function setup(project: TestProject) {
  const configured = process.env.CHROMIUM_PATH;
  const chromiumPath =
    configured && existsSync(configured) ? configured : (CANDIDATES.find((p) => existsSync(p)) ?? null);
  if (!chromiumPath) {
    const why = 'No Chromium found (set CHROMIUM_PATH, or install it: apt-get install -y chromium).';
    if (process.env.CI) throw new Error(`End-to-end tests cannot run under CI: ${why}`);
    console.warn(`\n*** END-TO-END TESTS SKIPPED: ${why} ***\n`);
    project.provide('chromiumPath', null);
    project.provide('webDistDir', '');
    project.provide('serverMain', '');
    project.provide('seededDataDir', '');
    project.provide('seededOn', '');
    return;
  }
  const root = resolve(import.meta.dirname, '../../..');
  const webDistDir = mkdtempSync(join(tmpdir(), 'relief-desk-e2e-web-'));
  // vitest runs under NODE_ENV=test, which would give React's development build.
  execFileSync('pnpm', ['--filter', '@relief-desk/web', 'build', '--outDir', webDistDir, '--emptyOutDir'], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const server = await buildServerInNewFolder();
  // The built server's first start, once: migrations and demo data, stopped cleanly so the database
  // is one file. Each test file's server starts on a copy (server.ts).
  const seededDataDir = mkdtempSync(join(tmpdir(), 'relief-desk-e2e-seeded-'));
  const seededOn = californiaToday();
  const first = await spawnServer(server.main, seededDataDir, { WEB_DIST_DIR: webDistDir });
  await stopServer(first.child);
  project.provide('chromiumPath', chromiumPath);
  project.provide('webDistDir', webDistDir);
  project.provide('serverMain', server.main);
  project.provide('seededDataDir', seededDataDir);
  project.provide('seededOn', seededOn);
  return () => {
    rmSync(webDistDir, { recursive: true, force: true });
    rmSync(server.outdir, { recursive: true, force: true });
    rmSync(seededDataDir, { recursive: true, force: true });
  };
}
