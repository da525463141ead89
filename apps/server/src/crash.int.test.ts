// Crashes at small scale: the real server as a child process on a SQLite data folder takes concurrent
// referrals, notes and stage moves, each with its request key, and is killed with SIGKILL at random
// moments. After each restart every request that got no answer is sent again with its key. Then
// every acknowledged write must be there once: none lost, none twice, and no retry told of a
// conflict with itself.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { readSqlite } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  dataOf,
  freePort,
  HttpSession,
  prepareDataDir,
  type ServerProcess,
  startServer,
} from './test-support/server-process.ts';

const CYCLES = 4;
const WORKERS = 8;

type Kind = 'referral' | 'note' | 'move';
interface Request {
  kind: Kind;
  procedure: string;
  input: Record<string, unknown>;
  key: string;
  /** For notes and moves: the matter, owned by one worker. */
  matter?: OwnMatter;
}
interface OwnMatter {
  id: string;
  stage: 'referral_received' | 'gathering_records';
  version: number;
  /** Stage moves acknowledged. */
  moves: number;
  /** A move sent without an answer: the matter waits for its retry. */
  blocked: boolean;
}

describe('crashes: SIGKILL under load, then every unanswered request sent again with its key', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing, duplicates nothing and reports no false conflicts over several crashes', async () => {
    await prepareDataDir(dataDir);
    const port = await freePort();
    server = await startServer(dataDir, port);
    const session = new HttpSession(server.origin);
    await session.signIn();

    const referrals = new Map<string, { clientId: string; matterId: string }>(); // by legal name
    const notes = new Set<string>(); // acknowledged texts
    const matters: OwnMatter[][] = Array.from({ length: WORKERS }, () => []);
    let cut: Request[] = [];
    const counts = {
      sent: 0,
      acknowledged: 0,
      cut: 0,
      committedBeforeRetry: 0,
      falseConflicts: 0,
      otherErrors: 0,
    };
    const problems: string[] = [];
    let people = 0;

    const acknowledge = (request: Request, answer: Answer) => {
      counts.acknowledged++;
      if (request.kind === 'referral') {
        const data = dataOf<{ clientId: string; matters: { id: string }[] }>(answer);
        const name = (request.input.client as { legalName: string }).legalName;
        const matterId = data.matters[0]?.id ?? '';
        referrals.set(name, { clientId: data.clientId, matterId });
        const worker = Number(name.split(' ')[2]?.split('-')[0]);
        matters[worker]?.push({
          id: matterId,
          stage: 'referral_received',
          version: 1,
          moves: 0,
          blocked: false,
        });
      } else if (request.kind === 'note') notes.add(String(request.input.text));
      else if (request.matter) {
        const moved = dataOf<{ stage: OwnMatter['stage']; version: number }>(answer);
        request.matter.stage = moved.stage;
        request.matter.version = moved.version;
        request.matter.moves++;
        request.matter.blocked = false;
      }
    };

    const nextRequest = (worker: number): Request => {
      const own = matters[worker]?.filter((m) => !m.blocked) ?? [];
      const roll = Math.random();
      if (own.length === 0 || roll < 0.35) {
        people++;
        const dob = new Date(Date.UTC(1950, 0, 1) + people * 86_400_000).toISOString().slice(0, 10);
        return {
          kind: 'referral',
          procedure: 'referrals.record',
          key: randomUUID(),
          input: referralInput({
            client: {
              ...referralInput().client,
              legalName: `Crash Prueba ${worker}-${people}`,
              otherNames: [],
              dateOfBirth: dob,
            },
          }) as unknown as Record<string, unknown>,
        };
      }
      const matter = own[Math.floor(Math.random() * own.length)] as OwnMatter;
      if (roll < 0.7) {
        people++;
        return {
          kind: 'note',
          procedure: 'matters.addNote',
          key: randomUUID(),
          matter,
          input: { matterId: matter.id, text: `Crash note ${worker}-${people}` },
        };
      }
      matter.blocked = true;
      return {
        kind: 'move',
        procedure: 'matters.moveStage',
        key: randomUUID(),
        matter,
        input: {
          matterId: matter.id,
          version: matter.version,
          to: matter.stage === 'referral_received' ? 'gathering_records' : 'referral_received',
        },
      };
    };

    const runLoad = async (durationMs: number) => {
      let down = false;
      const kill = (async () => {
        await new Promise((r) => setTimeout(r, durationMs));
        down = true;
        await server?.kill();
      })();
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          while (!down) {
            const request = nextRequest(worker);
            counts.sent++;
            let answer: Answer;
            try {
              answer = await session.mutate(request.procedure, request.input, request.key);
            } catch {
              counts.cut++;
              cut.push(request);
              continue;
            }
            if (answer.status === 200) acknowledge(request, answer);
            else {
              counts.otherErrors++;
              problems.push(`${request.procedure} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
              if (request.matter) request.matter.blocked = true;
            }
          }
        }),
      );
      await kill;
    };

    // What a killed server had committed of the requests it never answered (read-only, before restart).
    const alreadyCommitted = (requests: Request[]) => {
      return readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
        const has = sqlite.prepare('select count(*) as n from idempotency_keys where key = ?');
        return requests.filter((r) => (has.get(r.key) as { n: number }).n > 0).length;
      });
    };

    const retryCut = async () => {
      const pending = cut;
      cut = [];
      for (const request of pending) {
        for (let attempt = 0; ; attempt++) {
          const answer = await session.mutate(request.procedure, request.input, request.key);
          if (answer.status === 200) {
            acknowledge(request, answer);
            break;
          }
          const appCode = (answer.body as { error?: { data?: { appCode?: string } } }).error?.data?.appCode;
          if (appCode === 'REQUEST_IN_PROGRESS' && attempt < 50) {
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          counts.falseConflicts++;
          problems.push(
            `retry of ${request.procedure} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
          );
          break;
        }
      }
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await runLoad(400 + Math.floor(Math.random() * 1200));
      counts.committedBeforeRetry += alreadyCommitted(cut);
      server = await startServer(dataDir, port);
      await retryCut();
    }
    await server.stop();
    server = null;

    // Count what is in the database against what was acknowledged.
    let lost = 0;
    let duplicated = 0;
    readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
      const clients = sqlite
        .prepare("select legal_name as name, id from clients where legal_name like 'Crash Prueba %'")
        .all() as { name: string; id: string }[];
      const clientsByName = new Map<string, string[]>();
      for (const c of clients) clientsByName.set(c.name, [...(clientsByName.get(c.name) ?? []), c.id]);
      const matterCount = sqlite.prepare('select count(*) as n from matters where client_id = ?');
      const matterExists = sqlite.prepare('select count(*) as n from matters where id = ?');
      for (const [name, ids] of clientsByName) {
        if (ids.length > 1) duplicated += ids.length - 1;
        for (const id of ids) duplicated += Math.max(0, (matterCount.get(id) as { n: number }).n - 1);
        if (!referrals.has(name)) problems.push(`referral of ${name} is stored but was never acknowledged`);
      }
      for (const [name, ack] of referrals) {
        if (!clientsByName.get(name)?.includes(ack.clientId)) lost++;
        else if ((matterExists.get(ack.matterId) as { n: number }).n !== 1) lost++;
      }
      const noteRows = sqlite
        .prepare("select summary, count(*) as n from matter_events where kind = 'note' group by summary")
        .all() as { summary: string; n: number }[];
      const noteCounts = new Map(noteRows.map((r) => [r.summary, r.n]));
      for (const text of notes) if (!noteCounts.has(text)) lost++;
      for (const [, n] of noteCounts) duplicated += n - 1;
      const moveRows = sqlite.prepare(
        "select count(*) as n from matter_events where matter_id = ? and kind = 'stage_changed'",
      );
      const matterRow = sqlite.prepare('select stage, version from matters where id = ?');
      for (const matter of matters.flat()) {
        const moves = (moveRows.get(matter.id) as { n: number }).n;
        if (moves < matter.moves) lost += matter.moves - moves;
        if (moves > matter.moves) duplicated += moves - matter.moves;
        const stored = matterRow.get(matter.id) as { stage: string; version: number };
        if (!matter.blocked && (stored.stage !== matter.stage || stored.version !== matter.version)) lost++;
      }
    });

    console.log(
      `crash test: ${CYCLES} SIGKILLs, ${counts.sent} requests sent, ${counts.acknowledged} acknowledged, ` +
        `${counts.cut} cut and sent again (${counts.committedBeforeRetry} of them had committed before the kill); ` +
        `lost ${lost}, duplicated ${duplicated}, false conflicts ${counts.falseConflicts}, other errors ${counts.otherErrors}`,
    );
    expect(problems).toEqual([]);
    expect(counts.cut).toBeGreaterThan(0);
    expect({ lost, duplicated, falseConflicts: counts.falseConflicts }).toEqual({
      lost: 0,
      duplicated: 0,
      falseConflicts: 0,
    });
    expect(referrals.size).toBeGreaterThan(0);
    expect(notes.size).toBeGreaterThan(0);
    expect(matters.flat().some((m) => m.moves > 0)).toBe(true);
  }, 120_000);
});
