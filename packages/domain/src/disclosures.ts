// Who saw a client's criminal history: the audited actions that show, print or send RAP sheet data
// and what is drawn from it (convictions, decisions, petitions, court outcomes, RAP sheet files).
// Declared once: the server's disclosure report reads exactly these actions, and a procedure that
// needs the RAP sheet permission must name one of them (the server's types insist on it).
import { z } from 'zod';
import { singleLine } from './text.ts';

/** Each action, with what it means for the client's criminal history, as the disclosure report says it. */
export const CRIMINAL_HISTORY_ACTIONS = {
  'matters.get': 'Opened the matter page with its criminal history',
  'matters.calendar': 'Saw a court date and case number on the calendar',
  'matters.listCourtOutcomes': 'Saw the matter in a list of the court’s decisions (relief granted or denied)',
  'queues.exportCourtOutcomes':
    'Downloaded the matter in a list of the court’s decisions (relief granted or denied)',
  'convictions.add': 'Entered a conviction',
  'convictions.edit': 'Corrected a conviction',
  'convictions.history': 'Read the earlier versions of a conviction',
  'convictions.remove': 'Removed a conviction',
  'arrests.list': 'Read the arrests recorded on a matter',
  'arrests.add': 'Entered an arrest',
  'arrests.edit': 'Corrected an arrest',
  'arrests.remove': 'Removed an arrest',
  'arrests.recordDecision': 'Recorded a decision on arrest relief',
  'arrests.decisionHistory': 'Read the decisions on an arrest',
  'decisions.record': 'Recorded an eligibility decision',
  'decisions.history': 'Read the decisions on a conviction',
  'eligibility.suggestions': 'Read the eligibility suggestions',
  'eligibility.savePersonFacts': 'Saved the facts about the person for eligibility',
  'eligibility.reviewList': 'Saw the matter’s convictions in rules review',
  'petitions.create': 'Drafted a petition',
  'petitions.update': 'Updated a petition',
  'petitions.setCourthouse': 'Chose the courthouse a petition is filed at',
  'petitions.setProsecutor': 'Chose the prosecutor a petition is served on',
  'packets.check': 'Checked what a petition packet still needs',
  'packets.prepare': 'Prepared a petition packet',
  'packets.saveDeclaration': 'Wrote the declaration in support of a petition',
  'packets.saveArrestingAgency': 'Named the agency that made an arrest, to serve a petition to seal it',
  'packets.download': 'Downloaded a petition packet',
  'filings.overview': 'Saw the petitions ready to file at a court',
  'filings.createRun': 'Prepared a filing run',
  'filings.run': 'Opened a filing run',
  'filings.printRun': 'Printed a filing run',
  'filings.exportCsv': 'Downloaded a filing run’s list for the clerk',
  'filings.recordFiled': 'Recorded a filing run as filed',
  'rapImports.start': 'Started reading a RAP sheet into the matter',
  'rapImports.list': 'Saw the RAP sheet imports of a matter',
  'rapImports.review': 'Reviewed what a RAP sheet import proposes',
  'rapImports.cancel': 'Cancelled reading a RAP sheet',
  'rapImports.accept': 'Accepted convictions from a RAP sheet',
  'rapImports.discard': 'Discarded a RAP sheet import read into the wrong matter',
  'documents.upload': 'Attached a RAP sheet file',
  'documents.download': 'Opened a RAP sheet file',
  'documents.removeFile': 'Removed a RAP sheet or court record file attached by mistake',
  'messages.composeStatus': 'Previewed a status update about the record or the court',
  'messages.sendStatus': 'Sent a status update about the record or the court',
  'messages.logStatus': 'Recorded a status about the record or the court given to the client',
  'messages.composeOutcome': 'Previewed the court outcome message',
  'messages.sendOutcome': 'Sent the court outcome to the client',
  'messages.signedOrderCopies': 'Previewed the copy of the court’s signed order for the client',
  'messages.sendSignedOrderCopies': 'Sent the client a copy of the court’s signed order',
  'messages.list':
    'Read the client’s messages, with the court outcome or an update about the record or the court among them',
  'messages.retry': 'Sent the court outcome again',
  'messages.resendVia': 'Sent the court outcome by another channel',
  'letters.print': 'Printed the court outcome letter',
  'letters.printMailingRun': 'Printed the court outcome letter in a mailing run',
  'letters.confirmPrinted': 'Marked the court outcome letter printed for mailing',
  'messages.withdrawLetter': 'Took the court outcome letter out of the print queue',
  'messages.stopSending': 'Stopped the court outcome from being sent',
  'messages.leaveUnsent': 'Left the court outcome unsent',
} as const satisfies Record<string, string>;

export type CriminalHistoryAction = keyof typeof CRIMINAL_HISTORY_ACTIONS;

/**
 * What the report says instead when the message an action sent again or printed was a status update
 * about the record or the court (CRIMINAL_HISTORY_STATUS_TYPES), not the court outcome.
 */
export const CRIMINAL_HISTORY_STATUS_ACTIONS = {
  'messages.retry': 'Sent a status update about the record or the court again',
  'messages.resendVia': 'Sent a status update about the record or the court by another channel',
  'letters.print': 'Printed a letter with a status update about the record or the court',
  'letters.printMailingRun':
    'Printed a letter with a status update about the record or the court in a mailing run',
  'letters.confirmPrinted':
    'Marked a letter with a status update about the record or the court printed for mailing',
  'messages.withdrawLetter':
    'Took a letter with a status update about the record or the court out of the print queue',
  'messages.stopSending': 'Stopped a status update about the record or the court from being sent',
  'messages.leaveUnsent': 'Left a status update about the record or the court unsent',
} as const satisfies Partial<Record<CriminalHistoryAction, string>>;

export function isCriminalHistoryAction(action: string): action is CriminalHistoryAction {
  return Object.hasOwn(CRIMINAL_HISTORY_ACTIONS, action);
}

export const disclosuresInputSchema = z.object({
  clientId: singleLine().min(1).max(64),
  cursor: singleLine().max(512).nullable().default(null),
  limit: z.number().int().min(1).max(500).default(100),
});
export type DisclosuresInput = z.input<typeof disclosuresInputSchema>;
