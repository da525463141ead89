// Names are folded for search, sorting and matching by stripping accents (NFKD, then the marks), and
// letters with no accent to strip were kept as they were: "Dang" did not find Đặng, "Lukasz Orsted"
// not Łukasz Ørsted, and Đặng sorted after Zúñiga. The domain's foldName now spells them out (Đ → D,
// Ł → L, Ø → O, ß → ss, Æ → AE...). The keys stored before it are rebuilt here, for the clients whose
// names hold such a letter: clients.name_search (whose trigger, 0006 and 0041, writes the matters'
// search words and names again) and matters.client_sort_name.
//
// A copy of that folding, as it was when this ran: a later change to foldName needs its own migration.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const LETTERS: Readonly<Record<string, string>> = {
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  ß: 'ss',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
};
const SPELLED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');
/** The letters a name that folds differently now holds: those above, and those that decompose to one (Ǿ, Ǽ, Ǣ). */
const FOLDED_DIFFERENTLY = [...Object.keys(LETTERS), 'Ǣ', 'ǣ', 'Ǽ', 'ǽ', 'Ǿ', 'ǿ'];

function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPELLED, (letter) => LETTERS[letter] ?? letter)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function nameSearchKey(legalName: string, otherNames: readonly string[]): string {
  return [legalName, ...otherNames].map(foldName).join(' | ');
}

export function otherNamesOf(otherNames: string): string[] {
  const parsed: unknown = JSON.parse(otherNames);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

const BATCH = 500;

// biome-ignore lint/suspicious/noExplicitAny: see AnyDb.
type ClientFilter = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

const holdsLetter: ClientFilter = (eb) =>
  eb.or(
    FOLDED_DIFFERENTLY.flatMap((letter) => [
      eb('legal_name', 'like', `%${letter}%`),
      eb('other_names', 'like', `%${letter}%`),
    ]),
  );

/**
 * Gives the clients `holds` picks the search key and their matters the sort name the folding passed
 * gives them (0046 rebuilds with its own). By id, a batch at a time: the filter reads each name once,
 * and a rebuilt client still matches it.
 */
export async function rebuildNameKeys(
  db: AnyDb,
  holds: ClientFilter,
  keys: {
    search: (legalName: string, otherNames: readonly string[]) => string;
    sort: (legalName: string) => string;
  },
): Promise<void> {
  let after = '';
  for (;;) {
    const clients: { id: string; legal_name: string; other_names: string; name_search: string }[] = await db
      .selectFrom('clients')
      .select(['id', 'legal_name', 'other_names', 'name_search'])
      .where('id', '>', after)
      .where(holds)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const client of clients) {
      const nameSearch = keys.search(client.legal_name, otherNamesOf(client.other_names));
      // Only a change: the update rewrites the search words of every matter of the client.
      if (nameSearch !== client.name_search)
        await db
          .updateTable('clients')
          .set({ name_search: nameSearch })
          .where('id', '=', client.id)
          .execute();
      const sortName = keys.sort(client.legal_name);
      await db
        .updateTable('matters')
        .set({ client_sort_name: sortName })
        .where('client_id', '=', client.id)
        .where('client_sort_name', '<>', sortName)
        .execute();
    }
    const last = clients.at(-1);
    if (!last || clients.length < BATCH) break;
    after = last.id;
  }
}

export async function up(db: AnyDb): Promise<void> {
  await rebuildNameKeys(db, holdsLetter, { search: nameSearchKey, sort: foldName });
}

// The keys stay as this folded them: the old ones were what a search could not find.
export async function down(): Promise<void> {}
