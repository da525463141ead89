// Maps between the client form's shape and the clients table, in one place.
import type { Client, ClientsTable } from '@relief-desk/db';
import { type ClientDetails, nameSearchKey } from '@relief-desk/domain';

type ClientColumns = Omit<
  ClientsTable,
  | 'id'
  | 'office_id'
  | 'created_at'
  | 'updated_at'
  | 'updated_by'
  | 'version'
  | 'merged_into_client_id'
  | 'merged_at'
>;

export function clientColumns(details: ClientDetails): ClientColumns {
  const otherNames = details.otherNames.map((o) => o.name);
  return {
    legal_name: details.legalName,
    other_names: JSON.stringify(otherNames),
    name_search: nameSearchKey(details.legalName, otherNames),
    date_of_birth: details.dateOfBirth,
    phone: details.phone,
    email: details.email,
    address_line1: details.address.line1,
    address_line2: details.address.line2,
    city: details.address.city,
    state: details.address.state,
    postal_code: details.address.postalCode,
    preferred_language: details.preferredLanguage,
    contact_email: Number(details.contact.email),
    contact_sms: Number(details.contact.sms),
    contact_letter: Number(details.contact.letter),
    contact_phone: Number(details.contact.phone),
    consent_to_text: Number(details.consentToText),
  };
}

export function otherNamesOf(client: Pick<Client, 'other_names'>): string[] {
  const parsed: unknown = JSON.parse(client.other_names);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

export interface ClientView {
  id: string;
  version: number;
  details: ClientDetails;
  updatedAt: string;
}

export function clientView(client: Client): ClientView {
  return {
    id: client.id,
    version: client.version,
    updatedAt: client.updated_at,
    details: {
      legalName: client.legal_name,
      otherNames: otherNamesOf(client).map((name) => ({ name })),
      dateOfBirth: client.date_of_birth,
      phone: client.phone,
      email: client.email,
      address: {
        line1: client.address_line1,
        line2: client.address_line2,
        city: client.city,
        state: client.state,
        postalCode: client.postal_code,
      },
      preferredLanguage: client.preferred_language,
      contact: {
        email: client.contact_email === 1,
        sms: client.contact_sms === 1,
        letter: client.contact_letter === 1,
        phone: client.contact_phone === 1,
      },
      consentToText: client.consent_to_text === 1,
    },
  };
}
