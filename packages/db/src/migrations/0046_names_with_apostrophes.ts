// Folding made each apostrophe in a name (O'Brien, D’Souza) a space between words, and kept the two
// typed as letters (ʼ, ʻ: Kaʻahumanu) inside the word: "obrien" found no O'Brien, "ka ahumanu" no
// Kaʻahumanu, and O'Brien sorted before Oakes. The domain now folds every such mark to a space, also
// searches each name with its apostrophes closed up (obrien), and sorts by the closed-up name. The keys
// of clients whose names hold one are rebuilt here: clients.name_search (whose trigger, 0006 and 0041,
// writes the matters' search words and names again) and matters.client_sort_name.
//
// A copy of that folding, as it was when this ran: a later change to foldName needs its own migration.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const LETTERS: Readonly<Record<string, string>> = {
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
const MARKS = ["'", '‘', '’', 'ʼ', 'ʻ', '`', '´'];
const APOSTROPHES = new RegExp(`[${MARKS.join('')}]`, 'gu');

function foldName(name: string): string {
  return name
    .replace(APOSTROPHES, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPELLED, (letter) => LETTERS[letter] ?? letter)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const closedUp = (name: string) => name.replace(APOSTROPHES, '');

function nameSearchKey(legalName: string, otherNames: readonly string[]): string {
  const names = [legalName, ...otherNames];
  const closed = names.map(closedUp).filter((name, i) => name !== names[i]);
  return [...names, ...closed].map(foldName).join(' | ');
}

function otherNamesOf(otherNames: string): string[] {
  const parsed: unknown = JSON.parse(otherNames);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

const BATCH = 500;

// biome-ignore lint/suspicious/noExplicitAny: see AnyDb.
const holdsApostrophe = (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
  eb.or(
    MARKS.flatMap((mark) => [eb('legal_name', 'like', `%${mark}%`), eb('other_names', 'like', `%${mark}%`)]),
  );

export async function up(db: AnyDb): Promise<void> {
  // By id, a batch at a time: the filter reads each name once, and a rebuilt client still matches it.
  let after = '';
  for (;;) {
    const clients: { id: string; legal_name: string; other_names: string; name_search: string }[] = await db
      .selectFrom('clients')
      .select(['id', 'legal_name', 'other_names', 'name_search'])
      .where('id', '>', after)
      .where(holdsApostrophe)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const client of clients) {
      const nameSearch = nameSearchKey(client.legal_name, otherNamesOf(client.other_names));
      // Only a change: the update rewrites the search words of every matter of the client.
      if (nameSearch !== client.name_search)
        await db
          .updateTable('clients')
          .set({ name_search: nameSearch })
          .where('id', '=', client.id)
          .execute();
      const sortName = foldName(closedUp(client.legal_name));
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

// The keys stay as this folded them: the old ones were what a search could not find.
export async function down(): Promise<void> {}
