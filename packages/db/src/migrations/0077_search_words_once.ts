// PostgreSQL's triggers that keep the search words (0041) wrote a word that comes twice in a client's
// names once by a `distinct` over every row the statement writes. Run over many matters at once (a
// client renamed, a bulk load), that is a sort of all their words: over 1,000,000 matters 2.4 million
// rows by office, word and matter, 10-13 s, and then inserted one by one into the words' key. The
// words are now told apart within each matter, where a repeat can arise, so the statement needs no
// sort and its rows can go into a table whose key is built after them. What is written is unchanged.
// SQLite's triggers write each word with `insert or ignore` and are left as they are.
import { type Kysely, PostgresAdapter } from 'kysely';
import { postgresTriggers } from './0041_search_names.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await postgresTriggers(db, true, true);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await postgresTriggers(db, true, false);
}
