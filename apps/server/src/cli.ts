// Command-line tasks for administrators: `pnpm relief-desk <command>` at the repository root.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  assignMissingOfficeSlugs,
  hashPassword,
  setPasswordFromCommandLine,
  systemClock,
} from '@relief-desk/api';
import {
  type AuditChainReport,
  appendAuditRow,
  appliedMigrations,
  type Db,
  describeAppliedMigrations,
  isPostgresUrl,
  migrateToLatest,
  newId,
  openDatabase,
  type Tx,
  verifyAuditChains,
} from '@relief-desk/db';
import { type County, newPasswordSchema, staffNameKey } from '@relief-desk/domain';
import { BackupError, backupArguments, isThere, runBackupCommand } from './backup.ts';
import { loadConfig } from './config.ts';
import {
  type AdminArguments,
  createAdminArguments,
  officeNamed,
  resetPasswordArguments,
} from './create-admin-arguments.ts';
import { firstAdministratorHint } from './first-administrator.ts';
import { seedDemoDataIfEmpty } from './seed/demo.ts';
import { reportStartupProblem, startupStep } from './startup-problems.ts';

const USAGE = `Usage: pnpm relief-desk <command> [options]

Commands:
  migrate        Bring the database up to the newest schema, saying which migrations it applied.
  seed-demo      Fill an empty database with demo offices, users and clients.
  create-admin   Create an administrator (and their office, if it is new).
                   --email ADDRESS   the administrator's sign-in e-mail (required)
                   --name NAME       their full name (required)
                   --office NAME     the office they belong to (required); a name already here
                                     in other capitals, spacing or punctuation is that office
                   --counties LIST   comma-separated counties a new office serves, e.g. "Alameda"
                   --rap-sheets      let them see RAP sheets from the start (off unless given;
                                     another administrator can grant it later)
                 The password is read from standard input (or asked for, at a terminal).
  reset-password Set a new password for someone no administrator can send a link to (an office's
                 only administrator, say). Their sessions end, a lock set by failed sign-ins is
                 lifted, and they are told by e-mail; their second factors stay as they are.
                   --email ADDRESS   the address they sign in with (required)
                 The password is read from standard input (or asked for, at a terminal).
  audit-verify   Check every office's audit log chain: one line per office, and exit 1
                 naming the first broken row if a row was changed, removed or added.
  backup         Copy the database and the uploaded files while the server runs, consistently
                 (SQLite's online backup, or pg_dump), with SHA-256 checksums in manifest.json.
                   --to FOLDER       a new or empty folder for the backup (required)
  restore        Check a backup's checksums and restore it into an empty data folder (or an
                 empty PostgreSQL database, with pg_restore); a non-empty one is refused. Stop
                 the server first: a restore under a running server is refused.
                   --from FOLDER     the backup's folder (required)

The database is the one the server uses: DATABASE_URL, or the SQLite file under DATA_DIR.`;

const COMMANDS = [
  'migrate',
  'seed-demo',
  'create-admin',
  'reset-password',
  'audit-verify',
  'backup',
  'restore',
] as const;

/** One command's part of USAGE: its line and its options. */
function commandHelp(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  ${command} `));
  const end = lines.findIndex((line, i) => i > start && (/^ {2}[a-z]/.test(line) || line.trim() === ''));
  const part = lines.slice(start, end === -1 ? undefined : end).join('\n');
  return `Usage: pnpm relief-desk ${command}${/ --/.test(part) ? ' [options]' : ''}\n\n${part}\n\n${lines.at(-1)}`;
}

/** The first option given twice (--email a --email b would otherwise quietly take the last), or null. */
function repeatedOption(args: string[]): string | null {
  const { tokens } = parseArgs({ args, strict: false, tokens: true, allowPositionals: true });
  const seen = new Set<string>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) return token.rawName;
    seen.add(token.name);
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  // A mistyped command or missing option is reported before the database is opened or migrated.
  if (!(COMMANDS as readonly string[]).includes(command)) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  const repeated = repeatedOption(rest);
  if (repeated) {
    console.error(
      `${command}: ${repeated} was given more than once: give it once.\n\n${commandHelp(command)}`,
    );
    return 2;
  }
  const admin = command === 'create-admin' ? createAdminArguments(rest) : null;
  if (typeof admin === 'string') {
    console.error(`${admin}\n\n${USAGE}`);
    return 2;
  }
  const reset = command === 'reset-password' ? resetPasswordArguments(rest) : null;
  if (typeof reset === 'string') {
    console.error(`${reset}\n\n${USAGE}`);
    return 2;
  }
  const copy = command === 'backup' || command === 'restore' ? backupArguments(command, rest) : null;
  if (typeof copy === 'string') {
    console.error(`${copy}\n\n${USAGE}`);
    return 2;
  }
  // These take no options: one given (a mistyped flag, a setting meant for the environment) is not
  // quietly ignored while the command does something else.
  if ((command === 'migrate' || command === 'seed-demo' || command === 'audit-verify') && rest.length > 0) {
    console.error(
      `"${command}" takes no options, and was given ${rest.map((a) => `"${a}"`).join(' ')}. Settings such as DATA_DIR and DATABASE_URL are read from the environment.\n\n${USAGE}`,
    );
    return 2;
  }
  const config = await startupStep('settings', () => loadConfig());
  // Neither opens the server's database through the migrator: a backup changes nothing, and a
  // restore needs its target empty.
  if (copy) return await runBackupCommand(copy, config);
  // A SQLite file that is not there: a mistyped DATA_DIR, or the first administrator of a new one. One
  // this user may not read is not "not there": said as such, with whom to run the command as. (The
  // commands that do not ask open the database, and say a permission problem as the server's start does.)
  let noDatabaseYet = false;
  try {
    if (command === 'audit-verify' || reset || admin)
      noDatabaseYet = !isPostgresUrl(config.databaseUrl) && !isThere(config.databaseUrl, 'the data folder');
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    return 1;
  }
  // Checking makes nothing: a mistyped DATA_DIR must not answer "empty, nothing to check" from a new file.
  if (command === 'audit-verify' && noDatabaseYet) {
    console.error(
      `There is no database at ${config.databaseUrl}: nothing to check. Set DATA_DIR (or DATABASE_URL) as the server has it.`,
    );
    return 1;
  }
  if (reset && noDatabaseYet) {
    console.error(
      `There is no database at ${config.databaseUrl}: no one to set a password for. Set DATA_DIR (or DATABASE_URL) as the server has it.`,
    );
    return 1;
  }
  // The first administrator makes the database, but only once everything they gave holds: a command
  // refused must not leave a new, migrated database behind (a restore into that folder is refused).
  let password: string | undefined;
  if (admin && noDatabaseYet) {
    if (admin.counties.length === 0) {
      console.error(`"${admin.officeName}" is a new office: give --counties, the counties it serves.`);
      return 2;
    }
    const read = await readNewPassword();
    if (typeof read !== 'string') return read.code;
    password = read;
  }
  const database = await startupStep('database', () =>
    openDatabase(config.databaseUrl, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS }),
  );
  try {
    const migrated = await startupStep('database', () => migrateToLatest(database.db));
    if (command === 'seed-demo') {
      const seeded = await seedDemoDataIfEmpty(database.db, systemClock);
      console.log(
        seeded
          ? `Seeded ${seeded.offices} offices, ${seeded.users} users, ${seeded.clients} clients, ${seeded.matters} matters.`
          : 'The database already has offices: nothing seeded.',
      );
      return 0;
    }
    if (admin) {
      const code = await createAdmin(database.db, admin, password);
      if (code === 0 && admin.rapSheets)
        console.log(
          'They may see RAP sheets (--rap-sheets); an administrator can withdraw that at Office settings → Users.',
        );
      // Named as migrate names it: a mistyped DATA_DIR shows here as a database nobody meant.
      if (code === 0) console.log(`Written to the database: ${database.description}.`);
      return code;
    }
    if (reset) return await resetPassword(database.db, reset.email);
    if (command === 'audit-verify') return await auditVerify(database.db);
    // An upgrade is said: which migrations ran, or that none had to.
    const applied = describeAppliedMigrations(appliedMigrations(migrated));
    console.log(
      applied
        ? `${applied} Database is up to date (${database.description}).`
        : `Database is already up to date (${database.description}): no migrations to apply.`,
    );
    const hint = await firstAdministratorHint(database.db);
    if (hint) console.log(hint);
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * Why the name cannot join the office: an active person there has it but for capitals, accents and
 * spacing (as an invitation's acceptance refuses it), or null.
 */
async function nameAlike(db: Db | Tx, office: { id: string; name: string }, name: string) {
  const key = staffNameKey(name);
  const people = await db
    .selectFrom('users')
    .select('name')
    .where('office_id', '=', office.id)
    .where('active', '=', 1)
    .execute();
  const alike = people.find((person) => staffNameKey(person.name) === key);
  return alike
    ? `Someone at ${office.name} is already named “${alike.name}”. Give --name with a middle initial or another part of the name, so colleagues can tell the two apart.`
    : null;
}

/** The office --office names, among all (an office is one row of a few), or what is wrong. */
async function officeOf(
  db: Db | Tx,
  officeName: string,
  counties: County[],
): Promise<{ problem: string } | { office: { id: string; name: string } | null }> {
  const match = officeNamed(await db.selectFrom('offices').select(['id', 'name']).execute(), officeName);
  if (match.kind === 'several')
    return {
      problem: `"${officeName}" names ${match.offices.length} offices, which differ only in capitals or spacing: ${match.offices.map((o) => `"${o.name}"`).join(', ')}. Give --office as the one you mean is written.`,
    };
  if (match.kind === 'none' && counties.length === 0)
    return { problem: `"${officeName}" is a new office: give --counties, the counties it serves.` };
  return { office: match.kind === 'one' ? match.office : null };
}

/** The new password from standard input or the terminal, or the exit status once refused. */
async function readNewPassword(stopped?: string): Promise<string | { code: number }> {
  const password = newPasswordSchema.safeParse(await readPassword(stopped));
  if (!password.success) {
    console.error(`Password refused: ${password.error.issues.map((i) => i.message).join(' ')}`);
    return { code: 2 };
  }
  return password.data;
}

async function createAdmin(
  db: Db,
  { email, name, officeName, counties, rapSheets }: AdminArguments,
  /** Already read (before a new database was made), or read here. */
  given?: string,
): Promise<number> {
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
    console.error(
      `A user with the e-mail ${email} already exists. To set a new password for them: pnpm relief-desk reset-password --email ${email}`,
    );
    return 1;
  }
  // Before asking for a password: which office, and a new office needs its counties.
  const found = await officeOf(db, officeName, counties);
  if ('problem' in found) {
    console.error(found.problem);
    return 2;
  }
  const alike = found.office && (await nameAlike(db, found.office, name));
  if (alike) {
    console.error(alike);
    return 2;
  }
  const password = given ?? (await readNewPassword());
  if (typeof password !== 'string') return password.code;

  const now = systemClock.now();
  const stamp = now.toISOString();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (tx) => {
    // Again in the transaction: another command may have made the office meanwhile.
    const found = await officeOf(tx, officeName, counties);
    if ('problem' in found) return found.problem;
    const joined = found.office;
    const alike = joined && (await nameAlike(tx, joined, name));
    if (alike) return alike;
    const office = joined ?? { id: newId(now), name: officeName };
    if (!joined) {
      await tx
        .insertInto('offices')
        .values({ id: office.id, name: officeName, created_at: stamp, updated_at: stamp })
        .execute();
      await tx
        .insertInto('office_counties')
        .values(counties.map((county) => ({ office_id: office.id, county })))
        .execute();
      // Its online application's address: /apply/<slug>.
      await assignMissingOfficeSlugs(tx);
      // A new office requires a second factor of everyone: its people set one up at their first sign-in.
      await tx
        .insertInto('office_sign_in_settings')
        .values({ office_id: office.id, mfa_required: 1, updated_at: stamp, updated_by: null })
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
        // Off unless asked: criminal history is need-to-know (PC 11140-11144), and an administrator's
        // work is users and settings. --rap-sheets is for the office whose only administrator also
        // works cases: nobody else could grant it to them.
        can_view_rap_sheets: rapSheets ? 1 : 0,
        password_hash: passwordHash,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await appendAuditRow(tx, {
      id: newId(now),
      occurred_at: stamp,
      actor_id: null,
      office_id: office.id,
      action: 'cli.createAdmin',
      entity_type: 'user',
      entity_id: userId,
      ip: 'cli',
      outcome: 'ok',
      // The grant is on the record with the account it came with.
      detail: rapSheets ? JSON.stringify({ canViewRapSheets: true }) : '{}',
    });
    return { joined };
  });
  if (typeof created === 'string') {
    console.error(created);
    return 2;
  }
  const existing = created.joined;
  if (!existing) {
    console.log(
      `Created administrator ${email} in ${officeName}. They can sign in now, and set up a second factor (an authenticator app or a passkey) at their first sign-in: the new office requires one of everyone.`,
    );
    return 0;
  }
  // Joined an office already here: said when it is written otherwise, or serves other counties.
  if (existing.name !== officeName)
    console.log(
      `"${officeName}" is the office "${existing.name}", already here: office names are compared without regard to ${differsInPunctuation(officeName, existing.name) ? 'capitals, spacing or punctuation' : 'capitals or spacing'}.`,
    );
  if (counties.length > 0) {
    const served = (
      await db.selectFrom('office_counties').select('county').where('office_id', '=', existing.id).execute()
    )
      .map((c) => c.county)
      .sort();
    if ([...counties].sort().join() !== served.join())
      console.log(
        `--counties was not used: "${existing.name}" serves ${served.join(', ') || 'no county'}; an administrator changes that at Office settings.`,
      );
  }
  console.log(`Created administrator ${email} in ${existing.name}. They can sign in now.`);
  return 0;
}

/** Two names of one office that differ in punctuation, not only in capitals or spacing. */
const differsInPunctuation = (a: string, b: string) => {
  const key = (name: string) => name.replace(/\s+/g, '').toLocaleLowerCase('en-US');
  return key(a) !== key(b);
};

async function resetPassword(db: Db, email: string): Promise<number> {
  const password = newPasswordSchema.safeParse(await readPassword('Nothing was changed.'));
  if (!password.success) {
    console.error(`Password refused: ${password.error.issues.map((i) => i.message).join(' ')}`);
    return 2;
  }
  const outcome = await setPasswordFromCommandLine(db, systemClock, email, password.data);
  if (!outcome.set) {
    console.error(outcome.problem);
    return 1;
  }
  const ended =
    outcome.sessionsEnded === 0
      ? 'They had no session open.'
      : `${outcome.sessionsEnded} session(s) of theirs ended.`;
  console.log(
    `Set a new password for ${outcome.name} (${email}) of ${outcome.officeName}. ${ended}${outcome.unlocked ? ' The lock failed sign-ins had set is lifted.' : ''} They are told by e-mail, and sign in with it now (with their second factor, where they have one).`,
  );
  return 0;
}

const PROBLEMS: Record<NonNullable<AuditChainReport['problem']>['kind'], string> = {
  content_changed: 'content changed',
  row_missing: 'row missing',
  row_inserted: 'row inserted',
  link_broken: 'row replaced',
};

/**
 * What the chain of rows with no office holds: sign-in attempts naming no account, and rows an older
 * version wrote without their office although they are about an office's matter (messages.followUp).
 * Those stay in this chain, where they were hashed (moving them would break both chains); their
 * office is read from their matter.
 */
async function noOfficeRows(db: Db, offices: Map<string, string>): Promise<string> {
  const aboutMatters = await db
    .selectFrom('audit_log as a')
    .innerJoin('matters as m', 'm.id', 'a.entity_id')
    .where('a.office_id', 'is', null)
    .where('a.entity_type', '=', 'matter')
    .select(['m.office_id as officeId', (eb) => eb.fn.countAll<number | string>().as('rows')])
    .groupBy('m.office_id')
    .orderBy('m.office_id')
    .execute();
  if (aboutMatters.length === 0) return 'sign-in attempts naming no account';
  const named = aboutMatters
    .map(
      (r) =>
        `${Number(r.rows)} about matters of ${offices.get(r.officeId) ?? 'an unknown office'} (${r.officeId})`,
    )
    .join(', ');
  return `sign-in attempts naming no account, and rows an older version wrote without their office: ${named}`;
}

/** Walks every office's audit chain: one line per office; exit 1 if any chain is broken. */
async function auditVerify(db: Db): Promise<number> {
  const reports = await verifyAuditChains(db);
  const offices = new Map(
    (await db.selectFrom('offices').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  let broken = 0;
  for (const report of reports) {
    const office = report.officeId
      ? `${offices.get(report.officeId) ?? 'Unknown office'} (${report.officeId})`
      : `No office recorded (${await noOfficeRows(db, offices)})`;
    const { problem } = report;
    if (!problem) {
      const head = report.head ? `, newest ${report.head.seq} ${report.head.hash}` : '';
      console.log(`${office}: ${report.rowsChecked} rows checked, ok${head}`);
      continue;
    }
    broken++;
    // A missing row has no id left: its place in the chain is named instead.
    const at = [
      problem.rowId ? `row ${problem.rowId}` : null,
      problem.seq === null ? null : `sequence ${problem.seq}`,
    ]
      .filter(Boolean)
      .join(', ');
    console.log(
      `${office}: BROKEN at ${at || 'a row'}: ${PROBLEMS[problem.kind]} (${problem.message}); ${report.rowsChecked} rows checked before it`,
    );
  }
  if (reports.length === 0) console.log('The audit log is empty: nothing to check.');
  if (broken > 0) {
    console.error(`The audit log has been tampered with in ${broken} of ${reports.length} office chains.`);
    return 1;
  }
  return 0;
}

/** The password on standard input's first line, or typed at a terminal; `stopped` says what Ctrl-C left. */
async function readPassword(stopped = 'No administrator was created.'): Promise<string> {
  if (process.stdin.isTTY) return readHiddenLine('Password (at least 12 characters, not shown): ', stopped);
  const lines = createInterface({ input: process.stdin });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

/**
 * A line typed at a terminal without echoing it: a password must not stay on the screen (or in a
 * recording of the session). Backspace removes the last character; Ctrl-C stops the command.
 */
async function readHiddenLine(prompt: string, stopped: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string>((resolve) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            stdin.setRawMode(false);
            stdout.write(`\nStopped. ${stopped}\n`);
            process.exit(130);
          }
          typed = char === '\u007f' || char === '\b' ? Array.from(typed).slice(0, -1).join('') : typed + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write('\n');
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A setting that does not work (a database that cannot be reached, say) is one line, not a stack.
  process.exitCode = reportStartupProblem(error, () => loadConfig());
}
