// Reading a RAP sheet into a matter in Chromium: the text pasted (a fictional person's record, written
// for this test), read by the server in the background, reviewed beside its lines (one proposal
// accepted as read, one corrected, one dropped; an arrest without a conviction accepted after filling
// in the level the record does not give), saved; the matter then has the convictions and their
// eligibility suggestions, and the arrest. Then a PDF uploaded straight from the panel: attached to the
// matter's RAP sheet request under Documents and read. axe on the matter page and the review. Prints the time from starting the
// import to the review screen. A sheet too long to review fails, and its review page says why.
import { describe, expect, inject, it } from 'vitest';
import { textPdf } from '../../packages/rap-sheet/src/test-support/pdfs.ts';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const RAP_TEXT = `CII/A05550123
DOB/19900101     SEX/M
NAM/01 TESTPERSON, ROBIN
* * * *
COURT:                NAM:01
20100415  CASC ALAMEDA

CNT:01     #10CR0E2E01
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * *
COURT:                NAM:01
20150905  CASC ALAMEDA

CNT:01     #15CM0E2E02
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION, FINE
CNT:02
  11364 HS-POSSESS CONTROLLED SUBSTANCE PARAPHERNALIA
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * *
ARR/DET/CITE:         NAM:01
20180301  CAPD HAYWARD

CNT:01     #18-0E2E03
  484(A) PC-THEFT OF PERSONAL PROPERTY
   DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE
* * * END OF MESSAGE * * *
`;

/** A later record of the same person: one more conviction, sent as a PDF with a text layer. */
const UPDATED_RAP_TEXT = RAP_TEXT.replace(
  '* * * END OF MESSAGE * * *',
  `* * * *
COURT:                NAM:01
20210610  CASC ALAMEDA

CNT:01     #21CM0E2E04
  23152(A) VC-DUI ALCOHOL/DRUGS
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION, FINE
* * * END OF MESSAGE * * *`,
);

describe.skipIf(!chromiumPath)('reading a RAP sheet in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  // Reading in the background, then a review of every proposal with axe: about 30 s on a quiet machine.
  it('reads pasted text in the background, reviews it beside its lines, and enters what was accepted', {
    timeout: 150_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const panel = page.getByRole('region', { name: 'Read RAP sheet' });
    await panel
      .getByLabel('RAP sheet to read')
      .selectOption({ label: 'Text: paste it, or choose a text file' });
    await panel.getByLabel('RAP sheet text').fill(RAP_TEXT);
    await expectAccessible(page);
    const started = Date.now();
    await panel.getByRole('button', { name: 'Read RAP sheet' }).click();
    await panel.getByRole('link', { name: 'Review Pasted text' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review the RAP sheet' }).waitFor();
    await page.getByRole('heading', { name: /Conviction 1: PC 459/ }).waitFor();
    console.log(
      `RAP sheet (text, 1 page): ${Date.now() - started} ms from starting the import to the review screen`,
    );

    // Each proposal beside the record's lines, those it was read from highlighted.
    const first = page.getByRole('figure', { name: /The record on Conviction 1/ });
    expect(await first.locator('mark').allInnerTexts()).toEqual(
      expect.arrayContaining(['CNT:01     #10CR0E2E01', '*DISPO:CONVICTED']),
    );
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Accept Conviction 1' }).click();
    await page.getByRole('button', { name: 'Edit Conviction 2' }).click();
    const form = page.getByRole('form', { name: 'Edit Conviction 2' });
    await form.getByLabel('Wobbler').selectOption('no');
    await form.getByLabel('Probation or sentence end date').fill('2018-09-05');
    await form.getByLabel('Probation', { exact: true }).selectOption('completed');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Accept Conviction 2 with these details' }).click();
    await page.getByRole('button', { name: 'Drop Conviction 3' }).click();
    await page.getByText('Dropped: will not be entered.').waitFor();

    // The arrest that led to no conviction: the record gives no level, so accepting opens the arrest
    // form to fill it in.
    await page.getByRole('heading', { name: /Arrest 1: PC 484\(a\)/ }).waitFor();
    expect(
      await page
        .getByRole('figure', { name: /The record on Arrest 1/ })
        .locator('mark')
        .allInnerTexts(),
    ).toEqual(expect.arrayContaining(['20180301  CAPD HAYWARD']));
    await page.getByRole('button', { name: 'Accept Arrest 1' }).click();
    const arrestForm = page.getByRole('form', { name: 'Edit Arrest 1' });
    await arrestForm.getByLabel('Level').selectOption('misdemeanor');
    expect(await arrestForm.getByLabel('What became of it').inputValue()).toBe('no_charges');
    await expectAccessible(page);
    await arrestForm.getByRole('button', { name: 'Accept Arrest 1 with these details' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/Will be entered: PC 484\(a\) \(misdemeanor\) arrest of Mar 1, 2018/).waitFor();
    // The sheet's person (born 1990) is not the demo client's record: saving asks staff to say they checked.
    await page.getByLabel(/^This sheet is of another person/).check();
    await page.getByRole('button', { name: 'Save the review: enter 2 convictions and 1 arrest' }).click();

    // Back on the matter: the convictions are there, with their eligibility suggestions.
    const convictions = page.getByRole('region', { name: /Convictions/ });
    await convictions
      .getByText(/10CR0E2E01/)
      .first()
      .waitFor();
    await convictions
      .getByText(/15CM0E2E02/)
      .first()
      .waitFor();
    expect(await convictions.getByText(/11364/).count()).toBe(0);
    await convictions
      .getByText(/1203\.4/)
      .first()
      .waitFor();
    await page
      .getByText(
        'RAP sheet reviewed: 2 convictions entered (1 edited), 1 dropped; 1 arrest entered, 0 dropped.',
      )
      .waitFor();
    await page
      .getByText(
        'Arrest entered: PC 484(a) (misdemeanor) arrest of Mar 1, 2018, no charges filed (from the RAP sheet).',
      )
      .waitFor();
    await expectAccessible(page);

    // Read again: nothing new is proposed; both are shown as already recorded.
    await panel
      .getByLabel('RAP sheet to read')
      .selectOption({ label: 'Text: paste it, or choose a text file' });
    await panel.getByLabel('RAP sheet text').fill(RAP_TEXT);
    await panel.getByRole('button', { name: 'Read RAP sheet' }).click();
    await panel.getByRole('link', { name: 'Review Pasted text' }).first().click();
    await page.getByRole('heading', { name: 'Already recorded on this matter (2)' }).waitFor();
    await page.getByRole('heading', { name: 'Proposed convictions (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Arrests already recorded on this matter (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Arrests without a conviction (0)' }).waitFor();

    // A PDF uploaded from the panel itself: attached to the RAP sheet request, then read.
    await page.getByRole('link', { name: /← Matter/ }).click();
    await panel.getByLabel('RAP sheet to read').selectOption({ label: 'Upload a PDF or scanned image' });
    await panel.getByLabel('RAP sheet file (PDF, PNG or JPEG, up to 20 MB)').setInputFiles({
      name: 'updated-rap-sheet.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await textPdf(UPDATED_RAP_TEXT)),
    });
    await expectAccessible(page);
    await panel.getByRole('button', { name: 'Read RAP sheet' }).click();
    await panel.getByRole('link', { name: 'Review updated-rap-sheet.pdf' }).click();
    await page.getByRole('heading', { name: /Conviction 2: VC 23152\(a\)/ }).waitFor();
    await page.getByRole('heading', { name: 'Proposed convictions (2)' }).waitFor();
    await page.getByRole('link', { name: /← Matter/ }).click();
    await page
      .getByRole('region', { name: 'Documents' })
      .getByText('updated-rap-sheet.pdf')
      .first()
      .waitFor();
  });

  // A sheet that proposes more than one review can save fails as soon as it is read.
  it('the review of an import that failed says why, not where its reading had got to', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('region', { name: 'Read RAP sheet' }).waitFor();
    const matterId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const counts = Array.from({ length: 501 }, (_, at) =>
      [`CNT:${String(at + 1).padStart(3, '0')}`, '  459 PC-BURGLARY', '*DISPO:CONVICTED'].join('\n'),
    );
    const text = [
      'CII/A05550124',
      'DOB/19900101     SEX/M',
      'NAM/01 TESTPERSON, ROBIN',
      '* * * *',
      'COURT:                NAM:01',
      '20100415  CASC ALAMEDA',
      ...counts,
      '* * * END OF MESSAGE * * *',
    ].join('\n');
    const api = await apiCaller(server.url, 'attorney@example.org');
    const started = await api<{ id: string }>('rapImports.start', {
      matterId,
      source: { kind: 'text', name: 'Too long to review', text },
    });
    // Opened at once, by its address: while it is read, or once it has failed.
    await page.goto(`${server.url}/matters/${matterId}/rap-imports/${started.id}`);
    await page.getByText('Too long to review: Could not be read.').waitFor();
    await page
      .getByRole('alert')
      .getByText(/This RAP sheet proposes 501 convictions/)
      .waitFor();
    expect(await page.getByText('Finding the convictions').count()).toBe(0);
    // Nothing was read: no person, no proposals, nothing to save; what to do instead.
    await page.getByText('Nothing was read from this file, so there is nothing to review.').waitFor();
    for (const untrue of ['The record names no one.', 'The person on the record', 'Save the review'])
      expect(await page.getByText(untrue).count(), untrue).toBe(0);
    await expectAccessible(page);
  });
});
