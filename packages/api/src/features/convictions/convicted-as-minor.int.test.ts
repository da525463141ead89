// A conviction dated when the client was 14 to 17 is accepted (adult court may try a minor), but the
// matter says on it, where its relief is decided, that the client was a minor then: a juvenile court
// case is no conviction, and its sealing (W&I Code 781, 786) is not decided here. So whether it is
// typed in by hand, edited, or accepted from a RAP sheet.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { convictionInput } from '../lifecycle-fixtures.ts';
import { runWorker } from '../rap-import/fixtures.ts';

/** Born 2004-02-29: 18 on 2022-03-01, as a year without 29 February counts it. */
const client = { legalName: 'Lucía Bisiesto Mora', dateOfBirth: '2004-02-29' };

const SHEET = `CII/A76543210
DOB/20040229     SEX/F
NAM/01 BISIESTO MORA, LUCIA
* * * *
COURT:                NAM:01
20210915  CASC ALAMEDA
CNT:01     #21CR04410
  484(A) PC-THEFT
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 2 YEARS PROBATION
* * * END OF MESSAGE * * *`;

describe.each(testDialects())('a conviction dated when the client was 14 to 17 (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const attorney = await api.signedIn('alameda.attorney');
    const recorded = await attorney.referrals.record(
      referralInput({ client: { ...referralInput().client, ...client, otherNames: [] } }),
    );
    matterId = recorded.matters[0]?.id ?? '';
  });
  afterAll(async () => api.destroy());

  const noticeOn = async (convictionId: string) => {
    const attorney = await api.signedIn('alameda.attorney');
    const matter = await attorney.matters.get({ matterId });
    return matter.convictions?.find((c) => c.id === convictionId)?.minorNotice;
  };

  it('entered by hand at 16, it is saved and the matter asks whether it was adult court', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '20CR00016', convictionDate: '2020-06-01', endDate: null }),
    });
    expect(await noticeOn(id)).toBe(
      'Lucía Bisiesto Mora was 16 at this conviction (Jun 1, 2020; born Feb 29, 2004). Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide. Or a date is wrong: check the conviction date and the date of birth.',
    );
  });

  it('on 28 February 2022 the client born 29 February was still 17; from 1 March, 18, and nothing is said', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '22CR00301', convictionDate: '2022-03-01', endDate: null }),
    });
    expect(await noticeOn(id)).toBeNull();
    await attorney.convictions.edit({
      convictionId: id,
      version: 1,
      conviction: convictionInput({ caseNumber: '22CR00301', convictionDate: '2022-02-28', endDate: null }),
    });
    expect(await noticeOn(id)).toContain('Lucía Bisiesto Mora was 17 at this conviction (Feb 28, 2022;');
  });

  it('proposed from a RAP sheet at 17, the review asks it, and once accepted the matter does', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'rap.txt', text: SHEET },
    });
    expect(await runWorker(api)).toBe('ready');
    const review = await attorney.rapImports.review({ importId: started.id });
    const proposal = review.proposals.find((p) => p.fields.caseNumber === '21CR04410');
    expect(proposal?.warnings).toContain(
      'Lucía Bisiesto Mora was 17 at this conviction (Sep 15, 2021; born Feb 29, 2004). Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide. Or a date is wrong: check the conviction date and the date of birth.',
    );
    await attorney.rapImports.accept({
      importId: started.id,
      version: 1,
      personFactsVersion: review.personFactsVersion,
      convictions: review.proposals
        .filter((p) => p.status === 'new')
        .map((p) => ({
          key: p.key,
          decision: 'accept' as const,
          // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled by the test.
          conviction: { ...(p.fields as any), wobbler: 'no', endDate: null },
        })),
      arrests: [],
      personFacts: [],
    });
    const matter = await attorney.matters.get({ matterId });
    const accepted = matter.convictions?.find((c) => c.fields.caseNumber === '21CR04410');
    expect(accepted?.minorNotice).toContain('Lucía Bisiesto Mora was 17 at this conviction');
  });
});
