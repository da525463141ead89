// What the server needs from messaging: the runtime switches, the follow-up check and letter PDFs.
export { addresseeOf } from './addressee.ts';
export { queueDueFollowUps } from './followUp.ts';
export { markOutboxGivenUp } from './givenUp.ts';
export { HELD_CODE, holdIfNoLongerTrue } from './held.ts';
export { confirmPrinted, printLetter, printMailingRun } from './letters.ts';
export { strikeLinks } from './oneTimeLinks.ts';
export { configureMessaging, messagingRuntime } from './runtime.ts';
export { timelineSubject } from './timelineSubject.ts';
