// Whether the office requires a second factor of everyone at sign-in. An office with no setting does
// not (the demo offices, and offices made before the setting existed); `create-admin` turns it on for
// each office it creates. Administrators change it on Office settings: versioned and audited. People
// without a factor are led through setting one up at their next sign-in; sessions already open go on.
import { type Db, inTransaction, type OfficeDb, type OfficeTx, type Tx } from '@relief-desk/db';
import type { setMfaRequiredInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput } from '../../errors.ts';

export interface SignInSettings {
  /** 0 while the office has never set it. */
  version: number;
  mfaRequired: boolean;
  /** People of the office with no second factor yet (they set one up at their next sign-in when required). */
  withoutFactor: number;
}

export async function officeRequiresMfa(db: Db | Tx, officeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('office_sign_in_settings')
    .select('mfa_required')
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row?.mfa_required === 1;
}

/** The office's settings, read on its handle (the scope holds every query to the office). */
export async function signInSettingsOf(db: OfficeDb | OfficeTx): Promise<SignInSettings> {
  const row = await db
    .selectFrom('office_sign_in_settings')
    .select(['mfa_required', 'version'])
    .executeTakeFirst();
  const withoutFactor = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mfa_totp')
            .select('mfa_totp.user_id')
            .whereRef('mfa_totp.user_id', '=', 'users.id')
            .where('mfa_totp.confirmed_at', 'is not', null),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mfa_passkeys')
            .select('mfa_passkeys.id')
            .whereRef('mfa_passkeys.user_id', '=', 'users.id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return {
    version: row?.version ?? 0,
    mfaRequired: row?.mfa_required === 1,
    withoutFactor: Number(withoutFactor.n),
  };
}

export async function setMfaRequired(
  ctx: OfficeContext,
  input: z.output<typeof setMfaRequiredInputSchema>,
): Promise<SignInSettings> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const officeId = ctx.user.officeId;
    const now = ctx.clock.now().toISOString();
    const current = await tx
      .selectFrom('office_sign_in_settings')
      .select(['version', 'mfa_required', 'updated_by', 'updated_at'])
      .executeTakeFirst();
    const conflict = () =>
      versionConflict(tx, 'whether the office requires a second factor', {
        updated_by: current?.updated_by ?? null,
        updated_at: current?.updated_at ?? now,
      });
    if ((current?.version ?? 0) !== input.version) throw await conflict();
    // Nothing to change: refused, so the log never says a rule was set that already held.
    if ((current?.mfa_required === 1) === input.required)
      throw badInput(
        'required',
        input.required
          ? 'The office already requires a second factor of everyone.'
          : 'The office already lets people sign in without a second factor.',
      );
    if (current) {
      const saved = await tx
        .updateTable('office_sign_in_settings')
        .set({
          mfa_required: input.required ? 1 : 0,
          version: input.version + 1,
          updated_at: now,
          updated_by: ctx.user.id,
        })
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    } else {
      const inserted = await tx
        .insertInto('office_sign_in_settings')
        .values({
          office_id: officeId,
          mfa_required: input.required ? 1 : 0,
          version: 1,
          updated_at: now,
          updated_by: ctx.user.id,
        })
        .onConflict((oc) => oc.column('office_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict();
    }
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: officeId,
      detail: { from: current?.mfa_required === 1, to: input.required, version: input.version + 1 },
    });
    return signInSettingsOf(tx);
  });
}
