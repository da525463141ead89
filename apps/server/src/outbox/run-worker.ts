import { parseArgs } from 'node:util';
import { diskFileStore, systemClock } from '@relief-desk/api';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { loadConfig } from '../config.ts';
import { sendersFrom } from './senders.ts';
import { createOutboxWorker } from './worker.ts';

const { values } = parseArgs({
  options: {
    'poll-ms': { type: 'string', default: '1000' },
    'lease-ms': { type: 'string', default: '120000' },
    'no-follow-up': { type: 'boolean', default: false },
  },
});

const config = loadConfig();
const database = openDatabase(config.databaseUrl, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
await migrateToLatest(database.db);
const worker = createOutboxWorker({
  db: database.db,
  files: diskFileStore(config.filesDir),
  clock: systemClock,
  senders: sendersFrom(config),
  pollMs: Number(values['poll-ms']),
  leaseMs: Number(values['lease-ms']),
  followUpEveryMs: values['no-follow-up'] ? null : undefined,
  log: {
    info: (message) => console.log(message),
    error: (message, detail) => console.error(message, detail),
  },
});
worker.start();
console.log('outbox worker ready');

const shutdown = async () => {
  await worker.stop({ deadline: Date.now() + config.SHUTDOWN_GRACE_MS });
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
