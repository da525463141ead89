// Brings a database up to the newest schema. Safe to run at every start.
import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Database } from './tables/index.ts';

function migratorFor(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/**
 * The database was migrated by a newer version of the code (one of a pair of servers restarting in
 * the middle of an upgrade, an update rolled back, a newer backup restored): nothing is run.
 */
export class DatabaseNewerThanCode extends Error {
  override readonly name = 'DatabaseNewerThanCode';
  constructor(readonly unknown: string[]) {
    super(
      `the database was brought up to date by a newer version of Relief Desk: it has run migrations this version does not have (${unknown.join(', ')})`,
    );
  }
}

/** The names of the migrations this version brings, oldest first. */
export function knownMigrations(): string[] {
  return Object.keys(migrations);
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const { unknown } = await migrationState(db);
  if (unknown.length > 0) throw new DatabaseNewerThanCode(unknown);
  const result = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    // No migration ran (the database could not be reached or read): the cause is the whole story.
    if (!failed) throw result.error;
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** The migrations a run of migrateToLatest applied, oldest first (none when the database was up to date). */
export function appliedMigrations(result: MigrationResultSet): string[] {
  return (result.results ?? [])
    .filter((r) => r.status === 'Success' && r.direction === 'Up')
    .map((r) => r.migrationName);
}

/**
 * What a run applied, said for the log and the command line: how many, the first and the last
 * ("Applied 31 migrations, 0001_initial to 0031_petitions."), or null when it applied none.
 */
export function describeAppliedMigrations(applied: string[]): string | null {
  if (applied.length === 0) return null;
  if (applied.length === 1) return `Applied 1 migration, ${applied[0]}.`;
  return `Applied ${applied.length} migrations, ${applied[0]} to ${applied.at(-1)}.`;
}

export interface MigrationState {
  /** Migrations this code has that the database has not run. */
  pending: string[];
  /** Migrations the database has run that this code does not know (it is newer than the code). */
  unknown: string[];
}

/**
 * Compares the migrations the database has run with the ones this code brings: two small reads, cheap
 * enough for a readiness check. Fails if the database cannot be reached.
 */
export async function migrationState(db: Kysely<Database>): Promise<MigrationState> {
  await sql`select 1`.execute(db);
  const names = Object.keys(migrations);
  let ran: string[];
  try {
    ran = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map(
      (r) => r.name,
    );
  } catch {
    // The database answered (above) but has no migration table: nothing has been run.
    ran = [];
  }
  return {
    pending: names.filter((name) => !ran.includes(name)),
    unknown: ran.filter((name) => !names.includes(name)),
  };
}
