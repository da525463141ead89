// Criminal offender record information (RAP sheets and what is drawn from them) is need-to-know
// (Penal Code 11140-11144). Which facts are criminal history is declared here, once; every way out
// of the server passes what it sends through withholdCriminalHistory for staff without the RAP sheet
// permission. They still see that a record exists and when (they need that to work the matter), not
// what it says.

import { statusTellsCriminalHistory } from './messages.ts';

/** What a withheld value reads as, in the API and on screen. */
export const WITHHELD = 'Withheld: needs the RAP sheet permission';

/** Response fields that state criminal history wherever they appear: their values are withheld. */
export const CRIMINAL_HISTORY_FIELDS: ReadonlySet<string> = new Set([
  'caseNumber',
  'section',
  'remedy',
  'determination',
  'disposition',
  'reasons',
  'missingInfo',
  'formSet',
  'court',
  'courthouse',
  'arrestAgency',
  'offenseDescription',
  // The note written with a stage move into or out of a stage the record decides
  // (moveNoteTellsCriminalHistory), and a note staff marked as about the record.
  'recordNote',
  // A referral's note staff marked as about the record when they recorded it.
  'referralRecordNote',
]);

/** Response fields holding lists of criminal-history records (convictions, decisions): emptied. */
export const CRIMINAL_HISTORY_LISTS: ReadonlySet<string> = new Set([
  'convictions',
  'decisions',
  'arrests',
  'arrestResults',
  // A RAP sheet import's review: what it proposes, the arrests it read, the person as the record
  // names them, and the lines it could not read.
  'proposals',
  'personFactProposals',
  'personRecord',
  'rapArrests',
  'rapWarnings',
]);

/**
 * Numbers under these keys count criminal-history records: how many arrests or convictions a person
 * has is criminal history, as the records are. Withheld (they read WITHHELD), as the list they count
 * would be emptied. The lists above, and the tables that hold criminal-history records, by name (a
 * client merge tells how many rows of each table it moved).
 */
export const CRIMINAL_HISTORY_COUNTS: ReadonlySet<string> = new Set([
  ...CRIMINAL_HISTORY_LISTS,
  'conviction_revisions',
  'eligibility_decisions',
  'eligibility_suggestions',
  'arrest_decisions',
  'arrest_suggestions',
  'petition_convictions',
  'petition_arrests',
  'rap_imports',
  'rap_import_items',
]);

/**
 * Records whose text states criminal history, by their `kind`: timeline events, calendar entries
 * and messages. Without the permission each text field named is replaced by the neutral wording,
 * which says what happened and nothing of the record.
 */
export const CRIMINAL_HISTORY_TEXT_BY_KIND: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  conviction_added: { summary: 'A conviction was recorded.' },
  conviction_edited: { summary: 'A conviction was corrected.' },
  conviction_removed: { summary: 'A conviction was removed.' },
  arrest_added: { summary: 'An arrest was recorded.' },
  arrest_edited: { summary: 'An arrest was corrected.' },
  arrest_removed: { summary: 'An arrest was removed.' },
  arrest_decision_recorded: { summary: 'A decision on arrest relief was recorded.' },
  decision_recorded: { summary: 'An eligibility decision was recorded.' },
  person_facts: { summary: 'The person’s facts for eligibility were updated.' },
  rap_import_reviewed: { summary: 'A RAP sheet import was reviewed.' },
  petition_created: { summary: 'A petition was prepared.' },
  petition_status: { summary: 'A petition’s status changed.' },
  petition_updated: { summary: 'A petition was updated.' },
  hearing: { label: 'Court hearing' },
  signed_order: { label: 'Signed court order' },
  rule_by: { label: 'Court to rule by' },
  // An outcome's subject is staff's to write, and can say what the court decided.
  outcome: { subject: WITHHELD, text: WITHHELD, body: WITHHELD },
};

/**
 * Records (messages, timeline events) carrying the `statusType` of a status update that tells of the
 * record or the court (statusTellsCriminalHistory): their text is withheld, and so is the status
 * type itself ("granted" is the court's decision), which reads null.
 */
export const CRIMINAL_HISTORY_STATUS_TEXT: Readonly<Record<string, string>> = {
  subject: WITHHELD,
  body: WITHHELD,
  text: WITHHELD,
  summary: 'A status update about the record or the court.',
};

/**
 * The timeline's sentence for each kind of entry that carries such a status update's type, withheld:
 * what happened to the update, never more than happened (one held back was not given to the client).
 */
export const CRIMINAL_HISTORY_STATUS_SUMMARY_BY_KIND: Readonly<Record<string, string>> = {
  status_sent: 'A status update about the record or the court was sent to the client.',
  status_logged: 'A status update about the record or the court was given to the client without a message.',
  letter_printed: 'A letter with a status update about the record or the court was printed for mailing.',
  delivery_failed: 'A status update about the record or the court was not delivered.',
};

const STATUS_TEXT_BY_KIND: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  Object.entries(CRIMINAL_HISTORY_STATUS_SUMMARY_BY_KIND).map(([kind, summary]) => [
    kind,
    { ...CRIMINAL_HISTORY_STATUS_TEXT, summary },
  ]),
);

/**
 * A message whose wording staff changed before sending (`wordedByStaff: true`): the office's wording
 * tells nothing of the record, but words staff write themselves may, so its subject and text are
 * withheld as an update about the record's are. Its status type ("in review") stays.
 */
export const STAFF_WORDING_TEXT: Readonly<Record<string, string>> = {
  subject: WITHHELD,
  body: WITHHELD,
  text: WITHHELD,
};

/** The withheld text of a record carrying such a status update's type, by its kind. */
function statusTextOf(kind: unknown): Readonly<Record<string, string>> {
  return (typeof kind === 'string' ? STATUS_TEXT_BY_KIND[kind] : undefined) ?? CRIMINAL_HISTORY_STATUS_TEXT;
}

/**
 * The response as staff without the RAP sheet permission may see it: the same shape, the record
 * withheld (a count of criminal-history records reads WITHHELD instead of its number).
 */
export function withholdCriminalHistory<T>(value: T): T {
  return withhold(value) as T;
}

// Structural sharing: a value with nothing to withhold below it comes back as the very same value,
// so an answer without criminal history is walked, not copied (a 50-row queue page: ~200 µs of
// copies, which also slowed JSON.stringify). A list or plain object is copied, as before, only when
// something in it changes; other objects (class instances, buffers) are copied as they always were.
function withhold(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const kept = withhold(item);
      if (kept === item) continue;
      out ??= value.map((same: unknown) => same);
      out[i] = kept;
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  const prototype: unknown = Object.getPrototypeOf(record);
  const plain = prototype === Object.prototype || prototype === null;
  const byStatus =
    typeof record.statusType === 'string' && statusTellsCriminalHistory(record.statusType)
      ? statusTextOf(record.kind)
      : undefined;
  const byKind =
    (typeof record.kind === 'string' ? CRIMINAL_HISTORY_TEXT_BY_KIND[record.kind] : undefined) ??
    byStatus ??
    (record.wordedByStaff === true ? STAFF_WORDING_TEXT : undefined);
  const keys = Object.keys(record);
  let out: Record<string, unknown> | undefined = plain ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const field = record[key];
    const neutral = byKind?.[key];
    let kept: unknown;
    if (neutral !== undefined && typeof field === 'string') kept = neutral;
    else if (byStatus && key === 'statusType') kept = null;
    else if (CRIMINAL_HISTORY_LISTS.has(key) && Array.isArray(field)) kept = field.length === 0 ? field : [];
    else if (typeof field === 'number' && CRIMINAL_HISTORY_COUNTS.has(key)) kept = WITHHELD;
    else if (CRIMINAL_HISTORY_FIELDS.has(key) && typeof field === 'string' && field !== '') kept = WITHHELD;
    else kept = withhold(field);
    if (out === undefined) {
      if (kept === field) continue;
      // The first change: copy the fields before it, which were kept as they are.
      out = {};
      for (let j = 0; j < i; j++) {
        const before = keys[j] as string;
        out[before] = record[before];
      }
    }
    out[key] = kept;
  }
  return out ?? record;
}
