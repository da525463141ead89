// The audit journal in the real server process: a search's audit row is committed before the answer,
// a SIGKILL loses none (the next start chains what the journal holds), and a SIGTERM chains the
// journal before the process exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, openDatabase, readSqlite, verifyAuditChains } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  HttpSession,
  prepareDataDir,
  type ServerProcess,
  startServer,
} from '../test-support/server-process.ts';

interface Stored {
  journal: string[];
  log: string[];
}

describe('the audit journal in the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-journal-'));
  const file = join(dataDir, 'relief-desk.sqlite');
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The ids of search rows in the journal and in the log, read straight from the file. */
  const stored = (): Stored =>
    readSqlite(file, (sqlite) => ({
      journal: sqlite
        .prepare("select id from audit_journal where action = 'matters.list' order by id")
        .pluck()
        .all() as string[],
      log: sqlite
        .prepare("select id from audit_log where action = 'matters.list' order by id")
        .pluck()
        .all() as string[],
    }));

  const search = async (session: HttpSession, words: string) => {
    const answer = await session.query('matters.list', { queue: 'all', search: words });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  };

  it('keeps every answered search’s row through SIGKILL and chains it at the next start; SIGTERM chains before exit', async () => {
    await prepareDataDir(dataDir);
    const port = await freePort();
    server = await startServer(dataDir, port);
    let session = new HttpSession(server.origin);
    await session.signIn();
    for (const words of ['nunez maria', '3/7/1984', '2026-0042']) await search(session, words);
    await server.kill();

    // Answered, so committed: in the journal or already chained, once.
    const afterKill = stored();
    expect(afterKill.journal.length + afterKill.log.length).toBe(3);
    // What a crash left in the journal at its worst: rows of another office's read besides.
    const left = newId();
    await leaveInJournal(file, left);

    server = await startServer(dataDir, port);
    const deadline = Date.now() + 10_000;
    while (stored().journal.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const afterStart = stored();
    expect(afterStart.journal).toEqual([]);
    expect(afterStart.log).toEqual([...afterKill.journal, ...afterKill.log, left].sort());
    expect(server.output()).not.toMatch(/Chaining the audit journal failed/);

    session = new HttpSession(server.origin);
    await session.signIn();
    await search(session, 'garcia');
    await server.stop();
    server = null;
    const afterStop = stored();
    expect(afterStop.journal).toEqual([]);
    expect(afterStop.log).toHaveLength(5);

    const database = openDatabase(file);
    try {
      expect((await verifyAuditChains(database.db)).filter((r) => r.problem !== null)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});

/** Writes a search row to the journal as a crashed server would have left it. */
async function leaveInJournal(file: string, id: string): Promise<void> {
  const database = openDatabase(file);
  try {
    const office = await database.db.selectFrom('offices').select('id').executeTakeFirstOrThrow();
    await database.db
      .insertInto('audit_journal')
      .values({
        id,
        occurred_at: new Date().toISOString(),
        actor_id: null,
        office_id: office.id,
        action: 'matters.list',
        entity_type: 'queue',
        entity_id: 'all',
        ip: '127.0.0.1',
        outcome: 'ok',
        detail: JSON.stringify({ search: 'name', matterIds: [] }),
      })
      .execute();
  } finally {
    await database.close();
  }
}
