// `pnpm bench:intake -- --applications N --concurrency C`: online applications and partner referrals
// against the real built server. Builds the server as `pnpm build` does (into a temporary folder),
// migrates a SQLite database with two offices and partner keys, starts the server on it behind a
// "proxy" (TRUST_PROXY, each application from an address of its own, so the per-address limit is not
// what is measured), then posts N applications as the form does (urlencoded, Origin, a form key),
// and N partner referrals (JSON, Bearer key, Idempotency-Key), C at a time. Prints one JSON line per
// kind (requests/s, p50/p95/p99 ms, answers by status) and checks the database holds each one once,
// with its audit row and, for applications, its confirmation in the outbox with its status link at
// PUBLIC_ORIGIN. Exits 1 on any miss. `--only applications` or `--only referrals` sends one kind;
// `--profile` runs the server under V8's CPU profiler and prints where its time went, per kind sent
// (profile one kind at a time to tell them apart).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiHarness, referralInput } from '@relief-desk/api/testing';
import { readSqlite } from '@relief-desk/db';
import { TRAP_FIELD } from '../public/apply-page.ts';
import { buildForTest, startBuilt } from '../test-support/built-server.ts';
import { freePort } from '../test-support/server-process.ts';
import { summariseProfile } from './profile.ts';

function argument(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} takes a whole number from ${min} to ${max}.`);
  return n;
}

const N = argument('--applications', 500, 10, 100_000);
const CONCURRENCY = argument('--concurrency', 16, 1, 512);
const ONLY = process.argv[process.argv.indexOf('--only') + 1];
if (process.argv.includes('--only') && ONLY !== 'applications' && ONLY !== 'referrals')
  throw new Error('--only takes applications or referrals.');
const SEND_APPLICATIONS = ONLY !== 'referrals';
const SEND_REFERRALS = ONLY !== 'applications';
const PROFILING = process.argv.includes('--profile');
/** Where each kind's requests start in the server, and what the profile summary follows. */
const PROFILE_WATCH = [
  'submitOnlineApplication',
  'submitPartnerReferral',
  'recentPartnerKeyFrom',
  'claimRequest',
  'openKeyedRequest',
  'fingerprint',
  'storedAnswer',
  'officeBySlug',
  'checkApplication',
  'recordIncomingReferral',
  'likelyMatches',
  'matchingClients',
  'nextMatterReference',
  'recordEvent',
  'confirm',
  'issueStatusLink',
  'queueMessage',
  'confirmationText',
  'inTransaction',
  'claimDue',
  'deliverClaimed',
  'receivedPage',
];
/** Each partner key may send 60 a minute: enough keys that the limit is not what is measured. */
const REFERRALS_PER_KEY = 50;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Posts and reads the whole answer; gives its status. node:http on kept-alive connections rather than
 * fetch, which cost the sender about 1.8 ms of CPU a request on the machine the server shares.
 */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', agent, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/**
 * The server's CPU time so far (user and system, ms; Linux), or null: steadier than requests per
 * second when other work shares the machine.
 */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

async function runAll(count: number, send: (i: number) => Promise<number>, pid?: number) {
  const cpuBefore = cpuMsOf(pid);
  const ownCpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const status = await send(i).catch(() => 0);
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuMsOf(pid);
  const ownCpu = process.cpuUsage(ownCpuBefore);
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: count,
    concurrency: CONCURRENCY,
    seconds: ms(seconds),
    perSecond: ms(count / seconds),
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    serverCpuMsEach:
      cpuBefore === null || cpuAfter === null
        ? null
        : Math.round(((cpuAfter - cpuBefore) / count) * 100) / 100,
    // The load generator shares the machine: what each request cost it.
    senderCpuMsEach: Math.round(((ownCpu.user + ownCpu.system) / 1000 / count) * 100) / 100,
    statuses,
  };
}

function form(i: number): string {
  const params = new URLSearchParams({
    lang: i % 2 ? 'es' : 'en',
    submission: `bench-${i}-${randomUUID()}`,
    [TRAP_FIELD]: '',
    legalName: `Bench Applicant ${i} Quiñones`,
    birthMonth: String((i % 12) + 1),
    birthDay: String((i % 28) + 1),
    birthYear: String(1950 + (i % 50)),
    phone: '',
    email: `applicant${i}@example.org`,
    language: i % 2 ? 'es' : 'en',
    notes: 'Best reached in the afternoon.',
  });
  params.append('counties', 'Alameda');
  if (i % 5 === 0) params.append('counties', 'San Francisco');
  return params.toString();
}

/**
 * A partner's referral of a person of their own (birthday, phone), as partners send them: one in ten
 * refers again the person of the one before, so the duplicate check finds a likely match and flags it.
 */
function partnerBody(i: number) {
  const { client, note } = referralInput();
  const person = i % 10 === 9 ? i - 1 : i;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    client: {
      ...client,
      legalName: `Bench Referral ${person} Delgado`,
      otherNames: [],
      dateOfBirth: `${1960 + (person % 40)}-${two((person % 12) + 1)}-${two((person % 27) + 1)}`,
      phone: `(510) 555-${String(person % 10_000).padStart(4, '0')}`,
      email: `referral${i}@example.org`,
    },
    counties: ['Alameda'],
    note,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-intake-'));
  let stop: (() => void) | null = null;
  try {
    console.error(
      `Building the server and a database (${N} applications and ${N} partner referrals to come)…`,
    );
    const [{ main: builtMain, outdir }, prepared] = await Promise.all([
      buildForTest(),
      (async () => {
        const api = await createApiHarness('sqlite', { filesDir: join(dataDir, 'files') });
        const admin = await api.signedIn('alameda.admin');
        const keys: string[] = [];
        for (let k = 0; k < Math.ceil(N / REFERRALS_PER_KEY); k++)
          keys.push((await admin.partnerKeys.create({ name: `Bench partner ${k + 1}` })).key);
        const url = api.database.url;
        await api.database.close();
        return { keys, url };
      })(),
    ]);
    stop = () => rmSync(outdir, { recursive: true, force: true });
    const port = await freePort();
    const profileDir = PROFILING ? join(dataDir, 'profile') : null;
    const server = await startBuilt(
      builtMain,
      {
        DATA_DIR: dataDir,
        DATABASE_URL: prepared.url,
        SEED_DEMO_DATA: 'false',
        TRUST_PROXY: 'true',
        // As deployed: the confirmations' status links point here, not at a request's Host.
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
      },
      port,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    stop = () => {
      server.child.kill('SIGTERM');
      rmSync(outdir, { recursive: true, force: true });
    };
    const origin = server.origin;
    const slug = 'alameda-county-public-defender';
    const page = await fetch(`${origin}/apply/${slug}`);
    if (page.status !== 200) throw new Error(`GET /apply/${slug} answered ${page.status}`);

    const none = { requests: 0, statuses: {} as Record<string, number> };
    const applications = !SEND_APPLICATIONS
      ? none
      : await runAll(
          N,
          async (i) => {
            return post(`${origin}/apply/${slug}`, form(i), {
              origin,
              'content-type': 'application/x-www-form-urlencoded',
              'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            });
          },
          server.child.pid,
        );
    if (SEND_APPLICATIONS) console.log(JSON.stringify({ kind: 'online application', ...applications }));

    const referrals = !SEND_REFERRALS
      ? none
      : await runAll(
          N,
          async (i) => {
            return post(`${origin}/api/v1/referrals`, JSON.stringify(partnerBody(i)), {
              authorization: `Bearer ${prepared.keys[Math.floor(i / REFERRALS_PER_KEY)]}`,
              'idempotency-key': randomUUID(),
              'content-type': 'application/json',
            });
          },
          server.child.pid,
        );
    if (SEND_REFERRALS) console.log(JSON.stringify({ kind: 'partner referral', ...referrals }));

    if (profileDir) {
      // The profile is written as the server exits.
      server.child.kill('SIGTERM');
      await server.exited;
      console.log(
        JSON.stringify({
          name: `server CPU profile, ${ONLY ?? 'applications then referrals'}`,
          ...summariseProfile(profileDir, 30, {
            firstRequest: SEND_APPLICATIONS ? 'submitOnlineApplication' : 'submitPartnerReferral',
            watch: PROFILE_WATCH,
          }),
        }),
      );
    }

    const file = prepared.url.replace(/^(?:file|sqlite):/, '');
    const counts = readSqlite(file, (sqlite) => {
      const one = (q: string) => (sqlite.prepare(q).get() as { n: number }).n;
      return {
        applicationClients: one(
          `select count(distinct client_id) as n from matters where referral_source = 'online_application'`,
        ),
        applicationMatters: one(
          `select count(*) as n from matters where referral_source = 'online_application'`,
        ),
        partnerClients: one(
          `select count(distinct client_id) as n from matters where referral_source = 'partner'`,
        ),
        confirmations: one(`select count(*) as n from messages where kind = 'application'`),
        confirmationsLinkingHere: (
          sqlite
            .prepare(`select count(*) as n from messages where kind = 'application' and body like ?`)
            .get(`%${origin}/status/%`) as { n: number }
        ).n,
        applicationAudits: one(
          `select count(*) as n from audit_log where action = 'applications.submit' and outcome = 'ok'`,
        ),
        partnerDuplicatesFlagged: one(
          `select count(*) as n from matter_events e join matters m on m.id = e.matter_id where e.kind = 'possible_duplicate' and m.referral_source = 'partner'`,
        ),
        partnerAudits: one(
          `select count(*) as n from audit_log where action = 'partnerApi.referrals.create' and outcome = 'ok'`,
        ),
      };
    });
    const A = SEND_APPLICATIONS ? N : 0;
    const R = SEND_REFERRALS ? N : 0;
    const expected = {
      applicationClients: A,
      applicationMatters: A + Math.ceil(A / 5),
      partnerClients: R,
      confirmations: A,
      confirmationsLinkingHere: A,
      applicationAudits: A,
      partnerDuplicatesFlagged: Math.floor(R / 10),
      partnerAudits: R,
    };
    // Past 1,080 referrals birthdays repeat, so more may be flagged than the repeats sent.
    const misses = Object.entries(expected).filter(([k, v]) => {
      const n = counts[k as keyof typeof counts];
      return k === 'partnerDuplicatesFlagged' ? n < v : n !== v;
    });
    const ok =
      misses.length === 0 &&
      (applications.statuses['200'] ?? 0) === A &&
      (referrals.statuses['201'] ?? 0) === R;
    console.log(
      JSON.stringify({
        summary: ok ? 'pass' : 'fail',
        stored: counts,
        ...(misses.length ? { expected } : {}),
        cores: cpus().length,
        loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    stop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
