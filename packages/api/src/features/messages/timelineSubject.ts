// How a timeline entry about a message (printed, not mailed, not delivered, held) names it. A status
// update goes by its subject: an entry about one that tells of the record carries its status type, and
// is withheld by it. A court outcome carries no status type, and its subject, which staff may write,
// can say what the court decided ("Dismissal granted in case …"): it goes by a fixed name instead.
export const COURT_OUTCOME_SUBJECT = 'Court outcome';

export function timelineSubject(message: { kind: string; subject: string }): string {
  return message.kind === 'outcome' ? COURT_OUTCOME_SUBJECT : message.subject;
}
