// The office's audit log on partner API calls, as a supervisor reads it: which key (its name and the
// first characters the keys page shows, since two keys may share a name), what it did (the client and
// matter an accepted referral opened) or why it was refused, in words; and which key an administrator
// made or revoked. A revoke of a key already revoked says so, by whom and when. Over HTTP, on both
// databases.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText, PARTNER_REQUESTS_PER_MINUTE } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from './app.ts';

describe.each(testDialects())('partner API calls on the audit log (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-partner-audit-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (key: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() },
      payload: body as Record<string, unknown>,
    });
  /** The office's log, newest first, for one action: each line's sentence in words. */
  const logOf = async (
    action: 'partnerApi.referrals.create' | 'partnerKeys.create' | 'partnerKeys.revoke',
  ) => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const page = await supervisor.audit.list({ action, limit: 100 });
    return page.lines.map((line) => ({ text: auditSentenceText(line.sentence), sentence: line.sentence }));
  };

  it('names the key, the matter an accepted referral opened, and why a call was refused', async () => {
    const admin = await api.signedIn('alameda.admin');
    // Two keys of one name: the log tells them apart by the characters the keys page shows.
    const first = await admin.partnerKeys.create({ name: 'Legal Link' });
    const second = await admin.partnerKeys.create({ name: 'Legal Link' });
    const keys = await admin.partnerKeys.list();
    const prefixOf = (id: string) => keys.find((k) => k.id === id)?.prefix ?? 'none';
    expect(prefixOf(first.id)).not.toBe(prefixOf(second.id));
    const firstKey = `The partner API key “Legal Link” (${prefixOf(first.id)}…)`;
    const secondKey = `The partner API key “Legal Link” (${prefixOf(second.id)}…)`;

    const { client, counties, note } = referralInput();
    const accepted = await send(first.key, {
      client: { ...client, legalName: 'Teodora Villanueva', otherNames: [] },
      counties,
      note,
    });
    expect(accepted.statusCode).toBe(201);
    const reference = (accepted.json() as { matters: { reference: string }[] }).matters[0]?.reference;
    const [sent] = await logOf('partnerApi.referrals.create');
    expect(sent?.text).toBe(`${firstKey} sent a referral: Teodora Villanueva’s matter ${reference}`);
    // The client and the matter are links, as on any other line naming them.
    expect(sent?.sentence.filter((p) => p.link).map((p) => p.link?.type)).toEqual(['client', 'matter']);

    // Refused: an incomplete referral, then too many calls in a minute.
    expect((await send(second.key, {})).statusCode).toBe(400);
    expect((await logOf('partnerApi.referrals.create'))[0]?.text).toBe(
      `${secondKey} was refused: the referral was incomplete or not valid; the partner was told which fields to fix`,
    );
    for (let i = 1; i < PARTNER_REQUESTS_PER_MINUTE; i++) await send(second.key, {});
    expect((await send(second.key, {})).statusCode).toBe(429);
    expect((await logOf('partnerApi.referrals.create'))[0]?.text).toBe(
      `${secondKey} was refused: the key sent more calls a minute than a key may; the partner was told when to try again`,
    );

    // Made and revoked: which key.
    expect((await logOf('partnerKeys.create')).map((l) => l.text)).toEqual([
      `Admin of Alameda County Public Defender created ${secondKey.replace('The', 'the')}`,
      `Admin of Alameda County Public Defender created ${firstKey.replace('The', 'the')}`,
    ]);
    const shown = keys.find((k) => k.id === first.id);
    await admin.partnerKeys.revoke({ keyId: first.id, version: shown?.version ?? 0 });
    expect((await logOf('partnerKeys.revoke'))[0]?.text).toBe(
      `Admin of Alameda County Public Defender revoked ${firstKey.replace('The', 'the')}`,
    );
    // Revoked again from a page still showing it live: already revoked, by whom and when.
    await expect(
      admin.partnerKeys.revoke({ keyId: first.id, version: shown?.version ?? 0 }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^The key for Legal Link \(.+…\) is already revoked: Admin of Alameda County Public Defender revoked it on .+\. It no longer works, and nothing was changed\./,
      ),
    });
  });
});
