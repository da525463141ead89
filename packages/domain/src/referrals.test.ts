// A client's mailing address: what a letter needs of it, and its last line as a letter's window shows it.
import { describe, expect, it } from 'vitest';
import {
  addressOnOneLine,
  birthDateProblem,
  CHOSEN_REFERRAL_SOURCES,
  cityStateZip,
  clientDetailsSchema,
  REFERRAL_SOURCES,
  referralSourceSchema,
  US_STATE_CODES,
  YOUNGEST_CLIENT_AGE,
  yearsBefore,
} from './referrals.ts';

const person = {
  legalName: 'Rosalind Okafor',
  otherNames: [],
  dateOfBirth: '1981-02-03',
  phone: '',
  email: '',
  preferredLanguage: 'en',
  contact: { email: false, sms: false, letter: true, phone: false },
  consentToText: false,
};
const street = { line1: '2100 Telegraph Ave', city: 'Oakland', postalCode: '94601' };
const refusals = (address: Record<string, string>) =>
  clientDetailsSchema
    .safeParse({ ...person, address })
    .error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('a mailing address for letters', () => {
  it('regression: needs the state as well as the street, city and ZIP', () => {
    // Line1, city and ZIP were enough, and the letter's window read "Oakland,  94601".
    expect(refusals(street)).toEqual([
      ['address.state', 'Enter the state, for example CA, or untick letters.'],
    ]);
    expect(refusals({})).toEqual([
      ['address.line1', 'Enter a mailing address (street, city, state and ZIP), or untick letters.'],
    ]);
    expect(refusals({ ...street, state: 'ca' })).toEqual([]);
    expect(clientDetailsSchema.parse({ ...person, address: { ...street, state: 'ca' } }).address.state).toBe(
      'CA',
    );
    // Without letters, no address is needed.
    expect(
      clientDetailsSchema.safeParse({
        ...person,
        contact: { ...person.contact, letter: false, phone: true },
        phone: '(510) 555-0123',
        address: {},
      }).success,
    ).toBe(true);
  });

  it('takes a state as two letters, as the online application does, and only a US state’s', () => {
    for (const state of ['C', 'Calif', 'C4'])
      expect(refusals({ ...street, state })).toEqual([
        ['address.state', 'Enter the state as two letters, for example CA.'],
      ]);
    for (const state of ['ZZ', 'XX', 'QQ'])
      expect(refusals({ ...street, state })).toEqual([
        ['address.state', 'Enter a US state’s two-letter code, for example CA.'],
      ]);
    for (const state of [...US_STATE_CODES].map((s) => s.toLowerCase()))
      expect(refusals({ ...street, state }), state).toEqual([]);
    expect(US_STATE_CODES.size).toBe(50 + 1 + 5 + 3);
  });

  it('writes the last line with no comma or space left for a part not on file', () => {
    const line = (city: string, state: string, postalCode: string) =>
      cityStateZip({ city, state, postalCode });
    expect(line('Oakland', 'CA', '94601')).toBe('Oakland, CA 94601');
    expect(line('Oakland', '', '94601')).toBe('Oakland 94601');
    expect(line('Oakland', 'CA', '')).toBe('Oakland, CA');
    expect(line('', 'CA', '94601')).toBe('CA 94601');
    expect(line('Oakland', '', '')).toBe('Oakland');
    expect(line(' ', ' ', ' ')).toBe('');
  });
});

describe('addressOnOneLine', () => {
  const address = { line1: '1221 Oak St', line2: 'Apt 3', city: 'Oakland', state: 'CA', postalCode: '94612' };
  it('joins the parts given, with no empty part, dangling comma or double space', () => {
    expect(addressOnOneLine(address)).toBe('1221 Oak St, Apt 3, Oakland, CA 94612');
    expect(addressOnOneLine({ ...address, line2: '' })).toBe('1221 Oak St, Oakland, CA 94612');
    expect(addressOnOneLine({ ...address, line2: ' ', state: '' })).toBe('1221 Oak St, Oakland 94612');
    expect(addressOnOneLine({ ...address, state: '', postalCode: '' })).toBe('1221 Oak St, Apt 3, Oakland');
  });
});

describe('a phone number', () => {
  const phoneRefusals = (phone: string) =>
    clientDetailsSchema
      .safeParse({
        ...person,
        phone,
        address: {},
        contact: { email: false, sms: false, letter: false, phone: true },
      })
      .error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

  it('regression: needs its area code, as the message says', () => {
    // "1234567" was taken although the message asks for the area code.
    for (const phone of [
      '1234567',
      '555-0142',
      '(510) 555-014',
      '510 555 01234',
      '2 510 555 0123',
      '+1 555 0142',
      '510+555+0123',
    ])
      expect(phoneRefusals(phone)).toEqual([
        ['phone', 'Enter a phone number with its area code, for example (555) 555-0123.'],
      ]);
  });

  it('takes a US number of 10 digits (11 from the country code 1) however written, and another country’s from +', () => {
    for (const phone of [
      '(510) 555-0123',
      '510-555-0123',
      '510.555.0123',
      '5105550123',
      '1 510 555 0123',
      '+1 (510) 555-0123',
      '+44 20 7946 0958',
      '+52 55 1234 5678',
    ])
      expect(phoneRefusals(phone)).toEqual([]);
  });
});

describe('a person’s names and date of birth', () => {
  const named = (legalName: string, otherNames: string[] = []) =>
    clientDetailsSchema
      .safeParse({ ...person, legalName, otherNames: otherNames.map((name) => ({ name })), address: street })
      .error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

  it('a name is written in letters, in any script; digits or marks alone are a mistyped field', () => {
    for (const name of ['12345', '--', '1 2 3', '…'])
      expect(named(name), name).toContainEqual(['legalName', 'Write the person’s legal name in letters.']);
    for (const name of ['Ng', 'José Ñúñez III', '王小明', 'Nguyễn Văn An', "O'Brien-2"])
      expect(named(name), name).toEqual([
        ['address.state', 'Enter the state, for example CA, or untick letters.'],
      ]);
    expect(named('Ana Ruiz', ['Ana R.', '42'])).toContainEqual([
      'otherNames.1.name',
      'Write the name in letters, or remove this row.',
    ]);
  });

  it(`a date of birth leaves the person at least ${YOUNGEST_CLIENT_AGE}: days ago is a mistyped year`, () => {
    const today = '2026-11-28';
    expect(birthDateProblem('2026-11-25', today)).toMatch(/younger than 14: check the year/);
    expect(birthDateProblem('2012-11-29', today)).toMatch(/younger than 14/);
    expect(birthDateProblem('2012-11-28', today)).toBeNull();
    expect(birthDateProblem('1961-01-01', today)).toBeNull();
    expect(birthDateProblem('2026-11-28', today)).toBe('The date of birth must be in the past.');
    // Born on 29 February: 14 on 28 February of a year without one.
    expect(yearsBefore('2026-02-28', 14)).toBe('2012-02-28');
    expect(yearsBefore('2024-02-29', 14)).toBe('2010-02-28');
  });
});

describe('how a referral arrived', () => {
  it('takes every source staff may choose, and refuses "another office", which only passing on sets', () => {
    for (const kind of CHOSEN_REFERRAL_SOURCES)
      expect(referralSourceSchema.safeParse({ kind, detail: 'Centro Legal' }).success, kind).toBe(true);
    expect(
      REFERRAL_SOURCES.filter((s) => !(CHOSEN_REFERRAL_SOURCES as readonly string[]).includes(s)),
    ).toEqual(['another_office']);
    const refused = referralSourceSchema.safeParse({ kind: 'another_office', detail: 'Bay Area Legal Aid' });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'kind',
        expect.stringMatching(/^A referral from another office of the desk arrives when that office passes/),
      ],
    ]);
  });
});
