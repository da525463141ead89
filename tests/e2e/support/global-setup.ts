// Before the browser tests: find Chromium (or say plainly why they are skipped), and build the web
// app the server will serve, exactly as `pnpm start` does.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export default function setup(project: TestProject) {
  const configured = process.env.CHROMIUM_PATH;
  const chromiumPath =
    configured && existsSync(configured) ? configured : (CANDIDATES.find((p) => existsSync(p)) ?? null);
  if (!chromiumPath) {
    const why = 'No Chromium found (set CHROMIUM_PATH, or install it: apt-get install -y chromium).';
    if (process.env.CI) throw new Error(`End-to-end tests cannot run under CI: ${why}`);
    console.warn(`\n*** END-TO-END TESTS SKIPPED: ${why} ***\n`);
    project.provide('chromiumPath', null);
    return;
  }
  const root = resolve(import.meta.dirname, '../../..');
  execFileSync('pnpm', ['--filter', '@relief-desk/web', 'build'], { cwd: root, stdio: 'pipe' });
  project.provide('chromiumPath', chromiumPath);
}
