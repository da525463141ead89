// Starts Relief Desk: opens and migrates the database, seeds demo data into an empty one (unless
// turned off), and serves the API and the web app.
import { systemClock } from '@relief-desk/api';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { loadConfig } from './config.ts';
import { buildServer } from './http/app.ts';
import { seedDemoDataIfEmpty } from './seed/demo.ts';

const config = loadConfig();
const database = openDatabase(config.databaseUrl);
await migrateToLatest(database.db);
const app = await buildServer({ config, database, clock: systemClock });

if (config.SEED_DEMO_DATA) {
  const seeded = await seedDemoDataIfEmpty(database.db, systemClock);
  if (seeded) app.log.info(`Seeded demo data: ${seeded.clients} clients, ${seeded.matters} matters.`);
}

const shutdown = async (signal: string) => {
  app.log.info(`${signal}: shutting down`);
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`Relief Desk is ready at http://localhost:${config.PORT} (${database.description})`);
