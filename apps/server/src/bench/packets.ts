// `pnpm bench:packets -- --petitions N`: a filing run of N petitions (default 200) drawn by the real
// server and read over HTTP. Builds an office in a temporary folder with N ready petitions (each with
// its packet prepared; every third decided at the court's discretion, so its packet holds a
// declaration), makes a filing run of a quarter of them and one of all, starts the server on that
// database, and downloads the small run, the big one and the big one again, timing each and sampling
// the server's resident memory while it streams. Prints one JSON object per download, then a summary
// line against the target (all N in under 20 s; memory flat across the runs).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApiHarness, TEST_PASSWORD } from '@relief-desk/api/testing';
import { readyPetition, setUpFiling } from '../../../../packages/api/src/features/packets/fixtures.ts';

const serverDir = resolve(import.meta.dirname, '../..');
const TARGET_SECONDS = 20;

function parsePetitions(argv: string[]): number {
  const i = argv.indexOf('--petitions');
  if (i === -1) return 200;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 4 || n > 500)
    throw new Error('--petitions takes a whole number from 4 to 500.');
  return n;
}

async function freePort(): Promise<number> {
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

async function startServer(dataDir: string, databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SEED_DEMO_DATA: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server stopped with code ${child.exitCode}.`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The server did not start within two minutes.');
}

/** A process's resident memory now, in MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

async function main() {
  const petitions = parsePetitions(process.argv.slice(2));
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-packets-'));
  let server: ChildProcess | undefined;
  try {
    // The office, its court data, and N ready petitions with their packets, through the API.
    const started = performance.now();
    const api = await createApiHarness('sqlite', { filesDir: join(dataDir, 'files') });
    await setUpFiling(api);
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const ids: string[] = [];
    for (let i = 0; i < petitions; i++) {
      const discretionary = i % 3 === 2;
      const p = await readyPetition(api, {
        caseNumber: `19CR${String(100_000 + i)}`,
        sections: i % 2 === 0 ? ['484(a)', '647(f)'] : ['11350(a)'],
        determination: discretionary ? 'eligible_discretionary' : 'eligible_mandatory',
      });
      if (discretionary)
        await attorney.packets.saveDeclaration({
          petitionId: p.petitionId,
          version: 0,
          rehabilitation:
            'I finished an eighteen-month recovery program in 2019 and have been sober since. I volunteer at the program on weekends and mentor people who are starting it.\n\nI paid every fine and fee the court ordered.',
          employment:
            'I have worked as a warehouse lead for four years. I want to apply for a commercial driver’s license and a better-paid job that runs background checks.',
          communityTies: 'I care for my mother and my two children, and I coach my son’s soccer team.',
          // The test clients prefer Spanish: the declaration is read to them, and the translator declares it.
          readToClientIn: 'es',
          translatorName: 'Rosa Delgado',
        });
      await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
      ids.push(p.petitionId);
      if ((i + 1) % 50 === 0) console.error(`prepared ${i + 1} of ${petitions} packets`);
    }
    const quarter = await attorney.filings.createRun({
      county: 'Alameda',
      petitionIds: ids.slice(0, Math.ceil(petitions / 4)),
    });
    const all = await attorney.filings.createRun({ county: 'Alameda', petitionIds: ids });
    const url = api.database.url;
    await api.database.close();
    console.error(`built in ${Math.round((performance.now() - started) / 1000)} s`);

    const port = await freePort();
    server = await startServer(dataDir, url, port);
    const pid = server.pid ?? 0;
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'attorney@alameda.test', password: TEST_PASSWORD }),
    });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    if (!cookie) throw new Error('Signing in set no cookie.');

    const results = [];
    // The small run, the big one, and the big one again: memory that stays flat does not grow with the
    // run's length, nor from one run to the next.
    for (const run of [quarter, all, all]) {
      const before = rssMb(pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(pid));
      }, 50);
      const start = performance.now();
      const response = await fetch(`${base}/api/filing-runs/${run.id}/pdf`, {
        method: 'POST',
        headers: { origin: base, cookie },
      });
      if (!response.ok || !response.body) throw new Error(`The run's PDF was refused: ${response.status}`);
      let firstByte = 0;
      let bytes = 0;
      let pages = 0;
      let tail = '';
      const decoder = new TextDecoder('latin1');
      for await (const chunk of response.body) {
        if (firstByte === 0) firstByte = performance.now() - start;
        bytes += chunk.byteLength;
        // Pages are counted from the bytes as they pass (each page object is "/Type /Page" once).
        const text = tail + decoder.decode(chunk);
        pages += (text.match(/\/Type \/Page\n/g) ?? []).length;
        tail = text.slice(-16).replace(/.*\n/s, '');
      }
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, rssMb(pid));
      const result = {
        petitions: run.petitionCount,
        pages,
        expectedPages: run.pages,
        megabytes: Math.round((bytes / 1024 / 1024) * 100) / 100,
        seconds: Math.round(seconds * 100) / 100,
        firstByteMs: Math.round(firstByte),
        serverRssBeforeMb: before,
        serverRssPeakMb: peak,
        cores: cpus().length,
      };
      console.log(JSON.stringify(result));
      results.push(result);
    }
    const [small, big, again] = results;
    if (!small || !big || !again) return;
    const slowest = Math.max(big.seconds, again.seconds);
    console.log(
      `filing run of ${big.petitions} petitions: ${big.pages} pages (${big.megabytes} MB) in ${big.seconds} s and ${again.seconds} s (target under ${TARGET_SECONDS} s: ${slowest < TARGET_SECONDS ? 'met' : 'MISSED'}), first byte after ${big.firstByteMs} ms; server peak RSS ${small.serverRssPeakMb} MB for ${small.petitions} petitions, ${big.serverRssPeakMb} MB for ${big.petitions}, ${again.serverRssPeakMb} MB for ${again.petitions} again; ${big.cores} cores`,
    );
    if (big.pages !== big.expectedPages)
      throw new Error(`The run has ${big.pages} pages, not ${big.expectedPages}.`);
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
