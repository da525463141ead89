// Command-line tasks for administrators: `pnpm relief-desk <command>` at the repository root.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { hashPassword, systemClock } from '@relief-desk/api';
import { type Db, migrateToLatest, newId, openDatabase } from '@relief-desk/db';
import { COUNTIES, newPasswordSchema } from '@relief-desk/domain';
import { loadConfig } from './config.ts';
import { seedDemoDataIfEmpty } from './seed/demo.ts';

const USAGE = `Usage: pnpm relief-desk <command> [options]

Commands:
  migrate        Bring the database up to the newest schema.
  seed-demo      Fill an empty database with demo offices, users and clients.
  create-admin   Create an administrator (and their office, if it is new).
                   --email ADDRESS   the administrator's sign-in e-mail (required)
                   --name NAME       their full name (required)
                   --office NAME     the office they belong to (required)
                   --counties LIST   comma-separated counties a new office serves, e.g. "Alameda"
                 The password is read from standard input (or asked for, at a terminal).

The database is the one the server uses: DATABASE_URL, or the SQLite file under DATA_DIR.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    switch (command) {
      case 'migrate':
        console.log(`Database is up to date (${database.description}).`);
        return 0;
      case 'seed-demo': {
        const seeded = await seedDemoDataIfEmpty(database.db, systemClock);
        console.log(
          seeded
            ? `Seeded ${seeded.offices} offices, ${seeded.users} users, ${seeded.clients} clients, ${seeded.matters} matters.`
            : 'The database already has offices: nothing seeded.',
        );
        return 0;
      }
      case 'create-admin':
        return await createAdmin(database.db, rest);
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await database.close();
  }
}

async function createAdmin(db: Db, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      office: { type: 'string' },
      counties: { type: 'string' },
    },
  });
  const email = values.email?.trim().toLowerCase();
  const name = values.name?.trim();
  const officeName = values.office?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || !name || !officeName) {
    console.error('create-admin needs --email (a valid address), --name and --office.\n');
    console.error(USAGE);
    return 2;
  }
  const counties = (values.counties ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = counties.filter((c) => !(COUNTIES as readonly string[]).includes(c));
  if (unknown.length > 0) {
    console.error(`Not California counties: ${unknown.join(', ')}. Spell them as in "Contra Costa".`);
    return 2;
  }
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
    console.error(`A user with the e-mail ${email} already exists.`);
    return 1;
  }
  const password = newPasswordSchema.safeParse(await readPassword());
  if (!password.success) {
    console.error(`Password refused: ${password.error.issues.map((i) => i.message).join(' ')}`);
    return 2;
  }

  const now = systemClock.now();
  const stamp = now.toISOString();
  const passwordHash = await hashPassword(password.data);
  const created = await db.transaction().execute(async (tx) => {
    let office = await tx
      .selectFrom('offices')
      .select('id')
      .where('name', '=', officeName)
      .executeTakeFirst();
    if (!office) {
      if (counties.length === 0) return 'Give --counties for a new office: the counties it serves.';
      office = { id: newId(now) };
      await tx
        .insertInto('offices')
        .values({ id: office.id, name: officeName, created_at: stamp, updated_at: stamp })
        .execute();
      await tx
        .insertInto('office_counties')
        .values(counties.map((county) => ({ office_id: office?.id ?? '', county })))
        .execute();
    }
    const userId = newId(now);
    await tx
      .insertInto('users')
      .values({
        id: userId,
        office_id: office.id,
        email,
        name,
        role: 'admin',
        password_hash: passwordHash,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await tx
      .insertInto('audit_log')
      .values({
        id: newId(now),
        occurred_at: stamp,
        actor_id: null,
        office_id: office.id,
        action: 'cli.createAdmin',
        entity_type: 'user',
        entity_id: userId,
        ip: 'cli',
        outcome: 'ok',
      })
      .execute();
    return null;
  });
  if (created) {
    console.error(created);
    return 2;
  }
  console.log(`Created administrator ${email} in ${officeName}. They can sign in now.`);
  return 0;
}

async function readPassword(): Promise<string> {
  const lines = createInterface({
    input: process.stdin,
    output: process.stdin.isTTY ? process.stdout : undefined,
  });
  try {
    if (process.stdin.isTTY) return await lines.question('Password (at least 12 characters): ');
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
