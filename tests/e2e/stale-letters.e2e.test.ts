// A letter no longer true, in Chromium against the real server: a Spanish "court date set" letter
// waits in the print queue, then the hearing is continued. The Delivery problems page lists it as no
// longer true, with why and what to do; the mailing run prints the rest without it, and marking the
// run sent leaves it waiting, for staff to take out of the print queue.
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const COURT = 'Superior Court of California, County of Alameda';

/** A California day `days` from now, as the server's dates are. */
const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });

/** The router over HTTP, signed in as one person. */
async function apiAs(url: string, email: string) {
  const call = await apiCaller(url, email);
  /** Sends the status as the preview wrote it, by letter. */
  const send = async (choice: Record<string, unknown>) => {
    const composed = await call<{
      language: string;
      messages: { channel: string; subject: string; text: string }[];
    }>('messages.composeStatus', choice, 'GET');
    await call('messages.sendStatus', {
      choice,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    });
  };
  return {
    call,
    send,
    async refer(legalName: string, dateOfBirth: string, preferredLanguage: 'en' | 'es') {
      const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
        existingClient: null,
        client: {
          legalName,
          otherNames: [],
          dateOfBirth,
          phone: '(510) 555-0188',
          email: '',
          address: {
            line1: '2100 Telegraph Ave',
            line2: '',
            city: 'Oakland',
            state: 'CA',
            postalCode: '94612',
          },
          preferredLanguage,
          contact: { email: false, sms: false, letter: true, phone: true },
          consentToText: false,
        },
        counties: ['Alameda'],
        source: { kind: 'phone', detail: '' },
        receivedOn: dayFromNow(-20),
        note: '',
      });
      return recorded.matters[0]?.id ?? '';
    },
  };
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

describe.skipIf(!chromiumPath)('a letter no longer true, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('is listed with why, left out of the mailing run, and not marked sent', async () => {
    const { page, server } = suite;
    const api = await apiAs(server.url, 'attorney@example.org');
    const other = await api.refer('Marisol Quintanilla', '1979-03-14', 'en');
    await api.send({ matterId: other, statusType: 'in_review' });

    const matterId = await api.refer('Begoña Cifuentes', '1984-09-21', 'es');
    const { id: convictionId } = await api.call<{ id: string }>('convictions.add', {
      matterId,
      conviction: {
        caseNumber: '17CR04567',
        county: 'Alameda',
        court: COURT,
        code: 'PC',
        section: '647(f)',
        level: 'misdemeanor',
        wobbler: 'no',
        convictionDate: '2016-05-02',
        sentenceKind: 'probation',
        mandatorySupervision: 'unknown',
        endDate: '2019-05-02',
        probationOutcome: 'completed',
        valueOver950: 'no',
        reliefGrantedRemedy: null,
        reliefGrantedOn: null,
      },
    });
    const petition = await api.call<{ id: string; version: number }>('petitions.create', {
      matterId,
      remedy: 'pc1203.4',
      convictionIds: [convictionId],
      formSet: 'cr180_cr181',
      court: COURT,
    });
    const hearing = dayFromNow(14);
    const set = await api.call<{ version: number }>('petitions.update', {
      petitionId: petition.id,
      version: petition.version,
      status: 'hearing_set',
      court: COURT,
      filedOn: dayFromNow(-10),
      hearingOn: hearing,
      outcomes: [{ convictionId, outcome: null }],
    });
    await api.send({ matterId, statusType: 'court_date_set', courtDate: hearing });
    // The hearing is continued.
    await api.call('petitions.update', {
      petitionId: petition.id,
      version: set.version,
      status: 'decided',
      court: COURT,
      filedOn: dayFromNow(-10),
      hearingOn: dayFromNow(42),
      decidedOn: dayFromNow(-1),
      outcomes: [{ convictionId, outcome: 'continued' }],
    });

    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/messages/problems`);
    await page.getByRole('heading', { name: 'Delivery problems' }).waitFor();
    const cannotPrint = page.getByRole('table', { name: 'Letters that cannot be printed as they are' });
    const row = cannotPrint.getByRole('row', { name: /Begoña Cifuentes/ });
    await row.waitFor();
    const said = await row.innerText();
    expect(said).toContain('No longer true: No filed petition has a hearing on that day');
    expect(said).toContain('send a new status update from the matter page');
    await page.getByText('A letter marked “No longer true”', { exact: false }).waitFor();
    await expectAccessible(page);

    // The run prints the other letter, not this one; marking it sent leaves this one waiting.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print the mailing run (one PDF)' }).click(),
    ]);
    const printed = await pdfText(await readFile(await download.path()));
    expect(printed).toContain('Marisol Quintanilla');
    expect(printed).not.toContain('Cifuentes');
    expect(printed).not.toContain('audiencia');
    await page.getByRole('button', { name: /^Yes, mark (it|them) sent$/ }).click();
    await page.getByText(/letters? marked sent|Marked sent/).waitFor();
    await row.waitFor();

    // Taken out of the print queue, it is not mailed, and says why.
    await row.getByRole('button', { name: 'Take out of the print queue' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Begoña Cifuentes.*no longer true of the matter/ }).waitFor();
  });
});
