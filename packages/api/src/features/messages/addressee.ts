// Who a message goes to and who it comes from: the matter's client (language, reachable channels,
// addresses) and the office's letterhead details, loaded inside the caller's office only.
import type { Client, Db, Matter, Office, OfficeDb, OfficeTx, Tx } from '@relief-desk/db';
import { cityStateZip, type LanguageCode, type MessageChannel } from '@relief-desk/domain';
import type { MessageValues } from '@relief-desk/notify';
import { notFound } from '../../errors.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';

export interface Addressee {
  matter: Matter;
  client: Client;
  office: Office;
  language: LanguageCode;
}

export async function loadAddressee(db: OfficeDb | OfficeTx, matterId: string): Promise<Addressee> {
  const matter = await requireMatter(db, matterId);
  return addresseeOf(db, matter);
}

/** For the worker and the follow-up check, which act for no user. */
export async function addresseeOf(db: Db | Tx, matter: Matter): Promise<Addressee> {
  const [client, office] = await Promise.all([
    db.selectFrom('clients').selectAll().where('id', '=', matter.client_id).executeTakeFirst(),
    db.selectFrom('offices').selectAll().where('id', '=', matter.office_id).executeTakeFirst(),
  ]);
  if (!client || !office) throw notFound('That matter’s client');
  return { matter, client, office, language: client.preferred_language };
}

export interface ChannelReach {
  reachable: MessageChannel[];
  unreachable: { channel: MessageChannel; reason: string }[];
}

/** What reachOf reads of a client: a list of failed deliveries selects only these. */
type ReachFields = Pick<
  Client,
  | 'contact_email'
  | 'contact_sms'
  | 'contact_letter'
  | 'consent_to_text'
  | 'email'
  | 'phone'
  | 'address_line1'
  | 'city'
>;

/** The client's own choices decide: e-mail, text only with consent, letters only with an address. */
export function reachOf(client: ReachFields): ChannelReach {
  const reach: ChannelReach = { reachable: [], unreachable: [] };
  const check = (channel: MessageChannel, ok: boolean, reason: string) => {
    if (ok) reach.reachable.push(channel);
    else reach.unreachable.push({ channel, reason });
  };
  check(
    'email',
    client.contact_email === 1 && client.email !== '',
    client.contact_email === 1 ? 'No e-mail address on file.' : 'The client did not choose e-mail.',
  );
  check(
    'sms',
    client.contact_sms === 1 && client.consent_to_text === 1 && client.phone !== '',
    client.contact_sms !== 1
      ? 'The client did not choose text messages.'
      : client.consent_to_text !== 1
        ? 'No consent to text messages on file.'
        : 'No phone number on file.',
  );
  check(
    'letter',
    client.contact_letter === 1 && client.address_line1 !== '' && client.city !== '',
    client.contact_letter === 1 ? 'No mailing address on file.' : 'The client did not choose letters.',
  );
  return reach;
}

/** The office's address on separate lines: as typed, or split after the street at the first comma. */
export function officeAddressLines(address: string): string[] {
  const lines = address.split('\n').map((l) => l.trim());
  if (lines.length > 1) return lines.filter(Boolean);
  const [street, ...rest] = address.split(',');
  return [street?.trim() ?? '', rest.join(',').trim()].filter(Boolean);
}

export function messageValues(addressee: Addressee, courtDate: string | null): MessageValues {
  const { client, matter, office } = addressee;
  return {
    clientName: client.legal_name,
    county: matter.county,
    officeName: office.name,
    officePhone: office.phone,
    officeEmail: office.email,
    officeAddress: officeAddressLines(office.address).join('\n'),
    ...(courtDate ? { courtDate } : {}),
  };
}

/** Where a message on this channel goes, as stored with it. */
export function recipientFor(
  client: Pick<
    Client,
    'email' | 'phone' | 'legal_name' | 'address_line1' | 'address_line2' | 'city' | 'state' | 'postal_code'
  >,
  channel: MessageChannel,
): string {
  if (channel === 'email') return client.email;
  if (channel === 'sms') return client.phone;
  const cityLine = cityStateZip({ city: client.city, state: client.state, postalCode: client.postal_code });
  return [client.legal_name, client.address_line1, client.address_line2, cityLine].filter(Boolean).join('\n');
}
