// The online application (/apply/<office>): the fields a person fills in without signing in, read
// from a plain HTML form by one schema. Its messages are keys of APPLICATION_ERRORS, so the page says
// each one in the applicant's language, beside the field it is about.
import { z } from 'zod';
import { COUNTIES, type County } from './counties.ts';
import { isRealDate } from './dates.ts';
import { LANGUAGE_CODES, type LanguageCode } from './languages.ts';
import { characterNotInName } from './names.ts';
import {
  type ClientDetails,
  hasLetter,
  US_STATE_CODES,
  YOUNGEST_CLIENT_AGE,
  yearsBefore,
} from './referrals.ts';
import { cleanMultiLine, cleanName, cleanSingleLine, singleLine } from './text.ts';

/** The languages the application and the status page are written in. */
export const APPLICATION_LANGUAGES = ['en', 'es'] as const;
export type ApplicationLanguage = (typeof APPLICATION_LANGUAGES)[number];
export const isApplicationLanguage = (value: unknown): value is ApplicationLanguage =>
  value === 'en' || value === 'es';

/** Each text field's maxlength on the form, in characters: the page draws it from here. */
export const APPLICATION_MAXLENGTH = {
  legalName: 200,
  otherNames: 2000,
  birthMonth: 2,
  birthDay: 2,
  birthYear: 4,
  phone: 40,
  email: 254,
  addressLine1: 200,
  addressLine2: 200,
  city: 100,
  state: 2,
  postalCode: 10,
  notes: 2000,
} as const satisfies Record<Exclude<ApplicationField, 'consentToText' | 'language' | 'counties'>, number>;

/** What the application form's "you may text me" box sends when ticked. */
export const TEXT_CONSENT_VALUE = 'yes';

/**
 * The fields the page adds to the form, at their longest (in characters): its language, the form's
 * key, the hidden trap field (a person leaves it empty; room for a name), the text-consent box's value.
 */
export const APPLICATION_PAGE_FIELDS = { lang: 2, submission: 24, extra_comments: 200, consentToText: 3 };

/** A character of 4 UTF-8 bytes (an emoji, say), each byte sent percent-encoded as %XX. */
const WORST_BYTES_PER_CHARACTER = 4 * 3;

/**
 * The longest body the form can send, in bytes: every text field at its maxlength in characters of
 * 4 UTF-8 bytes, percent-encoded (a Chinese character takes 9; 12 each holds whether a browser counts
 * maxlength in UTF-16 units or in characters), every county ticked, the longest language code, with
 * each field's name, "=" and "&".
 */
export function longestApplicationBody(): number {
  const values: [string, number][] = [
    ...Object.entries({ ...APPLICATION_MAXLENGTH, ...APPLICATION_PAGE_FIELDS }).map(
      ([name, characters]): [string, number] => [name, characters * WORST_BYTES_PER_CHARACTER],
    ),
    ['language', Math.max(...LANGUAGE_CODES.map((code) => encodeURIComponent(code).length))],
    ...COUNTIES.map((county): [string, number] => ['counties', encodeURIComponent(county).length]),
  ];
  const pairs = values.reduce((sum, [name, bytes]) => sum + encodeURIComponent(name).length + 1 + bytes, 0);
  return pairs + values.length - 1;
}

export const APPLICATION_LIMITS = {
  /** A whole form post, in bytes: the longest the form can send, rounded up to a whole KiB. */
  bodyBytes: Math.ceil(longestApplicationBody() / 1024) * 1024,
  notes: APPLICATION_MAXLENGTH.notes,
  otherNames: 10,
  /** Applications one address (IPv4, or an IPv6 /64) may send in an hour. */
  perAddressPerHour: 10,
  /** Requests for a new status link one address may make in an hour. */
  linkRequestsPerHour: 5,
  /**
   * New status links one phone number or e-mail address may be sent in an hour, whoever asks and from
   * however many addresses. A person who lost their link asks once, perhaps again when it is slow to
   * come or went to spam: 3 leaves room for that, while anyone who knows someone's number can no longer
   * have the office text or mail them a stream of messages about clearing a criminal record (each one
   * tells whoever sees the phone that this person applied). Past it the request is answered as when a
   * link goes, and nothing is sent. An online application's confirmations are counted apart, to the
   * same number (past it the application is recorded and answered as when the confirmation goes, and
   * none is sent): requests for new links, which anyone who knows the number can make, never use up
   * the confirmation that brings an applicant their first link.
   */
  linksPerContactPerHour: 3,
  /** Status links that are not links one address may open in an hour (each is audited until then). */
  unknownLinksPerHour: 20,
};

type Bilingual = Record<ApplicationLanguage, string>;

/** Every message the application's checks give, in both languages. */
export const APPLICATION_ERRORS = {
  legalNameMissing: {
    en: 'Enter your full legal name, as it appears on your ID.',
    es: 'Escriba su nombre legal completo, tal como aparece en su identificación.',
  },
  legalNameNoLetters: {
    en: 'Write your name in letters, as it appears on your ID.',
    es: 'Escriba su nombre con letras, tal como aparece en su identificación.',
  },
  // {character} is the character itself, said by applicationErrorText.
  legalNameCharacter: {
    en: 'Your name cannot contain {character}: type it as it appears on your ID, in letters (accents and any alphabet are fine) with only spaces, hyphens, apostrophes, periods or commas between them.',
    es: 'Su nombre no puede contener {character}: escríbalo tal como aparece en su identificación, con letras (los acentos y cualquier alfabeto sirven) y solo espacios, guiones, apóstrofos, puntos o comas entre ellas.',
  },
  // The browser sent bytes that are no text (not UTF-8): they show as �, and what they were is lost.
  legalNameUnreadable: {
    en: 'Some characters of your name could not be read when the form was sent (they show as �): type your name again, as it appears on your ID.',
    es: 'Algunos caracteres de su nombre no se pudieron leer al enviar el formulario (aparecen como �): escriba su nombre de nuevo, tal como aparece en su identificación.',
  },
  otherNamesCharacter: {
    en: 'Other names cannot contain {character}: type each as it appears on an ID or a record, in letters with only spaces, hyphens, apostrophes, periods or commas between them, one per line.',
    es: 'Los otros nombres no pueden contener {character}: escriba cada uno como aparece en una identificación o un registro, con letras y solo espacios, guiones, apóstrofos, puntos o comas entre ellas, uno por línea.',
  },
  unreadable: {
    en: 'Some characters here could not be read when the form was sent (they show as �): type them again.',
    es: 'Algunos caracteres de este campo no se pudieron leer al enviar el formulario (aparecen como �): escríbalos de nuevo.',
  },
  otherNamesNoLetters: {
    en: 'Write each other name in letters, one per line.',
    es: 'Escriba cada uno de los otros nombres con letras, uno por línea.',
  },
  tooLong: {
    en: 'This is too long: shorten it.',
    es: 'Este texto es demasiado largo: acórtelo.',
  },
  otherNamesTooMany: {
    en: `Write at most ${APPLICATION_LIMITS.otherNames} other names, one per line.`,
    es: `Escriba como máximo ${APPLICATION_LIMITS.otherNames} nombres, uno por línea.`,
  },
  birthDateMissing: {
    en: 'Enter your date of birth: month, day and year, for example 3 7 1985.',
    es: 'Escriba su fecha de nacimiento: día, mes y año, por ejemplo 7 3 1985.',
  },
  birthDateNotReal: {
    en: 'Enter a real date of birth: month 1 to 12, day 1 to 31, and the year in 4 digits.',
    es: 'Escriba una fecha de nacimiento real: el día del 1 al 31, el mes del 1 al 12 y el año con 4 cifras.',
  },
  // A day the month does not have (31 February): "day 1 to 31" would not say what is wrong.
  birthDayNotInFebruary: {
    en: 'February has 28 days, or 29 in a leap year: check the day and the year of your date of birth.',
    es: 'Febrero tiene 28 días, o 29 en un año bisiesto: revise el día y el año de su fecha de nacimiento.',
  },
  birthDayNotInMonth: {
    en: 'April, June, September and November have 30 days: check the day and the month of your date of birth.',
    es: 'Abril, junio, septiembre y noviembre tienen 30 días: revise el día y el mes de su fecha de nacimiento.',
  },
  birthDateNotPast: {
    en: 'Your date of birth must be in the past, after 1900.',
    es: 'Su fecha de nacimiento debe ser una fecha pasada, posterior a 1900.',
  },
  birthDateTooRecent: {
    en: `Check the year of your date of birth: it says you are younger than ${YOUNGEST_CLIENT_AGE}.`,
    es: `Revise el año de su fecha de nacimiento: indica que tiene menos de ${YOUNGEST_CLIENT_AGE} años.`,
  },
  phoneNotValid: {
    en: 'Enter a phone number with its area code, for example (555) 555-0123.',
    es: 'Escriba un número de teléfono con su código de área, por ejemplo (555) 555-0123.',
  },
  emailNotValid: {
    en: 'Enter an e-mail address like name@example.org.',
    es: 'Escriba un correo electrónico como nombre@ejemplo.org.',
  },
  noWayToReach: {
    en: 'Give us at least one way to reach you: a phone number, an e-mail address or a mailing address.',
    es: 'Denos al menos una forma de comunicarnos con usted: un número de teléfono, un correo electrónico o una dirección postal.',
  },
  textNeedsPhone: {
    en: 'Enter your phone number to receive text messages, or untick the box.',
    es: 'Escriba su número de teléfono para recibir mensajes de texto, o desmarque la casilla.',
  },
  // A mailing address with a part missing: each missing part is said beside its own field (and listed
  // at the top), with how to fix it. The state is asked for, never supposed: a letter to an applicant
  // in Reno must not go to "Reno, CA".
  addressStreetMissing: {
    en: 'Your mailing address has no street: enter the number and street, or leave the whole mailing address empty.',
    es: 'Falta la calle en su dirección postal: escriba la calle y el número, o deje vacía toda la dirección postal.',
  },
  addressCityMissing: {
    en: 'Your mailing address has no city: enter the city, or leave the whole mailing address empty.',
    es: 'Falta la ciudad en su dirección postal: escriba la ciudad, o deje vacía toda la dirección postal.',
  },
  addressStateMissing: {
    en: 'Your mailing address has no state: enter its two-letter code, for example CA or NV, or leave the whole mailing address empty.',
    es: 'Falta el estado en su dirección postal: escriba su código de dos letras, por ejemplo CA o NV, o deje vacía toda la dirección postal.',
  },
  addressPostalCodeMissing: {
    en: 'Your mailing address has no ZIP code: enter its 5 digits, for example 94612, or leave the whole mailing address empty.',
    es: 'Falta el código postal en su dirección postal: escriba sus 5 cifras, por ejemplo 94612, o deje vacía toda la dirección postal.',
  },
  // "ZZ" is two letters: say it must be a real state's (or territory's) code.
  stateNotValid: {
    en: 'Enter the two-letter code of a US state or territory, for example CA.',
    es: 'Escriba el código de dos letras de un estado o territorio de EE. UU., por ejemplo CA.',
  },
  postalCodeNotValid: {
    en: 'Enter a 5-digit ZIP code, for example 94612.',
    es: 'Escriba un código postal de 5 cifras, por ejemplo 94612.',
  },
  languageMissing: {
    en: 'Choose the language you prefer.',
    es: 'Elija el idioma que prefiere.',
  },
  countiesMissing: {
    // Words that do not assume the applicant is a man ("donde lo condenaron" did).
    en: 'Choose at least one county where you have a conviction.',
    es: 'Elija al menos un condado donde tiene una condena.',
  },
} as const satisfies Record<string, Bilingual>;
export type ApplicationErrorKey = keyof typeof APPLICATION_ERRORS;

/** The form's field names, as the HTML form sends them. */
export const APPLICATION_FIELDS = [
  'legalName',
  'otherNames',
  'birthMonth',
  'birthDay',
  'birthYear',
  'phone',
  'email',
  'consentToText',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'language',
  'counties',
  'notes',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];
const isApplicationField = (value: unknown): value is ApplicationField =>
  (APPLICATION_FIELDS as readonly unknown[]).includes(value);

// Every posted value is cleaned by the rule all text input follows (text.ts); names are then folded to one line.
const cleaned = (v: unknown) => (typeof v === 'string' ? cleanMultiLine(v) : v);

const text = z.preprocess(
  (v) => cleaned(Array.isArray(v) ? v[0] : v),
  z.string().max(20_000, 'tooLong').default(''),
);
// A list's values are the form's own (the counties' names): a control character in one is dropped.
const list = z.preprocess(
  (v) =>
    (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]).map((x) =>
      typeof x === 'string' ? cleanSingleLine(x) : x,
    ),
  z.array(z.string().max(100)).max(COUNTIES.length),
);

/** The form as posted: every value text (a repeated field, such as counties, a list). */
export const applicationFormSchema = z.object({
  legalName: text,
  otherNames: text,
  birthMonth: text,
  birthDay: text,
  birthYear: text,
  phone: text,
  email: text,
  consentToText: text,
  addressLine1: text,
  addressLine2: text,
  city: text,
  state: text,
  postalCode: text,
  language: text,
  counties: list,
  notes: text,
});
export type ApplicationForm = z.output<typeof applicationFormSchema>;

export interface OnlineApplication {
  client: ClientDetails;
  counties: County[];
  note: string;
}

export type ApplicationCheck =
  | { ok: true; application: OnlineApplication }
  | { ok: false; errors: Partial<Record<ApplicationField, ApplicationErrorKey>> };

const PHONE = /^[+()\d\s.-]{7,40}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ZIP = /^\d{5}(-\d{4})?$/;
const clean = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim();
/** What stands where a browser sent bytes that are not UTF-8: a person never types it. */
const REPLACEMENT_CHARACTER = '\ufffd';
/** The other names as the form gives them: one per line (or separated by ";"), each cleaned as a name. */
const otherNamesOf = (typed: string) =>
  typed
    .split(/\r?\n|;/)
    .map(cleanName)
    .filter((n) => n !== '');

/**
 * An error's words in a language; for a character a name cannot hold, with that character (from the
 * field's value as posted), in quotes, or as its code point when it shows as nothing.
 */
export function applicationErrorText(
  key: ApplicationErrorKey,
  language: ApplicationLanguage,
  posted: string,
): string {
  const words: string = APPLICATION_ERRORS[key][language];
  if (!words.includes('{character}')) return words;
  const names =
    key === 'legalNameCharacter' ? [cleanName(cleanMultiLine(posted))] : otherNamesOf(cleanMultiLine(posted));
  const character = names.map(characterNotInName).find((c) => c !== null);
  const shown = !character
    ? language === 'es'
      ? 'ese carácter'
      : 'that character'
    : /[\p{L}\p{N}\p{P}\p{S}]/u.test(character)
      ? `“${character}”`
      : `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return words.replace('{character}', shown);
}

/**
 * Reads a posted form into an application, or says what to fix, field by field. `today` is the
 * California date (a birth date must be before it); `pageLanguage` is the preferred language when
 * none is chosen.
 */
export function checkApplication(
  posted: unknown,
  today: string,
  pageLanguage: ApplicationLanguage,
): ApplicationCheck {
  const errors: Partial<Record<ApplicationField, ApplicationErrorKey>> = {};
  const fail = (field: ApplicationField, key: ApplicationErrorKey) => {
    errors[field] ??= key;
  };
  const parsed = applicationFormSchema.safeParse(posted ?? {});
  if (!parsed.success) {
    // Beside the field that is too long (or not text), not on some other one.
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      fail(isApplicationField(field) ? field : 'notes', field === 'counties' ? 'countiesMissing' : 'tooLong');
    }
    return { ok: false, errors };
  }
  const form = parsed.data;

  // Bytes the browser sent that were no text (shown as �) in a field the person typed: said first,
  // before anything else is asked of it. (A box's or a list's value is the page's own: one that is
  // not is not matched.)
  for (const field of Object.keys(APPLICATION_MAXLENGTH) as (keyof typeof APPLICATION_MAXLENGTH)[])
    if (form[field].includes(REPLACEMENT_CHARACTER))
      fail(field, field === 'legalName' ? 'legalNameUnreadable' : 'unreadable');

  // People's names as the staff's forms clean them (nothing invisible, one space), and of the
  // characters names are written with: this form's name is in the confirmation it sends, so a "name"
  // with a link or a formula would have the office mail any text to any address.
  const legalName = cleanName(form.legalName);
  if (legalName.length < 2) fail('legalName', 'legalNameMissing');
  else if (!hasLetter(legalName)) fail('legalName', 'legalNameNoLetters');
  else if (characterNotInName(legalName) !== null) fail('legalName', 'legalNameCharacter');
  if (legalName.length > 200) fail('legalName', 'tooLong');
  const otherNames = otherNamesOf(form.otherNames);
  if (otherNames.length > APPLICATION_LIMITS.otherNames) fail('otherNames', 'otherNamesTooMany');
  if (otherNames.some((n) => n.length > 200)) fail('otherNames', 'tooLong');
  if (otherNames.some((n) => !hasLetter(n))) fail('otherNames', 'otherNamesNoLetters');
  if (otherNames.some((n) => characterNotInName(n) !== null)) fail('otherNames', 'otherNamesCharacter');

  const dateOfBirth = birthDate(form, today, fail);

  const phone = clean(form.phone);
  // Spaces inside are refused, not removed: "maria lopez@…" taken as "marialopez@…" would send the
  // private status link to another mailbox.
  const email = clean(form.email);
  // With its area code: ten digits at least (a new status link is found by the last ten).
  if (phone !== '' && !(PHONE.test(phone) && phone.replace(/\D/g, '').length >= 10))
    fail('phone', 'phoneNotValid');
  if (email !== '' && (!EMAIL.test(email) || email.length > 254)) fail('email', 'emailNotValid');
  // Consent is the box ticked, its own value: anything else sent (a script's "maybe") is not consent.
  const consentToText = form.consentToText === TEXT_CONSENT_VALUE;
  if (consentToText && phone === '') fail('phone', 'textNeedsPhone');

  const address = {
    line1: clean(form.addressLine1),
    line2: clean(form.addressLine2),
    city: clean(form.city),
    state: clean(form.state).toUpperCase(),
    postalCode: clean(form.postalCode),
  };
  for (const [field, value, max] of [
    ['addressLine1', address.line1, 200],
    ['addressLine2', address.line2, 200],
    ['city', address.city, 100],
  ] as const)
    if (value.length > max) fail(field, 'tooLong');
  // Any part given (the apartment or the state alone too) asks for the rest: street, city, state, ZIP.
  const anyAddress = Object.values(address).some((part) => part !== '');
  const missing = (
    [
      ['addressLine1', address.line1, 'addressStreetMissing'],
      ['city', address.city, 'addressCityMissing'],
      ['state', address.state, 'addressStateMissing'],
      ['postalCode', address.postalCode, 'addressPostalCodeMissing'],
    ] as const
  ).filter(([, value]) => value === '');
  if (anyAddress) for (const [field, , key] of missing) fail(field, key);
  const fullAddress = anyAddress && missing.length === 0;
  if (address.state !== '' && !US_STATE_CODES.has(address.state)) fail('state', 'stateNotValid');
  if (address.postalCode !== '' && !ZIP.test(address.postalCode)) fail('postalCode', 'postalCodeNotValid');
  if (phone === '' && email === '' && !anyAddress) fail('phone', 'noWayToReach');

  const language = (form.language === '' ? pageLanguage : form.language) as LanguageCode;
  if (!LANGUAGE_CODES.includes(language)) fail('language', 'languageMissing');

  const counties = [...new Set(form.counties)].filter((c): c is County =>
    (COUNTIES as readonly string[]).includes(c),
  );
  if (counties.length === 0) fail('counties', 'countiesMissing');

  const notes = form.notes.trim();
  if (notes.length > APPLICATION_LIMITS.notes) fail('notes', 'tooLong');

  if (Object.keys(errors).length > 0 || dateOfBirth === null) return { ok: false, errors };
  return {
    ok: true,
    application: {
      client: {
        legalName,
        otherNames: otherNames.map((name) => ({ name })),
        dateOfBirth,
        phone,
        email,
        address: fullAddress ? address : emptyAddress(),
        preferredLanguage: language,
        contact: { email: email !== '', sms: consentToText, letter: fullAddress, phone: phone !== '' },
        consentToText,
      },
      counties,
      note: notes,
    },
  };
}

const emptyAddress = () => ({ line1: '', line2: '', city: '', state: '', postalCode: '' });

function birthDate(
  form: ApplicationForm,
  today: string,
  fail: (field: ApplicationField, key: ApplicationErrorKey) => void,
): string | null {
  const [month, day, year] = [form.birthMonth, form.birthDay, form.birthYear].map((v) => v.trim());
  if (!month || !day || !year) {
    fail(!month ? 'birthMonth' : !day ? 'birthDay' : 'birthYear', 'birthDateMissing');
    return null;
  }
  if (!/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day) || !/^\d{4}$/.test(year)) {
    fail(
      !/^\d{1,2}$/.test(month) ? 'birthMonth' : !/^\d{1,2}$/.test(day) ? 'birthDay' : 'birthYear',
      'birthDateNotReal',
    );
    return null;
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isRealDate(iso)) {
    const [m, d] = [Number(month), Number(day)];
    if (m < 1 || m > 12) fail('birthMonth', 'birthDateNotReal');
    else if (d < 1 || d > 31) fail('birthDay', 'birthDateNotReal');
    else fail('birthDay', m === 2 ? 'birthDayNotInFebruary' : 'birthDayNotInMonth');
    return null;
  }
  if (iso < '1900-01-01' || iso >= today) {
    fail('birthYear', 'birthDateNotPast');
    return null;
  }
  if (iso > yearsBefore(today, YOUNGEST_CLIENT_AGE)) {
    fail('birthYear', 'birthDateTooRecent');
    return null;
  }
  return iso;
}

/** A request for a new status link: the e-mail address or phone number the application gave. */
export const statusLinkRequestSchema = z.object({
  contact: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), singleLine().max(254).default('')),
});

/** The address or number as compared: e-mail lower-cased, a phone number's last ten digits. */
export function contactKey(value: string): { email: string } | { phoneDigits: string } | null {
  const trimmed = cleanSingleLine(value).trim();
  if (EMAIL.test(trimmed)) return { email: trimmed.toLowerCase() };
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length >= 10 && PHONE.test(trimmed)) return { phoneDigits: digits.slice(-10) };
  return null;
}
