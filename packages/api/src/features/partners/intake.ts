// A partner organisation's referral through the API (POST /api/v1/referrals): its key names the
// office, the body is the staff form's shape without staff-only fields, and the Idempotency-Key
// header makes a retry safe (the same key and body answer the first answer; another body, 422; while
// the first is still running, 409; no key, 400). Each key is rate limited, and every call, refused
// or not, is put on record in the office's audit log (or, for a key that is not known, the log's
// own office-less part). The referral is recorded on a handle held to the key's office
// (officeScoped): a likely match is looked for among that office's clients only.

import {
  type Db,
  inTransaction,
  isDatabaseUnavailable,
  type OfficeDb,
  officeScoped,
  type Tx,
} from '@relief-desk/db';
import {
  californiaDate,
  isRealDate,
  LANGUAGE_CODES,
  PARTNER_REQUESTS_PER_MINUTE,
  type PartnerRefusalReason,
  partnerReferralInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type KeyedRequest, openKeyedRequest } from '../../idempotency.ts';
import { claimRequest } from '../../rate-limit.ts';
import { addressKey } from '../auth/throttle.ts';
import {
  type RecordedReferral,
  recordIncomingReferral,
  recordIncomingReferralIn,
} from '../referrals/recordReferral.ts';
import { inGroupCommit } from './group-commit.ts';
import {
  isPartnerKeyLive,
  notePartnerKeyUse,
  PARTNER_REFERRAL_PROCEDURE,
  type PartnerKeyHolder,
  recentPartnerKeyFrom,
} from './keys.ts';

export { PARTNER_REFERRAL_PROCEDURE };
/** Calls one address may make in an hour without a live key (each refused and audited). */
export const PARTNER_CALLS_WITHOUT_KEY_PER_HOUR = 20;

export interface PartnerReferralAnswer {
  /** One per county, in the order sent: the office's reference, and whether another office serves it. */
  matters: {
    reference: string;
    county: string;
    status: 'received' | 'referred_out';
    referredTo: string | null;
  }[];
}

/**
 * A body the server could not read (not JSON, empty, too large, another content type), with what to
 * tell the program: refused as any invalid body is, after the key is checked, counted and on record.
 */
export class UnreadableBody {
  constructor(
    readonly refusal: AppError,
    /** The HTTP status that says it (400, 413, 415). */
    readonly status: number,
    /** What was wrong with it, as the audit log says it. */
    readonly reason: PartnerRefusalReason,
  ) {}
}

/**
 * Refusals of the request itself rather than the referral's fields (no Idempotency-Key, a body that
 * cannot be read): the audit log says which, not that fields needed fixing.
 */
const requestProblems = new WeakMap<AppError, PartnerRefusalReason>();
const problemWith = (error: AppError, reason: PartnerRefusalReason) => {
  requestProblems.set(error, reason);
  return error;
};

export interface PartnerCall {
  authorization: string | undefined;
  idempotencyKey: string | null;
  body: unknown;
}

export async function submitPartnerReferral(
  ctx: Context,
  call: PartnerCall,
): Promise<{ answer: PartnerReferralAnswer; replayed: boolean }> {
  const found = await recentPartnerKeyFrom(ctx.db, call.authorization);
  if (!found) return refuseWithoutKey(ctx, call);
  const { holder } = found;
  try {
    return await run(ctx, holder, call);
  } catch (error) {
    // A key found live a moment ago may have been revoked since: refused as any revoked key is.
    if (error instanceof KeyRevoked || (found.recent && !(await isPartnerKeyLive(ctx.db, holder))))
      return refuseWithoutKey(ctx, call);
    // The refusal is recorded after the call's transaction rolled back, in one of its own.
    const appCode =
      error instanceof AppError ? error.appCode : isDatabaseUnavailable(error) ? 'UNAVAILABLE' : 'INTERNAL';
    const failed = appCode === 'INTERNAL' || appCode === 'UNAVAILABLE';
    const problem = error instanceof AppError ? requestProblems.get(error) : undefined;
    await auditCall(
      ctx.db,
      ctx,
      holder,
      failed ? 'failed' : 'denied',
      problem ? { reason: problem, answered: appCode } : { refused: appCode },
    );
    // A refused call is a use of the key all the same: an administrator reading "Never" would take a
    // live integration whose calls all fail for an unused key. Not one the office's server turned
    // away (the database could not take it), which the key's sender did nothing to cause.
    if (!failed) await notePartnerKeyUse(ctx.db, holder, ctx.clock.now(), ctx.db);
    throw error;
  }
}

/** The key was revoked while the call was answered: its transaction rolls back. */
class KeyRevoked extends Error {
  constructor() {
    super('The partner key was revoked.');
  }
}

async function refuseWithoutKey(ctx: Context, call: PartnerCall): Promise<never> {
  // Refused calls are each audited: an address sending no live key is stopped before it fills the log.
  const claim = await claimRequest(
    ctx.db,
    { scope: 'partner_api_no_key', limit: PARTNER_CALLS_WITHOUT_KEY_PER_HOUR, windowSeconds: 3600 },
    addressKey(ctx.ip),
    ctx.clock.now(),
  );
  if (!claim.allowed)
    throw new AppError(
      'RATE_LIMITED',
      `More than ${PARTNER_CALLS_WITHOUT_KEY_PER_HOUR} requests without a live API key came from this address this hour. Check the key you send (ask the office for a new one if yours was revoked), then try again after Retry-After seconds.`,
      { retryAfterSeconds: claim.retryAfterSeconds },
    );
  await auditCall(ctx.db, ctx, null, 'denied', {
    reason: call.authorization ? 'unknown or revoked key' : 'no key',
  });
  throw new AppError(
    'UNAUTHENTICATED',
    'Send a live API key as "Authorization: Bearer <key>". Ask the office for a new key if yours was revoked.',
  );
}

/** Every call is on record in the office's log (or, with no live key, the office-less part). */
function auditCall(
  db: Db | Tx,
  ctx: Context,
  holder: PartnerKeyHolder | null,
  outcome: 'ok' | 'denied' | 'failed',
  detail: Record<string, unknown>,
) {
  return writeAudit(
    db,
    { ...ctx, user: null, ...(holder ? { officeId: holder.officeId } : {}) },
    {
      action: PARTNER_REFERRAL_PROCEDURE,
      entityType: 'partner_api_key',
      entityId: holder?.id ?? null,
      outcome,
      detail,
    },
  );
}

/** Counts the call against its key's allowance; refuses it over the limit. */
async function countCall(db: Db | Tx, holder: PartnerKeyHolder, now: Date): Promise<void> {
  const claim = await claimRequest(
    db,
    { scope: 'partner_api', limit: PARTNER_REQUESTS_PER_MINUTE, windowSeconds: 60 },
    holder.id,
    now,
  );
  if (!claim.allowed)
    throw new AppError(
      'RATE_LIMITED',
      `This key has sent more than ${PARTNER_REQUESTS_PER_MINUTE} requests this minute. Wait and try again.`,
      { retryAfterSeconds: claim.retryAfterSeconds },
    );
}

/**
 * A call answered: audited, counted and its key's last use noted (refused if the key was revoked
 * meanwhile), in one transaction (the referral's own, when it recorded one). The audit row comes
 * first, so every such transaction takes the office's chain head (PostgreSQL locks it) before the
 * key's count: a replay and a new referral on one key never hold them in opposite orders. Over the
 * limit, the whole transaction rolls back.
 */
async function answered(
  tx: Db | Tx,
  ctx: Context,
  holder: PartnerKeyHolder,
  now: Date,
  replayed: boolean,
  recorded?: RecordedReferral,
) {
  // The office's log names the client and the matters the referral opened, beside the key.
  await auditCall(tx, ctx, holder, 'ok', {
    replayed,
    ...(recorded ? { clientId: recorded.clientId, matterIds: recorded.matters.map((m) => m.id) } : {}),
  });
  await countCall(tx, holder, now);
  if (!(await notePartnerKeyUse(tx, holder, now, ctx.db))) throw new KeyRevoked();
}

const answerOf = (recorded: RecordedReferral): PartnerReferralAnswer => ({
  matters: recorded.matters.map((m) => ({
    reference: m.reference,
    county: m.county,
    status: m.stage === 'referred_out' ? 'referred_out' : 'received',
    referredTo: m.referredTo,
  })),
});

async function run(
  ctx: Context,
  holder: PartnerKeyHolder,
  call: PartnerCall,
): Promise<{ answer: PartnerReferralAnswer; replayed: boolean }> {
  const now = ctx.clock.now();
  // A call refused before its transaction still counts against the key (over the limit, it is
  // refused as such).
  if (call.body instanceof UnreadableBody) {
    await countCall(ctx.db, holder, now);
    throw problemWith(call.body.refusal, call.body.reason);
  }
  if (!call.idempotencyKey) {
    await countCall(ctx.db, holder, now);
    throw problemWith(
      new AppError(
        'BAD_INPUT',
        'Send an Idempotency-Key header with every referral (a new random value each time; the same value when you retry).',
      ),
      'no_idempotency_key',
    );
  }
  const parsed = partnerReferralInputSchema.safeParse(call.body, { reportInput: true });
  // A key the API does not take, at any depth, is refused rather than dropped: a misspelled
  // "adress" or "emial" would otherwise be lost without a word.
  const unknown = parsed.success ? unknownKeys(call.body, parsed.data) : [];
  if (!parsed.success || unknown.length > 0) {
    await countCall(ctx.db, holder, now);
    throw new AppError('BAD_INPUT', 'The referral is not complete or not valid: see fieldErrors.', {
      fieldErrors: parsed.success ? unknown : eachOnce(parsed.error.issues.map(partnerFieldError)),
    });
  }

  // The answer stored with the key by the first run of this referral (answerOf's, below).
  const replay = async (data: unknown) => {
    // On the handle of the office the key names: what the call writes of an office's is held to it.
    const office: OfficeDb = officeScoped(ctx.db, ctx.dialect, holder.officeId);
    await inTransaction(office, ({ tx }) => answered(tx, ctx, holder, now, true));
    return { answer: data as PartnerReferralAnswer, replayed: true };
  };
  let keyed: KeyedRequest;
  try {
    keyed = await openKeyedRequest(ctx, {
      key: call.idempotencyKey,
      procedure: PARTNER_REFERRAL_PROCEDURE,
      input: call.body,
      // The partner's, across its keys: a retry with a rotated key answers the first answer again.
      owner: { userId: holder.partner.createdBy, scope: `partner-${holder.partner.firstKeyId}` },
      // One transaction per referral: the key and its answer, the count, the audit row.
      inKeyTransaction: {
        beforeCommit: (tx, result) => answered(tx, ctx, holder, now, false, result as RecordedReferral),
        // The transaction's result, which transaction hooks do not type: recordIncomingReferral's.
        answer: (result) => answerOf(result as RecordedReferral),
      },
    });
  } catch (error) {
    await countCall(ctx.db, holder, now);
    // The only input openKeyedRequest refuses is the Idempotency-Key's form.
    if (error instanceof AppError && error.appCode === 'BAD_INPUT')
      throw problemWith(error, 'bad_idempotency_key');
    throw error;
  }
  if (keyed.kind === 'replay') return replay(keyed.data);
  try {
    const referral = {
      ...parsed.data,
      noteAboutRecord: false,
      existingClient: null,
      notSamePersonAs: [],
      source: { kind: 'partner' as const, detail: holder.name },
      receivedOn: californiaDate(now),
    };
    const options = { auditDetail: { partnerKeyId: holder.id } };
    let answer: PartnerReferralAnswer;
    try {
      const { hooks } = keyed;
      answer = answerOf(
        ctx.dialect === 'sqlite'
          ? await inGroupCommit(
              ctx.db,
              holder.officeId,
              async (tx) => {
                await hooks.begin(tx);
                const recorded = await recordIncomingReferralIn(tx, ctx, holder.officeId, referral, options);
                await hooks.beforeCommit(tx, recorded);
                return recorded;
              },
              hooks.afterCommit,
            )
          : await recordIncomingReferral(
              { ...ctx, db: officeScoped(keyed.db, ctx.dialect, holder.officeId) },
              holder.officeId,
              referral,
              options,
            ),
      );
    } catch (error) {
      const settled = await keyed.settle({ ok: false, error });
      if (settled.kind === 'replay') return replay(settled.data);
      // Its count rolled back with the transaction: counted again on its own (over the limit it was
      // refused as such already). Not when the database could not take the call: the count would
      // wait as long again, and a call the office's server turned away is not the partner's to count.
      const busy = isDatabaseUnavailable(error);
      if (
        !(
          busy ||
          error instanceof KeyRevoked ||
          (error instanceof AppError && error.appCode === 'RATE_LIMITED')
        )
      )
        await countCall(ctx.db, holder, now);
      if (settled.kind === 'refuse') throw settled.error;
      throw error;
    }
    await keyed.settle({ ok: true, data: answer });
    return { answer, replayed: false };
  } finally {
    keyed.release();
  }
}

const SENT_AS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  number: 'a number',
  null: 'null',
};

/** What a value was sent as, in SENT_AS's words: typeof calls a list, and null, "object". */
function sentAs(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return SENT_AS[kind] ?? kind;
}

/**
 * Each refusal said once: the API words every refusal of some fields alike (the date of birth, the
 * language, a county), so two rules refusing one of them would say the same thing twice, which reads
 * as two problems ("03/07/1984" was refused as no date and as no date after 1900).
 */
function eachOnce(errors: { path: string; message: string }[]): { path: string; message: string }[] {
  // One message a field, the first the checks found: a name of emoji alone is missing letters, and
  // told so once, not also that it is not a full name.
  const said = new Set<string>();
  return errors.filter((error) => {
    if (said.has(error.path)) return false;
    said.add(error.path);
    return true;
  });
}

/** The client's contact details and rules (clientDetailsSchema), said in the API's terms. */
const CONTACT_RULES: Record<string, string> = {
  'client.email':
    'Send "client.email" as an address like name@example.org, or set "client.contact.email" to false.',
  'client.phone':
    'Send "client.phone" with its area code, or set "client.contact.sms" and "client.contact.phone" to false.',
  'client.consentToText':
    'Set "client.consentToText" to true only if the person agreed to text messages; otherwise set "client.contact.sms" to false.',
  'client.address.line1':
    'Send "client.address" with line1, city, state and postalCode, or set "client.contact.letter" to false.',
  'client.address.state':
    'Send "client.address.state" as two letters, for example "CA", or set "client.contact.letter" to false.',
  'client.contact':
    'Set at least one of "client.contact.email", "client.contact.sms", "client.contact.letter" or "client.contact.phone" to true.',
};

/** A contact detail sent but not valid, said in the API's terms (the flag set false does not fix it). */
const NOT_VALID: Record<string, string> = {
  'client.email': 'Send "client.email" as an address like name@example.org, or "" to leave it out.',
  'client.phone':
    'Send "client.phone" as a US number with its area code, for example "(555) 555-0123", or another country\'s number starting with + and its country code, for example "+52 55 1234 5678"; or "" to leave it out.',
  'client.address.state':
    'Send "client.address.state" as the two-letter code of a US state or territory, for example "CA" or "NV".',
};

/**
 * A refusal of the body as a partner's developer can act on it: the staff form's wording ("Choose a
 * language from the list", a date "such as 03/07/2027") and zod's own ("expected boolean, received
 * undefined") say what to send instead, in the API's terms.
 */
/**
 * The keys of the body that the referral read does not hold, at any depth (zod drops unknown keys
 * of nested objects; the top level is strict): compared object by object with what was read.
 */
function unknownKeys(sent: unknown, read: unknown, at: string[] = []): { path: string; message: string }[] {
  if (Array.isArray(sent) && Array.isArray(read))
    return sent.flatMap((item, i) => unknownKeys(item, read[i], [...at, String(i)]));
  if (!isPlainObject(sent) || !isPlainObject(read)) return [];
  const extra = Object.keys(sent).filter((key) => !Object.hasOwn(read, key));
  const path = at.join('.');
  const here =
    extra.length === 0
      ? []
      : [
          {
            path,
            message: `Remove ${extra.map((k) => `"${k}"`).join(', ')} from "${path}": the partner API does not take ${extra.length === 1 ? 'it' : 'them'}.`,
          },
        ];
  return [
    ...here,
    ...Object.keys(sent)
      .filter((key) => Object.hasOwn(read, key))
      .flatMap((key) => unknownKeys(sent[key], read[key], [...at, key])),
  ];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function partnerFieldError(issue: z.core.$ZodIssue): { path: string; message: string } {
  const path = issue.path.join('.');
  const named = path === '' ? 'the body' : `"${path}"`;
  if (issue.code === 'unrecognized_keys')
    return {
      path,
      message: `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')} from ${named}: the partner API does not take ${issue.keys.length === 1 ? 'it' : 'them'}.`,
    };
  if (path === 'client.dateOfBirth') {
    const sent = typeof issue.input === 'string' ? issue.input : null;
    return {
      path,
      message:
        sent !== null && isRealDate(sent)
          ? 'Send a date of birth from 1900-01-01 on.'
          : // In the right shape but no such day (1984-02-30): the shape is not what to fix.
            sent !== null && /^\d{4}-\d{2}-\d{2}$/.test(sent)
            ? `There is no day ${sent}: check the month and day of the date of birth.`
            : 'Send the date of birth as YYYY-MM-DD, for example "1985-03-07".',
    };
  }
  if (/^client\.otherNames\.\d+$/.test(path) && issue.code === 'invalid_type')
    return {
      path,
      message: `Send each other name as an object with its name, for example {"name": "Robert Smith"}, not ${typeof issue.input === 'string' ? 'the name alone' : sentAs(issue.input)}.`,
    };
  if (path === 'client.preferredLanguage')
    return { path, message: `Send one of ${LANGUAGE_CODES.map((c) => `"${c}"`).join(', ')}.` };
  if (/^counties\.\d+$/.test(path))
    return {
      path,
      message:
        'Send a California county by its name as the OpenAPI document lists it, for example "Alameda" or "San Francisco".',
    };
  // The staff form's "or untick …" (a detail a contact flag asks for is missing): in the API, the
  // contact flag to set false. A detail sent but not valid is told what is wrong with it instead.
  const instead =
    issue.code === 'custom'
      ? issue.message.includes('untick')
        ? CONTACT_RULES[path]
        : NOT_VALID[path]
      : undefined;
  if (instead) return { path, message: instead };
  // A list too long is told by its field: the staff form's "Give at most 20 items." names none.
  if (issue.code === 'too_big' && issue.origin === 'array') {
    const most = Number(issue.maximum);
    const sent = Array.isArray(issue.input) ? `, not ${issue.input.length}` : '';
    return { path, message: `Send at most ${most} ${most === 1 ? 'item' : 'items'} in ${named}${sent}.` };
  }
  if (issue.code === 'invalid_type') {
    const as = SENT_AS[issue.expected] ?? issue.expected;
    return {
      path,
      message:
        issue.input === undefined
          ? `Missing: send ${named} as ${as}.`
          : `Send ${named} as ${as}, not ${sentAs(issue.input)}.`,
    };
  }
  return { path, message: issue.message };
}
