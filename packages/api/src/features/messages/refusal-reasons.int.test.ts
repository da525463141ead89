// Refusals give the true reason. "Not eligible" on an arrest-only matter whose arrest is decided
// eligible for PC 851.91 is untrue because of that decision, not for want of one.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { arrestInput, OVERRIDE_REASON } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; appCode?: string; message: string } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

describe.each(testDialects())('refusals give the true reason (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  it('“not eligible” on an arrest-only matter whose arrest is decided eligible: says the arrest is eligible', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const { id: arrestId } = await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC' }) });
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const refused = await refusal(attorney.messages.composeStatus({ matterId, statusType: 'not_eligible' }));
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toBe(
      'An arrest is decided eligible for relief: the client would be told they cannot clear their record.',
    );
  });
});
