// The details a matter passed on again brings to the client the receiving office holds: a note for its
// staff, never written over that client; and what any client passed on is received with.
import { type ClientDetails, clientDetailsSchema } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { referralInput } from '../../testing.ts';
import { sentDetailsNote, withoutTexts } from './passOn.ts';

/** The test referral's client, texting nobody, with what a case changes. */
const person = (over: Partial<ClientDetails>): ClientDetails => {
  const { client } = referralInput();
  return {
    ...client,
    otherNames: [],
    phone: '(510) 555-0123',
    contact: { ...client.contact, sms: false },
    consentToText: false,
    ...over,
  } as ClientDetails;
};

/** Every choice of ways to reach the person the client form accepts (texts need their consent). */
function everyContactChoice(): ClientDetails[] {
  const choices: ClientDetails[] = [];
  for (let bits = 1; bits < 16; bits++) {
    const contact = { email: !!(bits & 1), sms: !!(bits & 2), letter: !!(bits & 4), phone: !!(bits & 8) };
    choices.push(person({ contact, consentToText: contact.sms }));
  }
  expect(choices.every((c) => clientDetailsSchema.safeParse(c).success)).toBe(true);
  return choices;
}

describe('details sent for the client an office already holds', () => {
  it('are a note for its staff naming only what differs, never written over that client', () => {
    const held = person({
      legalName: 'Renée Ocampo-Ruiz',
      phone: '(510) 555-9999',
      email: '',
      address: { line1: '9 Old Rd', line2: '', city: 'Berkeley', state: 'CA', postalCode: '94703' },
    });
    const sent = person({
      legalName: 'Renée Ocampo-Ruiz',
      phone: '',
      email: 'stranger@example.com',
      address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
    });
    expect(sentDetailsNote('Alameda County Public Defender', sent, held)).toBe(
      'Alameda County Public Defender passed this client on with these details, which differ from this client’s: phone none; e-mail stranger@example.com; address none. They were not written over this client’s details (they may have come from a form anyone can fill in): check them with the client before using them, and correct the client’s details if they are right.',
    );
  });

  it('is no note when nothing differs but spacing, capitals or how a phone number is written', () => {
    const held = person({ email: 'Maria@Example.net', phone: '510-555-0123' });
    const sent = person({ email: 'maria@example.net ', phone: '(510) 555-0123' });
    expect(sentDetailsNote('Alameda County Public Defender', sent, held)).toBeNull();
  });
});

describe('details as another office receives them', () => {
  it('never texts without that office’s consent, and keeps every client reachable', () => {
    for (const sent of everyContactChoice()) {
      const received = withoutTexts(sent);
      const said = JSON.stringify(sent.contact);
      expect(received, said).toMatchObject({ consentToText: false, contact: { sms: false } });
      expect([received.contact.email, received.contact.letter], said).toEqual([
        sent.contact.email,
        sent.contact.letter,
      ]);
      // Texts alone become phone calls, to the same number; nothing else changes.
      const textsAlone = !sent.contact.email && !sent.contact.letter && !sent.contact.phone;
      expect(received.contact.phone, said).toBe(sent.contact.phone || textsAlone);
      expect(clientDetailsSchema.safeParse(received).success, said).toBe(true);
    }
  });
});
