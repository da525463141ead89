// Every status update and outcome carries the office's mailing address, phone and e-mail (signature,
// letterhead, how to reach it). The wording reads whole without any of them (notify's own tests), but
// no message is written until an administrator has set them: staff are told which are missing.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatterFor } from './fixtures.ts';

const DETAILS = {
  address: '1401 Lakeside Drive, Oakland, CA 94612',
  phone: '(510) 272-6600',
  email: 'cleanslate@example.org',
};

describe.each(testDialects())('messages wait for the office’s details (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const setOffice = (details: Partial<typeof DETAILS>) =>
    api.database.db
      .updateTable('offices')
      .set({ address: '', phone: '', email: '', ...details })
      .where('id', '=', api.officeIds.alameda)
      .execute();

  it('names what is missing, and composes once everything is set', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'es' });
    const intake = await api.signedIn('alameda.intake');
    const compose = () => intake.messages.composeStatus({ matterId, statusType: 'in_review' });
    const refused = async () => {
      const error = (await compose().then(
        () => null,
        (e: unknown) => e,
      )) as { appCode?: string; message: string; fieldErrors?: { path: string }[] } | null;
      return (
        error && {
          appCode: error.appCode,
          message: error.message,
          paths: error.fieldErrors?.map((f) => f.path),
        }
      );
    };

    await setOffice({});
    expect(await refused()).toEqual({
      appCode: 'BAD_INPUT',
      message:
        'The office’s mailing address, phone and e-mail are not set: an administrator must add them at Office settings before messages can be sent.',
      paths: ['office'],
    });
    await setOffice({ address: DETAILS.address, phone: DETAILS.phone });
    expect((await refused())?.message).toBe(
      'The office’s e-mail is not set: an administrator must add it at Office settings before messages can be sent.',
    );
    await setOffice({ address: DETAILS.address, email: DETAILS.email });
    expect((await refused())?.message).toBe(
      'The office’s phone is not set: an administrator must add it at Office settings before messages can be sent.',
    );

    await setOffice(DETAILS);
    expect(await refused()).toBeNull();
    const composed = await compose();
    expect(composed.messages[0]?.text).toContain(
      `llámenos al ${DETAILS.phone} o escríbanos a ${DETAILS.email}.`,
    );
  });
});
