// What the office's public pages did, as the audit log page tells it: someone on the public pages
// acted (not "Relief Desk", the server), a refusal says why (a hidden field filled in, a contact sent
// as many confirmations as any one is), and an application recorded but not confirmed to the
// applicant says so rather than reading like any other.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, officeSlugOf } from '../../testing.ts';
import { submitOnlineApplication } from '../applications/apply.ts';
import { applicationFormFields } from '../applications/fixtures.ts';
import { adminSignedIn } from '../invitations/fixtures.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';

describe.each(testDialects())('the public pages on the audit log page (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
  });
  afterAll(async () => api?.destroy());

  const apply = (n: number, email: string, honeypotFilled = false) =>
    submitOnlineApplication(
      api.context({ ip: `198.51.100.${n}`, publicOrigin: 'https://desk.example.org' }),
      {
        slug,
        language: 'en',
        form: applicationFormFields({
          legalName: `Applicant ${'ABCDEFGH'[n] ?? 'Z'} Quintero`,
          birthMonth: '5',
          birthDay: '17',
          birthYear: String(1960 + n),
          email,
        }),
        submissionKey: `public-pages-wording-${dialect}-${n}`,
        honeypotFilled,
      },
      { minimumMs: 0, now: () => 0, sleep: async () => {} },
    );

  it('names whoever used the public pages, says why they were refused, and what was not confirmed', async () => {
    await apply(1, 'hidden@example.org', true);
    // One address confirmed as often as any one is in an hour; the next is recorded, not confirmed.
    for (const n of [2, 3, 4, 5]) await apply(n, 'same.person@example.org');

    const admin = await adminSignedIn(api, 'alameda');
    const page = await admin.audit.list({ action: 'applications.submit' });
    // Rows of one instant (the refusal and the application it belongs to) in either order.
    const sentences = page.lines.map((l) => auditSentenceText(l.sentence)).sort();
    expect(sentences).toEqual(
      [
        'Someone on the office’s public pages was refused: no confirmation was sent (the application was recorded): its phone number or e-mail address was sent as many status links in the last hour as any one is',
        'Someone on the office’s public pages sent an online application, recorded but not confirmed to them: their phone number or e-mail address was sent as many status links in the last hour as any one is',
        'Someone on the office’s public pages sent an online application',
        'Someone on the office’s public pages sent an online application',
        'Someone on the office’s public pages sent an online application',
        'Someone on the office’s public pages was refused: a field people cannot see was filled in, as automated forms do',
      ].sort(),
    );
  });
});
