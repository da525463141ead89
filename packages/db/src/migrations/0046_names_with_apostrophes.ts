// Folding made each apostrophe in a name (O'Brien, D’Souza) a space between words, and kept the two
// typed as letters (ʼ, ʻ: Kaʻahumanu) inside the word: "obrien" found no O'Brien, "ka ahumanu" no
// Kaʻahumanu, and O'Brien sorted before Oakes. The domain now folds every such mark to a space, also
// searches each name with its apostrophes closed up (obrien), and sorts by the closed-up name. The keys
// of clients whose names hold one are rebuilt here: clients.name_search (whose trigger, 0006 and 0041,
// writes the matters' search words and names again) and matters.client_sort_name.
//
// A copy of that folding, as it was when this ran (the letters as 0045 spelled them): a later change
// to foldName needs its own migration.
import type { Kysely } from 'kysely';
import { LETTERS, rebuildNameKeys } from './0045_fold_letters_without_accents.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const SPELLED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');
const MARKS = ["'", '‘', '’', 'ʼ', 'ʻ', '`', '´'];
const APOSTROPHES = new RegExp(`[${MARKS.join('')}]`, 'gu');

/** The folding as 0046 left it (a later migration that keeps it reuses this: 0063). */
export function foldName(name: string): string {
  return name
    .replace(APOSTROPHES, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPELLED, (letter) => LETTERS[letter] ?? letter)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const closedUp = (name: string) => name.replace(APOSTROPHES, '');

function nameSearchKey(legalName: string, otherNames: readonly string[]): string {
  const names = [legalName, ...otherNames];
  const closed = names.map(closedUp).filter((name, i) => name !== names[i]);
  return [...names, ...closed].map(foldName).join(' | ');
}

export async function up(db: AnyDb): Promise<void> {
  await rebuildNameKeys(
    db,
    (eb) =>
      eb.or(
        MARKS.flatMap((mark) => [
          eb('legal_name', 'like', `%${mark}%`),
          eb('other_names', 'like', `%${mark}%`),
        ]),
      ),
    { search: nameSearchKey, sort: (legalName) => foldName(closedUp(legalName)) },
  );
}

// The keys stay as this folded them: the old ones were what a search could not find.
export async function down(): Promise<void> {}
