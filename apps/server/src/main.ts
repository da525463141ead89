// The server process: reads the settings, opens and migrates the database, serves HTTP and delivers
// the outbox. A setting that stops it is reported as one line naming it (exit 1). On SIGTERM or
// SIGINT it stops accepting connections, finishes the requests in flight within SHUTDOWN_GRACE_MS
// (answering the rest 503), lets the outbox worker finish or give back its claims, closes the
// database and exits 0 (the reads journaled for the audit log chained first).
// First: V8's allocation settings hold before any request's data is allocated.
import './no-pretenuring.ts';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import {
  capSessionIdleMinutes,
  configureMessaging,
  configureRapImports,
  diskFileStore,
  sweepUnreferencedFiles,
  systemClock,
} from '@relief-desk/api';
import {
  type AppDatabase,
  appliedMigrations,
  chainAuditJournal,
  describeAppliedMigrations,
  describeFreeSpaceWiped,
  describeFreeSpaceWipeStarting,
  makePrivateFolder,
  migrateToLatest,
  openDatabase,
  wipeFreeSpaceIfAsked,
} from '@relief-desk/db';
import type { FastifyInstance } from 'fastify';
import { createAuditJournalWorker } from './audit-journal/worker.ts';
import { tightenBackups } from './backup.ts';
import { startBackupSchedule } from './backup-schedule.ts';
import { type Config, loadConfig } from './config.ts';
import { type DataFolderHold, holdDataFolder } from './data-folder-lock.ts';
import { firstAdministratorHint } from './first-administrator.ts';
import { buildServer } from './http/app.ts';
import { lifecycleOf } from './http/lifecycle.ts';
import { sendersFrom } from './outbox/senders.ts';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker.ts';
import { createImportWorker } from './rap-import/worker.ts';
import { seedDemoDataIfEmpty } from './seed/demo.ts';
import { describeStartupProblem, problemLine, StartupFailure, startupStep } from './startup-problems.ts';

/** Known once read, to word a start-up problem. */
let config: Config | null = null;

async function start(): Promise<{
  config: Config;
  database: AppDatabase;
  app: FastifyInstance;
  hold: DataFolderHold;
}> {
  const settings = await startupStep('settings', () => loadConfig());
  config = settings;
  // A start that cannot listen changes nothing: the port is tried before the database is migrated
  // or seeded (a new version started while the old one still serves must not migrate under it).
  await startupStep('listen', () => portIsFree(settings.PORT, settings.HOST));
  // Uploads are written under DATA_DIR whichever database is used: find out now, not at the first one.
  // Made owner-only (0700), as backups are, whatever the umask: they hold clients' documents.
  await startupStep('data folder', () => {
    makePrivateFolder(settings.filesDir);
    accessSync(settings.filesDir, constants.W_OK);
  });
  // Held from before the database is opened until it is closed: a restore into this data folder is
  // refused meanwhile (the server would go on with the files it opened).
  const hold = await startupStep('data folder', () => holdDataFolder(settings));
  // Backups an earlier version left readable by others, as the database files are below.
  const backupsTightened = await startupStep('data folder', () => tightenBackups(settings.backupDir));
  const { opened, applied } = await startupStep('database', async () => {
    const database = openDatabase(settings.databaseUrl, { sqliteSynchronous: settings.SQLITE_SYNCHRONOUS });
    const migrated = await migrateToLatest(database.db);
    return { opened: database, applied: appliedMigrations(migrated) };
  });
  // A lowered SESSION_IDLE_MINUTES holds for the sessions already open too.
  const capped = await startupStep('database', () =>
    capSessionIdleMinutes(opened.db, settings.SESSION_IDLE_MINUTES),
  );
  // Reads a crash left in the audit journal join their chains before any request adds to them.
  const leftInJournal = await startupStep('database', () => chainAuditJournal(opened.db));
  const app = await buildServer({ config: settings, database: opened, clock: systemClock });
  if (capped > 0)
    app.log.info(
      `${capped} open sessions now end after ${settings.SESSION_IDLE_MINUTES} idle minutes, as SESSION_IDLE_MINUTES says.`,
    );
  // Said once: the next start finds them owner-only already.
  if (opened.tightened && opened.tightened.length > 0)
    app.log.info(
      `Made the database files owner-only (0600), as backups are; others could read them: ${opened.tightened.join(', ')}.`,
    );
  if (backupsTightened.tightened.length > 0)
    app.log.info(
      `Made the backups owner-only (folders 0700, files 0600), as new ones are; others could read them: ${backupsTightened.tightened.join(', ')}.`,
    );
  if (backupsTightened.refused.length > 0)
    app.log.warn(
      `Could not make these backups owner-only (another user owns them), so others may read them: ${backupsTightened.refused.join(', ')}. Change their owner or mode by hand.`,
    );
  // An upgrade is said once, in the start that ran it.
  app.log.info(
    describeAppliedMigrations(applied) ??
      `The database is already up to date: no migrations to apply (${opened.description}).`,
  );
  // Once, on a database written before erased text was overwritten: before anything else uses it.
  const wiped = await startupStep('database', () =>
    wipeFreeSpaceIfAsked(opened.db, (bytes) => app.log.info(describeFreeSpaceWipeStarting(bytes))),
  );
  if (wiped) app.log.info(describeFreeSpaceWiped(wiped));
  if (leftInJournal > 0)
    app.log.info(`Chained ${leftInJournal} audit rows of reads that the last stop left in the journal.`);
  if (settings.SEED_DEMO_DATA) {
    const seeded = await seedDemoDataIfEmpty(opened.db, systemClock);
    if (seeded) app.log.info(`Seeded demo data: ${seeded.clients} clients, ${seeded.matters} matters.`);
  }
  // From here the port answers, but the workers and the stop below are set up after: a signal in
  // between is kept and acted on then, rather than ending the process without a clean stop.
  process.on('SIGINT', keepEarlySignal);
  process.on('SIGTERM', keepEarlySignal);
  await startupStep('listen', () => app.listen({ port: settings.PORT, host: settings.HOST }));
  return { config: settings, database: opened, app, hold };
}

/**
 * Binds the port and lets it go at once: fails as listening would (EADDRINUSE, EACCES, an address the
 * machine does not have). PORT=0 asks for any free port, which is always there.
 */
function portIsFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

let earlySignal: NodeJS.Signals | null = null;
function keepEarlySignal(signal: NodeJS.Signals): void {
  earlySignal ??= signal;
}

let started: Awaited<ReturnType<typeof start>>;
try {
  started = await start();
} catch (error) {
  const problems = describeStartupProblem(error, config);
  // Not a setting someone can fix: a bug, reported with its stack trace.
  if (!problems) throw error instanceof StartupFailure ? error.cause : error;
  for (const problem of problems) console.error(problemLine(problem));
  process.exit(1);
}

const { app } = started;
const settings = started.config;
const opened = started.database;
// Asked before the signal handlers exist: a Ctrl-C right after "ready" must not close the database
// under this query (on PostgreSQL the query would then fail and end the process with an error).
const firstAdministrator = await firstAdministratorHint(opened.db);
// A file removed or discarded is erased after its change commits: a crash in between leaves its bytes
// with no row naming them, erased here (no row ever names a file that is gone).
const swept = await sweepUnreferencedFiles(diskFileStore(settings.filesDir), opened.db);
if (swept > 0) app.log.info({ swept }, `Erased ${swept} stored file(s) no record names any more.`);

// The outbox worker delivers what the API queues; without SMTP_URL / SMS_API_URL those messages wait.
const senders = sendersFrom(settings);
const worker: OutboxWorker = createOutboxWorker({
  db: opened.db,
  files: diskFileStore(settings.filesDir),
  clock: systemClock,
  senders,
  log: { info: (m) => app.log.info(m), error: (m, detail) => app.log.error({ err: detail }, m) },
});
configureMessaging({
  emailConfigured: Boolean(senders.email),
  smsConfigured: Boolean(senders.sms),
  wake: worker.wake,
});
worker.start();

// RAP sheet imports are read here, in the background, one at a time.
const imports = createImportWorker({
  db: opened.db,
  files: diskFileStore(settings.filesDir),
  clock: systemClock,
  log: { info: (m) => app.log.info(m), error: (m, detail) => app.log.error({ err: detail }, m) },
});
configureRapImports({ wake: imports.wake });
imports.start();

// Audit rows of reads wait in a journal and join their chains here, a batch a second.
const auditJournal = createAuditJournalWorker({
  db: opened.db,
  log: { error: (m, detail) => app.log.error({ err: detail }, m) },
});
auditJournal.start();

// Scheduled backups, when BACKUP_SCHEDULE_HOURS is set.
const backups = startBackupSchedule({
  config: settings,
  log: { info: (m) => app.log.info(m), error: (m, detail) => app.log.error({ err: detail }, m) },
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  // Ctrl-C under pnpm delivers SIGINT twice (from the terminal and from pnpm): one stop is enough.
  if (stopping) return;
  stopping = true;
  const graceMs = settings.SHUTDOWN_GRACE_MS;
  const lifecycle = lifecycleOf(app);
  app.log.info(
    { signal, inFlight: lifecycle.inFlight(), graceMs },
    `${signal}: stopping. No new connections; finishing the requests in flight.`,
  );
  // Whatever happens, the process ends: a database that will not close must not hold it for ever.
  setTimeout(() => {
    app.log.error('Could not close everything in time after the grace period; exiting.');
    process.exit(1);
  }, graceMs + 10_000).unref();
  try {
    const deadline = Date.now() + graceMs;
    const [requests, delivery] = await Promise.all([
      lifecycle.drain(graceMs),
      worker.stop({ deadline }),
      // An import being read goes back to the queue at its next page; the next start reads it again.
      imports.stop({ deadline }),
    ]);
    await app.close();
    await backups?.stop();
    // Last before closing: the reads journaled by the requests that finished join their chains. (A
    // request still running past the grace period may journal later; the next start chains it.)
    await auditJournal.stop();
    await opened.close();
    await started.hold.release();
    app.log.info(
      { ...requests, outboxReleased: delivery.released, deliveryInterrupted: delivery.interrupted },
      'Stopped.',
    );
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'Stopping failed');
    process.exit(1);
  }
}
process.off('SIGINT', keepEarlySignal);
process.off('SIGTERM', keepEarlySignal);
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
if (earlySignal) void shutdown(earlySignal);

app.log.info(
  { startupMs: Math.round(process.uptime() * 1000) },
  // The port listened on: PORT=0 asks the system for a free one.
  `Relief Desk is ready at http://localhost:${listeningPort(app) ?? settings.PORT} (${opened.description})`,
);
if (firstAdministrator) app.log.warn(firstAdministrator);

function listeningPort(server: FastifyInstance): number | null {
  const address = server.server.address();
  return address && typeof address === 'object' ? address.port : null;
}
