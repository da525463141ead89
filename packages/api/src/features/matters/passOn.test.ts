// The details a matter passed on again writes over the client the receiving office holds: every
// combination of names and texting consents, checked against what that office must not lose.
import { type ClientDetails, clientDetailsSchema, OTHER_NAMES_MAX } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { referralInput } from '../../testing.ts';
import { detailsForHeldClient, withoutTexts } from './passOn.ts';

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

describe('details for the client an office already holds', () => {
  it('writes the details sent, and keeps every name that office knew as another name, once', () => {
    const sent = person({ legalName: 'Renée Ocampo', otherNames: [{ name: 'Renee Campos' }] });
    const held = person({
      legalName: 'Renée Ocampo-Ruiz',
      // The same names but for accents and capitals are not kept twice.
      otherNames: [{ name: 'RENÉE CAMPOS' }, { name: 'La Güera' }, { name: 'renee ocampo' }],
      phone: '(510) 555-9999',
      address: { line1: '9 Old Rd', line2: '', city: 'Berkeley', state: 'CA', postalCode: '94703' },
    });
    const written = detailsForHeldClient(sent, held);
    expect(written).toMatchObject({ legalName: 'Renée Ocampo', phone: sent.phone, address: sent.address });
    expect(written.otherNames.map((o) => o.name)).toEqual(['Renee Campos', 'Renée Ocampo-Ruiz', 'La Güera']);
  });

  it('never gives more other names than a record holds, the ones sent first', () => {
    const names = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i}` }));
    for (const [sentCount, heldCount] of [
      [0, 25],
      [15, 15],
      [OTHER_NAMES_MAX, 3],
    ] as const) {
      const sent = person({ otherNames: names('Sent', sentCount) });
      const written = detailsForHeldClient(
        sent,
        person({ legalName: 'Held Name', otherNames: names('Held', heldCount) }),
      );
      expect(written.otherNames).toHaveLength(Math.min(OTHER_NAMES_MAX, sentCount + 1 + heldCount));
      expect(written.otherNames.slice(0, sentCount)).toEqual(sent.otherNames);
    }
  });

  it('keeps that office’s consent to texts only for the phone number it was given for', () => {
    for (const sent of everyContactChoice())
      for (const heldConsent of [false, true])
        for (const phone of [person({}).phone, '(415) 555-0100']) {
          const held = person({ consentToText: heldConsent, phone });
          const written = detailsForHeldClient(sent, held);
          const consented = heldConsent && phone === sent.phone;
          const said = `${JSON.stringify(sent.contact)} consent there ${heldConsent} ${phone}`;
          expect(written.consentToText, said).toBe(consented);
          expect(written.contact.sms, said).toBe(consented && sent.contact.sms);
          expect(clientDetailsSchema.safeParse(written).success, said).toBe(true);
        }
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
