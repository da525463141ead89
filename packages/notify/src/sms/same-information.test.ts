// Every text message the default wording can produce, in every language a client may prefer, shaped
// as the desk shapes it: a Spanish client (or a client named María) is told what an English client
// named Mary is told, and a shortened text still says who wrote and how to call them.
import { LANGUAGE_CODES, type LanguageCode } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import {
  CANT_PROCEED_REASONS,
  type CantProceedReason,
  type MessageValues,
  NEXT_STEPS,
  type NextStep,
  STATUS_TYPES,
  type StatusType,
} from '../templates/catalog.ts';
import { formatClientDate, resolveLanguage } from '../templates/languages.ts';
import { renderStatusMessage, type TransferFacts } from '../templates/render-status.ts';
import { smsEncodingOf } from './encoding.ts';
import { type ShapedSms, shapeSms } from './shape.ts';

/** Realistic offices and clients, from short and plain to the longest the desk is likely to hold. */
const PEOPLE: MessageValues[] = [
  {
    clientName: 'Mary Smith',
    county: 'Alameda',
    officeName: 'Alameda County Public Defender',
    officePhone: '(510) 272-6600',
    officeEmail: 'cleanslate@acgov.example.org',
    officeAddress: '1401 Lakeside Drive, Oakland, CA 94612',
    courtDate: '2027-03-07',
  },
  {
    clientName: 'María Guadalupe Hernández Villaseñor',
    county: 'San Bernardino',
    officeName: 'Law Offices of the Public Defender of the County of San Bernardino',
    officePhone: '+1 (909) 387-8200 ext. 4512',
    officeEmail: 'expungement.unit@publicdefender.sbcounty.example.gov',
    officeAddress: '172 West Third Street, 2nd Floor, San Bernardino, CA 92415',
    courtDate: '2027-09-30',
  },
  {
    clientName: 'Christopher Alexander Montgomery-Washington III',
    county: 'San Luis Obispo',
    officeName: 'Office of the Public Defender, County of San Luis Obispo - Clean Slate Unit',
    officePhone: '(805) 781-5000',
    officeEmail: 'cleanslate@slo.example.org',
    officeAddress: '1050 Monterey Street, San Luis Obispo, CA 93408',
    courtDate: '2027-11-15',
  },
];

interface Choice {
  statusType: StatusType;
  nextSteps: NextStep[];
  cantProceedReason?: CantProceedReason;
  signedOrdersAwaited?: number;
  transfer?: TransferFacts;
}

/**
 * "Transferred": the receiving office named with nothing staying here, or with one county staying, and
 * not named with two (the rest of the combinations are rendered in render-status's tests).
 */
const TRANSFERS: TransferFacts[] = [
  { receivingOffice: 'Golden Gate Legal Aid', staysHere: [] },
  { receivingOffice: 'Golden Gate Legal Aid', staysHere: ['Fresno'] },
  { receivingOffice: null, staysHere: ['Fresno', 'Imperial'] },
];

/** Every status type with every set of next steps (and each reason, or signed order's state, it may carry). */
const CHOICES: Choice[] = STATUS_TYPES.flatMap((statusType) =>
  Array.from({ length: 1 << NEXT_STEPS.length }, (_, mask) =>
    NEXT_STEPS.filter((_, i) => mask & (1 << i)),
  ).flatMap((nextSteps): Choice[] =>
    statusType === 'cant_proceed'
      ? CANT_PROCEED_REASONS.map((cantProceedReason) => ({ statusType, nextSteps, cantProceedReason }))
      : statusType === 'granted'
        ? [2, 1, 0].map((signedOrdersAwaited) => ({ statusType, nextSteps, signedOrdersAwaited }))
        : statusType === 'transferred'
          ? TRANSFERS.map((transfer) => ({ statusType, nextSteps, transfer }))
          : [{ statusType, nextSteps }],
  ),
);

function shapedFor(choice: Choice, language: LanguageCode, values: MessageValues, maxSegments?: number) {
  const rendered = renderStatusMessage({ ...choice, language, channel: 'sms', values });
  const shaped = shapeSms(rendered.text, {
    language,
    officePhone: values.officePhone,
    ...(maxSegments ? { maxSegments } : {}),
  });
  return { rendered: rendered.text, shaped };
}

/** The pieces a client learns from a text, as that language's wording says them. */
function piecesOf(choice: Choice, language: LanguageCode, values: MessageValues): Record<string, string> {
  const { pack } = resolveLanguage(language);
  const pieces: Record<string, string> = {
    office: values.officeName,
    client: values.clientName,
    phone: values.officePhone,
  };
  for (const step of choice.nextSteps)
    pieces[step] =
      (choice.statusType === 'court_date_set' ? pack.hearingSetSteps[step] : undefined)?.short ??
      pack.nextSteps[step].short;
  if (choice.transfer?.receivingOffice) pieces.receivingOffice = choice.transfer.receivingOffice;
  for (const county of choice.transfer?.staysHere ?? []) pieces[`staysHere ${county}`] = county;
  if (choice.statusType === 'court_date_set' && values.courtDate)
    pieces.courtDate = formatClientDate(values.courtDate, language);
  if (choice.signedOrdersAwaited)
    pieces.signedOrder =
      choice.signedOrdersAwaited > 1 ? pack.grantedOrder.smsAwaitedSeveral : pack.grantedOrder.smsAwaited;
  return pieces;
}

/** Which of the pieces the shaped text still carries, by name. */
function carried(shaped: ShapedSms, pieces: Record<string, string>, rendered: string): string[] {
  return Object.entries(pieces)
    .filter(([, said]) => rendered.includes(said) && shaped.text.includes(said))
    .map(([name]) => name);
}

describe('text messages: the same information in every language', () => {
  it('the choices cover every status type, set of next steps and reason, in each language', () => {
    expect(CHOICES).toHaveLength(
      // "Granted" three ways: several orders awaited, one, none.
      (STATUS_TYPES.length - 3 + CANT_PROCEED_REASONS.length + 3 + TRANSFERS.length) * 2 ** NEXT_STEPS.length,
    );
    expect(LANGUAGE_CODES).toEqual(expect.arrayContaining(['en', 'es', 'zh', 'vi', 'ko', 'tl']));
  });

  it.each(PEOPLE.map((values) => [values.officeName, values]))(
    'every default text to %s goes whole, in every language, with all it says',
    (_office, values) => {
      const problems: string[] = [];
      for (const choice of CHOICES)
        for (const language of LANGUAGE_CODES) {
          const { rendered, shaped } = shapedFor(choice, language, values);
          const pieces = piecesOf(choice, language, values);
          const said = Object.keys(pieces).filter((name) => rendered.includes(pieces[name] ?? ''));
          const missing = said.filter((name) => !carried(shaped, pieces, rendered).includes(name));
          if (shaped.shortened || shaped.text !== rendered || missing.length > 0)
            problems.push(`${language} ${choice.statusType} [${choice.nextSteps}]: ${shaped.text}`);
        }
      expect(problems).toEqual([]);
    },
  );

  // The next two go through every status type, set of next steps and person, at each size: some
  // seconds on a busy machine.
  it('Spanish is never shortened where English goes whole, and keeps every piece English keeps, at any room', () => {
    const problems: string[] = [];
    for (const maxSegments of [1, 2, 3])
      for (const values of PEOPLE)
        for (const choice of CHOICES) {
          const en = shapedFor(choice, 'en', values, maxSegments);
          const es = shapedFor(choice, 'es', values, maxSegments);
          const enKept = carried(en.shaped, piecesOf(choice, 'en', values), en.rendered);
          const esKept = carried(es.shaped, piecesOf(choice, 'es', values), es.rendered);
          const lost = enKept.filter((piece) => !esKept.includes(piece));
          if ((es.shaped.shortened && !en.shaped.shortened) || lost.length > 0)
            problems.push(
              `${maxSegments} parts, ${choice.statusType} [${choice.nextSteps}] to ${values.clientName}: Spanish lost ${lost.join(', ') || 'its full text'}\n  en: ${en.shaped.text}\n  es: ${es.shaped.text}`,
            );
        }
    expect(problems).toEqual([]);
  }, 60_000);

  it('a shortened text still names the office and gives its phone, in the client’s language', () => {
    const problems: string[] = [];
    for (const maxSegments of [1, 2])
      for (const values of PEOPLE)
        for (const choice of CHOICES)
          for (const language of ['en', 'es'] as const) {
            const { shaped } = shapedFor(choice, language, values, maxSegments);
            if (!shaped.shortened) continue;
            const callOffice = resolveLanguage(language).pack.smsCallOffice.replace(
              '{officePhone}',
              values.officePhone,
            );
            if (!shaped.text.startsWith(values.officeName) || !shaped.text.endsWith(callOffice))
              problems.push(`${language} ${choice.statusType} [${choice.nextSteps}]: ${shaped.text}`);
          }
    expect(problems).toEqual([]);
  }, 60_000);

  it('an accent in the client’s name costs parts, not content: María is told what Mary is told', () => {
    const mary = PEOPLE[0] as MessageValues;
    const maria = { ...mary, clientName: 'María Núñez' };
    const choice: Choice = { statusType: 'eligible', nextSteps: [...NEXT_STEPS] };
    const toMary = shapedFor(choice, 'en', mary);
    const toMaria = shapedFor(choice, 'en', maria);
    expect([smsEncodingOf(toMary.rendered), smsEncodingOf(toMaria.rendered)]).toEqual(['gsm7', 'ucs2']);
    expect([toMary.shaped.shortened, toMaria.shaped.shortened]).toEqual([false, false]);
    expect(toMaria.shaped.text).toBe(toMary.shaped.text.replace('Mary Smith', 'María Núñez'));
    expect(toMaria.shaped.segments.length).toBeGreaterThan(toMary.shaped.segments.length);
  });
});
