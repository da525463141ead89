// Which of the office's clients may be, or are likely to be, a given person (the rules are the
// domain's: isPossibleMatch, likelyMatchReasons). Merged-away records are never offered: their
// person is the client they were merged into.
import type { Client, OfficeDb, OfficeTx } from '@relief-desk/db';
import {
  isPossibleMatch,
  type LikelyReason,
  likelyMatchReasons,
  type MatchablePerson,
  nameScore,
} from '@relief-desk/domain';
import { otherNamesOf } from '../../matter-core/clientColumns.ts';

export interface ClientMatch {
  client: Client;
  /** How alike the names are, 0..1. */
  score: number;
  /** Empty for a possible match; why it is likely otherwise. */
  likely: LikelyReason[];
}

export function matchableClient(client: Client): MatchablePerson {
  return {
    names: [client.legal_name, ...otherNamesOf(client)],
    dateOfBirth: client.date_of_birth,
    phone: client.phone,
    email: client.email,
  };
}

/**
 * The office's clients that may be this person, best first (at most `limit`). On the office's handle:
 * officeId is the handle's own office, named again only to lead the index (below).
 */
export async function matchingClients(
  db: OfficeDb | OfficeTx,
  officeId: string,
  person: MatchablePerson,
  options: { excludeIds?: readonly string[]; limit?: number } = {},
): Promise<ClientMatch[]> {
  if (person.dateOfBirth === '') return [];
  const sameBirthday = await db
    .selectFrom('clients')
    .selectAll()
    // Leads clients_office_dob_id on SQLite (the scope's +office_id would read every client).
    .where('office_id', '=', officeId)
    .where('date_of_birth', '=', person.dateOfBirth)
    .where('merged_into_client_id', 'is', null)
    .execute();
  const excluded = new Set(options.excludeIds ?? []);
  return sameBirthday
    .filter((client) => !excluded.has(client.id))
    .map((client) => {
      const known = matchableClient(client);
      return { client, known };
    })
    .filter(({ known }) => isPossibleMatch(person, known))
    .map(({ client, known }) => ({
      client,
      score: nameScore(person.names, known.names),
      likely: likelyMatchReasons(person, known),
    }))
    .sort(
      (a, b) =>
        b.likely.length - a.likely.length || b.score - a.score || a.client.id.localeCompare(b.client.id),
    )
    .slice(0, options.limit ?? 10);
}
