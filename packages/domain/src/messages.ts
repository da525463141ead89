// Client updates (DOMAIN.md section 5): the vocabulary staff pick from, and the inputs of the messages
// procedures, shared by the API and the forms. @relief-desk/notify renders messages from these ids.
import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { LANGUAGE_CODES, LANGUAGES } from './languages.ts';
import { multiLine, singleLine } from './text.ts';

export const MESSAGE_STATUS_TYPES = [
  'in_review',
  'eligible',
  'arrest_sealable',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
  'transferred',
] as const;
export type MessageStatusType = (typeof MESSAGE_STATUS_TYPES)[number];
/**
 * Status updates whose message tells of the client's record or the court: a finding on the record
 * (eligible, an arrest to seal, not eligible, no convictions found, can't proceed for probation, fees
 * or restitution),
 * a hearing, or the court's decision. Composing, sending, logging, printing or reading one needs the
 * RAP sheet permission; "in review" and "transferred" tell nothing of the record.
 */
export const CRIMINAL_HISTORY_STATUS_TYPES: ReadonlySet<MessageStatusType> = new Set([
  'eligible',
  'arrest_sealable',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
]);
export const statusTellsCriminalHistory = (statusType: string | null): boolean =>
  statusType !== null && (CRIMINAL_HISTORY_STATUS_TYPES as ReadonlySet<string>).has(statusType);

export const MESSAGE_STATUS_LABELS: Record<MessageStatusType, string> = {
  in_review: 'In review',
  eligible: 'Eligible',
  arrest_sealable: 'Arrest can be sealed',
  not_eligible: 'Not eligible',
  no_convictions_found: 'No convictions found',
  cant_proceed: 'Can’t proceed',
  court_date_set: 'Court date set',
  granted: 'Granted',
  denied: 'Denied',
  transferred: 'Transferred to another office',
};

export const CANT_PROCEED_REASONS = [
  'on_probation',
  'fees_owed',
  'need_more_info',
  'victim_restitution',
  'other',
] as const;
export type CantProceedReasonId = (typeof CANT_PROCEED_REASONS)[number];
export const CANT_PROCEED_LABELS: Record<CantProceedReasonId, string> = {
  on_probation: 'On probation or other supervision',
  fees_owed: 'Fees owed',
  need_more_info: 'Need more information',
  victim_restitution: 'Victim restitution',
  other: 'Other',
};

export const NEXT_STEP_IDS = [
  'submit_personal_statement',
  'submit_letters',
  'wait_for_court_date',
  'wait_for_decision',
  'contact_us',
  'apply_again_later',
] as const;
export type NextStepId = (typeof NEXT_STEP_IDS)[number];
export const NEXT_STEP_LABELS: Record<NextStepId, string> = {
  submit_personal_statement: 'Submit a personal statement',
  submit_letters: 'Submit letters of recommendation',
  wait_for_court_date: 'Wait for a court date',
  wait_for_decision: 'Wait for the court’s decision',
  contact_us: 'Contact us',
  apply_again_later: 'Apply again later',
};

/**
 * The next steps each status update may give: what the client can do next in the situation it
 * describes. "Write a personal statement" after the court granted relief, letters of support for a
 * petition nobody will file, or "apply again later" beside "we are reviewing your record" would
 * contradict the update itself. Court steps are checked against the records too (status-claims.ts).
 */
export const NEXT_STEPS_FOR: Record<MessageStatusType, readonly NextStepId[]> = {
  in_review: ['submit_personal_statement', 'submit_letters', 'contact_us'],
  eligible: [
    'submit_personal_statement',
    'submit_letters',
    'wait_for_court_date',
    'wait_for_decision',
    'contact_us',
  ],
  // A petition to seal (PC 851.91, or PC 236.14) goes to the court as a conviction's does.
  arrest_sealable: [
    'submit_personal_statement',
    'submit_letters',
    'wait_for_court_date',
    'wait_for_decision',
    'contact_us',
  ],
  not_eligible: ['contact_us', 'apply_again_later'],
  no_convictions_found: ['contact_us'],
  // Paused until something is resolved: the client contacts the office ("Not eligible" with "Apply
  // again later" says they may apply later).
  cant_proceed: ['contact_us'],
  court_date_set: ['submit_personal_statement', 'submit_letters', 'wait_for_decision', 'contact_us'],
  granted: ['contact_us'],
  denied: ['contact_us', 'apply_again_later'],
  transferred: ['contact_us'],
};

export const MESSAGE_CHANNELS = ['email', 'sms', 'letter'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: 'E-mail',
  sms: 'Text message',
  letter: 'Letter',
};

/** Languages with written templates; other languages get English (and staff are told). */
export const TEMPLATE_LANGUAGE_CODES = ['en', 'es'] as const;
export type TemplateLanguageCode = (typeof TEMPLATE_LANGUAGE_CODES)[number];
export const TEMPLATE_LANGUAGE_LABELS: Record<TemplateLanguageCode, string> = {
  en: LANGUAGES[0].label,
  es: LANGUAGES[1].label,
};

/** Where a message stands on its way to the client. */
/** withdrawn: stopped before it was sent (an invitation withdrawn or sent again with a new link). */
export const DELIVERY_STATES = [
  'pending',
  'sending',
  'printing',
  'sent',
  'failed',
  'replaced',
  'withdrawn',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  pending: 'Waiting to be sent',
  sending: 'Sending',
  printing: 'In the print queue',
  sent: 'Sent',
  failed: 'Not delivered',
  replaced: 'Sent another way instead',
  withdrawn: 'Withdrawn before it was sent',
};

const matterId = singleLine().min(1).max(64);

/** What a status update says: the same for every channel. */
export const statusChoiceSchema = z
  .object({
    matterId,
    statusType: z.enum(MESSAGE_STATUS_TYPES, { error: 'Choose a status.' }),
    cantProceedReason: z.enum(CANT_PROCEED_REASONS).nullable().default(null),
    courtDate: isoDateSchema.nullable().default(null),
    nextSteps: z.array(z.enum(NEXT_STEP_IDS)).max(NEXT_STEP_IDS.length).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.statusType === 'cant_proceed' && !s.cantProceedReason)
      ctx.addIssue({
        code: 'custom',
        path: ['cantProceedReason'],
        message: 'Choose why the matter can’t proceed.',
      });
    if (s.statusType === 'court_date_set' && !s.courtDate)
      ctx.addIssue({ code: 'custom', path: ['courtDate'], message: 'Enter the court date.' });
    for (const step of s.nextSteps)
      if (!NEXT_STEPS_FOR[s.statusType].includes(step))
        ctx.addIssue({
          code: 'custom',
          path: ['nextSteps'],
          message: `“${NEXT_STEP_LABELS[step]}” does not go with a “${MESSAGE_STATUS_LABELS[s.statusType]}” update: untick it. With this update the client may be given ${NEXT_STEPS_FOR[s.statusType].map((n) => `“${NEXT_STEP_LABELS[n]}”`).join(', ')}.`,
        });
  });
export type StatusChoiceInput = z.input<typeof statusChoiceSchema>;
export type StatusChoice = z.output<typeof statusChoiceSchema>;

/** One channel's text as staff leave it after editing the rendered message. */
export const outgoingMessageSchema = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  subject: singleLine().max(300).default(''),
  text: multiLine().min(1, 'The message is empty: write it, or leave this channel out.').max(20_000),
});
export type OutgoingMessage = z.output<typeof outgoingMessageSchema>;

const outgoingList = z
  .array(outgoingMessageSchema)
  .min(1, 'Choose at least one way to send it, or log the status without sending.')
  .max(3)
  .refine((list) => new Set(list.map((m) => m.channel)).size === list.length, {
    message: 'Send each channel once.',
  });

/**
 * The language the texts were composed in (the preview's): sending is refused when the client's
 * language has changed since, so that a text written in one language is not sent, and recorded, as
 * another. Required: a caller that left it out (a script, say) would otherwise have a Spanish text
 * stored, and sent, as English.
 */
const writtenIn = z.enum(LANGUAGE_CODES, {
  error: (issue) =>
    issue.input === undefined
      ? 'Say which language the texts were written in (writtenIn: the language of the preview they came from), so they are not sent, and recorded, as another.'
      : 'Choose a language from the list.',
});

export const sendStatusInputSchema = z.object({
  choice: statusChoiceSchema,
  messages: outgoingList,
  writtenIn,
  /** Staff confirm the same update just sent (or still queued) is to go out once more. */
  sendAgain: z.boolean().default(false),
});
export type SendStatusInput = z.input<typeof sendStatusInputSchema>;

export const logStatusInputSchema = z.object({
  choice: statusChoiceSchema,
  note: multiLine().max(4000).default(''),
  /**
   * The note tells of the criminal record: kept apart, as the timeline's `recordNote` and the logged
   * message's, which staff without the RAP sheet permission read as withheld.
   */
  noteAboutRecord: z.boolean().default(false),
});
export type LogStatusInput = z.input<typeof logStatusInputSchema>;

export const sendOutcomeInputSchema = z.object({
  matterId,
  /** The matter's version when the outcome was composed: sending closes the matter. */
  version: z.number().int().positive(),
  messages: outgoingList,
  writtenIn,
  /** Why the matter may close while a signed order is still awaited (required then). */
  closeNote: multiLine().max(2000).default(''),
  /**
   * The preview's fingerprint (composeOutcome's): a send after a fact it rests on changed is refused.
   * Optional for callers that send the preview's texts untouched: only the outcome as the record
   * reads now may go without it.
   */
  fingerprint: z.string().max(1000).optional(),
});
export type SendOutcomeInput = z.input<typeof sendOutcomeInputSchema>;

/** A delivery staff act on; the version guards against two people retrying the same failure. */
export const retryDeliveryInputSchema = z.object({
  outboxId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});

/** An e-mail or text message still waiting to be sent, to stop before it goes: the same shape. */
export const stopSendingInputSchema = retryDeliveryInputSchema;

/** A delivery problem closed without sending (the client was reached another way, say): the same. */
export const leaveUnsentInputSchema = retryDeliveryInputSchema;

export const resendViaInputSchema = z.object({
  outboxId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  channel: z.enum(MESSAGE_CHANNELS, { error: 'Choose another way to reach the client.' }),
});

/** The parts of a template, as the form names them. */
export const TEMPLATE_FIELDS = ['subject', 'body', 'sms'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export const TEMPLATE_FIELD_NAMES: Record<TemplateField, string> = {
  subject: 'subject',
  body: 'e-mail and letter text',
  sms: 'text message',
};
/** "English", "Spanish": the label without the language's own name for itself. */
export const templateLanguageName = (language: TemplateLanguageCode): string =>
  TEMPLATE_LANGUAGE_LABELS[language].replace(/ \(.*\)$/, '');

/**
 * The placeholders a template may use; anything else in braces is refused when wording is saved.
 * @relief-desk/notify fills them (its catalog says what each is filled with).
 */
export const TEMPLATE_PLACEHOLDERS = [
  'clientName',
  'county',
  'officeName',
  'officePhone',
  'officeEmail',
  'officeAddress',
  'nextSteps',
  'courtDate',
  'reason',
  /** "Granted": what the office holds of the court's signed order (see LanguagePack.grantedOrder). */
  'signedOrder',
  /**
   * "Transferred": which county's request went to which office, and the counties whose requests stay
   * with this office (see LanguagePack.transfer).
   */
  'transfer',
  /** How to reach the office, one way and every way (notify's CONTACT_PLACEHOLDERS). */
  'reachUs',
  'reachUsAll',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/**
 * The placeholders a subject may not use, each with what it is filled with and what to use instead:
 * a subject is one short line, and these fill in as several lines, a list, several sentences or every
 * way to reach the office, so the subject previewed could not be sent ("Use at most 300 characters").
 * Notify's tests hold each of these to what it is filled with, and every other placeholder to one line.
 */
export const NOT_IN_SUBJECT: Readonly<Partial<Record<TemplatePlaceholder, string>>> = {
  nextSteps:
    'is the list of next steps, a heading and a line for each step. Put {nextSteps} in the e-mail and letter text or the text message instead',
  officeAddress:
    'is the office’s postal address, on several lines. Use {officeName} in the subject, and put {officeAddress} in the e-mail and letter text',
  reachUsAll:
    'names every way to reach the office (its phone and its e-mail). Use {reachUs}, which names one, or put {reachUsAll} in the e-mail and letter text',
  reason:
    'is one or two full sentences on why the office cannot move forward. Put {reason} in the e-mail and letter text',
  signedOrder:
    'is one or two full sentences on the court’s signed order. Put {signedOrder} in the e-mail and letter text',
  transfer:
    'is several full sentences on which county’s request went to which office, and which stay with this office. Use {county} in the subject, and put {transfer} in the e-mail and letter text or the text message',
};

const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(TEMPLATE_PLACEHOLDERS);

/** Letters only, lower case: how a name typed loosely ("client name", "ClientName") is compared. */
const foldName = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

/** The edits (a letter added, removed or changed, or two swapped) between two names. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known placeholders an unknown name was most likely meant to be: the same letters in another
 * case or spacing ({clientname}, {client name}), a typo or two away ({clinetName}), or a known name's
 * last word ({phone} → {officePhone}). Empty when none is close.
 */
export function closestPlaceholders(name: string): TemplatePlaceholder[] {
  const folded = foldName(name);
  if (folded === '') return [];
  const scored = TEMPLATE_PLACEHOLDERS.map((known) => {
    const other = foldName(known);
    const distance = editDistance(folded, other);
    const close = distance <= Math.max(1, Math.floor(other.length / 4));
    const part = folded.length >= 4 && (other.endsWith(folded) || folded.endsWith(other));
    return { known, distance: close ? distance : part ? other.length : Number.POSITIVE_INFINITY };
  }).filter((c) => Number.isFinite(c.distance));
  const best = Math.min(...scored.map((c) => c.distance));
  return scored.filter((c) => c.distance === best).map((c) => c.known);
}

/**
 * What is wrong with the placeholders of one part of one language's wording, for the administrator
 * saving it: braces doubled ({{clientName}}) or that open or close no placeholder, names Relief Desk
 * does not know (with the closest known name), and, in a subject, a placeholder that fills in as more
 * than one short line (NOT_IN_SUBJECT). Empty when its placeholders are fine.
 */
export function templateTextProblems(
  text: string,
  field: TemplateField,
  language: TemplateLanguageCode,
): string[] {
  const part = `The ${templateLanguageName(language)} ${TEMPLATE_FIELD_NAMES[field]}`;
  const problems: string[] = [];
  /** The known names written in doubled braces: a subject is held to them too. */
  const doubledNames: string[] = [];
  // Doubled braces: a known name inside fills in, and the client reads the braces around it.
  const doubled = [...text.matchAll(/\{\{+([^{}]*)\}*\}|\{([^{}]*)\}\}+/g)];
  for (const [written, inner = '', other = ''] of doubled) {
    const name = (inner || other).trim();
    if (KNOWN_PLACEHOLDERS.has(name)) doubledNames.push(name);
    const meant = KNOWN_PLACEHOLDERS.has(name) ? [name] : closestPlaceholders(name);
    problems.push(
      `${part} writes “${written}” with doubled braces, which the client would read around the words: write ${
        meant.length > 0
          ? `${meant.map((n) => `{${n}}`).join(' or ')} with one brace on each side.`
          : `a placeholder with one brace on each side ({${name}} is not one: use only ${TEMPLATE_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}).`
      }`,
    );
  }
  const rest = text.replace(/\{\{+([^{}]*)\}*\}|\{([^{}]*)\}\}+/g, ' ');
  const names = templatePlaceholders(rest);
  const stray = rest.replace(/\{[^{}]*\}/g, ' ');
  if (/[{}]/.test(stray))
    problems.push(
      `${part} has a “${stray.includes('{') ? '{' : '}'}” that ${
        stray.includes('{') ? 'opens' : 'closes'
      } no placeholder: a placeholder is written with one brace on each side, as {clientName}. Finish the placeholder, or remove the brace.`,
    );
  for (const name of names.filter((n) => !KNOWN_PLACEHOLDERS.has(n))) {
    if (name.trim() === '') {
      problems.push(
        `${part} has empty braces “{}”: put a placeholder’s name in them, as {clientName}, or remove them.`,
      );
      continue;
    }
    const meant = closestPlaceholders(name);
    problems.push(
      `${part} uses {${name}}, which is not a placeholder: ${
        meant.length > 0
          ? `did you mean ${meant.map((n) => `{${n}}`).join(' or ')}? Placeholders are written exactly so, capital letters too.`
          : `use only ${TEMPLATE_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}.`
      }`,
    );
  }
  if (field === 'subject')
    for (const name of new Set([...doubledNames, ...names])) {
      const why = NOT_IN_SUBJECT[name as TemplatePlaceholder];
      if (why) problems.push(`${part} uses {${name}}, which ${why}. A subject is one short line.`);
    }
  return problems;
}

/** The distinct placeholder names in a template's text, in order of first use: `{clientName}` → clientName. */
export function templatePlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? ''))];
}

export interface TemplateParityProblem {
  language: TemplateLanguageCode;
  field: TemplateField;
  message: string;
}

/**
 * Where a template's languages part ways: each part of each language must use the placeholders the
 * English one uses, no fewer and no more, so a client is told the same (the court date, the reason,
 * the next steps, how to reach the office) whichever language they read. The built-in wording is held
 * to this too (notify's tests).
 */
export function templateParityProblems(
  wording: Record<TemplateLanguageCode, Record<TemplateField, string>>,
): TemplateParityProblem[] {
  const [first, ...others] = TEMPLATE_LANGUAGE_CODES;
  const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');
  return others.flatMap((language) =>
    TEMPLATE_FIELDS.flatMap((field) => {
      const known = (text: string) => templatePlaceholders(text).filter((n) => KNOWN_PLACEHOLDERS.has(n));
      const theirs = known(wording[first][field]);
      const ours = known(wording[language][field]);
      const lacks = theirs.filter((n) => !ours.includes(n));
      const adds = ours.filter((n) => !theirs.includes(n));
      if (lacks.length === 0 && adds.length === 0) return [];
      const [one, other, part] = [
        templateLanguageName(language),
        templateLanguageName(first),
        TEMPLATE_FIELD_NAMES[field],
      ];
      const differences = [
        ...(lacks.length > 0 ? [`does not use ${braces(lacks)}, which the ${other} one uses`] : []),
        ...(adds.length > 0 ? [`uses ${braces(adds)}, which the ${other} one does not`] : []),
      ];
      return [
        {
          language,
          field,
          message: `The ${one} ${part} ${differences.join(', and ')}. Use the same placeholders in the ${other} and the ${one} ${part}, adding or removing them in either, so clients are told the same in both languages.`,
        },
      ];
    }),
  );
}

const BOTH_TOGETHER = `a template is saved in ${TEMPLATE_LANGUAGE_CODES.map(templateLanguageName).join(' and ')} together, so a client is told the same whichever language they read.`;

/** One language's wording of a template, and the version of it the edit started from. */
const templateWordingSchema = (language: TemplateLanguageCode) => {
  const name = templateLanguageName(language);
  return z.object(
    {
      /** The version being edited: 0 for the built-in wording. */
      baseVersion: z.number().int().nonnegative(),
      subject: singleLine().min(1, `Write the ${name} subject.`).max(300),
      body: multiLine().min(1, `Write the ${name} message.`).max(10_000),
      sms: multiLine().min(1, `Write the ${name} text message.`).max(1_000),
    },
    {
      error: (issue) =>
        issue.input === undefined ? `Send the ${name} wording too: ${BOTH_TOGETHER}` : undefined,
    },
  );
};
type TemplateWordingSchema = ReturnType<typeof templateWordingSchema>;

/**
 * A status type's template in every language with templates, saved together and held to the same
 * placeholders: an office cannot change its English wording and leave the Spanish behind.
 */
export const saveTemplateInputSchema = z
  .object({
    statusType: z.enum(MESSAGE_STATUS_TYPES),
    wording: z.object(
      Object.fromEntries(TEMPLATE_LANGUAGE_CODES.map((l) => [l, templateWordingSchema(l)])) as Record<
        TemplateLanguageCode,
        TemplateWordingSchema
      >,
      {
        error: (issue) =>
          issue.input === undefined ? `Send the wording of each language: ${BOTH_TOGETHER}` : undefined,
      },
    ),
  })
  .superRefine((input, ctx) => {
    // Braces, unknown names and a subject's placeholders first: a part with one of these is not
    // compared across languages, so a typo in one language is named as a typo, not copied into the other.
    const wrongParts = new Set<TemplateField>();
    for (const language of TEMPLATE_LANGUAGE_CODES)
      for (const field of TEMPLATE_FIELDS)
        for (const message of templateTextProblems(input.wording[language][field], field, language)) {
          wrongParts.add(field);
          ctx.addIssue({ code: 'custom', path: ['wording', language, field], message });
        }
    for (const problem of templateParityProblems(input.wording).filter((p) => !wrongParts.has(p.field)))
      ctx.addIssue({
        code: 'custom',
        path: ['wording', problem.language, problem.field],
        message: problem.message,
      });
  });
export type SaveTemplateInput = z.input<typeof saveTemplateInputSchema>;

export const followUpSettingsInputSchema = z.object({
  version: z.number().int().nonnegative(),
  enabled: z.boolean(),
  days: z.coerce
    .number({ error: 'Enter a number of days.' })
    .int('Enter whole days.')
    .min(7, 'Wait at least 7 days.')
    .max(365, 'Wait at most 365 days.'),
});
export type FollowUpSettingsInput = z.input<typeof followUpSettingsInputSchema>;

export const DEFAULT_FOLLOW_UP_DAYS = 42;

export const messageIdInputSchema = z.object({ messageId: singleLine().min(1).max(64) });
export const composeOutcomeInputSchema = z.object({ matterId });

/** The signed orders that came after the court outcome was sent, offered to send to the client. */
export const signedOrderCopiesInputSchema = z.object({ matterId });

/**
 * Sends the offered signed orders: the matter's version and the order files the page showed (a send
 * of files already sent, or after the orders on file changed, is refused).
 */
export const sendSignedOrderCopiesInputSchema = z.object({
  matterId,
  version: z.number().int().positive(),
  fileIds: z
    .array(singleLine().min(1).max(64))
    .min(1, 'Name the signed order files to send, as the matter page offers them.')
    .max(50),
  writtenIn,
});
export type SendSignedOrderCopiesInput = z.input<typeof sendSignedOrderCopiesInputSchema>;
