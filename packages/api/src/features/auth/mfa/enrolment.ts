// A person's own second factors: see them, prove it is you again, set up an authenticator app or a
// passkey, remove one, make new recovery codes. Adding or removing a factor needs the password, or a
// current factor, within the last few minutes in this session (signing in counts). The first factor
// comes with ten recovery codes, shown once; it also ends a session's "set up a factor first" state.
// Each change is audited in its own transaction; ids and counts only, never a secret.
import { type Db, inTransaction, newId, type Tx, takeTurns } from '@relief-desk/db';
import {
  type addPasskeyInputSchema,
  type confirmTotpInputSchema,
  MFA_RULES,
  type reauthenticateInputSchema,
  type removeFactorInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord, type RecordFacts } from '../../../audit.ts';
import type { OfficeContext } from '../../../context.ts';
import { AppError, badInput, notFound } from '../../../errors.ts';
import { officeRequiresMfa } from '../../offices/signInSettings.ts';
import { verifyPassword } from '../passwords.ts';
import { hashToken } from '../sessions.ts';
import { accountKey, claimSignInAttempt, clearAccount, signInKey } from '../throttle.ts';
import { startSessionCeremony, takeSessionCeremony } from './challenges.ts';
import { type Factors, factorsOf, hasFactor } from './factors.ts';
import {
  authenticationOptions,
  checkAssertion,
  checkRegistration,
  passkeysOf,
  registrationOptions,
  relyingPartyOf,
} from './passkeys.ts';
import { replaceRecoveryCodes } from './recoveryCodes.ts';
import { acceptableStep, useTotpStep } from './secondFactor.ts';
import { matchingStep, newTotpSecret, totpQrCode, totpUri } from './totp.ts';

export const REAUTHENTICATION_REFUSED_MESSAGE =
  'That did not confirm it is you: the password or code is wrong, or the account is locked after 5 failed tries. Try again; a locked account opens again after 15 minutes, or when an administrator unlocks it.';

interface CurrentSession {
  id: string;
  reauthenticatedAt: string | null;
  enrolmentOnly: boolean;
}

async function currentSession(db: Db | Tx, ctx: OfficeContext): Promise<CurrentSession> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'reauthenticated_at', 'enrolment_only'])
    .where('token_hash', '=', hashToken(ctx.sessionToken ?? ''))
    .where('user_id', '=', ctx.user.id)
    .executeTakeFirst();
  if (!row) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
  return { id: row.id, reauthenticatedAt: row.reauthenticated_at, enrolmentOnly: row.enrolment_only === 1 };
}

/**
 * A person's factor changes take turns (PostgreSQL): each reads the factors it stands on (the first
 * brings recovery codes, the last may not go where the office requires one), so two at once could
 * both read them as they were: two confirmations of one app made two sets of codes, the last two
 * factors removed at once left none.
 */
const factorsTakeTurns = (tx: Tx, userId: string) => takeTurns(tx, 'second-factor', userId);

/** Until when this session may add or remove factors without proving it is you again. */
function proofValidUntil(session: CurrentSession): string | null {
  if (!session.reauthenticatedAt) return null;
  return new Date(
    Date.parse(session.reauthenticatedAt) + MFA_RULES.reauthenticateMinutes * 60_000,
  ).toISOString();
}

/** The session, once it is sure the person proved who they are recently; refused (and audited) otherwise. */
async function withRecentProof(db: Db | Tx, ctx: OfficeContext): Promise<CurrentSession> {
  const session = await currentSession(db, ctx);
  const until = proofValidUntil(session);
  if (until === null || until <= ctx.clock.now().toISOString())
    throw new AppError(
      'REAUTHENTICATION_REQUIRED',
      `Confirm it is you first: enter your password, or use a current second factor. Changing how you sign in needs that within the last ${MFA_RULES.reauthenticateMinutes} minutes.`,
      { audit: { entityType: 'user', entityId: ctx.user.id } },
    );
  return session;
}

export async function factorStatus(ctx: OfficeContext) {
  const [factors, session, required, user] = await Promise.all([
    factorsOf(ctx.db, ctx.user.id),
    currentSession(ctx.db, ctx),
    officeRequiresMfa(ctx.db, ctx.user.officeId),
    ctx.db
      .selectFrom('users')
      .select('must_enrol_factor')
      .where('id', '=', ctx.user.id)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    ...factors,
    officeRequiresFactor: required,
    mustSetUpFactor: !hasFactor(factors) && (required || user.must_enrol_factor === 1),
    /** Why a factor must be set up, for the page to say: an administrator's reset, or the office's rule. */
    setUpBecause: hasFactor(factors)
      ? null
      : user.must_enrol_factor === 1
        ? ('reset' as const)
        : required
          ? ('office' as const)
          : null,
    enrolmentOnly: session.enrolmentOnly,
    reauthenticatedUntil: proofValidUntil(session),
  };
}

/**
 * After a factor is added, in its transaction: the first one brings ten recovery codes, ends the
 * session's "set up a factor first" state (other such sessions of the person end: they proved only
 * the password) and the administrator's "must set one up again".
 */
async function afterFactorAdded(
  tx: Tx,
  ctx: OfficeContext,
  session: CurrentSession,
  before: Factors,
  secret: Buffer,
): Promise<string[] | null> {
  const first = !hasFactor(before);
  const codes = first ? await replaceRecoveryCodes(tx, secret, ctx.user.id, ctx.clock.now()) : null;
  if (session.enrolmentOnly)
    await tx.updateTable('sessions').set({ enrolment_only: 0 }).where('id', '=', session.id).execute();
  await tx
    .deleteFrom('sessions')
    .where('user_id', '=', ctx.user.id)
    .where('enrolment_only', '=', 1)
    .where('id', '!=', session.id)
    .execute();
  await tx
    .updateTable('users')
    .set({ must_enrol_factor: 0 })
    .where('id', '=', ctx.user.id)
    .where('must_enrol_factor', '=', 1)
    .execute();
  return codes;
}

export async function reauthenticate(ctx: OfficeContext, input: z.output<typeof reauthenticateInputSchema>) {
  const now = ctx.clock.now();
  const session = await currentSession(ctx.db, ctx);
  const key = accountKey(await signInKey(ctx.db), ctx.user.email);
  // Counted like a sign-in: guessing here locks the account as wrong passwords at sign-in do.
  const claim = await claimSignInAttempt(ctx.db, key, ctx.ip, now, { accountWide: true });
  let proved = false;
  // A code is taken (used once) in the same transaction as the re-authentication it proves.
  let totpStep: number | null = null;
  if (claim.claimed) {
    if (input.method === 'password') {
      const user = await ctx.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', ctx.user.id)
        .executeTakeFirstOrThrow();
      proved = await verifyPassword(user.password_hash, input.password);
    } else if (input.method === 'totp') {
      totpStep = await acceptableStep(ctx.db, ctx.user.id, input.code, now);
      proved = totpStep !== null;
    } else {
      const challenge = await takeSessionCeremony(ctx.db, 'passkey_reauthentication', session.id, now);
      proved =
        challenge !== null &&
        (await checkAssertion(ctx.db, relyingPartyOf(ctx), ctx.user.id, challenge, input.response, now)) !==
          null;
    }
  }
  const reauthenticated = proved
    ? await inTransaction(ctx.db, async ({ tx }) => {
        if (totpStep !== null && !(await useTotpStep(tx, ctx.user.id, totpStep, now))) return null;
        await clearAccount(tx, key, { onlyNetworkOf: ctx.ip });
        await tx
          .updateTable('sessions')
          .set({ reauthenticated_at: now.toISOString() })
          .where('id', '=', session.id)
          .execute();
        await putOnRecord(tx, {
          entityType: 'user',
          entityId: ctx.user.id,
          detail: { method: input.method },
        });
        return {
          reauthenticatedUntil: new Date(
            now.getTime() + MFA_RULES.reauthenticateMinutes * 60_000,
          ).toISOString(),
        };
      })
    : null;
  if (!reauthenticated) {
    await putOnRecord(ctx.db, {
      entityType: 'user',
      entityId: ctx.user.id,
      outcome: claim.claimed ? 'failed' : 'denied',
      detail: {
        method: input.method,
        ...(claim.claimed ? { failures: claim.failures, locked: claim.lockedNow } : { locked: true }),
      },
    });
    throw new AppError('BAD_CREDENTIALS', REAUTHENTICATION_REFUSED_MESSAGE);
  }
  return reauthenticated;
}

/** A passkey's options for proving it is you again. */
export async function reauthenticationOptions(ctx: OfficeContext) {
  const rp = relyingPartyOf(ctx);
  const session = await currentSession(ctx.db, ctx);
  const passkeys = await passkeysOf(ctx.db, ctx.user.id);
  if (passkeys.length === 0)
    throw badInput('method', 'You have no passkey: confirm with your password instead.');
  const options = await authenticationOptions(rp, passkeys);
  await inTransaction(ctx.db, async ({ tx }) => {
    await startSessionCeremony(
      tx,
      'passkey_reauthentication',
      { id: session.id, userId: ctx.user.id },
      options.challenge,
      ctx.clock.now(),
      MFA_RULES.passkeyCeremonyMinutes,
    );
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: ctx.user.id,
    });
  });
  return options;
}

/** A new authenticator app's secret, its otpauth:// address and QR code; confirmed by a code next. */
export async function startTotp(ctx: OfficeContext) {
  const now = ctx.clock.now().toISOString();
  const secret = newTotpSecret();
  await inTransaction(ctx.db, async ({ tx }) => {
    await withRecentProof(tx, ctx);
    const saved = await tx
      .insertInto('mfa_totp')
      .values({ user_id: ctx.user.id, secret, created_at: now, confirmed_at: null })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ secret, created_at: now, last_used_step: null, last_used_at: null })
          .where('mfa_totp.confirmed_at', 'is', null),
      )
      .executeTakeFirst();
    if (Number(saved.numInsertedOrUpdatedRows ?? 0) === 0)
      throw badInput(
        'code',
        'You already have an authenticator app. Remove it first to set up another (on a new phone, say).',
      );
    await putOnRecord(tx, { entityType: 'user', entityId: ctx.user.id });
  });
  const uri = totpUri(secret, ctx.user.email);
  return { secret, uri, qrCode: await totpQrCode(uri) };
}

export async function confirmTotp(ctx: OfficeContext, input: z.output<typeof confirmTotpInputSchema>) {
  const now = ctx.clock.now();
  const secret = await signInKey(ctx.db);
  return inTransaction(ctx.db, async ({ tx }) => {
    const session = await withRecentProof(tx, ctx);
    await factorsTakeTurns(tx, ctx.user.id);
    const before = await factorsOf(tx, ctx.user.id);
    const pending = await tx
      .selectFrom('mfa_totp')
      .select(['secret'])
      .where('user_id', '=', ctx.user.id)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (!pending)
      throw badInput(
        'code',
        before.totp
          ? 'Your authenticator app is already set up.'
          : 'Start setting up the authenticator app again: no code was expected.',
      );
    const step = matchingStep(pending.secret, input.code, now);
    if (step === null)
      throw badInput(
        'code',
        'That code does not match. Check that the app shows Relief Desk with your e-mail, and enter the code it shows now.',
      );
    await tx
      .updateTable('mfa_totp')
      .set({ confirmed_at: now.toISOString(), last_used_step: step, last_used_at: now.toISOString() })
      .where('user_id', '=', ctx.user.id)
      .where('confirmed_at', 'is', null)
      .execute();
    const recoveryCodes = await afterFactorAdded(tx, ctx, session, before, secret);
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: ctx.user.id,
      detail: { firstFactor: recoveryCodes !== null, recoveryCodesMade: recoveryCodes?.length ?? 0 },
    });
    return { recoveryCodes };
  });
}

/** Options for the browser to make a passkey. */
export async function passkeyOptions(ctx: OfficeContext) {
  const rp = relyingPartyOf(ctx);
  return inTransaction(ctx.db, async ({ tx }) => {
    const session = await withRecentProof(tx, ctx);
    const existing = await passkeysOf(tx, ctx.user.id);
    const options = await registrationOptions(rp, ctx.user, existing);
    await startSessionCeremony(
      tx,
      'passkey_registration',
      { id: session.id, userId: ctx.user.id },
      options.challenge,
      ctx.clock.now(),
      MFA_RULES.passkeyCeremonyMinutes,
    );
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: ctx.user.id,
    });
    return options;
  });
}

export async function addPasskey(ctx: OfficeContext, input: z.output<typeof addPasskeyInputSchema>) {
  const rp = relyingPartyOf(ctx);
  const now = ctx.clock.now();
  const secret = await signInKey(ctx.db);
  // The ceremony is used once, whatever happens next.
  const session = await withRecentProof(ctx.db, ctx);
  const challenge = await takeSessionCeremony(ctx.db, 'passkey_registration', session.id, now);
  if (!challenge)
    throw badInput('response', 'Adding the passkey took too long or was already done. Start again.');
  const passkey = await checkRegistration(rp, challenge, input.response);
  if (!passkey)
    throw badInput('response', 'The passkey could not be checked, so it was not added. Start again.');
  return inTransaction(ctx.db, async ({ tx }) => {
    await factorsTakeTurns(tx, ctx.user.id);
    const before = await factorsOf(tx, ctx.user.id);
    const taken = await tx
      .selectFrom('mfa_passkeys')
      .select('id')
      .where('credential_id', '=', passkey.credentialId)
      .executeTakeFirst();
    if (taken) throw badInput('response', 'That passkey is already added.');
    const id = newId(now);
    await tx
      .insertInto('mfa_passkeys')
      .values({
        id,
        user_id: ctx.user.id,
        credential_id: passkey.credentialId,
        public_key: passkey.publicKey,
        counter: passkey.counter,
        transports: JSON.stringify(passkey.transports),
        label: input.label,
        created_at: now.toISOString(),
        last_used_at: null,
      })
      .execute();
    const recoveryCodes = await afterFactorAdded(tx, ctx, session, before, secret);
    await putOnRecord(tx, {
      entityType: 'passkey',
      entityId: id,
      detail: { firstFactor: recoveryCodes !== null, recoveryCodesMade: recoveryCodes?.length ?? 0 },
    });
    return { id, recoveryCodes };
  });
}

export async function removeFactor(ctx: OfficeContext, input: z.output<typeof removeFactorInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    await withRecentProof(tx, ctx);
    await factorsTakeTurns(tx, ctx.user.id);
    const entity: RecordFacts =
      input.kind === 'totp'
        ? { entityType: 'user', entityId: ctx.user.id }
        : { entityType: 'passkey', entityId: input.passkeyId };
    const removed =
      input.kind === 'totp'
        ? await tx.deleteFrom('mfa_totp').where('user_id', '=', ctx.user.id).executeTakeFirst()
        : await tx
            .deleteFrom('mfa_passkeys')
            .where('id', '=', input.passkeyId)
            .where('user_id', '=', ctx.user.id)
            .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0)
      throw notFound(input.kind === 'totp' ? 'Your authenticator app' : 'That passkey', {
        ...entity,
      });
    const after = await factorsOf(tx, ctx.user.id);
    if (!hasFactor(after)) {
      if (await officeRequiresMfa(tx, ctx.user.officeId))
        throw badInput(
          'kind',
          'Your office requires a second factor: add another one before you remove your last.',
        );
      await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', ctx.user.id).execute();
    }
    await putOnRecord(tx, {
      ...entity,
      detail: { kind: input.kind, factorsLeft: (after.totp ? 1 : 0) + after.passkeys.length },
    });
    return { factorsLeft: (after.totp ? 1 : 0) + after.passkeys.length };
  });
}

export async function newRecoveryCodes(ctx: OfficeContext) {
  const secret = await signInKey(ctx.db);
  return inTransaction(ctx.db, async ({ tx }) => {
    await withRecentProof(tx, ctx);
    await factorsTakeTurns(tx, ctx.user.id);
    if (!hasFactor(await factorsOf(tx, ctx.user.id)))
      throw badInput('kind', 'Set up an authenticator app or a passkey first: recovery codes come with it.');
    const recoveryCodes = await replaceRecoveryCodes(tx, secret, ctx.user.id, ctx.clock.now());
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: ctx.user.id,
      detail: { recoveryCodesMade: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
}
