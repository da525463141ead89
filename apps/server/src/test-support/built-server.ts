// For tests of the production server: the server built as `pnpm start` builds it (into a folder of
// the test's own), started with `node` as a child process, its output kept, and the way it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { hashPassword } from '@relief-desk/api';
import { type Db, newId } from '@relief-desk/db';
import { INTAKE_EMAIL, INTAKE_PASSWORD, serverDir } from './server-process.ts';

const webDist = join(serverDir, '..', 'web', 'dist');

export interface BuiltServer {
  child: ChildProcess;
  origin: string;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null if killed by a signal) once the process has gone. */
  exited: Promise<number | null>;
  /** Resolves when stdout has a line containing text. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
}

/** Runs the built server (or any main.js) with the environment given, without waiting for it. */
export function runBuilt(
  main: string,
  env: Record<string, string>,
  port = 0,
  nodeArgs: readonly string[] = [],
): BuiltServer {
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: serverDir,
    // The built file sits in a folder of the test's own, not in apps/server/dist, so the defaults
    // that are worked out from where it sits are given here.
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), WEB_DIST_DIR: webDist, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
    for (const waiter of waiters.splice(0)) {
      if (stdout.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    origin: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`No "${text}" in the server's output:\n${stdout}\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then(() => {
          if (!stdout.includes(text)) {
            clearTimeout(timer);
            reject(new Error(`The server exited without "${text}":\n${stdout}\n${stderr}`));
          }
        });
      }),
  };
}

/** Starts the built server and waits until /healthz answers. */
export async function startBuilt(
  main: string,
  env: Record<string, string>,
  port: number,
  nodeArgs: readonly string[] = [],
): Promise<BuiltServer> {
  const server = runBuilt(main, env, port, nodeArgs);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(
        `The server exited with ${server.child.exitCode}:\n${server.stdout()}\n${server.stderr()}`,
      );
    try {
      if ((await fetch(`${server.origin}/healthz`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  server.child.kill('SIGKILL');
  throw new Error(`The server did not start within a minute:\n${server.stdout()}\n${server.stderr()}`);
}

/** An office serving Alameda and its intake worker, who signs in with INTAKE_EMAIL. */
export async function addIntakeWorker(db: Db): Promise<{ userId: string }> {
  const now = new Date().toISOString();
  const officeId = newId();
  const userId = newId();
  await db
    .insertInto('offices')
    .values({ id: officeId, name: 'Alameda County Public Defender', created_at: now, updated_at: now })
    .execute();
  await db.insertInto('office_counties').values({ office_id: officeId, county: 'Alameda' }).execute();
  await db
    .insertInto('users')
    .values({
      id: userId,
      office_id: officeId,
      email: INTAKE_EMAIL,
      name: 'Intake Worker',
      role: 'intake',
      password_hash: await hashPassword(INTAKE_PASSWORD),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { userId };
}

/** Signs the intake worker in; returns the session cookie (name=value). */
export async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email: INTAKE_EMAIL, password: INTAKE_PASSWORD }),
  });
  // Read to its end: the server logs a request once its answer has gone, and a test reading the log
  // expects the sign-in's line before the next request's.
  await response.text();
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`Signing in answered ${response.status}`);
  return cookie;
}
