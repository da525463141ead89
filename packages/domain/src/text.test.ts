import { describe, expect, it } from 'vitest';
import { officeNameKey, officeNameSchema } from './office-profile.ts';
import { recordReferralInputSchema } from './referrals.ts';
import { staffNameKey, staffNameSchema } from './staff-access.ts';
import { cleanName, multiLine, singleLine } from './text.ts';

const JOSE_COMPOSED = 'Jos\u00e9';
const JOSE_DECOMPOSED = 'Jose\u0301';

describe('singleLine', () => {
  const name = singleLine().min(1, 'Enter the name.').max(10);

  it('drops C0 and C1 control characters, makes tabs and line breaks spaces, and trims', () => {
    expect(name.parse(' Ana\u0000\u0007\u001b\u0085\u009f Ruiz\t\n')).toBe('Ana Ruiz');
    expect(singleLine().parse('Ana\nRuiz\u2028Soto\fVega')).toBe('Ana Ruiz Soto Vega');
  });

  it('regression: a control character between two words makes a space, not one word', () => {
    // "Ana\u0000Ruiz" was stored as "AnaRuiz".
    expect(singleLine().parse('Ana\u0000Ruiz')).toBe('Ana Ruiz');
    expect(singleLine().parse('Ana\u0000\u0007\u001bRuiz\u0000')).toBe('Ana Ruiz');
    expect(singleLine().parse('Ana \u0000Ruiz')).toBe('Ana Ruiz');
  });

  it('regression: drops the invisible direction overrides, isolates, zero-width spaces and BOM, keeps the joiners', () => {
    // "Ana\u202eZ Ruiz" showed reversed in the queue ("ziuR ZAna").
    expect(singleLine().parse('Ana\u202eZ Ruiz\u200b')).toBe('AnaZ Ruiz');
    const marks = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    expect(singleLine().parse(`\ufeff${marks.join('Ana')} Ruiz`)).toBe(
      `${'Ana'.repeat(marks.length - 1)} Ruiz`,
    );
    // Zero-width (non-)joiners write some names (Persian, Devanagari, emoji sequences): kept.
    expect(singleLine().parse('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toBe(
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
    );
    expect(singleLine().parse('\u0915\u094d\u200d\u0937')).toBe('\u0915\u094d\u200d\u0937');
    // Only invisible marks is nothing: a name of them is refused as empty.
    expect(name.safeParse('\u202e\u200b\ufeff').success).toBe(false);
  });

  it('stores a composed and a decomposed accent as the same text', () => {
    expect(name.parse(JOSE_DECOMPOSED)).toBe(JOSE_COMPOSED);
    expect(name.parse(JOSE_COMPOSED)).toBe(JOSE_COMPOSED);
  });

  it('checks lengths on the cleaned text: only control characters is empty', () => {
    const result = name.safeParse('\u0000\u0007 ');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Enter the name.');
    expect(name.safeParse(`${'x'.repeat(10)}\u0000`).success).toBe(true);
    expect(name.safeParse('x'.repeat(11)).success).toBe(false);
  });
});

describe('multiLine', () => {
  it('keeps tabs and line breaks, makes page breaks and U+2028/U+2029 line breaks, drops other controls', () => {
    expect(multiLine().parse('  Call\u0000 after 5.\n\tThanks\u2029Bye\fPage 2\u0085\u001b ')).toBe(
      'Call after 5.\n\tThanks\nBye\nPage 2',
    );
  });

  it('makes CRLF and a lone CR one line break, as a browser counts them', () => {
    expect(multiLine().parse('Uno\r\nDos\rTres\n\r\nCuatro')).toBe('Uno\nDos\nTres\n\nCuatro');
  });

  it('drops half a character (a lone UTF-16 surrogate), keeps whole ones beyond the first plane', () => {
    expect(multiLine().parse('Lo\ud800ne\udc00 Surrogate 😀\n𠜎')).toBe('Lone Surrogate 😀\n𠜎');
    expect(singleLine().parse('Lo\ud800ne Surrogate 😀')).toBe('Lone Surrogate 😀');
  });

  it('regression: a control character between two words makes a space; direction overrides and zero-width spaces go', () => {
    // An online application's "Ana\u0000Ruiz" was stored as "AnaRuiz", and a note kept "\u202e".
    expect(multiLine().parse('Ana\u0000Ruiz\nCall\u0007\u001bme')).toBe('Ana Ruiz\nCall me');
    expect(multiLine().parse('Ana\tRuiz\nSoto\fVega')).toBe('Ana\tRuiz\nSoto\nVega');
    expect(multiLine().parse('Llamar\u202e después\u200b\ufeff de las 5.\u2066')).toBe(
      'Llamar después de las 5.',
    );
    // The joiners some scripts write names with stay, on every line.
    expect(multiLine().parse('\u0645\u06cc\u200c\u062e\n\u0915\u094d\u200d\u0937')).toBe(
      '\u0645\u06cc\u200c\u062e\n\u0915\u094d\u200d\u0937',
    );
  });
});

describe('the shared rule in a staff form', () => {
  it('cleans a referral’s names, address and note', () => {
    const parsed = recordReferralInputSchema.parse({
      existingClient: null,
      client: {
        legalName: `${JOSE_DECOMPOSED}\u0000 Ruiz`,
        otherNames: [{ name: 'Pepe\u001b' }],
        dateOfBirth: '1980-01-02',
        phone: '',
        email: 'jose@example.org\u0007',
        address: { line1: '1 Main St\u0000', line2: '', city: 'Oakland', state: 'ca', postalCode: '94612' },
        preferredLanguage: 'es',
        contact: { email: true, sms: false, letter: false, phone: false },
        consentToText: false,
      },
      counties: ['Alameda'],
      source: { kind: 'walk_in', detail: '' },
      receivedOn: '2026-11-02',
      note: 'Dos casos\u0000 viejos.\nLlamar después de las 5.',
      notSamePersonAs: [],
    });
    expect(parsed.client.legalName).toBe(`${JOSE_COMPOSED} Ruiz`);
    expect(parsed.client.otherNames).toEqual([{ name: 'Pepe' }]);
    expect(parsed.client.email).toBe('jose@example.org');
    expect(parsed.client.address.line1).toBe('1 Main St');
    expect(parsed.note).toBe('Dos casos viejos.\nLlamar después de las 5.');
  });
});

describe('names: cleanName, the name schemas and the keys names are told apart by', () => {
  it('drops invisible format characters and blank letters, and makes any spacing one space', () => {
    expect(cleanName('Golden Gate Legal\u200dAid')).toBe('Golden Gate LegalAid');
    expect(cleanName(' Ana\u00a0\u2060Ruiz\u3000Soto\ufeff\u00ad ')).toBe('Ana Ruiz Soto');
    expect(cleanName('\u2800\u2800\u2800')).toBe('');
    expect(cleanName('\u3164 \u115f\u1160\uffa0')).toBe('');
  });

  it.each(['\u2800\u2800\u2800', '\u200b\u200c\u200d\u2060\ufeff', '\u3164\u3164', '-- .'])(
    'refuses %j as a person’s or an office’s name',
    (blank) => {
      expect(staffNameSchema.safeParse(blank).success).toBe(false);
      expect(officeNameSchema.safeParse(blank).success).toBe(false);
    },
  );

  it('keeps a real name as typed, but for what shows nothing', () => {
    expect(staffNameSchema.parse('  María\u200b José  Núñez ')).toBe('María José Núñez');
    expect(officeNameSchema.parse('Alameda\u2060 County Public Defender')).toBe(
      'Alameda County Public Defender',
    );
  });

  it('tells office names apart but for capitals, spacing and invisible characters', () => {
    const key = officeNameKey('Golden Gate Legal Aid');
    expect(officeNameKey('golden gate  LEGAL\u200dAID')).toBe(key);
    expect(officeNameKey('GoldenGate LegalAid')).toBe(key);
    // Punctuation too: a full stop or a hyphen typed once does not make a second office.
    expect(officeNameKey('Golden-Gate Legal Aid.')).toBe(key);
    expect(officeNameKey('Golden Gate Legal Aide')).not.toBe(key);
  });

  it('tells staff names apart but for capitals, accents, punctuation, spacing and invisible characters', () => {
    const key = staffNameKey('Ana María Ruiz');
    expect(staffNameKey('ANA MARIA  RUIZ')).toBe(key);
    expect(staffNameKey('Ana-María\u200d Ruíz')).toBe(key);
    expect(staffNameKey('AnaMaria Ruiz')).toBe(key);
    expect(staffNameKey('Ana M. Ruiz')).not.toBe(key);
  });
});
