import { configureMessaging, diskFileStore, systemClock } from '@relief-desk/api';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { startBackupSchedule } from './backup-schedule.ts';
import { loadConfig } from './config.ts';
import { buildServer } from './http/app.ts';
import { sendersFrom } from './outbox/senders.ts';
import { createOutboxWorker } from './outbox/worker.ts';
import { seedDemoDataIfEmpty } from './seed/demo.ts';

const config = loadConfig();
const database = openDatabase(config.databaseUrl);
await migrateToLatest(database.db);
const app = await buildServer({ config, database, clock: systemClock });

if (config.SEED_DEMO_DATA) {
  const seeded = await seedDemoDataIfEmpty(database.db, systemClock);
  if (seeded) app.log.info(`Seeded demo data: ${seeded.clients} clients, ${seeded.matters} matters.`);
}

// The outbox worker delivers what the API queues; without SMTP_URL / SMS_API_URL those messages wait.
const senders = sendersFrom(config);
const worker = createOutboxWorker({
  db: database.db,
  files: diskFileStore(config.filesDir),
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

// Scheduled backups, when BACKUP_SCHEDULE_HOURS is set.
const backups = startBackupSchedule({
  config,
  log: { info: (m) => app.log.info(m), error: (m, detail) => app.log.error({ err: detail }, m) },
});

const shutdown = async (signal: string) => {
  app.log.info(`${signal}: shutting down`);
  await worker.stop();
  await app.close();
  await backups?.stop();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`Relief Desk is ready at http://localhost:${config.PORT} (${database.description})`);
