// Audit rows by the data layer (audit.ts, putOnRecord): a function of a signed-in person's request
// names the record and what about it; the row's action, person, office, address and time are the
// request's, on its handle, on a transaction opened on it, and on handles made from either.
import {
  acrossOffices,
  type Db,
  inTransaction,
  type OfficeDb,
  officeScoped,
  type RequestDb,
  type RequestTx,
  type Tx,
  withTransactionHooks,
} from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putOnRecord } from './audit.ts';
import type { OfficeContext } from './context.ts';
import { authedContext } from './features/lifecycle-fixtures.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';

describe.each(testDialects())('putOnRecord (%s)', (dialect) => {
  let api: ApiHarness;
  let ctx: OfficeContext;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    ctx = await authedContext(api, 'alameda.attorney', 'matters.addNote');
  });
  afterAll(async () => api.destroy());

  const rowsAbout = (entityId: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'office_id', 'ip', 'outcome', 'entity_type', 'detail'])
      .where('entity_id', '=', entityId)
      .execute();
  const asTheRequest = (detail = '{}', outcome = 'ok') => ({
    action: 'matters.addNote',
    actor_id: ctx.user.id,
    office_id: ctx.user.officeId,
    ip: ctx.ip,
    outcome,
    entity_type: 'matter',
    detail,
  });

  it('writes the row as the request: its name, person, office and address', async () => {
    await putOnRecord(ctx.db, { entityType: 'matter', entityId: 'read-outside', detail: { notes: 2 } });
    expect(await rowsAbout('read-outside')).toEqual([asTheRequest('{"notes":2}')]);
  });

  it('writes inside a transaction opened on the handle, and rolls back with it', async () => {
    await inTransaction(ctx.db, ({ tx }) => putOnRecord(tx, { entityType: 'matter', entityId: 'in-tx' }));
    expect(await rowsAbout('in-tx')).toEqual([asTheRequest()]);
    const failing = inTransaction(ctx.db, async ({ tx }) => {
      await putOnRecord(tx, { entityType: 'matter', entityId: 'rolled-back' });
      throw new Error('the change failed');
    });
    await expect(failing).rejects.toThrow('the change failed');
    expect(await rowsAbout('rolled-back')).toEqual([]);
  });

  it('is kept by handles made from the request’s (request keys’ hooks, office scope, across offices)', async () => {
    // Request keys' hooks keep the handle's type; a handle rescoped or taken across offices is typed
    // plain (the compiler no longer knows it carries the request), so the test names it again.
    const keyed: RequestDb = withTransactionHooks(ctx.db, {});
    const rescoped = officeScoped(keyed, ctx.dialect, ctx.user.officeId) as RequestDb;
    await putOnRecord(rescoped, { entityType: 'matter', entityId: 'derived-handle' });
    await inTransaction(rescoped, async ({ tx }) => {
      await putOnRecord(acrossOffices(tx) as RequestTx, { entityType: 'matter', entityId: 'derived-tx' });
      await putOnRecord(officeScoped(tx as Tx, ctx.dialect, ctx.user.officeId) as RequestTx, {
        entityType: 'matter',
        entityId: 'rescoped-tx',
      });
    });
    for (const id of ['derived-handle', 'derived-tx', 'rescoped-tx'])
      expect(await rowsAbout(id), id).toEqual([asTheRequest()]);
  });

  it('writes a step under its own name only when the function names it', async () => {
    await putOnRecord(ctx.db, { action: 'convictions.add', entityType: 'matter', entityId: 'step' });
    expect(await rowsAbout('step')).toEqual([{ ...asTheRequest(), action: 'convictions.add' }]);
  });

  it('refuses a handle that is no signed-in request’s, saying which handle it needs', async () => {
    // The compiler refuses it first: only signedInScope's handle and its transactions are RequestDb.
    const plain: Db = api.database.db;
    const office: OfficeDb = officeScoped(plain, ctx.dialect, ctx.user.officeId);
    // @ts-expect-error an office's handle that carries no request
    await expect(putOnRecord(office, { entityType: 'matter', entityId: 'nobody' })).rejects.toThrow(
      'putOnRecord needs the handle of a signed-in request',
    );
    // @ts-expect-error a plain handle
    await expect(putOnRecord(plain, { entityType: 'matter', entityId: 'nobody' })).rejects.toThrow(
      'putOnRecord needs the handle of a signed-in request',
    );
    expect(await rowsAbout('nobody')).toEqual([]);
  });
});
