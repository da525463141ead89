// Public surface of @relief-desk/rap-sheet: read a RAP sheet's text into a record (pure, no I/O).
// Reading a PDF (text layer or OCR) is in `@relief-desk/rap-sheet/pdf`, which reads files and runs WASM.
export type {
  ContractArrest,
  ContractArrestCount,
  ContractConviction,
  ContractConvictionCount,
  ContractModification,
  ContractSentence,
  RapSheetSummary,
} from './contract.ts';
export { summarize } from './contract.ts';
export { convictedBy, isConvicted, isJuvenileCourt, JUVENILE_RECORD } from './convicted.ts';
export { readsAsDismissal } from './dispositions.ts';
export type { LineRole, ParseTrace } from './parse.ts';
export { parseRapSheet, traceRapSheet } from './parse.ts';
export { isSuspendedTerm, isUnreadTerm, readSentence } from './sentence.ts';
export type {
  Count,
  Cycle,
  Disposition,
  DispositionKind,
  EventKind,
  Level,
  Modification,
  ModificationKind,
  Person,
  PersonName,
  RapEvent,
  RapSheet,
  Registration,
  RemedyId,
  Sentence,
  Warning,
} from './types.ts';
export { DISPOSITION_KINDS, EVENT_KINDS, MODIFICATION_KINDS } from './types.ts';
