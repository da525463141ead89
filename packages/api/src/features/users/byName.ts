// Staff are listed by name as the domain orders names (compareNames: Álvarez among the A's, Núñez
// after Nunez), not by the database's byte order, which put every accented initial after Z. An
// office's staff are a few dozen people, so they are sorted here, one way for every list of them.
import { compareNames } from '@relief-desk/domain';

/** The people in name order; one name twice keeps a stable order by id. */
export function byName<T extends { id: string; name: string }>(people: T[]): T[] {
  return people.sort((a, b) => compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
