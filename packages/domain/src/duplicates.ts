// Duplicate clients: when a person the office already knows is *likely* the one being recorded (so
// saving must wait until staff attach the referral or say why it is someone else), "not the same
// person" decisions, and merging two records of one person (undoable for 30 days).
import { z } from 'zod';
import { gluedParticles, NAME_MATCH_THRESHOLD, nameSimilarity, nameSortKey, nameTokens } from './names.ts';
import { multiLine, singleLine } from './text.ts';

/** What is compared: the names (legal first), the date of birth and the contact details. */
export interface MatchablePerson {
  names: readonly string[];
  dateOfBirth: string;
  phone: string;
  email: string;
}

/** Why a known client is likely the person being recorded, beyond a shared birth date and a similar name. */
export type LikelyReason = 'name' | 'phone' | 'email';

const REASON_WORDS: Record<LikelyReason, string> = {
  name: 'the same name',
  phone: 'the same phone number',
  email: 'the same e-mail address',
};

/**
 * A *possible* match (shown, never blocking): the same date of birth and a similar name, at least
 * half the shorter name's words shared, accents, case, order and one typo forgiven (nameSimilarity).
 */
export function isPossibleMatch(typed: MatchablePerson, known: MatchablePerson): boolean {
  if (typed.dateOfBirth === '' || typed.dateOfBirth !== known.dateOfBirth) return false;
  return nameScore(typed.names, known.names) >= NAME_MATCH_THRESHOLD;
}

/** The best similarity between any typed name and any known name (0..1). */
export function nameScore(typed: readonly string[], known: readonly string[]): number {
  const a = typed.filter((n) => n.trim() !== '');
  return Math.max(0, ...a.flatMap((x) => known.map((y) => nameSimilarity(x, y))));
}

/**
 * A *likely* match: a possible match that also has, exactly,
 * - the same name: one typed name and one known name (legal or other) have the same folded words,
 *   in any order ("NÚÑEZ, María José" = "Maria Jose Nunez"), particles written apart or together
 *   ("De La Cruz" = "Delacruz"), or the same letters in order ("O Neil" = "O'Neil"), or
 * - the same phone number: the same last ten digits, at least seven of them, or
 * - the same e-mail address, ignoring case.
 * Returns why (empty when it is not likely). A likely match must be resolved before a referral for
 * a new client is saved: attach the referral to it, or record why it is not the same person.
 */
export function likelyMatchReasons(typed: MatchablePerson, known: MatchablePerson): LikelyReason[] {
  if (!isPossibleMatch(typed, known)) return [];
  const reasons: LikelyReason[] = [];
  const knownKeys = new Set(known.names.flatMap(sameNameKeys));
  if (typed.names.some((n) => sameNameKeys(n).some((key) => knownKeys.has(key)))) reasons.push('name');
  const phone = phoneKey(typed.phone);
  if (phone !== '' && phone === phoneKey(known.phone)) reasons.push('phone');
  const email = typed.email.trim().toLowerCase();
  if (email !== '' && email === known.email.trim().toLowerCase()) reasons.push('email');
  return reasons;
}

/** "same date of birth and the same name and phone number", for messages and the form. */
export function describeLikelyReasons(reasons: readonly LikelyReason[]): string {
  const words = reasons.map((r) => REASON_WORDS[r]);
  const list =
    words.length <= 1
      ? (words[0] ?? 'a similar name')
      : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `the same date of birth and ${list}`;
}

/**
 * The forms under which two names are "the same name", as search finds them: the folded words in any
 * order; the same with each run of particles glued to its surname (De La Cruz, Dela Cruz, Delacruz);
 * and every letter in order with nothing between (O Neil and O'Neil, Min-jun and Minjun).
 */
function sameNameKeys(name: string): string[] {
  const words = nameTokens(name);
  if (words.length === 0) return [];
  const folded = nameSortKey(name);
  const glued = gluedParticles(folded);
  const keys = [`words:${[...words].sort().join(' ')}`, `letters:${folded.replace(/ /g, '')}`];
  if (glued !== null)
    keys.push(
      `words:${glued
        .split(' ')
        .filter((w) => w.length > 1)
        .sort()
        .join(' ')}`,
    );
  return keys;
}

function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-10) : '';
}

/** A "not the same person" decision needs a reason a colleague can check later. */
export const NOT_SAME_PERSON_REASON_MIN = 10;

export const notSamePersonSchema = z.object({
  /** The existing client this person is not. */
  clientId: singleLine().min(1),
  reason: multiLine()
    .min(
      NOT_SAME_PERSON_REASON_MIN,
      `Say why they are not the same person, in at least ${NOT_SAME_PERSON_REASON_MIN} characters (for example, a different middle name or mother’s name).`,
    )
    .max(500, 'Use at most 500 characters.'),
});
export type NotSamePerson = z.infer<typeof notSamePersonSchema>;

export const notSamePersonListSchema = z
  .array(notSamePersonSchema)
  .max(20)
  .refine((list) => new Set(list.map((d) => d.clientId)).size === list.length, {
    message: 'Give each client once.',
  })
  .default([]);

/** Staff may undo a merge for this many days; after that the merged record is the person's own. */
export const MERGE_UNDO_DAYS = 30;

/** The last moment a merge made at `mergedAt` (ISO instant) can be undone. */
export function mergeUndoDeadline(mergedAt: string): Date {
  return new Date(new Date(mergedAt).getTime() + MERGE_UNDO_DAYS * 24 * 60 * 60 * 1000);
}

export function canUndoMergeAt(mergedAt: string, now: Date): boolean {
  return now.getTime() <= mergeUndoDeadline(mergedAt).getTime();
}

const versionedClient = z.object({ id: singleLine().min(1), version: z.number().int().positive() });

export const clientIdInputSchema = z.object({ clientId: singleLine().min(1) });

export const mergePreviewInputSchema = z
  .object({ survivingClientId: singleLine().min(1), mergedClientId: singleLine().min(1) })
  .refine((i) => i.survivingClientId !== i.mergedClientId, {
    path: ['mergedClientId'],
    message: 'Choose two different clients.',
  });

export const mergeClientsInputSchema = z
  .object({
    /** The record that stays: matters, messages and history of the other move to it. */
    survivingClient: versionedClient,
    /** The record merged away: kept, marked merged into the survivor. */
    mergedClient: versionedClient,
  })
  .refine((i) => i.survivingClient.id !== i.mergedClient.id, {
    path: ['mergedClient', 'id'],
    message: 'Choose two different clients.',
  });
export type MergeClientsInput = z.infer<typeof mergeClientsInputSchema>;

export const undoMergeInputSchema = z.object({
  mergeId: singleLine().min(1),
  survivingClientVersion: z.number().int().positive(),
  mergedClientVersion: z.number().int().positive(),
});
export type UndoMergeInput = z.infer<typeof undoMergeInputSchema>;

const BIRTH_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "María José Núñez (born Mar 7, 1984)": how messages name a client staff must tell apart. */
export function nameWithBirthDate(legalName: string, dateOfBirth: string): string {
  const born = Number.isNaN(Date.parse(`${dateOfBirth}T00:00:00Z`))
    ? dateOfBirth
    : BIRTH_DATE.format(new Date(`${dateOfBirth}T00:00:00Z`));
  return `${legalName} (born ${born})`;
}
