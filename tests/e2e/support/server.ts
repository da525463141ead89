// Starts the real server, built as `pnpm start` builds it, on a free port with its own data folder and demo data.
// It logs at `info`, as in production, one line per request; when it stops, its log is searched for
// the clients, case numbers and sections in its database (none may appear: see log-scan.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { leaksIn, sentinelsIn } from './log-scan.ts';

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** A started server process: its address, and everything it has printed so far. */
interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

/**
 * Starts the built server (`main`) on a free port with `dataDir` as its data folder, and waits until
 * it answers /healthz (at most a minute).
 */
export async function spawnServer(
  main: string,
  dataDir: string,
  env: Record<string, string | undefined>,
): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: join(root, 'apps', 'server'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`The server did not start within 60 s:\n${output}`);
}

/** Stops a server as an operator does (SIGTERM), and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Today in California, as the demo data's dates count it. */
export function californiaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-e2e-'));
  // The demo data seeded once for the run (global-setup.ts) saves each file a migration and a seed;
  // not once California's date has changed since (the demo's dates count from the day it is seeded).
  const seeded = inject('seededDataDir');
  if (!env.DATABASE_URL && seeded && inject('seededOn') === californiaToday())
    cpSync(seeded, dataDir, { recursive: true });
  const {
    child,
    url,
    output: printed,
  } = await spawnServer(inject('serverMain'), dataDir, {
    ...(env.WEB_DIST_DIR ? {} : { WEB_DIST_DIR: inject('webDistDir') }),
    ...env,
  });
  return {
    url,
    dataDir,
    stop: async () => {
      await stopServer(child);
      const output = printed();
      try {
        // The demo database is the SQLite file in the data folder (unless a test named another).
        if (!env.DATABASE_URL) {
          const sentinels = sentinelsIn(join(dataDir, 'relief-desk.sqlite'));
          const leaks = leaksIn(output, sentinels);
          if (leaks.length > 0)
            throw new Error(
              `The server's log names clients or their records (${leaks.length} of ${sentinels.length} values searched for):\n${leaks
                .slice(0, 10)
                .map((l) => `${l.sentinel.kind} "${l.sentinel.value}" in: ${l.line.slice(0, 300)}`)
                .join('\n')}`,
            );
          console.log(
            `Server log: ${output.split('\n').length - 1} lines (${output.split('"msg":"request"').length - 1} requests) searched for ${sentinels.length} client and case values; none found.`,
          );
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
