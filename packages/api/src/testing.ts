// A real migrated database with two offices and one user of each role in each, and callers that
// sign in through the router itself: what integration tests build on.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, DialectName } from '@relief-desk/db';
import { newId } from '@relief-desk/db';
import { createTestDatabase, type TestDatabase } from '@relief-desk/db/testing';
import type { RecordReferralInput, Role } from '@relief-desk/domain';
import { fixedClock } from './clock.ts';
import type { Context } from './context.ts';
import { assignMissingOfficeSlugs } from './features/applications/slugs.ts';
import { hashPassword } from './features/auth/passwords.ts';
import { diskFileStore } from './files/store.ts';
import { createCaller } from './router.ts';

export { type ApplicationFormFields, applicationFormFields } from './features/applications/fixtures.ts';

export const TEST_PASSWORD = 'quiet river morning 42';
export const OFFICES = {
  alameda: { name: 'Alameda County Public Defender', counties: ['Alameda'] },
  bayLegal: { name: 'Bay Area Legal Aid', counties: ['Contra Costa', 'San Francisco'] },
} as const;
export type OfficeKey = keyof typeof OFFICES;

export interface ApiHarness {
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  officeIds: Record<OfficeKey, string>;
  userIds: Record<`${OfficeKey}.${Role}`, string>;
  context(overrides?: Partial<Context>): Context & { cookieJar: { token: string | null } };
  anonymous(): ReturnType<typeof createCaller>;
  signedIn(user: `${OfficeKey}.${Role}`): Promise<ReturnType<typeof createCaller>>;
  destroy(): Promise<void>;
}

/** `filesDir`: where uploads go, when a test's server must read the same files (it is not removed). */
export async function createApiHarness(
  dialect: DialectName,
  options: { filesDir?: string } = {},
): Promise<ApiHarness> {
  const database = await createTestDatabase(dialect);
  const clock = fixedClock('2026-11-28T18:00:00.000Z');
  const now = clock.now().toISOString();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const officeIds = {} as Record<OfficeKey, string>;
  const userIds = {} as Record<`${OfficeKey}.${Role}`, string>;

  for (const [key, office] of Object.entries(OFFICES) as [OfficeKey, (typeof OFFICES)[OfficeKey]][]) {
    const officeId = newId();
    officeIds[key] = officeId;
    await database.db
      .insertInto('offices')
      .values({ id: officeId, name: office.name, created_at: now, updated_at: now })
      .execute();
    await database.db
      .insertInto('office_counties')
      .values(office.counties.map((county) => ({ office_id: officeId, county })))
      .execute();
    await assignMissingOfficeSlugs(database.db);
    for (const role of ['intake', 'attorney', 'supervisor', 'admin'] as const) {
      const id = newId();
      userIds[`${key}.${role}`] = id;
      await database.db
        .insertInto('users')
        .values({
          id,
          office_id: officeId,
          email: `${role}@${key.toLowerCase()}.test`,
          name: `${role[0]?.toUpperCase()}${role.slice(1)} of ${office.name}`,
          role,
          password_hash: passwordHash,
          can_view_rap_sheets: role === 'attorney' || role === 'supervisor' ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }

  const ownFilesDir = options.filesDir ? null : mkdtempSync(join(tmpdir(), 'relief-desk-files-'));
  const filesDir = options.filesDir ?? ownFilesDir ?? '';
  const files = diskFileStore(filesDir);
  const context = (overrides: Partial<Context> = {}) => {
    const cookieJar = { token: overrides.sessionToken ?? null };
    const ctx: Context & { cookieJar: { token: string | null } } = {
      db: database.db,
      dialect,
      clock,
      log: { error: () => {} },
      ip: '127.0.0.1',
      userAgent: 'vitest',
      sessionToken: null,
      files,
      // Tests sign the same person in many times and keep using earlier callers; the limit on live
      // sessions (5 unless set) has tests of its own, which set it.
      maxSessionsPerUser: 1000,
      cookies: {
        set: (token) => {
          cookieJar.token = token;
        },
        clear: () => {
          cookieJar.token = null;
        },
      },
      ...overrides,
      cookieJar,
    };
    return ctx;
  };

  return {
    database,
    clock,
    officeIds,
    userIds,
    context,
    anonymous: () => createCaller(context()),
    signedIn: async (user) => {
      const [office, role] = user.split('.') as [OfficeKey, Role];
      const ctx = context();
      await createCaller(ctx).auth.signIn({
        email: `${role}@${office.toLowerCase()}.test`,
        password: TEST_PASSWORD,
      });
      return createCaller(context({ sessionToken: ctx.cookieJar.token }));
    },
    destroy: async () => {
      await database.destroy();
      if (ownFilesDir) rmSync(ownFilesDir, { recursive: true, force: true });
    },
  };
}

/** A complete, valid referral; tests change only what they are about. */
export function referralInput(overrides: Partial<RecordReferralInput> = {}): RecordReferralInput {
  return {
    existingClient: null,
    client: {
      legalName: 'María José Núñez',
      otherNames: [{ name: 'Maria Nunez' }],
      dateOfBirth: '1984-03-07',
      phone: '(510) 555-0123',
      email: 'maria@example.net',
      address: { line1: '1221 Oak St', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
      preferredLanguage: 'es',
      contact: { email: true, sms: true, letter: false, phone: true },
      consentToText: true,
    },
    counties: ['Alameda'],
    source: { kind: 'phone', detail: '' },
    receivedOn: '2026-11-27',
    note: 'Called about two old cases.',
    ...overrides,
  };
}

/**
 * Gives every office without them a mailing address, phone and e-mail, as an administrator sets them
 * at Office settings: until then an office's online application is closed. For tests of the public
 * pages, which are about an office already set up.
 */
/** The address name of an office's public pages (/apply/<slug>), as it was given when the office was made. */
export async function officeSlugOf(db: Db, officeId: string): Promise<string> {
  const office = await db
    .selectFrom('offices')
    .select('slug')
    .where('id', '=', officeId)
    .executeTakeFirstOrThrow();
  return office.slug ?? '';
}

export async function openOnlineApplications(db: Db): Promise<void> {
  const details = {
    address: '1 Example Plaza\nSpringfield, CA 90000',
    phone: '(555) 555-0100',
    email: 'help@office.test',
  } as const;
  for (const [column, value] of Object.entries(details) as [keyof typeof details, string][])
    await db
      .updateTable('offices')
      .set({ [column]: value })
      .where(column, '=', '')
      .execute();
}
