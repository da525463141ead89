// How a timeline entry about a message (printed, not mailed, not delivered, held) names it. A status
// update goes by its subject: an entry about one that tells of the record carries its status type, and
// is withheld by it. A court outcome carries no status type, and its subject, which staff may write,
// can say what the court decided ("Dismissal granted in case …"): it goes by a fixed name instead. So
// does an update whose wording staff changed: it goes by its status ("In review update"), since a
// subject of staff's own may tell of the record.
import { MESSAGE_STATUS_LABELS, type MessageStatusType } from '@relief-desk/domain';

export const COURT_OUTCOME_SUBJECT = 'Court outcome';

export function timelineSubject(message: {
  kind: string;
  subject: string;
  status_type: MessageStatusType | null;
  worded_by_staff: number;
}): string {
  if (message.kind === 'outcome') return COURT_OUTCOME_SUBJECT;
  if (message.worded_by_staff === 1 && message.status_type)
    return `${MESSAGE_STATUS_LABELS[message.status_type]} update`;
  return message.subject;
}
