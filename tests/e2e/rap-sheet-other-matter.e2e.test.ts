// A RAP sheet read on the client's second matter, in Chromium, when the first (a referral for two
// counties opens a matter for each) records its conviction and the court granted PC 1203.4 there:
// the review lists it apart, with a link to that matter and the grant, proposes nothing, and records
// it here too only when the attorney chooses to, the grant filled in. The person is fictional.
import { describe, expect, inject, it } from 'vitest';
import { type ApiCall, apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const COURT = 'Superior Court of California, County of Alameda';

const RAP_TEXT = `CII/A05550777
DOB/19800202     SEX/F
NAM/01 PENA, ANA
* * * *
COURT:                NAM:01
20090610  CASC ALAMEDA

CNT:01     #F09904E2E
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * END OF MESSAGE * * *`;

/** The client's two matters; the first with the conviction and its PC 1203.4 petition granted. */
async function twoMatters(call: ApiCall) {
  const recorded = await call<{ matters: { id: string; reference: string }[] }>('referrals.record', {
    existingClient: null,
    client: {
      legalName: 'Ana Lucía Peña Ruiz',
      otherNames: [],
      dateOfBirth: '1980-02-02',
      phone: '(510) 555-0177',
      email: 'ana.pena@example.net',
      address: { line1: '1400 Broadway', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
      preferredLanguage: 'en',
      contact: { email: true, sms: false, letter: false, phone: true },
      consentToText: false,
    },
    counties: ['Alameda', 'Contra Costa'],
    source: { kind: 'phone', detail: '' },
    receivedOn: '2026-09-01',
    note: '',
  });
  const [first, second] = recorded.matters;
  if (!first || !second) throw new Error(`Two matters were not opened: ${JSON.stringify(recorded)}`);
  const { id: convictionId } = await call<{ id: string }>('convictions.add', {
    matterId: first.id,
    conviction: {
      caseNumber: 'F09904E2E',
      county: 'Alameda',
      court: COURT,
      code: 'PC',
      section: '459',
      level: 'felony',
      wobbler: 'no',
      convictionDate: '2009-06-10',
      sentenceKind: 'probation',
      mandatorySupervision: 'unknown',
      endDate: '2012-06-10',
      probationOutcome: 'completed',
      valueOver950: 'no',
      reliefGrantedRemedy: null,
      reliefGrantedOn: null,
    },
  });
  const petition = await call<{ id: string; version: number }>('petitions.create', {
    matterId: first.id,
    remedy: 'pc1203.4',
    convictionIds: [convictionId],
    formSet: 'cr180_cr181',
    court: COURT,
  });
  const filed = await call<{ version: number }>('petitions.update', {
    petitionId: petition.id,
    version: petition.version,
    status: 'filed',
    court: COURT,
    filedOn: '2026-09-15',
    outcomes: [{ convictionId, outcome: null }],
  });
  await call('petitions.update', {
    petitionId: petition.id,
    version: filed.version,
    status: 'decided',
    court: COURT,
    filedOn: '2026-09-15',
    decidedOn: '2026-10-15',
    outcomes: [{ convictionId, outcome: 'granted' }],
  });
  // The second county's matter opens referred out (this office does not serve it): taken back, to work.
  const matter = await call<{ version: number }>('matters.get', { matterId: second.id }, 'GET');
  await call('matters.moveStage', { matterId: second.id, version: matter.version, to: 'referral_received' });
  return { first, second };
}

describe.skipIf(!chromiumPath)('a RAP sheet read on the client’s second matter in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('shows the conviction on the first matter with its grant, and records it here only by choice', {
    timeout: 150_000,
  }, async () => {
    const { page, server } = suite;
    const call = await apiCaller(server.url, 'attorney@example.org');
    const { first, second } = await twoMatters(call);
    const started = await call<{ id: string }>('rapImports.start', {
      matterId: second.id,
      source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT },
    });
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${second.id}/rap-imports/${started.id}`);
    const listed = page.getByRole('region', { name: 'Recorded on the client’s other matter (1)' });
    await listed.waitFor();
    await listed.getByRole('link', { name: first.reference }).waitFor();
    await listed.getByText('PC 1203.4 dismissal: granted on Oct 15, 2026', { exact: true }).waitFor();
    await listed
      .getByText(/^The court already granted PC 1203\.4 dismissal on Oct 15, 2026 for this conviction/)
      .waitFor();
    await page.getByText('Nothing new to enter from this RAP sheet.').waitFor();
    const save = (n: number) =>
      page.getByRole('button', {
        name: `Save the review: enter ${n} ${n === 1 ? 'conviction' : 'convictions'} and 0 arrests`,
      });
    await save(0).waitFor();
    expect(await save(0).isDisabled()).toBe(false);
    await expectAccessible(page);

    // From the keyboard: the form takes focus on its first field, and Cancel gives it back to the button.
    const record = listed.getByRole('button', { name: 'Record Recorded conviction 1 on this matter too' });
    await record.focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Record Recorded conviction 1 on this matter too' });
    await form.waitFor();
    await expect
      .poll(() => form.getByLabel('Case number').evaluate((e) => e === document.activeElement))
      .toBe(true);
    await form.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    expect(await record.evaluate((e) => e === document.activeElement)).toBe(true);
    await record.click();
    await form.waitFor();
    await form.getByLabel('Case number').fill('F09904E2E-B');
    await form.getByRole('button', { name: 'Record Recorded conviction 1 on this matter too' }).click();
    await listed.getByText(/^Will be entered here too: PC 459 \(felony\), case F09904E2E-B\./).waitFor();
    // Opened again, the form holds what was entered, not the record's proposal.
    await listed.getByRole('button', { name: 'Edit what Recorded conviction 1 records here' }).click();
    await form.waitFor();
    expect(await form.getByLabel('Case number').inputValue()).toBe('F09904E2E-B');
    await form.getByLabel('Case number').fill('F09904E2E');
    await form.getByRole('button', { name: 'Record Recorded conviction 1 on this matter too' }).click();
    await listed.getByText(/^Will be entered here too: PC 459 \(felony\), case F09904E2E\./).waitFor();
    await save(1).click();
    await page
      .getByText(
        `Recorded here too, by choice, though the client’s other matter ${first.reference} has it: 1.`,
        { exact: false },
      )
      .waitFor();
  });
});
