// Need to know, tested so that forgetting cannot fool it: sentinel criminal history (sections, court
// cases, decision reasons, court names) is seeded in both offices, then every procedure of the router
// (read from the router itself, so a new one is walked the day it is added) is called by every role,
// with and without the RAP sheet permission, on its own office's records and on the other office's.
// No response, error or log line may carry a sentinel its caller should not see.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor } from './procedure-fixtures.ts';
import { appRouter, createCaller } from './router.ts';
import {
  forbiddenSentinels,
  OFFICES,
  type Records,
  ROLES,
  SENTINELS,
  seedSentinels,
  sentinelsOf,
} from './sentinels.ts';
import { type ApiHarness, createApiHarness, type OfficeKey, TEST_PASSWORD } from './testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: the router's procedure record is walked by path, whatever each one's type.
type AnyCaller = Record<string, Record<string, (input?: unknown) => Promise<any>>>;

/** Calls a procedure by its dotted path and returns what the caller got back, value or error, as text. */
async function callByPath(caller: AnyCaller, path: string, input: unknown): Promise<string> {
  const [group = '', name = ''] = path.split('.');
  const procedure = caller[group]?.[name];
  if (!procedure) throw new Error(`no procedure ${path}`);
  try {
    return JSON.stringify((await procedure(input)) ?? null);
  } catch (error) {
    const e = error as { message?: string; data?: unknown };
    return JSON.stringify({ error: e.message, data: e.data });
  }
}

describe.each(testDialects())('need to know: the sentinel walk (%s)', (dialect) => {
  let api: ApiHarness;
  const records = {} as Record<OfficeKey, Records>;
  const logLines: string[] = [];

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    Object.assign(records, await seedSentinels(api));
  }, 120_000);
  afterAll(async () => api.destroy());

  it('no procedure shows criminal history to a caller without the permission, or to another office', async () => {
    const paths = Object.keys(appRouter._def.procedures);
    const uncovered = paths.filter((p) => !(p in inputsFor(records.alameda)));
    expect(uncovered, 'procedures the walk has no input for: add them to inputsFor').toEqual([]);
    // Signing out ends the caller's session: it goes last.
    const ordered = [...paths.filter((p) => p !== 'auth.signOut'), 'auth.signOut'];

    const leaks: string[] = [];
    let calls = 0;
    let ownSeen = 0;
    for (const office of OFFICES) {
      for (const role of ROLES) {
        const user = await api.database.db
          .selectFrom('users')
          .select('can_view_rap_sheets')
          .where('id', '=', api.userIds[`${office}.${role}`])
          .executeTakeFirstOrThrow();
        const permitted = user.can_view_rap_sheets === 1;
        const signIn = api.context({ log: { error: (m, d) => logLines.push(`${m} ${String(d)}`) } });
        await createCaller(signIn).auth.signIn({
          email: `${role}@${office.toLowerCase()}.test`,
          password: TEST_PASSWORD,
        });
        const caller = createCaller(
          api.context({
            sessionToken: signIn.cookieJar.token,
            log: { error: (m, d) => logLines.push(`${m} ${String(d)}`) },
          }),
        ) as unknown as AnyCaller;
        const other = OFFICES.find((o) => o !== office) ?? office;
        for (const target of [office, other]) {
          const inputs = inputsFor(records[target]);
          for (const path of ordered.filter((p) => p !== 'auth.signOut' || target === other)) {
            const text = await callByPath(caller, path, inputs[path]);
            calls++;
            const forbidden = forbiddenSentinels(office, permitted);
            for (const value of forbidden) {
              const at = text.indexOf(value);
              if (at >= 0)
                leaks.push(
                  `${office}.${role} (${permitted ? 'with' : 'without'} permission) ${path} on ${target}: …${text.slice(Math.max(0, at - 80), at + 20)}…`,
                );
            }
            if (
              permitted &&
              path === 'matters.get' &&
              target === office &&
              text.includes(SENTINELS[office].cases[0])
            )
              ownSeen++;
          }
        }
      }
    }
    const logLeaks = logLines.filter((line) =>
      OFFICES.some((o) => sentinelsOf(o).some((v) => line.includes(v))),
    );
    console.log(
      `need-to-know walk (${dialect}): ${paths.length} procedures × ${OFFICES.length * ROLES.length} callers × 2 offices = ${calls} calls; ${leaks.length} leaks; ${logLeaks.length} log lines with criminal history`,
    );
    expect(leaks).toEqual([]);
    expect(logLeaks).toEqual([]);
    // The walk can fail: those with the permission do see their own office's records.
    expect(ownSeen).toBe(4);
  }, 300_000);
});
