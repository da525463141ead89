// Whether a letter can be printed, asked of the check the PDF itself applies (notify's
// letterPrintCheck: every text of the letter against the letters' fonts), so there is one rule. It is
// asked when a letter is written, so that none goes into the print queue that a mailing run cannot
// print, and when letters are printed, for letters queued before that was so.
import type { Db, Message, Tx } from '@relief-desk/db';
import { californiaDate, type LanguageCode } from '@relief-desk/domain';
import {
  type Letter,
  type LetterField,
  type LetterPrintCheck,
  letterPrintCheck,
  UnprintableLetterError,
} from '@relief-desk/notify';
import { AppError } from '../../errors.ts';
import { documentName } from '../documents/requestDocument.ts';
import { officeAddressLines } from './addressee.ts';
import type { ComposedMessage } from './render.ts';

/** What a letter is made of besides the office's letterhead: a message, stored or about to be. */
export interface LetterSource {
  language: LanguageCode;
  /** The name, then the address lines, as stored with the message. */
  recipient: string;
  subject: string;
  body: string;
  /** The document files enclosed (their ids). */
  attachments: readonly string[];
  /** Who wrote it, who signs it unless the office names its signer; null: the office signs. */
  createdBy: string | null;
}

export const sourceOf = (message: Message): LetterSource => ({
  language: message.language,
  recipient: message.recipient,
  subject: message.subject,
  body: message.body,
  attachments: JSON.parse(message.attachments) as string[],
  createdBy: message.created_by,
});

/**
 * What letters need besides their messages, read once for a whole mailing run rather than once per
 * letter: the office's letterhead, the signers, the enclosed documents' names.
 */
export async function letterheadOf(db: Db | Tx, officeId: string, sources: readonly LetterSource[]) {
  const signerIds = [...new Set(sources.flatMap((s) => (s.createdBy ? [s.createdBy] : [])))];
  const fileIds = [...new Set(sources.flatMap((s) => s.attachments))];
  const [office, signers, files] = await Promise.all([
    db.selectFrom('offices').selectAll().where('id', '=', officeId).executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('id', 'in', [...signerIds, ''])
      .execute(),
    db
      .selectFrom('document_files')
      .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
      .select([
        'document_files.id',
        'document_files.filename',
        'document_files.removed_at',
        'document_requests.kind',
        'document_requests.label',
      ])
      .where('document_files.id', 'in', [...fileIds, ''])
      .execute(),
  ]);
  return {
    office,
    signers: new Map(signers.map((u) => [u.id, u])),
    files: new Map(files.filter((f) => !f.removed_at).map((f) => [f.id, f.filename])),
    /** Enclosures removed since their letter was written, by their document's name. */
    removedFiles: new Map(
      files.filter((f) => f.removed_at).map((f) => [f.id, documentName(f.kind, f.label)]),
    ),
  };
}

/**
 * Why a letter cannot go as it was written when a file it encloses was removed since (a letter from
 * before removing a file waited for the messages carrying it): it would say the file is enclosed and
 * carry none. Null when every file is still kept. `then`: what to do with this letter.
 */
export function enclosureRemoved(
  source: Pick<LetterSource, 'attachments'>,
  { removedFiles }: Letterhead,
  then: string,
): UnprintableLetterError | null {
  const removed = [...new Set(source.attachments.flatMap((id) => removedFiles.get(id) ?? []))];
  if (removed.length === 0) return null;
  return new UnprintableLetterError(
    'enclosures',
    {
      said: `Its enclosure (${removed.join(', ')}) was removed after it was written`,
      detail: 'it would say the document is enclosed without it',
      fix: 'Write the message again',
    },
    then,
  );
}
export type Letterhead = Awaited<ReturnType<typeof letterheadOf>>;

/** The letter as it prints today (`now` is its date). */
export function letterOf(source: LetterSource, { office, signers, files }: Letterhead, now: Date): Letter {
  const signer = source.createdBy ? signers.get(source.createdBy) : undefined;
  const enclosures = source.attachments.flatMap((id) => files.get(id) ?? []);
  const [name = '', ...addressLines] = source.recipient.split('\n');
  return {
    language: source.language,
    date: californiaDate(now),
    office: {
      name: office.name,
      addressLines: officeAddressLines(office.address),
      phone: office.phone,
      email: office.email,
    },
    recipient: { name, addressLines },
    subject: source.subject,
    body: source.body,
    // The office's named signer signs every letter; else the sender, and the office signs follow-ups.
    signer: office.letter_signer_name
      ? { name: office.letter_signer_name, role: null, title: office.letter_signer_title }
      : signer
        ? { name: signer.name, role: signer.role }
        : { name: office.name, role: null },
    ...(enclosures.length > 0 ? { enclosures } : {}),
  };
}

/** The letters' check, its fonts loaded once. */
let check: LetterPrintCheck | null = null;
export const canPrint: LetterPrintCheck = (letter, then) => {
  check ??= letterPrintCheck();
  return check(letter, then);
};

/** What to do once a letter refused as it is written is corrected. */
const WRITE_AGAIN = 'write the letter again';

/** Whether a letter about to be written can be printed: null, or why not and what to do. */
export async function unprintableLetter(
  db: Db | Tx,
  officeId: string,
  source: LetterSource,
  now: Date,
): Promise<UnprintableLetterError | null> {
  const letterhead = await letterheadOf(db, officeId, [source]);
  return (
    enclosureRemoved(source, letterhead, 'leave this one unsent') ??
    canPrint(letterOf(source, letterhead, now), WRITE_AGAIN)
  );
}

/** Where in an outgoing message (staff's channel, subject and text) each part of a letter comes from. */
const INPUT_OF: Record<LetterField, 'channel' | 'subject' | 'text'> = {
  recipient: 'channel',
  office: 'channel',
  signer: 'channel',
  enclosures: 'channel',
  subject: 'subject',
  body: 'text',
};

/**
 * Refuses a letter that cannot be printed, as bad input naming the character and what to correct:
 * the client's name or address (on the client), the text (in the box), the office's settings.
 * `at` is where the message is in the request (its index in messages); without it the refusal is the channel's.
 */
export async function refuseUnprintableLetter(
  db: Db | Tx,
  officeId: string,
  source: LetterSource,
  now: Date,
  at: string | null,
): Promise<void> {
  const refusal = await unprintableLetter(db, officeId, source, now);
  if (!refusal) return;
  const message = `Nothing was sent: the letter cannot be printed. ${refusal.message}`;
  const input = INPUT_OF[refusal.field];
  throw new AppError('BAD_INPUT', message, {
    fieldErrors: [{ path: at ? `${at}.${input}` : input, message: refusal.message }],
  });
}

/**
 * A preview's letter checked as it would be written (its text, signed by whoever previews it, with
 * these enclosures), so staff see before they send that it cannot be printed, and why.
 */
export async function previewLetterCheck<M extends ComposedMessage & { language: LanguageCode }>(
  db: Db | Tx,
  officeId: string,
  composed: M,
  writer: { createdBy: string; attachments: readonly string[] },
  now: Date,
): Promise<M> {
  if (composed.channel !== 'letter') return composed;
  const { language, recipient, subject, text } = composed;
  const refusal = await unprintableLetter(
    db,
    officeId,
    { ...writer, language, recipient, subject, body: text },
    now,
  );
  return { ...composed, cannotPrint: refusal?.message ?? null };
}
