// Test support: the public application form's fields as the page posts them (every value a string,
// the counties a list), for tests that apply online through submitOnlineApplication or over HTTP.
import type { ApplicationField } from '@relief-desk/domain';

export type ApplicationFormFields = Record<Exclude<ApplicationField, 'counties'>, string> & {
  counties: string[];
};

/**
 * A complete form that passes the form's checks: a made-up adult who may be reached by email, in
 * English, with a conviction in Alameda, and nothing else filled in. `fields` replaces what a test is about.
 */
export function applicationFormFields(fields: Partial<ApplicationFormFields> = {}): ApplicationFormFields {
  return {
    legalName: 'Pat Example',
    otherNames: '',
    birthMonth: '3',
    birthDay: '7',
    birthYear: '1985',
    phone: '',
    email: 'pat@example.org',
    consentToText: 'no',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    language: 'en',
    counties: ['Alameda'],
    notes: '',
    ...fields,
  };
}
