// For tests that need the real server as a separate process (to kill it, or to back it up while it
// works): a data folder with one office and one intake login, the server started on it, and a
// signed-in HTTP session that calls procedures as the web app does (Origin, cookie, request key).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { hashPassword } from '@relief-desk/api';
import { migrateToLatest, newId, openDatabase } from '@relief-desk/db';

export const serverDir = resolve(import.meta.dirname, '../..');
export const INTAKE_EMAIL = 'intake@crash.test';
export const INTAKE_PASSWORD = 'quiet river morning 42';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `pnpm relief-desk <args>` as a separate process, without blocking this one: its exit code and
 * output. `asUser`: run as that user id (and group id of the same number), through setpriv.
 */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  options: { asUser?: number } = {},
): Promise<CliResult> {
  const cli = [process.execPath, ...(await cliCommand()), ...args];
  const user = options.asUser;
  const [command = '', ...commandArgs] =
    user === undefined ? cli : ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', ...cli];
  return new Promise((done) => {
    const child = spawn(command, commandArgs, {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * `pnpm relief-desk <args>` run to its end, blocking this process (for a test that types into it:
 * `input` is its standard input): exit status, output and errors as text. `cli` is cliCommand()'s;
 * `env` names the data folder or database (no DATABASE_URL, no demo data, unless it says so).
 */
export function runCliSync(cli: string[], args: string[], env: Record<string, string>, input = '') {
  return spawnSync(process.execPath, [...cli, ...args], {
    cwd: serverDir,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', SEED_DEMO_DATA: 'false', ...env },
  });
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A migrated SQLite database in dataDir with an office serving Alameda and its intake worker. */
export async function prepareDataDir(dataDir: string): Promise<void> {
  const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    await migrateToLatest(database.db);
    const now = new Date().toISOString();
    const officeId = newId();
    await database.db
      .insertInto('offices')
      .values({
        id: officeId,
        name: 'Alameda County Public Defender',
        // Set up as an office must be before its online application opens.
        address: '1 Example Plaza\nSpringfield, CA 90000',
        phone: '(555) 555-0100',
        email: 'help@office.test',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await database.db
      .insertInto('office_counties')
      .values({ office_id: officeId, county: 'Alameda' })
      .execute();
    await database.db
      .insertInto('users')
      .values({
        id: newId(),
        office_id: officeId,
        email: INTAKE_EMAIL,
        name: 'Intake Worker',
        role: 'intake',
        password_hash: await hashPassword(INTAKE_PASSWORD),
        created_at: now,
        updated_at: now,
      })
      .execute();
  } finally {
    await database.close();
  }
}

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** What the server wrote to stdout and stderr. */
  output(): string;
  /** SIGKILL: no shutdown, no flush; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not gone in 10 s. */
  stop(): Promise<void>;
}

/**
 * Node's arguments for `pnpm relief-desk`, run from serverDir: under the test runner, the command line
 * the integration tests' global setup bundled from src/cli.ts (test-support/global-build.ts), which
 * starts in a fraction of the TypeScript loader's 3 s; elsewhere, src/cli.ts through that loader.
 */
export async function cliCommand(): Promise<string[]> {
  if (process.env.VITEST) {
    const { inject } = await import('vitest');
    const cli = inject('serverCli');
    if (cli) return [cli];
  }
  return ['--import', 'tsx/esm', 'src/cli.ts'];
}

/**
 * The command that starts the server: under the test runner, the server the integration tests' global
 * setup built once (test-support/global-build.ts); elsewhere (the intake benchmark), `src/main.ts`.
 */
async function serverCommand(): Promise<string[]> {
  if (process.env.VITEST) {
    const { inject } = await import('vitest');
    const main = inject('serverMain');
    if (main) return [main];
  }
  return ['--import', 'tsx/esm', 'src/main.ts'];
}

/** Starts the server on the data folder (SQLite, no demo data) and waits for /healthz. */
export async function startServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, await serverCommand(), {
    cwd: serverDir,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SEED_DEMO_DATA: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // Where `src/main.ts` would look; the built file sits in a folder of the run's own.
      WEB_DIST_DIR: join(serverDir, '..', 'web', 'dist'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  const server: ServerProcess = {
    origin,
    child,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The server stopped with code ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.kill();
  throw new Error(`The server did not start within a minute:\n${output}`);
}

export interface Answer {
  status: number;
  body: unknown;
}

/** A person signed in over HTTP, calling procedures as the web app does. */
export class HttpSession {
  private cookie = '';
  constructor(private readonly origin: string) {}

  async signIn(email = INTAKE_EMAIL, password = INTAKE_PASSWORD): Promise<void> {
    const response = await fetch(`${this.origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: this.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const set = response.headers.get('set-cookie');
    if (!response.ok || !set)
      throw new Error(`Signing in answered ${response.status}: ${await response.text()}`);
    this.cookie = set.split(';')[0] ?? '';
  }

  /** A mutation; rejects when no answer came (connection refused or cut). */
  async mutate(procedure: string, input: unknown, key: string | null): Promise<Answer> {
    const response = await fetch(`${this.origin}/trpc/${procedure}`, {
      method: 'POST',
      headers: {
        origin: this.origin,
        cookie: this.cookie,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(input),
    });
    return { status: response.status, body: await response.json() };
  }

  async query(procedure: string, input: unknown): Promise<Answer> {
    const response = await fetch(
      `${this.origin}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
      { headers: { cookie: this.cookie } },
    );
    return { status: response.status, body: await response.json() };
  }

  /** A document's file, downloaded. */
  async download(fileId: string): Promise<{ status: number; bytes: Uint8Array }> {
    const response = await fetch(`${this.origin}/api/files/${fileId}`, { headers: { cookie: this.cookie } });
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  /** An upload of a document's file (the raw bytes, as the web app sends them). */
  async upload(documentId: string, bytes: Buffer, filename: string): Promise<Answer> {
    const response = await fetch(`${this.origin}/api/documents/${documentId}/files`, {
      method: 'POST',
      headers: {
        origin: this.origin,
        cookie: this.cookie,
        'content-type': 'application/pdf',
        'x-filename': encodeURIComponent(filename),
      },
      body: bytes,
    });
    return { status: response.status, body: await response.json() };
  }
}

/** The data of a tRPC answer. */
export function dataOf<T>(answer: Answer): T {
  return (answer.body as { result: { data: T } }).result.data;
}
