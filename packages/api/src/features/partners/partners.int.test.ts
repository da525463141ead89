// A partner's referral whose Idempotency-Key is still being processed is answered 409, not run twice;
// a key is revoked at the version the administrator was shown, and a revoke from an older page is
// refused saying who revoked it, writing nothing. An Idempotency-Key is the partner's, across its keys:
// a retry sent with the key that replaced a revoked one is answered the first answer, not recorded
// twice; another office's partner of the same name keeps its own.
import type { Tx } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyedRequest } from '../../idempotency.ts';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { PARTNER_REFERRAL_PROCEDURE, submitPartnerReferral } from './intake.ts';
import { forgetPartnerKeyUses, notePartnerKeyUse } from './keys.ts';

describe.each(testDialects())('partner keys and referrals in flight (%s)', (dialect) => {
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

  it('a retry with a rotated key (the partner’s new key) answers the first answer; another office’s partner of the same name records its own', async () => {
    const admin = await api.signedIn('alameda.admin');
    const first = await admin.partnerKeys.create({ name: 'Rotating Partner' });
    const { client, counties, note } = referralInput();
    const body = {
      client: { ...client, legalName: 'Rotated Retry', dateOfBirth: '1979-09-09' },
      counties,
      note,
    };
    const call = (key: string) => ({
      authorization: `Bearer ${key}`,
      idempotencyKey: 'rotation-retry-0001',
      body,
    });
    const sent = await submitPartnerReferral(api.context(), call(first.key));
    expect(sent.replayed).toBe(false);
    // The office rotates the partner's key: a new one of the partner's name (spaces and capitals
    // aside), the old one revoked.
    await admin.partnerKeys.revoke({ keyId: first.id, version: 1 });
    const second = await admin.partnerKeys.create({ name: ' rotating  partner ' });
    await expect(submitPartnerReferral(api.context(), call(second.key))).resolves.toEqual({
      answer: sent.answer,
      replayed: true,
    });
    const recorded = () =>
      api.database.db
        .selectFrom('clients')
        .select(['office_id'])
        .where('legal_name', '=', 'Rotated Retry')
        .execute();
    expect(await recorded()).toEqual([{ office_id: api.officeIds.alameda }]);
    // Another office's key of the same name, with the same Idempotency-Key: its own referral.
    const bayAdmin = await api.signedIn('bayLegal.admin');
    const theirs = await bayAdmin.partnerKeys.create({ name: 'Rotating Partner' });
    const elsewhere = await submitPartnerReferral(api.context(), call(theirs.key));
    expect(elsewhere.replayed).toBe(false);
    expect((await recorded()).map((c) => c.office_id).sort()).toEqual(
      [api.officeIds.alameda, api.officeIds.bayLegal].sort(),
    );
  });

  it('revokes a key at the version shown, and refuses a revoke from an older page saying who revoked it', async () => {
    const admin = await api.signedIn('alameda.admin');
    const made = await admin.partnerKeys.create({ name: 'Legal Link' });
    const shown = (await admin.partnerKeys.list()).find((k) => k.id === made.id);
    expect(shown).toMatchObject({ version: 1, revokedAt: null });
    const auditRows = () =>
      api.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'detail'])
        .where('action', '=', 'partnerKeys.revoke')
        .where('entity_id', '=', made.id)
        .orderBy('id')
        .execute();

    // Revoked from one page (or tab) showing version 1...
    api.clock.advanceMinutes(5);
    const listed = await admin.partnerKeys.revoke({ keyId: made.id, version: 1 });
    expect(listed.find((k) => k.id === made.id)).toMatchObject({
      version: 2,
      revokedAt: api.clock.now().toISOString(),
    });
    // ...then from another that still shows version 1: refused as already revoked (by whom, when, which
    // key), not as a change made after the page was opened, and nothing is written.
    const before = await auditRows();
    const prefix = (await admin.partnerKeys.list()).find((k) => k.id === made.id)?.prefix ?? '';
    await expect(admin.partnerKeys.revoke({ keyId: made.id, version: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      appCode: 'VERSION_CONFLICT',
      message: expect.stringMatching(
        new RegExp(
          `^The key for Legal Link \\(${prefix}…\\) is already revoked: Admin of Alameda County Public Defender revoked it on .+\\. It no longer works, and nothing was changed\\.`,
        ),
      ),
    });
    // From a page showing it revoked, too.
    await expect(admin.partnerKeys.revoke({ keyId: made.id, version: 2 })).rejects.toMatchObject({
      message: expect.stringContaining(
        'is already revoked: Admin of Alameda County Public Defender revoked it on',
      ),
    });
    // Nothing written but the two refused attempts, on record as refused.
    const after = await auditRows();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => [r.outcome, JSON.parse(r.detail)])).toEqual([
      ['denied', { reason: 'version_conflict' }],
      ['denied', { reason: 'version_conflict' }],
    ]);
    const row = await api.database.db
      .selectFrom('partner_api_keys')
      .select(['version', 'revoked_by'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 2, revoked_by: api.userIds['alameda.admin'] });
    // A version the key never had is refused too; other roles may not revoke at all.
    await expect(admin.partnerKeys.revoke({ keyId: made.id, version: 3 })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    const intake = await api.signedIn('alameda.intake');
    await expect(intake.partnerKeys.revoke({ keyId: made.id, version: 2 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // Two revokes from one version at once: one is done, the other refused.
    const spare = await admin.partnerKeys.create({ name: 'Spare partner' });
    const both = await Promise.allSettled([
      admin.partnerKeys.revoke({ keyId: spare.id, version: 1 }),
      admin.partnerKeys.revoke({ keyId: spare.id, version: 1 }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((b) => b.status === 'rejected')).toMatchObject({
      reason: { appCode: 'VERSION_CONFLICT', message: expect.stringContaining('is already revoked') },
    });
  });

  it('notes a key’s use once per transaction, again after a savepoint undid it, and never for a revoked key', async () => {
    const admin = await api.signedIn('alameda.admin');
    const made = await admin.partnerKeys.create({ name: 'Grouped partner' });
    const holder = {
      id: made.id,
      officeId: api.officeIds.alameda,
      name: 'Grouped partner',
      createdBy: '',
      partner: { firstKeyId: made.id, createdBy: '' },
    };
    const lastUsed = (tx: Tx) =>
      tx
        .selectFrom('partner_api_keys')
        .select('last_used_at')
        .where('id', '=', made.id)
        .executeTakeFirstOrThrow();
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 18, minute));
    await api.database.db.transaction().execute(async (tx) => {
      expect(await notePartnerKeyUse(tx, holder, at(1), api.database.db)).toBe(true);
      expect(await notePartnerKeyUse(tx, holder, at(2), api.database.db)).toBe(true);
      expect(await lastUsed(tx)).toEqual({ last_used_at: at(1).toISOString() });
      await sql`savepoint grouped`.execute(tx);
      await tx
        .updateTable('partner_api_keys')
        .set({ last_used_at: null })
        .where('id', '=', made.id)
        .execute();
      await sql`rollback to savepoint grouped`.execute(tx);
      await sql`release savepoint grouped`.execute(tx);
      forgetPartnerKeyUses(tx);
      expect(await notePartnerKeyUse(tx, holder, at(3), api.database.db)).toBe(true);
      expect(await lastUsed(tx)).toEqual({ last_used_at: at(3).toISOString() });
    });
    const shown = (await admin.partnerKeys.list()).find((k) => k.id === made.id);
    await admin.partnerKeys.revoke({ keyId: made.id, version: shown?.version ?? 0 });
    await api.database.db.transaction().execute(async (tx) => {
      expect(await notePartnerKeyUse(tx, holder, at(4), api.database.db)).toBe(false);
    });
  });
});
