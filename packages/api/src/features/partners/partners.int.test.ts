// A partner's referral whose Idempotency-Key is still being processed is answered 409, not run twice.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyedRequest } from '../../idempotency.ts';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { PARTNER_REFERRAL_PROCEDURE, submitPartnerReferral } from './intake.ts';

describe.each(testDialects())('partner referrals in flight (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('answers REQUEST_IN_PROGRESS while the first request with the key runs, then the first answer', async () => {
    const admin = await api.signedIn('alameda.admin');
    const made = await admin.partnerKeys.create({ name: 'Root & Rebound' });
    const { client, counties, note } = referralInput();
    const body = { client, counties, note };
    const call = { authorization: `Bearer ${made.key}`, idempotencyKey: 'in-flight-key-1', body };

    // The first request has looked its key up and is running (as another request on this server).
    const first = await openKeyedRequest(api.context(), {
      key: call.idempotencyKey,
      procedure: PARTNER_REFERRAL_PROCEDURE,
      input: body,
      owner: { userId: api.userIds['alameda.admin'], scope: `partner-${made.id}` },
    });
    expect(first.kind).toBe('run');
    await expect(submitPartnerReferral(api.context(), call)).rejects.toMatchObject({
      appCode: 'REQUEST_IN_PROGRESS',
      code: 'CONFLICT',
    });
    if (first.kind === 'run') {
      await first.settle({ ok: true, data: { matters: [] } });
      first.release();
    }
    await expect(submitPartnerReferral(api.context(), call)).resolves.toEqual({
      answer: { matters: [] },
      replayed: true,
    });
    const clients = await api.database.db.selectFrom('clients').select('id').execute();
    expect(clients).toHaveLength(0);
  });
});
