// A name search of two words or more ("Garcia Maria") reads the matters of its longest word and keeps
// those whose names also hold the other words. That check was a lookup per row in the matter's own
// words (matter_search by matter), and with common words most rows fail it: at 1,000,000 matters,
// 1,900-2,600 lookups for a page of 51, 3.5-4.8 ms on SQLite. Each word's row now carries the
// client's folded names (names: " " then clients.name_search, so every word follows a space), and
// the other words are checked on the row already read, without a lookup: 0.6-0.8 ms.
//
// SQLite: the table is rebuilt WITHOUT ROWID, keyed as before (office, word, matter), so a search
// reads the names from the key's own B-tree; the rowid table also kept every row twice (the table
// and its key's index). PostgreSQL: a column added and filled. On both, the triggers that keep the
// words (0006) write the names too.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

// name_search holds folded names (letters, digits, single spaces) joined by " | " (0006).
const SQLITE_TOKENS = (column: string) =>
  `'["' || replace(replace(${column}, ' | ', ' '), ' ', '","') || '"]'`;
const NAMES = (column: string) => `' ' || ${column}`;

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table matter_search add column names text`.execute(db);
    await sql
      .raw(`update matter_search ms set names = ${NAMES('c.name_search')}
        from matters m join clients c on c.id = m.client_id where m.id = ms.matter_id`)
      .execute(db);
    await sql`alter table matter_search alter column names set not null`.execute(db);
    await postgresTriggers(db, true);
    await sql`analyze matter_search`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, true);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await postgresTriggers(db, false);
    await sql`alter table matter_search drop column names`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, false);
}

/**
 * matter_search made again, with its words and their names (WITHOUT ROWID) or the words alone (as 0006
 * made it), its index, and the triggers that keep it. Nothing references the table, so it can be
 * dropped with foreign keys on; the triggers go first, as they name it.
 */
async function rebuildSqliteTable(db: AnyDb, withNames: boolean): Promise<void> {
  await sql`drop trigger matter_search_on_insert`.execute(db);
  await sql`drop trigger matter_search_on_rename`.execute(db);
  await sql`create table matter_search_next (
      office_id text not null,
      token text not null,
      matter_id text not null references matters(id),
      ${withNames ? sql`names text not null,` : sql``}
      constraint matter_search_pk primary key (office_id, token, matter_id)
    ) ${withNames ? sql`without rowid` : sql``}`.execute(db);
  const copied = withNames
    ? `insert into matter_search_next (office_id, token, matter_id, names)
      select ms.office_id, ms.token, ms.matter_id, ${NAMES('c.name_search')}
      from matter_search ms join matters m on m.id = ms.matter_id join clients c on c.id = m.client_id
      order by 1, 2, 3`
    : `insert into matter_search_next (office_id, token, matter_id)
      select office_id, token, matter_id from matter_search order by 1, 2, 3`;
  await sql.raw(copied).execute(db);
  await sql`drop table matter_search`.execute(db);
  await sql`alter table matter_search_next rename to matter_search`.execute(db);
  await sql`create index matter_search_matter on matter_search (matter_id, token)`.execute(db);
  await sqliteTriggers(db, withNames);
}

/** 0006's triggers, writing the names beside each word (withNames) or not (as 0006 wrote them). */
async function sqliteTriggers(db: AnyDb, withNames: boolean): Promise<void> {
  const columns = withNames ? 'office_id, token, matter_id, names' : 'office_id, token, matter_id';
  const names = (column: string) => (withNames ? `, ${NAMES(column)}` : '');
  await sql
    .raw(`create trigger matter_search_on_insert after insert on matters begin
      insert or ignore into matter_search (${columns})
      select new.office_id, j.value, new.id${names('c.name_search')}
      from clients c, json_each(${SQLITE_TOKENS('c.name_search')}) j
      where c.id = new.client_id and length(j.value) > 1;
    end`)
    .execute(db);
  await sql
    .raw(`create trigger matter_search_on_rename after update of name_search on clients begin
      delete from matter_search where matter_id in (select id from matters where client_id = new.id);
      insert or ignore into matter_search (${columns})
      select m.office_id, j.value, m.id${names('new.name_search')}
      from matters m, json_each(${SQLITE_TOKENS('new.name_search')}) j
      where m.client_id = new.id and length(j.value) > 1;
    end`)
    .execute(db);
}

/**
 * 0006's trigger functions, replaced: writing the names beside each word (withNames) or not. A word
 * that comes twice in a client's names is written once: as 0041 wrote it, by a `distinct` over all the
 * rows written; from 0077, by one within each matter's words (`wordsOnce`).
 */
export async function postgresTriggers(db: AnyDb, withNames: boolean, wordsOnce = false): Promise<void> {
  const words = `regexp_split_to_table(c.name_search, '[ |]+')`;
  const tokensOf = (clientFilter: string) => `
    insert into matter_search (office_id, token, matter_id${withNames ? ', names' : ''})
    select ${wordsOnce ? '' : 'distinct '}m.office_id, t.token, m.id${withNames ? `, ${NAMES('c.name_search')}` : ''} from matters m
    join clients c on c.id = m.client_id
    cross join lateral ${
      wordsOnce
        ? `(select distinct word.token from ${words} as word(token) where length(word.token) > 1) as t`
        : `${words} as t(token)`
    }
    where ${clientFilter}${wordsOnce ? '' : ' and length(t.token) > 1'}
    on conflict do nothing;`;
  await sql
    .raw(`create or replace function matter_search_on_insert() returns trigger language plpgsql as $$ begin
      ${tokensOf('m.id = new.id')}
      return null; end $$`)
    .execute(db);
  await sql
    .raw(`create or replace function matter_search_on_rename() returns trigger language plpgsql as $$ begin
      delete from matter_search where matter_id in (select id from matters where client_id = new.id);
      ${tokensOf('m.client_id = new.id')}
      return null; end $$`)
    .execute(db);
}
