// Search in the queue: what was typed decides where to look, and each kind is an index range that
// drives the query (on SQLite, CROSS JOIN keeps the planner from starting anywhere else):
// a name → the folded-word table; a date of birth → clients by birth date; a matter reference or id →
// the matter; anything else with digits → convictions by court case number (its key: see below).
import {
  caseNumberKey,
  foldName,
  nameSearchTerms,
  searchedDate,
  searchedDateProblem,
} from '@relief-desk/domain';
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { badInput } from '../../errors.ts';
import type { ViewScope } from './view.ts';

export type SearchKind = 'name' | 'dateOfBirth' | 'reference' | 'matterId' | 'caseNumber';

export interface SearchDriver {
  kind: SearchKind;
  // biome-ignore lint/suspicious/noExplicitAny: each kind drives from a different table; view.ts names every column in raw SQL.
  query: SelectQueryBuilder<any, any, object>;
  /** The driving index's order, which the page cursor follows. */
  order: RawBuilder<string | number | null>[];
}

/** The smallest string greater than every string that starts with the prefix. */
export function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1);
}

export function classifySearch(text: string): { kind: SearchKind; value: string } {
  const trimmed = text.trim();
  const date = searchedDate(trimmed);
  // The input schema refuses these already; a caller that skipped it is not answered "no one".
  const problem = searchedDateProblem(trimmed);
  if (problem) throw badInput('search', problem);
  if (date) return { kind: 'dateOfBirth', value: date.iso };
  if (/^\d{4}-\d{1,6}$/.test(trimmed)) return { kind: 'reference', value: trimmed };
  // A matter's id as copied, in capitals or not.
  if (/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(trimmed)) return { kind: 'matterId', value: trimmed.toUpperCase() };
  if (/\d/.test(trimmed)) return { kind: 'caseNumber', value: caseNumberKey(trimmed) };
  return { kind: 'name', value: foldName(trimmed) };
}

/**
 * A case number's key in SQL, as migration 0068 indexes it, written out the same (literals, not
 * parameters: SQLite uses an expression index only for the very expression). caseNumberKey is its
 * twin for the typed text.
 */
function caseNumberKeySql(table: 'cv' | 'earlier'): RawBuilder<string> {
  return sql<string>`upper(replace(replace(replace(replace(${sql.ref(`${table}.case_number`)}, '-', ''), ' ', ''), '.', ''), '/', ''))`;
}

// biome-ignore lint/suspicious/noExplicitAny: the driving table differs by kind; view.ts names every column in raw SQL.
type AnySelect = SelectQueryBuilder<any, any, object>;

/**
 * The driving table's rows joined to their matters: on SQLite a CROSS JOIN, so the driving index
 * leads; PostgreSQL's planner needs no hint (and the office scope writes its term on the join).
 */
export function withMatters(scope: ViewScope, from: AnySelect, alias: string): AnySelect {
  const matterOf = sql<SqlBool>`matters.id = ${sql.ref(`${alias}.matter_id`)}`;
  return scope.dialect === 'sqlite'
    ? from.crossJoin('matters').where(matterOf)
    : from.innerJoin('matters', (join) => join.on(matterOf));
}

/**
 * "No earlier match of the same matter": the row is the matter's first that matches, so a search
 * lists each matter once. Written as SQL on purpose, where the office scope cannot add the office
 * to it: with the office, PostgreSQL read the office's whole matching range (by office and prefix)
 * again for each row listed, 11,883 rows for a page of 51 at 20,000 matters and ten times that at ten
 * times the size, where by matter it reads the matter's one or two. The matter is the driving row's,
 * of the office already.
 */
function earlierMatch(earlier: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`not exists (${earlier})`;
}

/** Where in the driving row's names a word starts one of them (0 when none does). */
function namesHold(scope: ViewScope, word: string): RawBuilder<number> {
  const wordStart = ` ${word}`;
  return scope.dialect === 'sqlite'
    ? sql<number>`instr(${sql.ref('ms.names')}, ${wordStart})`
    : sql<number>`strpos(${sql.ref('ms.names')}, ${wordStart})`;
}

/** A search term met in the driving row's names: glued, or (a surname with particles) word by word. */
function namesHoldTerm(scope: ViewScope, term: { glued: string; parts: string[] }): RawBuilder<SqlBool> {
  const glued = sql<SqlBool>`${namesHold(scope, term.glued)} > 0`;
  if (term.parts.length === 1) return glued;
  const apart = term.parts.map((part) => sql`${namesHold(scope, part)} > 0`);
  return sql<SqlBool>`(${glued} or (${sql.join(apart, sql` and `)}))`;
}

export function searchDriverOf(scope: ViewScope, text: string): SearchDriver {
  const { kind, value } = classifySearch(text);
  const db = scope.db;
  switch (kind) {
    case 'name': {
      // The longest word drives (the rarest, usually); every other word must start one of the names,
      // checked on the driving row itself, which carries the client's names (each word after a
      // space), before the matter's row is read: a word common among the office's names costs a
      // string search per row it lists, not a lookup. A surname with particles ("de la cruz") is
      // met glued or word by word (nameSearchTerms), so a plain word drives when there is one.
      const terms = nameSearchTerms(value).sort(
        (a, b) => a.parts.length - b.parts.length || b.glued.length - a.glued.length,
      );
      const [driving, ...rest] = terms;
      if (!driving) throw badInput('search', 'Type at least two letters of a name.');
      // Only a surname with particles ("de cruz"): its first particle drives, a prefix of both the
      // glued form ("decruz", "delacruz") and of the name met word by word ("de … cruz"), and the
      // whole term is asked of each row. Slower than a plain word, and only for such a query.
      const byParticle = driving.parts.length > 1;
      const first = byParticle ? (driving.parts[0] ?? driving.glued) : driving.glued;
      if (byParticle) rest.unshift(driving);
      // A matter is listed at its first word that starts so ("mari": María before Mariana), so a
      // page further on does not list it again: its other such words are passed over (one lookup in
      // the words-by-matter index for each row listed; see earlierMatch).
      let query = withMatters(scope, db.selectFrom('matter_search as ms'), 'ms')
        .where('ms.office_id', '=', scope.officeId)
        .where('ms.token', '>=', first)
        .where('ms.token', '<', prefixEnd(first))
        .where(
          earlierMatch(
            sql`select 1 from matter_search earlier where earlier.matter_id = ms.matter_id
              and earlier.token >= ${first} and earlier.token < ${prefixEnd(first)}
              and earlier.token < ms.token`,
          ),
        );
      for (const term of rest) query = query.where(namesHoldTerm(scope, term));
      return { kind, query, order: [sql`${sql.ref('ms.token')}`, sql`${sql.ref('ms.matter_id')}`] };
    }
    case 'caseNumber': {
      // By the number's key, as the index holds it: "21-CR-0045", "21CR0045" and "21 cr 0045" are one.
      const key = caseNumberKeySql('cv');
      const earlierKey = caseNumberKeySql('earlier');
      return {
        kind,
        // A matter is listed at its first conviction whose case number starts so (two counts of one
        // case are two convictions with one number), as for names above.
        query: withMatters(scope, db.selectFrom('convictions as cv'), 'cv')
          .where('cv.office_id', '=', scope.officeId)
          .where('cv.removed_at', 'is', null)
          .where(key, '>=', value)
          .where(key, '<', prefixEnd(value))
          .where(
            earlierMatch(
              sql`select 1 from convictions earlier where earlier.matter_id = cv.matter_id
                and earlier.removed_at is null and ${earlierKey} >= ${value} and ${earlierKey} < ${prefixEnd(value)}
                and (${earlierKey} < ${key} or (${earlierKey} = ${key} and earlier.id < cv.id))`,
            ),
          ),
        order: [key, sql`${sql.ref('cv.matter_id')}`],
      };
    }
    case 'dateOfBirth':
      // Matters whose client is in the list of the office's clients born that day, read in
      // (client, matter) order from the matters' client index: a keyset order with no sort.
      return {
        kind,
        query: db
          .selectFrom('matters')
          .where('matters.client_id', 'in', (eb) =>
            eb
              .selectFrom('clients as c')
              .select('c.id')
              .where('c.office_id', '=', scope.officeId)
              .where('c.date_of_birth', '=', value),
          ),
        order: [sql`${sql.ref('matters.client_id')}`, sql`${sql.ref('matters.id')}`],
      };
    case 'reference':
      return {
        kind,
        query: db
          .selectFrom('matters')
          .where('matters.office_id', '=', scope.officeId)
          .where('matters.reference', '>=', value)
          .where('matters.reference', '<', prefixEnd(value)),
        order: [sql`${sql.ref('matters.reference')}`],
      };
    case 'matterId':
      return {
        kind,
        query: db
          .selectFrom('matters')
          .where('matters.office_id', '=', scope.officeId)
          .where('matters.id', '=', value),
        order: [sql`${sql.ref('matters.id')}`],
      };
  }
}
