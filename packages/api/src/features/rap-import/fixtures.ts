// Test support: a RAP sheet of a fictional person (written for these tests, no real record), with two
// court convictions (one later dismissed under PC 1203.4, one reduced under PC 17(b)), an arrest
// that led to no conviction and a PC 290 registration. Names and numbers are invented.

import type { ApiHarness } from '../../testing.ts';
import { runNextImport } from './jobs.ts';

export const RAP_TEXT = `RE: QHY.CA0000000.07700770.A                 DATE:20261101 TIME:10:00:00
RESTRICTED-DO NOT USE FOR EMPLOYMENT,LICENSING OR CERTIFICATION PURPOSES

CII/A07700770
DOB/19840307     SEX/F  RAC/HISPANIC
NAM/01 NUNEZ, MARIA JOSE
    02 NUNEZ, MARIA
* * * *
ARR/DET/CITE:         NAM:01  DOB:19840307
20090112  CAPD OAKLAND

CNT:01     #09-001177
  459 PC-BURGLARY
- - - -
COURT:                NAM:01
20090415  CASC ALAMEDA

CNT:01     #09CR001234
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 180 DAYS JAIL
- - - -
COURT:                NAM:01
20130820  CASC ALAMEDA

CNT:01     #09CR001234
  17(B) PC-REDUCTION TO MISDEMEANOR
   DISPO:FELONY REDUCED TO MISDEMEANOR
* * * *
ARR/DET/CITE:         NAM:01
20140620  CASO ALAMEDA

CNT:01     #14-334455
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
- - - -
COURT:                NAM:01
20140905  CAMC OAKLAND

CNT:01     #14CM005678
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION, 10 DAYS JAIL, FINE
 20170815
   DISPO:CONV SET ASIDE & DISM PER 1203.4 PC
CNT:02
  11364 HS-POSSESS CONTROLLED SUBSTANCE PARAPHERNALIA
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * *
ARR/DET/CITE:         NAM:02
20180301  CAPD HAYWARD

CNT:01     #18-112233
  484(A) PC-THEFT OF PERSONAL PROPERTY
   DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE
* * * *
REGISTRATION:         NAM:01
20100110  CAPD OAKLAND

CNT:01
  290 PC-REGISTRATION OF SEX OFFENDER
* * * END OF MESSAGE * * *
`;

/** Runs the import worker's next job in the test's process, as the server's worker would. */
export function runWorker(api: ApiHarness, workerId = 'test-worker', leaseMs?: number) {
  const ctx = api.context();
  return runNextImport({ db: api.database.db, files: ctx.files, clock: api.clock, workerId, leaseMs });
}

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;
type Review = Awaited<ReturnType<Caller['rapImports']['review']>>;

/** Reads RAP_TEXT into a matter as `caller` (the worker run in the test): the import and its review. */
export async function readSheet(
  api: ApiHarness,
  caller: Caller,
  matterId: string,
  name = 'rap.txt',
): Promise<{ importId: string; review: Review }> {
  const started = await caller.rapImports.start({ matterId, source: { kind: 'text', name, text: RAP_TEXT } });
  const state = await runWorker(api);
  if (state !== 'ready') throw new Error(`the RAP sheet was not read: ${state}`);
  return { importId: started.id, review: await caller.rapImports.review({ importId: started.id }) };
}

/**
 * Accepts a read sheet (version 1) as a reviewer would: the new convictions `convictions` picks, their
 * gaps filled (not a wobbler, convicted in Alameda); the arrests if `arrests`, a level where the sheet
 * gives none; the rest dropped. The sheet is another person's (RAP_TEXT): that is confirmed.
 */
export function acceptSheet(
  caller: Caller,
  importId: string,
  review: Review,
  picks: { convictions?: (key: string, index: number) => boolean; arrests?: boolean } = {},
) {
  const newOnes = review.proposals.filter((p) => p.status === 'new');
  return caller.rapImports.accept({
    importId,
    version: 1,
    personFactsVersion: review.personFactsVersion,
    confirmOtherPerson: true,
    convictions: review.proposals.map((p) =>
      newOnes.includes(p) && (picks.convictions?.(p.key, newOnes.indexOf(p)) ?? false)
        ? {
            key: p.key,
            decision: 'accept' as const,
            // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled here.
            conviction: { ...(p.fields as any), wobbler: 'no', county: 'Alameda' },
          }
        : { key: p.key, decision: 'drop' as const },
    ),
    arrests: review.rapArrests.map((a) =>
      picks.arrests
        ? {
            key: a.key,
            decision: 'accept' as const,
            // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled here.
            arrest: { ...(a.fields as any), level: a.fields.level ?? 'misdemeanor' },
          }
        : { key: a.key, decision: 'drop' as const },
    ),
    personFacts: review.personFactProposals.map((f) => ({ key: f.key, decision: 'drop' as const })),
  });
}
