// A role refused a procedure is told whom to ask: the roles that hold the permission the procedure
// needs, found here by walking the whole router as each role of one office (a role the procedure
// lets through holds it; one refused by role does not), never a fixed "a supervisor or administrator".
import { testDialects } from '@relief-desk/db/testing';
import { ROLE_LABELS, ROLES, type Role } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureAt } from './procedure-fixtures.ts';
import { appRouter } from './router.ts';
import { type ApiHarness, createApiHarness } from './testing.ts';

const REFUSED_BY_ROLE = /^Your role does not allow this\b/;
// Signing in and out, sessions and second factors are every signed-in person's own: none needs a
// permission, and walking them would end the walk's sessions.
const paths = Object.keys(appRouter._def.procedures).filter(
  (p) => !p.startsWith('auth.') && !p.startsWith('invitations.') && !p.startsWith('passwordResets.'),
);

/** The roles a message names ("Ask an attorney or a supervisor of your office."). */
const named = (message: string): Role[] =>
  ROLES.filter((role) => new RegExp(`\\b${ROLE_LABELS[role].toLowerCase()}\\b`).test(message));

describe.each(testDialects())('whom a refusal by role says to ask (%s)', (dialect) => {
  let api: ApiHarness;
  const refusals = new Map<string, Map<Role, string>>();
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    for (const role of ROLES) {
      const caller = await api.signedIn(`alameda.${role}`);
      for (const path of paths) {
        const message = await procedureAt(
          caller,
          path,
        )({}).then(
          () => null,
          (error: { code?: string; message?: string }) =>
            error.code === 'FORBIDDEN' && REFUSED_BY_ROLE.test(error.message ?? '') ? error.message : null,
        );
        if (message === null) continue;
        const byRole = refusals.get(path) ?? new Map<Role, string>();
        byRole.set(role, message ?? '');
        refusals.set(path, byRole);
      }
    }
  }, 120_000);
  afterAll(async () => api?.destroy());

  it('walks procedures some roles are refused', () => {
    expect([...refusals.keys()]).toEqual(expect.arrayContaining(['users.setRole', 'audit.list']));
  });

  it('names exactly the roles the procedure lets through, for every procedure', () => {
    const wrong: string[] = [];
    for (const [path, byRole] of refusals) {
      const allowed = ROLES.filter((role) => !byRole.has(role));
      for (const [role, message] of byRole)
        if (named(message).join() !== allowed.join()) wrong.push(`${path} (as ${role}): ${message}`);
    }
    expect(wrong).toEqual([]);
  });

  it('tells a supervisor that only an administrator changes roles', () => {
    expect(refusals.get('users.setRole')?.get('supervisor')).toBe(
      'Your role does not allow this. Ask an administrator of your office.',
    );
    expect(refusals.get('audit.list')?.get('attorney')).toBe(
      'Your role does not allow this. Ask a supervisor or an administrator of your office.',
    );
  });
});
