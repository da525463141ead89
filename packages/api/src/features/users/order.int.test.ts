// Staff names with an accented initial sort among the others, as the domain orders names, on the
// users page, in the assignee pickers and in the audit log's person filter alike.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';

describe.each(testDialects())('staff in name order (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const names = { intake: 'Ángela Ruiz', attorney: 'Zoë Álvarez', supervisor: 'Sam Whitaker' } as const;
    for (const [role, name] of Object.entries(names))
      await api.database.db
        .updateTable('users')
        .set({ name })
        .where('id', '=', api.userIds[`alameda.${role as keyof typeof names}`])
        .execute();
  });
  afterAll(async () => api.destroy());

  const expected = ['Admin of Alameda County Public Defender', 'Ángela Ruiz', 'Sam Whitaker', 'Zoë Álvarez'];

  it('lists Ángela among the A’s, not after Zoë', async () => {
    const admin = await api.signedIn('alameda.admin');
    expect((await admin.users.list()).map((u) => u.name)).toEqual(expected);
    expect((await admin.users.listColleagues()).map((u) => u.name)).toEqual(expected);
    const supervisor = await api.signedIn('alameda.supervisor');
    expect((await supervisor.audit.people()).people.map((p) => p.name)).toEqual(expected);
  });
});
