// The online application's checks, read from a form as the browser posts it.
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ERRORS,
  APPLICATION_LIMITS,
  APPLICATION_MAXLENGTH,
  APPLICATION_PAGE_FIELDS,
  checkApplication,
  contactKey,
  longestApplicationBody,
  TEXT_CONSENT_VALUE,
} from './applications.ts';
import { COUNTIES } from './counties.ts';
import { LANGUAGE_CODES } from './languages.ts';

const TODAY = '2026-11-28';
const valid = {
  legalName: '  María   José Núñez ',
  otherNames: 'María Nuñez\r\n\r\nMaría J. Núñez',
  birthMonth: '3',
  birthDay: '7',
  birthYear: '1985',
  phone: '(510) 555-0142',
  email: 'maria@example.org',
  consentToText: 'yes',
  language: 'es',
  counties: ['Alameda', 'San Francisco', 'Alameda'],
  notes: 'Por la tarde.',
};

describe('checkApplication', () => {
  it('reads a complete form into the client details staff record', () => {
    const checked = checkApplication(valid, TODAY, 'en');
    expect(checked).toEqual({
      ok: true,
      application: {
        client: {
          legalName: 'María José Núñez',
          otherNames: [{ name: 'María Nuñez' }, { name: 'María J. Núñez' }],
          dateOfBirth: '1985-03-07',
          phone: '(510) 555-0142',
          email: 'maria@example.org',
          address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
          preferredLanguage: 'es',
          contact: { email: true, sms: true, letter: false, phone: true },
          consentToText: true,
        },
        counties: ['Alameda', 'San Francisco'],
        note: 'Por la tarde.',
      },
    });
  });

  it.each([
    [{ legalName: 'M' }, 'legalName', 'legalNameMissing'],
    [{ birthYear: '' }, 'birthYear', 'birthDateMissing'],
    [{ birthMonth: '13' }, 'birthMonth', 'birthDateNotReal'],
    [{ birthDay: '32' }, 'birthDay', 'birthDateNotReal'],
    // A day the month does not have is named as such, not as a day out of 1 to 31.
    [{ birthDay: '31', birthMonth: '2' }, 'birthDay', 'birthDayNotInFebruary'],
    [{ birthDay: '29', birthMonth: '2', birthYear: '1971' }, 'birthDay', 'birthDayNotInFebruary'],
    [{ birthDay: '31', birthMonth: '6' }, 'birthDay', 'birthDayNotInMonth'],
    [{ birthYear: '2027' }, 'birthYear', 'birthDateNotPast'],
    [{ birthYear: '85' }, 'birthYear', 'birthDateNotReal'],
    [{ phone: 'call me' }, 'phone', 'phoneNotValid'],
    // Without an area code a new status link could never be found by this number.
    [{ phone: '555-0142' }, 'phone', 'phoneNotValid'],
    [{ phone: '(((---)))' }, 'phone', 'phoneNotValid'],
    [{ email: 'maria@' }, 'email', 'emailNotValid'],
    // Refused, never joined up: "marialopez@…" is someone else's mailbox, and the status link goes there.
    [{ email: 'maria lopez@gmail.com' }, 'email', 'emailNotValid'],
    [{ email: 'maria@gmail .com' }, 'email', 'emailNotValid'],
    [{ phone: '', consentToText: 'yes' }, 'phone', 'textNeedsPhone'],
    [{ phone: '', email: '', consentToText: '' }, 'phone', 'noWayToReach'],
    [{ addressLine1: '1 Main St' }, 'city', 'addressCityMissing'],
    [{ addressLine1: '1 Main St', city: 'Reno', postalCode: '89501' }, 'state', 'addressStateMissing'],
    [{ addressLine1: '1 Main St', city: 'Reno', state: 'XX', postalCode: '89501' }, 'state', 'stateNotValid'],
    [{ addressLine1: '1 Main St', city: 'Oakland', postalCode: '946' }, 'postalCode', 'postalCodeNotValid'],
    [{ language: 'fr' }, 'language', 'languageMissing'],
    [{ counties: ['Atlantis'] }, 'counties', 'countiesMissing'],
    [{ counties: undefined }, 'counties', 'countiesMissing'],
    [{ notes: 'x'.repeat(2001) }, 'notes', 'tooLong'],
  ] as const)('%j: %s is %s', (change, field, key) => {
    const checked = checkApplication({ ...valid, ...change }, TODAY, 'en');
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors[field]).toBe(key);
  });

  it('counts a line break as the browser does: notes at the box’s maxlength, sent with CRLF breaks, are taken, as LF', () => {
    // The textarea counts each break as one character against maxlength="2000" and sends it as two.
    const lines = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(99, 'x'));
    const checked = checkApplication({ ...valid, notes: lines.join('\r\n') }, TODAY, 'en');
    expect(checked.ok && checked.application.note).toBe(lines.join('\n'));
    expect(checked.ok && checked.application.note.length).toBeLessThanOrEqual(2000);
  });

  it('drops control characters but tabs and line breaks', () => {
    const checked = checkApplication(
      {
        ...valid,
        legalName: 'Ana\u0000 Ruiz\u001b',
        notes: 'Hola\u0007\nadiós',
        counties: ['Ala\u0000meda'],
      },
      TODAY,
      'en',
    );
    expect(checked.ok && checked.application.client.legalName).toBe('Ana Ruiz');
    expect(checked.ok && checked.application.note).toBe('Hola\nadiós');
    expect(checked.ok && checked.application.counties).toEqual(['Alameda']);
  });

  it('regression: a control character between two words of a name makes a space', () => {
    // Stored as "AnaRuiz" once, though the staff forms kept "Ana Ruiz".
    const checked = checkApplication(
      { ...valid, legalName: 'Ana\u0000Ruiz', otherNames: 'Ana\u0007María\u202e Soto' },
      TODAY,
      'en',
    );
    expect(checked.ok && checked.application.client.legalName).toBe('Ana Ruiz');
    expect(checked.ok && checked.application.client.otherNames).toEqual([{ name: 'Ana María Soto' }]);
  });

  it('says a field past what the form takes at all is too long beside that field, not another', () => {
    for (const field of ['legalName', 'city'] as const) {
      const checked = checkApplication({ ...valid, [field]: 'x'.repeat(20_001) }, TODAY, 'en');
      expect(checked.ok ? {} : checked.errors, field).toEqual({ [field]: 'tooLong' });
    }
  });

  it('takes a full mailing address as a way to reach the person, and the page’s language by default', () => {
    const checked = checkApplication(
      {
        ...valid,
        phone: '',
        email: '',
        consentToText: '',
        language: '',
        addressLine1: '1 Main St',
        city: 'Oakland',
        state: ' ca ',
        postalCode: '94612',
      },
      TODAY,
      'es',
    );
    expect(checked.ok && checked.application.client).toMatchObject({
      address: { line1: '1 Main St', city: 'Oakland', state: 'CA', postalCode: '94612' },
      contact: { email: false, sms: false, letter: true, phone: false },
      preferredLanguage: 'es',
    });
  });

  it('asks for every missing part of a mailing address, the state too, and never supposes California', () => {
    const address = { addressLine1: '', addressLine2: '', city: '', state: '', postalCode: '' };
    const errorsFor = (given: Partial<typeof address>) => {
      const checked = checkApplication({ ...valid, ...address, ...given }, TODAY, 'en');
      return checked.ok ? {} : checked.errors;
    };
    // A Nevada applicant who left the state out is asked for it, not mailed at "Reno, CA".
    expect(errorsFor({ addressLine1: '9 Sierra St', city: 'Reno', postalCode: '89501' })).toEqual({
      state: 'addressStateMissing',
    });
    // Any one part asks for the rest, each beside its own field.
    expect(errorsFor({ addressLine1: '9 Sierra St' })).toEqual({
      city: 'addressCityMissing',
      state: 'addressStateMissing',
      postalCode: 'addressPostalCodeMissing',
    });
    expect(errorsFor({ state: 'NV' })).toEqual({
      addressLine1: 'addressStreetMissing',
      city: 'addressCityMissing',
      postalCode: 'addressPostalCodeMissing',
    });
    expect(errorsFor({ addressLine2: 'Apt 4' })).toEqual({
      addressLine1: 'addressStreetMissing',
      city: 'addressCityMissing',
      state: 'addressStateMissing',
      postalCode: 'addressPostalCodeMissing',
    });
    // Each message names its part and how to fix it, in both languages.
    for (const [key, en, es] of [
      ['addressStreetMissing', 'street', 'la calle'],
      ['addressCityMissing', 'city', 'la ciudad'],
      ['addressStateMissing', 'state', 'el estado'],
      ['addressPostalCodeMissing', 'ZIP code', 'el código postal'],
    ] as const) {
      expect(APPLICATION_ERRORS[key].en).toContain(`has no ${en}`);
      expect(APPLICATION_ERRORS[key].en).toContain('or leave the whole mailing address empty');
      expect(APPLICATION_ERRORS[key].es).toContain(`Falta ${es}`);
      expect(APPLICATION_ERRORS[key].es).toContain('o deje vacía toda la dirección postal');
    }
    const reno = checkApplication(
      { ...valid, ...address, addressLine1: '9 Sierra St', city: 'Reno', state: 'nv', postalCode: '89501' },
      TODAY,
      'en',
    );
    expect(reno.ok && reno.application.client.address).toEqual({
      line1: '9 Sierra St',
      line2: '',
      city: 'Reno',
      state: 'NV',
      postalCode: '89501',
    });
  });

  it('takes only the ticked box as consent to texts, not whatever else is sent under its name', () => {
    for (const sent of ['maybe', 'no', 'true', 'on', 'YES ', '0']) {
      const checked = checkApplication({ ...valid, consentToText: sent }, TODAY, 'en');
      expect(checked.ok && checked.application.client.consentToText, sent).toBe(false);
      expect(checked.ok && checked.application.client.contact.sms, sent).toBe(false);
    }
    const ticked = checkApplication({ ...valid, consentToText: TEXT_CONSENT_VALUE }, TODAY, 'en');
    expect(ticked.ok && ticked.application.client).toMatchObject({
      consentToText: true,
      contact: { sms: true },
    });
  });

  it('refuses a name without letters, a state no letter reaches, and a birth date that leaves the applicant a child, each beside its field', () => {
    const errors = (change: Record<string, string>) => {
      const checked = checkApplication({ ...valid, ...change }, TODAY, 'en');
      return checked.ok ? {} : checked.errors;
    };
    expect(errors({ legalName: '12345' })).toEqual({ legalName: 'legalNameNoLetters' });
    expect(errors({ otherNames: 'María N.\n2020' })).toEqual({ otherNames: 'otherNamesNoLetters' });
    expect(errors({ addressLine1: '1 Main St', city: 'Oakland', postalCode: '94612', state: 'zz' })).toEqual({
      state: 'stateNotValid',
    });
    expect(errors({ addressLine1: '1 Main St', city: 'Oakland', postalCode: '94612', state: 'nv' })).toEqual(
      {},
    );
    expect(errors({ birthMonth: '11', birthDay: '20', birthYear: '2026' })).toEqual({
      birthYear: 'birthDateTooRecent',
    });
    expect(errors({ birthMonth: '11', birthDay: '28', birthYear: '2012' })).toEqual({});
  });

  it('refuses what is not a form without throwing', () => {
    for (const posted of [null, 'text', 42, [], { legalName: { a: 1 } }, { counties: [1, 2] }])
      expect(checkApplication(posted, TODAY, 'en').ok).toBe(false);
  });
});

describe('the application’s words', () => {
  it('every message is written in English and in Spanish', () => {
    for (const [key, text] of Object.entries(APPLICATION_ERRORS)) {
      expect(text.en, key).not.toBe('');
      expect(text.es, key).not.toBe('');
      expect(text.es, key).not.toBe(text.en);
    }
  });
});

describe('contactKey', () => {
  it('compares e-mail addresses without case and phone numbers by their last ten digits', () => {
    expect(contactKey(' Maria@Example.org ')).toEqual({ email: 'maria@example.org' });
    expect(contactKey('+1 (510) 555-0142')).toEqual({ phoneDigits: '5105550142' });
    expect(contactKey('555-0142')).toBeNull();
    expect(contactKey('not an address')).toBeNull();
    // A control character pasted in is dropped (PostgreSQL refuses NUL in a comparison).
    expect(contactKey('maria\u0000@example.org')).toEqual({ email: 'maria@example.org' });
  });
});

describe('the body limit', () => {
  /** The form as a browser sends it, with every field at its longest (counted in characters). */
  const longestForm = (character: string) => {
    const params = new URLSearchParams();
    const fields = { ...APPLICATION_MAXLENGTH, ...APPLICATION_PAGE_FIELDS };
    for (const [name, length] of Object.entries(fields)) params.append(name, character.repeat(length));
    params.append(
      'language',
      LANGUAGE_CODES.reduce((a, b) => (b.length > a.length ? b : a)),
    );
    for (const county of COUNTIES) params.append('counties', county);
    return params.toString();
  };

  it('takes the whole form at its longest, in characters of 4 UTF-8 bytes or in Chinese', () => {
    const emoji = Buffer.byteLength(longestForm('😀'));
    expect(emoji).toBeLessThanOrEqual(APPLICATION_LIMITS.bodyBytes);
    expect(Buffer.byteLength(longestForm('中'))).toBeLessThan(emoji);
    // Measured, not guessed: the limit is that body rounded up to a whole KiB.
    expect(APPLICATION_LIMITS.bodyBytes - emoji).toBeLessThan(1024);
    expect(longestApplicationBody()).toBeGreaterThanOrEqual(emoji);
  });

  it('takes the reviewer’s application: notes and other names in Chinese, near their maxlength', () => {
    const params = new URLSearchParams({
      ...Object.fromEntries(Object.entries(valid).filter(([, v]) => typeof v === 'string')),
      notes: '中'.repeat(1991),
      otherNames: '文'.repeat(1809),
    });
    expect(Buffer.byteLength(params.toString())).toBeGreaterThan(32 * 1024);
    expect(Buffer.byteLength(params.toString())).toBeLessThan(APPLICATION_LIMITS.bodyBytes);
  });
});
