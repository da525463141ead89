// A surname with particles is written many ways: De La Cruz, de la Cruz, Dela Cruz, Delacruz. A search
// for "Maria de la Cruz" found no María White Dela Cruz ("la" starts none of her words). The domain now
// also keys each name with its particles glued to the surname ("maria white delacruz"), and a search
// meets such a surname glued or word by word. The keys of clients whose names hold a particle are
// rebuilt here: clients.name_search, whose trigger (0006, 0041) writes the matters' search words and
// names again. The sort key does not change.
//
// The folding is 0046's, unchanged since; a copy of the particles as they were when this ran: a later
// change to either needs its own migration.
import type { Kysely } from 'kysely';
import { otherNamesOf } from './0045_fold_letters_without_accents.ts';
import { closedUp, foldName } from './0046_names_with_apostrophes.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const PARTICLES = new Set(
  'de del dela della la las los le les da das do dos di du van von der den ter ten st san santa'.split(' '),
);

function gluedParticles(folded: string): string | null {
  const glued: string[] = [];
  let run = '';
  for (const word of folded.split(' ')) {
    if (PARTICLES.has(word)) run += word;
    else {
      glued.push(run + word);
      run = '';
    }
  }
  if (run) glued.push(run);
  const joined = glued.join(' ');
  return joined === folded ? null : joined;
}

function nameSearchKey(legalName: string, otherNames: readonly string[]): string {
  const names = [legalName, ...otherNames];
  const closed = names.map(closedUp).filter((name, i) => name !== names[i]);
  const folded = [...names, ...closed].map(foldName);
  const glued = folded.map(gluedParticles).filter((name): name is string => name !== null);
  return [...new Set([...folded, ...glued])].join(' | ');
}

const BATCH = 500;

export async function up(db: AnyDb): Promise<void> {
  let after = '';
  for (;;) {
    const clients: { id: string; legal_name: string; other_names: string; name_search: string }[] = await db
      .selectFrom('clients')
      .select(['id', 'legal_name', 'other_names', 'name_search'])
      .where('id', '>', after)
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
    }
    const last = clients.at(-1);
    if (!last || clients.length < BATCH) break;
    after = last.id;
  }
}

// The keys stay as this made them: without the glued names, "dela cruz" finds no De La Cruz again.
export async function down(): Promise<void> {}
