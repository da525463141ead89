// The facts the queues filter on, derived from a matter's document requests and petitions. The API
// writes them whenever those rows change; the demo seed and the benchmark derive them with the same
// function from the rows they write.
import { type DocumentKind, type DocumentStatus, isOutstanding } from './documents.ts';
import { type Outcome, type PetitionStatus, stillBeforeCourt } from './petitions.ts';

export interface QueueFactSources {
  requests: readonly { kind: DocumentKind; status: DocumentStatus; due_on: string }[];
  /** A date left out is none, as in a row about to be inserted; outcomes: its convictions' and arrest's. */
  petitions: readonly {
    status: PetitionStatus;
    hearing_on?: string | null;
    rule_by_on?: string | null;
    outcomes?: readonly (Outcome | null)[];
  }[];
}

export interface QueueFacts {
  /** 1 while a RAP sheet request is outstanding. */
  rap_sheet_outstanding: number;
  /** The earliest due date among outstanding requests. */
  earliest_document_due_on: string | null;
  /** The next hearing or rule-by date of a petition still before the court. */
  next_court_date: string | null;
}

export function queueFacts({ requests, petitions }: QueueFactSources): QueueFacts {
  const outstanding = requests.filter((r) => isOutstanding(r.status));
  return {
    rap_sheet_outstanding: outstanding.some((r) => r.kind === 'rap_sheet') ? 1 : 0,
    earliest_document_due_on: earliest(outstanding.map((r) => r.due_on)),
    next_court_date: earliest(
      petitions.filter(stillBeforeCourt).flatMap((p) => [p.hearing_on, p.rule_by_on]),
    ),
  };
}

function earliest(dates: (string | null | undefined)[]): string | null {
  return dates.filter((d): d is string => typeof d === 'string').sort()[0] ?? null;
}
