// Rows of the oldest tables as a migration test writes them: every required column of clients and
// matters as the first migrations made them, so a test can write data before a migration runs.
import type { Stage } from '@relief-desk/domain';

/** A client of office `office_id` with no contact details; name_search as nameSearchKey makes it. */
export function clientRow(row: {
  id: string;
  office_id: string;
  legal_name: string;
  name_search: string;
  at: string;
}) {
  const { at, ...named } = row;
  return {
    ...named,
    other_names: '[]',
    date_of_birth: '1984-03-07',
    phone: '',
    email: '',
    address_line1: '',
    address_line2: '',
    city: '',
    state: 'CA',
    postal_code: '',
    preferred_language: 'es' as const,
    contact_email: 0,
    contact_sms: 0,
    contact_letter: 1,
    contact_phone: 0,
    consent_to_text: 0,
    created_at: at,
    updated_at: at,
  };
}

/** A matter referred by phone, received on the day of `at`. */
export function matterRow(row: {
  id: string;
  office_id: string;
  client_id: string;
  reference: string;
  stage: Stage;
  at: string;
}) {
  const { at, ...named } = row;
  return {
    ...named,
    county: 'Alameda' as const,
    referral_source: 'phone' as const,
    referral_source_detail: '',
    received_on: at.slice(0, 10),
    referral_note: '',
    client_sort_name: '',
    created_at: at,
    updated_at: at,
  };
}
