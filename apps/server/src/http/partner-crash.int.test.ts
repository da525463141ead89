// Partner referrals through SIGKILL: the real server on a SQLite data folder takes referrals from
// several partners at once (their transactions commit in groups) and is killed at random moments.
// After each restart every referral that got no answer is sent again with its Idempotency-Key. Then
// every referral answered 201 is there once, with the reference it was answered, and each referral
// (answered or not) has at most one client and one audit row of its own.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { newId, openDatabase, readSqlite } from '@relief-desk/db';
import { PARTNER_KEY_PREFIX, PARTNER_REQUESTS_PER_MINUTE } from '@relief-desk/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, prepareDataDir, type ServerProcess, startServer } from '../test-support/server-process.ts';

const CYCLES = 3;
/** One partner key each: the 60 a minute each key may send is not what is tested. */
const PARTNERS = 40;
/**
 * New referrals each key sends in a cycle. The test runs within a minute or two, so a key's whole
 * share stays under its 60 a minute, with room for its cut referrals sent again after each restart
 * (at most one a cycle) and at the end: on a quick machine a key had sent more than 60 in the first
 * minute and was refused (429). Enough keys that requests are still in flight when the server is
 * killed, each cycle, on a quick machine.
 */
const NEW_PER_KEY_PER_CYCLE = Math.floor((PARTNER_REQUESTS_PER_MINUTE - 2 * CYCLES - 2) / CYCLES);

interface Referral {
  name: string;
  key: string;
  body: string;
}

describe('partner referrals through SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-partner-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every referral answered 201, once, with its audit row', async () => {
    await prepareDataDir(dataDir);
    const file = join(dataDir, 'relief-desk.sqlite');
    const keys = Array.from(
      { length: PARTNERS },
      () => `${PARTNER_KEY_PREFIX}${randomUUID()}${randomUUID()}`,
    );
    const database = openDatabase(file);
    try {
      const office = await database.db.selectFrom('offices').select('id').executeTakeFirstOrThrow();
      const user = await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
      await database.db
        .insertInto('partner_api_keys')
        .values(
          keys.map((key, i) => ({
            id: newId(),
            office_id: office.id,
            name: `Partner ${i}`,
            key_hash: createHash('sha256').update(key, 'utf8').digest('hex'),
            key_prefix: key.slice(0, 10),
            created_by: user.id,
            created_at: new Date().toISOString(),
            last_used_at: null,
            revoked_by: null,
            revoked_at: null,
          })),
        )
        .execute();
    } finally {
      await database.close();
    }

    const port = await freePort();
    server = await startServer(dataDir, port);
    const answered = new Map<string, string>(); // legal name → reference answered
    let cut: { referral: Referral; partner: number }[] = [];
    let sent = 0;
    let people = 0;
    const problems: string[] = [];

    const post = async (partner: number, referral: Referral): Promise<boolean> => {
      sent++;
      try {
        const response = await fetch(`${server?.origin}/api/v1/referrals`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${keys[partner]}`,
            'idempotency-key': referral.key,
            'content-type': 'application/json',
          },
          body: referral.body,
        });
        const body = (await response.json()) as { matters?: { reference: string }[] };
        if (response.status !== 201) {
          problems.push(`${referral.name}: ${response.status} ${JSON.stringify(body)}`);
          return true;
        }
        const reference = body.matters?.[0]?.reference ?? '';
        const before = answered.get(referral.name);
        if (before !== undefined && before !== reference)
          problems.push(`${referral.name}: answered ${before}, then ${reference}`);
        answered.set(referral.name, reference);
        return true;
      } catch {
        return false; // cut by the kill: sent again after the restart
      }
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const retries = cut;
      cut = [];
      let stopping = false;
      const workers = Array.from({ length: PARTNERS }, async (_, partner) => {
        for (const retry of retries.filter((r) => r.partner === partner))
          if (!(await post(partner, retry.referral))) cut.push(retry);
        for (let sentNew = 0; !stopping && sentNew < NEW_PER_KEY_PER_CYCLE; sentNew++) {
          people++;
          const { client, note } = referralInput();
          const name = `Partner Crash ${partner}-${people}`;
          const dob = new Date(Date.UTC(1950, 0, 1) + people * 86_400_000).toISOString().slice(0, 10);
          const referral = {
            name,
            key: randomUUID(),
            body: JSON.stringify({
              client: { ...client, legalName: name, otherNames: [], dateOfBirth: dob },
              counties: ['Alameda'],
              note,
            }),
          };
          if (!(await post(partner, referral))) {
            cut.push({ referral, partner });
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 500));
      stopping = true;
      await server.kill();
      await Promise.all(workers);
      server = await startServer(dataDir, port);
    }
    // The last cut ones, sent again to a server left running.
    for (const { referral, partner } of cut) await post(partner, referral);
    await server.stop();
    server = null;

    const stored = readSqlite(file, (sqlite) => ({
      matters: sqlite
        .prepare(
          `select c.legal_name as name, m.reference, c.id as client_id from matters m join clients c on c.id = m.client_id where m.referral_source = 'partner'`,
        )
        .all() as { name: string; reference: string; client_id: string }[],
      audited: sqlite
        .prepare(`select entity_id from audit_log where action = 'referrals.record' and outcome = 'ok'`)
        .all() as { entity_id: string }[],
      calls: (
        sqlite
          .prepare(
            `select count(*) as n from audit_log where action = 'partnerApi.referrals.create' and outcome = 'ok'`,
          )
          .get() as { n: number }
      ).n,
    }));
    const byName = new Map<string, string[]>();
    for (const m of stored.matters) byName.set(m.name, [...(byName.get(m.name) ?? []), m.reference]);
    const lost = [...answered].filter(([name, reference]) => !byName.get(name)?.includes(reference));
    const twice = [...byName].filter(([, references]) => references.length > 1);
    const auditedClients = new Set(stored.audited.map((a) => a.entity_id));
    const unaudited = stored.matters.filter((m) => !auditedClients.has(m.client_id));
    console.log(
      `partner crash test: ${CYCLES} SIGKILLs, ${sent} requests sent, ${answered.size} referrals answered 201; lost ${lost.length}, twice ${twice.length}, unaudited ${unaudited.length}`,
    );
    expect(problems).toEqual([]);
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);
    expect(unaudited).toEqual([]);
    // Every referral stored was answered (the cut ones, on their retry), each with one audit row.
    expect(stored.matters).toHaveLength(answered.size);
    expect(stored.audited).toHaveLength(answered.size);
    expect(stored.calls).toBeGreaterThanOrEqual(answered.size);
  }, 240_000);
});
