// Office settings show the office's public addresses to hand out. They are made from the slug the
// office got when it was made: a rename keeps it, so an address already given out keeps working.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';

describe.each(testDialects())('the office’s public addresses (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('are the application and new-status-link pages, and stay as they were after a rename', async () => {
    const admin = await api.signedIn('alameda.admin');
    const before = await admin.offices.profile();
    expect(before.publicPages).toEqual({
      origin: null,
      application: '/apply/alameda-county-public-defender',
      statusLink: '/status/new?office=alameda-county-public-defender',
    });
    await admin.offices.saveProfile({
      ...before,
      name: 'Madera Clean Slate Clinic',
      address: '1 Example Plaza\nSpringfield, CA 90000',
      phone: '(555) 555-0100',
      email: 'help@office.test',
    });
    const after = await admin.offices.profile();
    expect(after.name).toBe('Madera Clean Slate Clinic');
    expect(after.publicPages).toEqual(before.publicPages);
  });

  it('name PUBLIC_ORIGIN when it is set, the address clients open rather than the one staff use', async () => {
    const signingIn = api.context({ publicOrigin: 'https://desk.example.org' });
    await createCaller(signingIn).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
    const admin = createCaller(
      api.context({ sessionToken: signingIn.cookieJar.token, publicOrigin: 'https://desk.example.org' }),
    );
    expect((await admin.offices.profile()).publicPages?.origin).toBe('https://desk.example.org');
  });
});
