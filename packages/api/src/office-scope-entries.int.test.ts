// Office scoping by structure, through the entries: the functions below no longer filter by office
// by hand (they take an OfficeDb, packages/db/src/office-scope.ts), so each procedure that reaches
// them is called by a person of another office naming this office's records, and must refuse or
// answer nothing of them, writing nothing in this office. The list is checked against the router:
// every procedure of a folder done by structure that takes a record's id is in it, so a new one
// cannot be left out.
import { OFFICE_COLUMN_TABLES, type OfficeDb } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthedContext, OfficeContext } from './context.ts';
import { matterWithConviction, type Who } from './features/lifecycle-fixtures.ts';
import { listOfficeUsers } from './features/users/rapSheetAccess.ts';
import { appRouter } from './router.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';
import { authedProcedure } from './trpc.ts';

/** Office A's records that office B's people name. */
interface Records {
  officeId: string;
  userId: string;
  matterId: string;
  convictionId: string;
}

interface Entry {
  /** Who calls: a person of the other office with the permission the procedure asks. */
  as: Who;
  input: (a: Records) => unknown;
  /** A read that answers (an empty list, say) rather than refusing: none of office A's ids in it. */
  answers?: true;
}

const ENTRIES: Record<string, Entry> = {
  'users.setRapSheetAccess': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, canViewRapSheets: true }),
  },
  'users.unlock': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.endSessions': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.setActive': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, active: false }),
  },
  'users.setRole': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, role: 'attorney' }),
  },
  'users.resetFactors': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.list': { as: 'bayLegal.admin', input: () => undefined, answers: true },
  'users.listColleagues': { as: 'bayLegal.intake', input: () => undefined, answers: true },
};

/** Routers whose functions rely on the scope (their hand-written office filters removed). */
const DONE = ['users'];

/**
 * Procedures of those routers that take a record's id but need no entry here, and why. Invitations
 * are named by their token or id within the administrator's office (features/invitations).
 */
const NO_RECORD_OF_ANOTHER_OFFICE: Record<string, string> = {
  'users.revokeInvitation': 'features/invitations: not done yet',
  'users.resendInvitation': 'features/invitations: not done yet',
  'users.invite': 'features/invitations: not done yet',
  'users.invitations': 'features/invitations: not done yet',
};

type AnyCall = (input?: unknown) => Promise<unknown>;
function procedureAt(caller: object, path: string): AnyCall {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  if (typeof target !== 'function') throw new Error(`No procedure at ${path}`);
  return target as AnyCall;
}

/** The keys of a procedure's input object (zod), unwrapping refinements and pipes. */
function inputKeys(path: string): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
  const procedure = procedures[path];
  const keys: string[] = [];
  for (let schema of procedure?._def.inputs ?? []) {
    for (let depth = 0; depth < 5 && schema; depth++) {
      const s = schema as { shape?: Record<string, unknown>; _def?: Record<string, unknown> };
      if (s.shape) {
        keys.push(...Object.keys(s.shape));
        break;
      }
      schema = s._def?.schema ?? s._def?.innerType ?? s._def?.in;
    }
  }
  return keys;
}

const scopedTables = Object.entries(OFFICE_COLUMN_TABLES)
  .filter(([, rule]) => rule === 'scoped')
  .map(([table]) => table as 'matters');

describe('the list of entries', () => {
  const done = Object.keys(appRouter._def.procedures).filter((p) => DONE.includes(p.split('.')[0] ?? ''));

  it('names every procedure of the done folders that takes a record’s id', () => {
    const namesARecord = done.filter((p) => inputKeys(p).some((k) => /Ids?$/.test(k)));
    expect(namesARecord.length).toBeGreaterThan(0);
    const missing = namesARecord.filter((p) => !(p in ENTRIES) && !(p in NO_RECORD_OF_ANOTHER_OFFICE));
    expect(missing).toEqual([]);
  });

  it('names only procedures that exist', () => {
    const all = new Set(Object.keys(appRouter._def.procedures));
    expect(
      [...Object.keys(ENTRIES), ...Object.keys(NO_RECORD_OF_ANOTHER_OFFICE)].filter((p) => !all.has(p)),
    ).toEqual([]);
  });
});

describe.each(testDialects())('another office’s records, through each entry (%s)', (dialect) => {
  let api: ApiHarness;
  let a: Records;

  /** Every row of office A in every scoped table: equal before and after means nothing was written. */
  async function officeARows() {
    const rows: Record<string, unknown[]> = {};
    for (const table of scopedTables) {
      const found = await api.database.db
        .selectFrom(table)
        .selectAll()
        .where('office_id', '=', a.officeId)
        .execute();
      rows[table] = found.map((row) => JSON.stringify(row)).sort();
    }
    return rows;
  }

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const { matterId, convictionId } = await matterWithConviction(api);
    a = { officeId: api.officeIds.alameda, userId: api.userIds['alameda.intake'], matterId, convictionId };
  });
  afterAll(async () => api.destroy());

  it.each(Object.keys(ENTRIES))('%s', async (path) => {
    const entry = ENTRIES[path];
    if (!entry) throw new Error(path);
    const caller = await api.signedIn(entry.as);
    const before = await officeARows();
    const call = procedureAt(caller, path)(entry.input(a));
    if (entry.answers) {
      const answer = JSON.stringify(await call);
      for (const id of [a.userId, a.matterId, a.convictionId]) expect(answer).not.toContain(id);
    } else {
      await expect(call).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await officeARows()).toEqual(before);
  });
});

// Checked by the compiler: a procedure's handle is the office's, and a function that relies on it
// refuses a signed-in context whose handle is plain. If the mark disappeared, each @ts-expect-error
// would be an unused directive and fail pnpm typecheck.
const typesOnly = {
  procedure: authedProcedure.query(({ ctx }) => {
    const db: OfficeDb = ctx.db;
    return listOfficeUsers({ ...ctx, db });
  }),
  plain: (ctx: AuthedContext, scoped: OfficeContext) => {
    listOfficeUsers(scoped);
    // @ts-expect-error a signed-in context with a plain handle is not held to the office
    listOfficeUsers(ctx);
  },
};

describe('office scope in the types', () => {
  it('is checked by the compiler', () => {
    expect(Object.keys(typesOnly)).toEqual(['procedure', 'plain']);
  });
});
