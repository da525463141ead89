// Criminal offender record information (RAP sheets and what is drawn from them) is need-to-know
// (Penal Code 11140-11144). Which facts are criminal history is declared here, once; every way out
// of the server passes what it sends through withholdCriminalHistory for staff without the RAP sheet
// permission. They still see that a record exists and when (they need that to work the matter), not
// what it says.

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
 * Records whose text states criminal history, by their `kind`: timeline events, calendar entries
 * and messages. Without the permission each text field named is replaced by the neutral wording,
 * which says what happened and nothing of the record.
 */
export const CRIMINAL_HISTORY_TEXT_BY_KIND: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  conviction_added: { summary: 'A conviction was recorded.' },
  conviction_edited: { summary: 'A conviction was corrected.' },
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
  outcome: { text: WITHHELD, body: WITHHELD },
};

/** The response as staff without the RAP sheet permission may see it: the same shape, the record withheld. */
export function withholdCriminalHistory<T>(value: T): T {
  return withhold(value) as T;
}

function withhold(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withhold);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  const byKind = typeof record.kind === 'string' ? CRIMINAL_HISTORY_TEXT_BY_KIND[record.kind] : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    const neutral = byKind?.[key];
    if (neutral !== undefined && typeof field === 'string') out[key] = neutral;
    else if (CRIMINAL_HISTORY_LISTS.has(key) && Array.isArray(field)) out[key] = [];
    else if (CRIMINAL_HISTORY_FIELDS.has(key) && typeof field === 'string' && field !== '')
      out[key] = WITHHELD;
    else out[key] = withhold(field);
  }
  return out;
}
