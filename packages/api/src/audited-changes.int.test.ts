// Audit by structure (audited-changes.ts), on real databases: a mutation's transaction that changes
// records commits only with an audit row; without one it rolls back and nothing it wrote remains.

import { inTransaction, journalAuditRow } from '@relief-desk/db';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from './audit.ts';
import { auditedChanges, UnauditedChangeError } from './audited-changes.ts';
import { fixedClock } from './clock.ts';

const NOW = '2026-01-05T17:00:00.000Z';

describe.each(testDialects())('changes without an audit row (%s)', (dialect) => {
  let database: TestDatabase;
  const ctx = { clock: fixedClock(NOW), ip: '127.0.0.1', user: { id: 'person-1', officeId: 'office-a' } };
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await database.db
      .insertInto('offices')
      .values({ id: 'office-a', name: 'A', created_at: NOW, updated_at: NOW })
      .execute();
  });
  afterAll(async () => database.destroy());

  const counter = (name: string) =>
    database.db.selectFrom('counters').select('value').where('name', '=', name).executeTakeFirst();
  const addCounter = (tx: Parameters<typeof writeAudit>[0], name: string) =>
    tx.insertInto('counters').values({ office_id: 'office-a', name, value: 1 }).execute();

  it('rolls back a change that wrote no audit row, and says which action it was', async () => {
    const db = auditedChanges(database.db, 'counters.add');
    const attempt = inTransaction(db, async ({ tx }) => addCounter(tx, 'unaudited'));
    await expect(attempt).rejects.toBeInstanceOf(UnauditedChangeError);
    await expect(attempt).rejects.toThrow('counters.add changed records without writing an audit row');
    expect(await counter('unaudited')).toBeUndefined();
  });

  it('commits a change with its audit row, and a transaction that changed nothing', async () => {
    const db = auditedChanges(database.db, 'counters.add');
    await inTransaction(db, async ({ tx }) => {
      await addCounter(tx, 'audited');
      await writeAudit(tx, ctx, { action: 'counters.add', entityType: 'counter', entityId: 'audited' });
    });
    expect(await counter('audited')).toEqual({ value: 1 });
    // Reading, or a save that found nothing to change, needs no row.
    await expect(
      inTransaction(db, async ({ tx }) => tx.selectFrom('counters').selectAll().execute()),
    ).resolves.toHaveLength(1);
  });

  it('takes a read’s journaled row for no change, and for no change’s audit row either', async () => {
    const db = auditedChanges(database.db, 'matters.get');
    const row = (id: string) => ({
      id,
      occurred_at: NOW,
      actor_id: 'person-1',
      office_id: 'office-a',
      action: 'matters.get',
      entity_type: 'matter',
      entity_id: 'matter-1',
      ip: '127.0.0.1',
      outcome: 'ok' as const,
      detail: '{}',
    });
    // A read that only journals its row commits.
    await inTransaction(db, async ({ tx }) => journalAuditRow(tx, row('read-1')));
    // A change whose only row is a read's journaled row rolls back, row and all.
    await expect(
      inTransaction(db, async ({ tx }) => {
        await addCounter(tx, 'journaled only');
        await journalAuditRow(tx, row('read-2'));
      }),
    ).rejects.toBeInstanceOf(UnauditedChangeError);
    expect(await counter('journaled only')).toBeUndefined();
    const journaled = await database.db.selectFrom('audit_journal').select('id').orderBy('id').execute();
    expect(journaled.map((r) => r.id)).toEqual(['read-1']);
  });

  it('takes rows locked for update, then left as they were, for no change', async () => {
    const db = auditedChanges(database.db, 'counters.check');
    const locked = await inTransaction(db, async ({ tx }) => {
      let query = tx.selectFrom('counters').selectAll().where('name', '=', 'audited');
      if (dialect === 'postgres') query = query.forUpdate();
      return query.execute();
    });
    expect(locked).toHaveLength(1);
  });

  it('sees a change written as raw SQL, and takes an update that matched no row for no change', async () => {
    const db = auditedChanges(database.db, 'counters.bump');
    await expect(
      inTransaction(db, async ({ tx }) =>
        sql`update counters set value = value + 1 where name = 'audited'`.execute(tx),
      ),
    ).rejects.toBeInstanceOf(UnauditedChangeError);
    expect(await counter('audited')).toEqual({ value: 1 });
    await inTransaction(db, async ({ tx }) =>
      tx.updateTable('counters').set({ value: 5 }).where('name', '=', 'no such counter').execute(),
    );
  });

  it('checks each transaction on its own: an earlier one’s audit row does not cover a later change', async () => {
    const db = auditedChanges(database.db, 'counters.add');
    await inTransaction(db, async ({ tx }) => {
      await writeAudit(tx, ctx, { action: 'counters.add', entityType: 'counter', entityId: null });
    });
    await expect(inTransaction(db, async ({ tx }) => addCounter(tx, 'later'))).rejects.toBeInstanceOf(
      UnauditedChangeError,
    );
    expect(await counter('later')).toBeUndefined();
  });
});
