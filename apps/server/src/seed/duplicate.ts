// One likely duplicate in the demo data, so staff can try the duplicate check and a merge: a partner
// referred someone the office already has, written the way partners' forms write names (capitals,
// no accents) with the same birth date and phone. As for any referral from outside, a new client
// was recorded and the match flagged on the new matter's timeline (see recordIncomingReferral); the
// same person typed in at New referral is stopped until staff attach or explain.
import { nextMatterReference } from '@relief-desk/api';
import type { NewClient, NewMatter, NewMatterEvent, Tx } from '@relief-desk/db';
import { newId } from '@relief-desk/db';
import {
  addDays,
  type County,
  describeLikelyReasons,
  likelyMatchReasons,
  type MatterEventKind,
  nameSearchKey,
  nameSortKey,
  nameWithBirthDate,
  readableDate,
} from '@relief-desk/domain';

/** The partner the referral came from. */
const PARTNER = 'Root & Rebound';

/** "María José Núñez" → "MARIA JOSE NUNEZ": the same words, as many partners' forms write them. */
export function asPartnerWritesIt(legalName: string): string {
  return legalName.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();
}

/**
 * Records a referral received two days ago for the first client with an accented name (or the first
 * client) of `clients`, already inserted, as a new client with the match flagged, as a partner
 * referral is. Returns the two names, or null when there are no clients.
 */
export async function addLikelyDuplicate(
  tx: Tx,
  clients: readonly NewClient[],
  options: { officeId: string; county: County; today: string },
): Promise<{ known: string; referred: string } | null> {
  const known = clients.find((c) => /[áéíóúñ]/i.test(c.legal_name)) ?? clients[0];
  if (!known) return null;
  const legalName = asPartnerWritesIt(known.legal_name);
  const person = { names: [legalName], dateOfBirth: known.date_of_birth, phone: known.phone, email: '' };
  const reasons = likelyMatchReasons(person, {
    names: [known.legal_name, ...(JSON.parse(known.other_names) as string[])],
    dateOfBirth: known.date_of_birth,
    phone: known.phone,
    email: known.email,
  });
  // The demo promises a likely match: if the rule changes, the seed must be changed with it.
  if (reasons.length === 0)
    throw new Error(`The demo duplicate of ${known.legal_name} is not a likely match`);
  const receivedOn = addDays(options.today, -2);
  const at = `${receivedOn}T17:30:00.000Z`;
  const clientId = newId();
  const matterId = newId();
  const client: NewClient = {
    ...known,
    id: clientId,
    legal_name: legalName,
    other_names: '[]',
    name_search: nameSearchKey(legalName, []),
    email: '',
    contact_email: 0,
    created_at: at,
    updated_at: at,
    updated_by: null,
  };
  const matter: NewMatter = {
    id: matterId,
    reference: await nextMatterReference(tx, options.officeId, receivedOn.slice(0, 4)),
    office_id: options.officeId,
    client_id: clientId,
    county: options.county,
    stage: 'referral_received',
    referred_to_office_id: null,
    assignee_id: null,
    referral_source: 'partner',
    referral_source_detail: PARTNER,
    received_on: receivedOn,
    referral_note: 'Referred through the partner API after a reentry workshop.',
    client_sort_name: nameSortKey(legalName),
    client_language: client.preferred_language,
    first_opened_at: null,
    closed_at: null,
    created_at: at,
    updated_at: at,
    updated_by: null,
  };
  const event = (kind: MatterEventKind, summary: string, data: unknown): NewMatterEvent => ({
    id: newId(),
    matter_id: matterId,
    office_id: options.officeId,
    kind,
    summary,
    data: JSON.stringify(data),
    actor_id: null,
    occurred_at: at,
  });
  await tx.insertInto('clients').values(client).execute();
  await tx.insertInto('matters').values(matter).execute();
  await tx
    .insertInto('matter_events')
    .values([
      event(
        'referral_received',
        `Referral received by partner (${PARTNER}) on ${readableDate(receivedOn)}.`,
        {
          source: 'partner',
        },
      ),
      event(
        'possible_duplicate',
        `This may be a client you already have: ${nameWithBirthDate(known.legal_name, known.date_of_birth)}: ${describeLikelyReasons(reasons)}. If it is the same person, merge the two records; the sender was not told.`,
        { clientIds: [known.id] },
      ),
    ])
    .execute();
  return { known: known.legal_name, referred: legalName };
}
