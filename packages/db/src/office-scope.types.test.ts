// The office scope in the types: only officeScoped makes an OfficeDb, a transaction opened on one
// keeps the mark, acrossOffices takes it off, and a plain handle is refused where the scope is relied
// on. Checked by the compiler (pnpm typecheck): if the mark disappeared, each @ts-expect-error below
// would be an unused directive and fail the build.
import { describe, expect, it } from 'vitest';
import { acrossOffices, officeScoped } from './office-scope.ts';
import { type Db, inTransaction, type OfficeDb, type OfficeTx, type Tx } from './transaction.ts';

/** Stands for a function that leaves the office out of its queries. */
function reliesOnTheScope(_db: OfficeDb | OfficeTx): void {}
/** Stands for a function that names its office itself: any handle will do, a scoped one too. */
function namesItsOffice(_db: Db | Tx): void {}

// Never called: the compiler checks it, the test below only makes sure the file runs.
async function typesOnly(plain: Db) {
  const scoped = officeScoped(plain, 'sqlite', 'office-a');
  reliesOnTheScope(scoped);
  namesItsOffice(scoped);
  // @ts-expect-error a plain handle is not held to an office
  reliesOnTheScope(plain);
  await inTransaction(scoped, async ({ tx }) => {
    reliesOnTheScope(tx);
    namesItsOffice(tx);
    // @ts-expect-error a transaction's handle without the scope is plain again
    reliesOnTheScope(acrossOffices(tx));
  });
  await inTransaction(plain, async ({ tx }) => {
    // @ts-expect-error a transaction opened on a plain handle is plain
    reliesOnTheScope(tx);
    // until it is held to an office itself (a transaction several offices' work shares)
    const held: OfficeTx = officeScoped(tx, 'sqlite', 'office-a');
    reliesOnTheScope(held);
  });
  // @ts-expect-error without the scope the handle is plain
  reliesOnTheScope(acrossOffices(scoped));
  // @ts-expect-error another plugin on the handle does not claim the scope
  reliesOnTheScope(plain.withoutPlugins());
  // @ts-expect-error nor does an assertion of a plain transaction
  reliesOnTheScope({} as Tx);
}

describe('office scope in the types', () => {
  it('is checked by the compiler', () => {
    expect(typeof typesOnly).toBe('function');
  });
});
