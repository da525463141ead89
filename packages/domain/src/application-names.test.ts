// The names the public application takes: written with the characters names are written with (so the
// confirmation it sends cannot carry a link or a formula as a "name"), never made of letters that draw
// nothing, and never with characters the browser's bytes lost on the way (shown as �).
import { describe, expect, it } from 'vitest';
import { APPLICATION_ERRORS, applicationErrorText, checkApplication } from './applications.ts';
import { characterNotInName } from './names.ts';
import { recordReferralInputSchema } from './referrals.ts';
import { cleanMultiLine, cleanName, cleanTypedLine, singleLine } from './text.ts';

const TODAY = '2026-11-28';
const form = {
  legalName: 'Pat Example',
  otherNames: '',
  birthMonth: '3',
  birthDay: '7',
  birthYear: '1985',
  email: 'pat@example.org',
  language: 'en',
  counties: ['Alameda'],
};
const errorsOf = (fields: Record<string, string>) => {
  const checked = checkApplication({ ...form, ...fields }, TODAY, 'en');
  return checked.ok ? {} : checked.errors;
};
const legalNameOf = (legalName: string) => {
  const checked = checkApplication({ ...form, legalName }, TODAY, 'en');
  return checked.ok ? checked.application.client.legalName : null;
};

describe('a name on the public application', () => {
  it.each([
    ['José Núñez', 'José Núñez'],
    ['Nguyễn Thị Minh Khai', 'Nguyễn Thị Minh Khai'],
    ['王小明', '王小明'],
    ['محمد عبد الله', 'محمد عبد الله'],
    ['O’Brien-Łukasik', 'O’Brien-Łukasik'],
    ["O'Brien-Łukasik", "O'Brien-Łukasik"],
    ['Mary-Jane St. John, Jr.', 'Mary-Jane St. John, Jr.'],
    ['Kaʻahumanu Kealoha', 'Kaʻahumanu Kealoha'],
    ['ג׳ורג׳ כהן', 'ג׳ורג׳ כהן'],
    ['約翰·史密斯', '約翰·史密斯'],
    ['ジョン・スミス', 'ジョン・スミス'],
    ['Ana\u3164 Ruiz', 'Ana Ruiz'],
  ])('takes %j as a name', (typed, stored) => {
    expect(legalNameOf(typed)).toBe(stored);
  });

  it.each([
    ['Your record is cleared, pay the fee at https://evil.example/pay', ':'],
    ['=HYPERLINK("http://x","y")', '='],
    ['<script>alert(1)</script>', '<'],
    ['Pat @ Example', '@'],
    ['Pat Example 2', '2'],
    ['Pat/Example', '/'],
  ])('refuses %j on the name field, saying which character is not taken', (legalName, character) => {
    expect(errorsOf({ legalName })).toEqual({ legalName: 'legalNameCharacter' });
    const en = applicationErrorText('legalNameCharacter', 'en', legalName);
    expect(en).toContain(`“${character}”`);
    expect(en).toContain('as it appears on your ID');
    const es = applicationErrorText('legalNameCharacter', 'es', legalName);
    expect(es).toContain(`“${character}”`);
    expect(es).toContain('tal como aparece en su identificación');
  });

  it('says a character that shows as nothing by its code', () => {
    expect(errorsOf({ legalName: 'Pat\ue000 Example' })).toEqual({ legalName: 'legalNameCharacter' });
    expect(applicationErrorText('legalNameCharacter', 'en', 'Pat\ue000 Example')).toContain('U+E000');
  });

  it('holds other names to the same characters, one per line', () => {
    expect(errorsOf({ otherNames: 'Pati Example\nP. J. O’Brien; Mary-Jane' })).toEqual({});
    expect(errorsOf({ otherNames: 'Pati Example\nsee https://evil.example' })).toEqual({
      otherNames: 'otherNamesCharacter',
    });
    const said = applicationErrorText('otherNamesCharacter', 'en', 'Pati Example\nsee https://evil.example');
    expect(said).toContain('“:”');
  });

  it('refuses a name of letters that draw nothing (the Hangul fillers) as no name', () => {
    expect(errorsOf({ legalName: '\u3164\u3164' })).toEqual({ legalName: 'legalNameMissing' });
    expect(errorsOf({ legalName: '\u115f\u1160 \uffa0\u3164' })).toEqual({ legalName: 'legalNameMissing' });
    expect(errorsOf({ otherNames: 'Pati\n\u3164\u3164' })).toEqual({});
  });

  it('refuses what the browser’s bytes lost (�), asking to type the name again', () => {
    expect(errorsOf({ legalName: 'Form Pe\ufffda Latin' })).toEqual({ legalName: 'legalNameUnreadable' });
    expect(
      errorsOf({ addressLine1: '1 Calle Pe\ufffda', city: 'Oakland', state: 'CA', postalCode: '94612' }),
    ).toEqual({ addressLine1: 'unreadable' });
    expect(errorsOf({ notes: 'Ma\ufffdana' })).toEqual({ notes: 'unreadable' });
    expect(APPLICATION_ERRORS.legalNameUnreadable.en).toMatch(/could not be read.*type your name again/);
    expect(APPLICATION_ERRORS.legalNameUnreadable.es).toMatch(
      /no se pudieron leer.*escriba su nombre de nuevo/,
    );
  });

  it('says a state code that is not a state’s as such, not as not two letters', () => {
    expect(errorsOf({ addressLine1: '1 Main St', city: 'Reno', state: 'ZZ', postalCode: '89501' })).toEqual({
      state: 'stateNotValid',
    });
    expect(APPLICATION_ERRORS.stateNotValid.en).toBe(
      'Enter the two-letter code of a US state or territory, for example CA.',
    );
    expect(APPLICATION_ERRORS.stateNotValid.es).toContain('de un estado o territorio de EE. UU.');
  });
});

describe('characterNotInName', () => {
  it('finds the first character names are not written with', () => {
    expect(characterNotInName('Ana María de la Cruz-Ruiz')).toBeNull();
    expect(characterNotInName('Ana 3 Ruiz')).toBe('3');
    expect(characterNotInName('Ana (Ruiz)')).toBe('(');
    expect(characterNotInName('Ana 👍')).toBe('👍');
  });
});

describe('letters that draw nothing, in every typed text', () => {
  it('are the letters Unicode marks default-ignorable, every one removed from a line and from a name', () => {
    const blank: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      const character = String.fromCodePoint(code);
      if (/^(?=\p{L})\p{Default_Ignorable_Code_Point}$/u.test(character)) blank.push(character);
    }
    expect(blank.length).toBeGreaterThanOrEqual(4);
    for (const character of blank) {
      expect(cleanTypedLine(`Ana${character} Ruiz`)).toBe('Ana Ruiz');
      expect(cleanMultiLine(`Ana${character}\nRuiz`)).toBe('Ana\nRuiz');
      expect(cleanName(`${character}Ana Ruiz`)).toBe('Ana Ruiz');
    }
  });

  it('are removed from a line as a zero-width space is', () => {
    expect(singleLine().parse('\u3164\u3164 \u3164')).toBe('');
    expect(singleLine().parse('Ana\u115f\u1160\uffa0 Ruiz')).toBe('Ana Ruiz');
  });

  it('leave a referral’s name made of them empty, so it is refused (as a partner sends it too)', () => {
    const parsed = recordReferralInputSchema.safeParse({
      existingClient: null,
      client: {
        legalName: '\u3164\u3164 \u3164',
        otherNames: [],
        dateOfBirth: '1985-03-07',
        phone: '',
        email: 'pat@example.org',
        address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
        preferredLanguage: 'en',
        contact: { email: true, sms: false, letter: false, phone: false },
        consentToText: false,
      },
      counties: ['Alameda'],
      source: { kind: 'walk_in', detail: '' },
      receivedOn: '2026-11-02',
      note: '',
      notSamePersonAs: [],
    });
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues ?? [];
    expect(new Set(issues.map((i) => i.path.join('.')))).toEqual(new Set(['client.legalName']));
    expect(issues.map((i) => i.message)).toContain('Enter the person’s full legal name.');
  });
});
