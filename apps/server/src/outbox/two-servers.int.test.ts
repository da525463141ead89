// Several servers, one PostgreSQL: two real server processes on one database, each with its own
// outbox worker, take status updates for clients through the API (a session opened on one is used on
// both) while a real SMTP server on loopback takes the e-mails, a little slowly, as a busy one does.
// Every message queued must arrive once: none lost, none twice, whichever server queued it and
// whichever sent it. Midway one server gets SIGTERM with claims in hand (it must give them back at
// once, not leave them to a lease), starts again, and then the other is killed with SIGKILL: its
// claims wait for their lease to end, the survivor takes them over, and only the one message whose
// sending the kill cut short may arrive twice, under the same Message-ID.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '@relief-desk/api/testing';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { giveOfficesLetterheads } from '../../../../packages/api/src/features/messages/fixtures.ts';
import {
  type Answer,
  dataOf,
  freePort,
  type ServerProcess,
  startServer,
} from '../test-support/server-process.ts';

const LANES = 4;
const FIRST_ROUND = 60;
const SECOND_ROUND = 60;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.runIf(process.env.TEST_DATABASE_URL)('two servers on one PostgreSQL: the outbox', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    await smtp?.close();
    await api?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(name: string): Promise<ServerProcess> {
    const dir = mkdtempSync(join(tmpdir(), `relief-desk-two-${name}-`));
    dirs.push(dir);
    const server = await startServer(dir, await freePort(), {
      DATABASE_URL: api.database.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clean Slate <cleanslate@example.org>',
      LOG_LEVEL: 'info',
    });
    servers.push(server);
    return server;
  }

  /** The worker id each server's claims carry starts with its process id. */
  const claimsOf = async (server: ServerProcess) =>
    api.database.db
      .selectFrom('outbox')
      .select(['id'])
      .where('state', '=', 'sending')
      .where('locked_by', 'like', `worker-${server.child.pid}-%`)
      .execute();
  const sentSoFarBy = async (server: ServerProcess) =>
    (
      await api.database.db
        .selectFrom('outbox')
        .select(['id'])
        .where('state', '=', 'sent')
        .where('locked_by', 'like', `worker-${server.child.pid}-%`)
        .execute()
    ).length;
  /** Once the server has sent at least `sent` messages, the moment it holds four claims or more. */
  const busy = (server: ServerProcess, sent: number) => async () =>
    (await sentSoFarBy(server)) >= sent && (await claimsOf(server)).length >= 4;

  it('sends each message once through two servers, across a SIGTERM and a SIGKILL', async () => {
    api = await createApiHarness('postgres');
    await giveOfficesLetterheads(api);
    // Each message is taken in whole at once but answered after 100 ms: a backlog builds up, so the
    // workers' claims overlap and a stop finds a server with messages claimed and not yet sent.
    smtp = await startSmtpServer(undefined, { acceptDelayMs: 100 });
    const a = await start('a');
    let b = await start('b');

    // One session, opened on the first server and used on both: sessions live in the database.
    const signedIn = await fetch(`${a.origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: a.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'intake@alameda.test', password: TEST_PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')?.split(';')[0] ?? '';

    const mutate = async (
      server: ServerProcess,
      procedure: string,
      input: unknown,
      key: string,
    ): Promise<Answer> => {
      const response = await fetch(`${server.origin}/trpc/${procedure}`, {
        method: 'POST',
        headers: {
          origin: server.origin,
          cookie,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: await response.json() };
    };

    // A matter for each lane, recorded through either server.
    const matters: string[] = [];
    for (let lane = 0; lane < LANES; lane++) {
      const answer = await mutate(
        lane % 2 === 0 ? a : b,
        'referrals.record',
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `Dos Servidores ${lane}`,
            otherNames: [],
            dateOfBirth: `1971-0${lane + 1}-15`,
            preferredLanguage: lane % 2 === 0 ? 'es' : 'en',
            contact: { email: true, sms: false, letter: false, phone: true },
            consentToText: false,
          },
        }),
        randomUUID(),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      matters.push(dataOf<{ matters: { id: string }[] }>(answer).matters[0]?.id ?? '');
    }

    const queued: string[] = [];
    const queuedBy = new Map<string, number>();
    let sent = 0;
    /** Status updates by e-mail through the given servers in turn, LANES at a time; the outbox ids. */
    async function queue(count: number, through: () => ServerProcess[]): Promise<void> {
      await Promise.all(
        Array.from({ length: LANES }, async (_, lane) => {
          for (let i = lane; i < count; i += LANES) {
            sent++;
            const choices = through();
            const server = choices[sent % choices.length] as ServerProcess;
            const input = {
              writtenIn: lane % 2 === 0 ? 'es' : 'en',
              choice: { matterId: matters[lane], statusType: 'in_review' },
              messages: [{ channel: 'email', text: `Update ${sent}: we are reviewing your records.` }],
              // The same status to one matter again and again: meant, as staff confirm with Send again.
              sendAgain: true,
            };
            const requestKey = randomUUID();
            // A request the stopping server refused or never took is sent again, with its key, to
            // a server still running, as a load balancer or the web app retries it.
            let answer = await mutate(server, 'messages.sendStatus', input, requestKey).catch(() => null);
            let to = server;
            if (!answer || answer.status === 503) {
              to = through()[0] as ServerProcess;
              answer = await mutate(to, 'messages.sendStatus', input, requestKey);
            }
            expect(answer.status, JSON.stringify(answer.body)).toBe(200);
            const ids = dataOf<{ outboxIds: string[] }>(answer).outboxIds;
            queued.push(...ids);
            queuedBy.set(to.origin, (queuedBy.get(to.origin) ?? 0) + ids.length);
          }
        }),
      );
    }

    // A request key is honoured across the servers: the same update sent again to the other one
    // answers with the first outbox row and queues nothing.
    const key = randomUUID();
    const once = {
      writtenIn: 'es',
      choice: { matterId: matters[0], statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'Sent once, answered twice.' }],
      sendAgain: true,
    };
    const first = await mutate(a, 'messages.sendStatus', once, key);
    const again = await mutate(b, 'messages.sendStatus', once, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    queued.push(...dataOf<{ outboxIds: string[] }>(first).outboxIds);

    // Round one, through both; the second server is stopped while it holds claims not yet sent.
    const bPid = b.child.pid;
    let bRunning = true;
    const roundOne = queue(FIRST_ROUND, () => (bRunning ? [a, b] : [a]));
    await until('the second server to be sending, with several claims', busy(b, 10));
    const claimedAtStop = (await claimsOf(b)).length;
    bRunning = false;
    await b.stop();
    expect(b.child.exitCode).toBe(0);
    const stopped = b
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"Stopped."'))
      .map((line) => JSON.parse(line) as { outboxReleased: number });
    expect(stopped).toHaveLength(1);
    const released = stopped[0]?.outboxReleased ?? 0;
    // Given back at once: nothing is left waiting for a lease of the stopped server's.
    expect(await claimsOf(b)).toEqual([]);
    await roundOne;
    expect(
      await api.database.db
        .selectFrom('outbox')
        .select('id')
        .where('locked_by', 'like', `worker-${bPid}-%`)
        .where('state', '!=', 'sent')
        .execute(),
    ).toEqual([]);

    // Round two: the second server back, then the first killed outright while it holds claims.
    b = await start('b-again');
    let aRunning = true;
    const roundTwo = queue(SECOND_ROUND, () => (aRunning ? [a, b] : [b]));
    const sentByABefore = await sentSoFarBy(a);
    await until('the first server to be sending, with several claims', busy(a, sentByABefore + 10));
    aRunning = false;
    await a.kill();
    const leftClaimed = (await claimsOf(a)).map((r) => r.id);
    expect(leftClaimed.length).toBeGreaterThan(0);
    await roundTwo;
    // The killed server's claims hold until their lease ends (a minute); the test ends it now rather
    // than waiting, and the survivor takes them over at its next pass.
    await api.database.db
      .updateTable('outbox')
      .set({ locked_until: new Date().toISOString() })
      .where('id', 'in', leftClaimed)
      .where('state', '=', 'sending')
      .execute();

    await until(
      'every queued message to be sent',
      async () => {
        const waiting = await api.database.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('state', '!=', 'sent')
          .executeTakeFirstOrThrow();
        return Number(waiting.n) === 0;
      },
      30_000,
    );

    // What the mail server got, against what was queued.
    const copies = new Map<string, number>();
    for (const mail of smtp.received) copies.set(mail.messageId, (copies.get(mail.messageId) ?? 0) + 1);
    const messageIdOf = (id: string) => `<${id}@relief-desk>`;
    const lost = queued.filter((id) => !copies.has(messageIdOf(id)));
    const twice = queued.filter((id) => (copies.get(messageIdOf(id)) ?? 0) > 1);
    const strangers = [...copies.keys()].filter((m) => !queued.some((id) => messageIdOf(id) === m));
    const rows = await api.database.db.selectFrom('outbox').select(['id', 'state', 'locked_by']).execute();

    expect(new Set(queued).size).toBe(queued.length);
    expect(rows.map((r) => r.id).sort()).toEqual([...queued].sort());
    expect(lost).toEqual([]);
    expect(strangers).toEqual([]);
    // Only a message the killed server was sending may have gone twice: it had the whole message
    // but never the mail server's answer. The same Message-ID lets the receiving side see it.
    expect(twice.length).toBeLessThanOrEqual(1);
    for (const id of twice) expect(leftClaimed).toContain(id);

    const sentBy = (server: ServerProcess | number | undefined) =>
      rows.filter((r) =>
        r.locked_by?.startsWith(`worker-${typeof server === 'number' ? server : server?.child.pid}-`),
      ).length;
    const summary = {
      queued: queued.length,
      queuedThroughA: queuedBy.get(a.origin) ?? 0,
      queuedThroughB: (queuedBy.get(servers[1]?.origin ?? '') ?? 0) + (queuedBy.get(b.origin) ?? 0),
      sentByA: sentBy(a),
      sentByB: sentBy(bPid),
      sentByBAgain: sentBy(b),
    };
    expect(summary.sentByA + summary.sentByB + summary.sentByBAgain).toBe(queued.length);
    expect(summary.sentByB).toBeGreaterThan(0);
    console.log(
      `two servers, one PostgreSQL: ${summary.queued} e-mails queued (${summary.queuedThroughA} through A, ` +
        `${summary.queuedThroughB} through B), ${copies.size} delivered; sent by A ${summary.sentByA}, ` +
        `by B ${summary.sentByB}, by B started again ${summary.sentByBAgain}. SIGTERM to B with ` +
        `${claimedAtStop} claimed: ${released} given back at once, 0 left claimed. SIGKILL to A with ` +
        `${leftClaimed.length} claimed, taken over when the lease ended. ${lost.length} lost, ` +
        `${twice.length} sent twice (the one in hand at the SIGKILL, if any), 1 request key sent to both answered once.`,
    );
  }, 240_000);
});
