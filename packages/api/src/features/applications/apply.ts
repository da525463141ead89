// An online application (/apply/<office>): read by the domain's checks, then recorded by the same
// writer as a referral staff record (recordIncomingReferral: a client, a matter per county, counties
// the office does not serve referred out, a likely existing client flagged for staff and never told
// to the applicant), with the source "online application". In the same transaction: a status link
// (only its hash kept), the confirmation through the outbox in the language the applicant chose on
// the form (English or Spanish; for another, the form page's), the form's key with the answer (so
// the same form sent twice is recorded once), and the audit row. A
// county another office of this desk serves is passed on to that office in the same transaction: a
// referral there, with its own confirmation and status link, as the form and the answer promise.
// Once the slug has named the office, all of it runs on a handle held to that office (officeScoped):
// an applicant is matched against that office's clients only.
import {
  acrossOffices,
  type Db,
  inTransaction,
  type OfficeDb,
  type OfficeTx,
  officeScoped,
  type Tx,
  takeTurnsInOrder,
  withTransactionHooks,
} from '@relief-desk/db';
import {
  APPLICATION_LIMITS,
  type ApplicationErrorKey,
  type ApplicationField,
  type ApplicationLanguage,
  californiaDate,
  checkApplication,
  contactKey,
  type IsoDate,
  isApplicationLanguage,
  type MessageChannel,
  missingOfficeContact,
  OPEN_STAGES,
  officeDetailsInWords,
  type RecordReferral,
} from '@relief-desk/domain';
import { formatClientDate } from '@relief-desk/notify';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { retryOnDeadlock } from '../../deadlocks.ts';
import { AppError } from '../../errors.ts';
import { fingerprint } from '../../idempotency.ts';
import { clientColumns } from '../../matter-core/clientColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { claimRequest } from '../../rate-limit.ts';
import { linkOrigin } from '../auth/linkOrigin.ts';
import { addressKey, signInKey } from '../auth/throttle.ts';
import { withoutTexts } from '../matters/passOn.ts';
import { addresseeOf, reachOf, recipientFor } from '../messages/addressee.ts';
import { unprintableLetter } from '../messages/printable.ts';
import { queueMessage } from '../messages/queue.ts';
import { messagingRuntime } from '../messages/runtime.ts';
import { countyPlacements } from '../offices/queries.ts';
import {
  type RecordedReferral,
  recordIncomingReferral,
  recordIncomingReferralIn,
} from '../referrals/recordReferral.ts';
import { issueStatusLink } from './links.ts';
import { CONFIRMATIONS_PER_CONTACT_LIMIT, recipientKey } from './new-link.ts';
import { type ApplicationOffice, officeBySlug } from './offices.ts';
import { applicantLanguage, confirmationText } from './wording.ts';

export const APPLICATION_ACTION = 'applications.submit';
const SUBMISSION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export interface ApplicationCall {
  slug: string;
  /**
   * The language of the page the form was on: the language the form is read and answered in when
   * the applicant's preferred language is one the messages are not written in (Chinese, say).
   */
  language: ApplicationLanguage;
  form: unknown;
  /** The key the form was drawn with (a hidden field); null when none came with it. */
  submissionKey: string | null;
  /** The hidden field people never see was filled in: a program sent this. */
  honeypotFilled: boolean;
}

/** What the applicant is told: nothing about any other client. */
export interface ApplicationReceived {
  officeName: string;
  counties: { county: string; ours: boolean; referredTo: string | null }[];
  /** How the confirmation with the status link goes; null when we have no way to send it. */
  confirmedBy: MessageChannel | null;
  /**
   * The language the confirmation is written in, and the page saying it was received: the one the
   * applicant chose on the form (English or Spanish), else the form page's.
   */
  language: ApplicationLanguage;
}

export type ApplicationOutcome =
  | {
      kind: 'received';
      answer: ApplicationReceived;
      replayed: boolean;
      /**
       * The form came again with its key but other content: the application received first stands,
       * and the applicant is told the changes were not added (and how to make them). When that first
       * one was received, in California.
       */
      changesNotAdded?: { firstReceivedOn: IsoDate };
    }
  | { kind: 'invalid'; errors: Partial<Record<ApplicationField, ApplicationErrorKey>> };

class SubmissionTaken extends Error {}

/**
 * Every application is answered no sooner than this (real time), whatever it found: an applicant
 * matching one of the office's clients costs the duplicate check and the flag on each matter a
 * little more work, and how long the answer took must not tell whether the office knows the person.
 */
export const APPLICATION_ANSWER_MS = 250;

/** How an answer is held back to its least time: real time, unless a test gives its own. */
export interface AnswerPacing {
  minimumMs: number;
  /** Milliseconds on a clock that only goes forward. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const APPLICATION_PACING: AnswerPacing = {
  minimumMs: APPLICATION_ANSWER_MS,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export async function submitOnlineApplication(
  ctx: Context,
  call: ApplicationCall,
  pacing: AnswerPacing = APPLICATION_PACING,
): Promise<ApplicationOutcome> {
  const started = pacing.now();
  try {
    return await answerApplication(ctx, call);
  } finally {
    const left = started + pacing.minimumMs - pacing.now();
    if (left > 0) await pacing.sleep(left);
  }
}

async function answerApplication(ctx: Context, call: ApplicationCall): Promise<ApplicationOutcome> {
  const office = await officeBySlug(ctx.db, call.slug);
  if (!office)
    throw new AppError('NOT_FOUND', 'There is no office at this address. Check the link you followed.');
  // An office whose mailing address, phone or e-mail is not set yet takes no application: the
  // applicant would be told to "let us know" with no way to reach it, and staff could send them no
  // status update. The page says the office is not taking applications online yet (routes.ts).
  const missing = missingOfficeContact(office);
  if (missing.length > 0)
    throw new AppError(
      'UNAVAILABLE',
      `${office.name} is not taking applications online yet: its ${officeDetailsInWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set. An administrator sets ${missing.length > 1 ? 'them' : 'it'} at Office settings.`,
    );
  const audit = (outcome: 'denied' | 'failed', detail: Record<string, unknown>) =>
    writeAudit(
      ctx.db,
      { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
      { action: APPLICATION_ACTION, entityType: 'office', entityId: office.id, outcome, detail },
    );
  if (call.honeypotFilled) {
    // Answered as a real application would be (its errors, or its counties and how the confirmation
    // goes), so a program learns nothing; nothing is recorded but the refusal, and that only as often
    // as an address may apply, so a program cannot fill the audit log either.
    const checked = checkApplication(call.form, californiaDate(ctx.clock.now()), call.language);
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    const claim = await claimRequest(
      ctx.db,
      {
        scope: 'online_application_hidden_field',
        limit: APPLICATION_LIMITS.perAddressPerHour,
        windowSeconds: 3600,
      },
      addressKey(ctx.ip),
      ctx.clock.now(),
    );
    if (claim.allowed) await audit('denied', { reason: 'hidden field filled in' });
    return {
      kind: 'received',
      answer: await answerUnrecorded(ctx, office, call, checked.application),
      replayed: false,
    };
  }
  const now = ctx.clock.now();
  // The office the form's slug names: what the application reads and writes of an office's.
  const officeDb = officeScoped(ctx.db, ctx.dialect, office.id);
  const key = call.submissionKey && SUBMISSION_KEY.test(call.submissionKey) ? call.submissionKey : null;
  const sent = formFingerprint(call.form);
  if (key) {
    const first = await storedAnswer(officeDb, office.id, key, call.language);
    if (first) return answeredBefore(ctx, officeDb, office, key, first, sent);
  }
  const checked = checkApplication(call.form, californiaDate(now), call.language);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };

  const claim = await claimRequest(
    ctx.db,
    { scope: 'online_application', limit: APPLICATION_LIMITS.perAddressPerHour, windowSeconds: 3600 },
    addressKey(ctx.ip),
    now,
  );
  if (!claim.allowed) {
    // Recorded once per window: the first refusal says the address was stopped; the rest add nothing.
    const firstRefusal = await claimRequest(
      ctx.db,
      { scope: 'online_application_refused', limit: 1, windowSeconds: 3600 },
      addressKey(ctx.ip),
      now,
    );
    if (firstRefusal.allowed) await audit('denied', { reason: 'too many applications from one address' });
    throw new AppError(
      'RATE_LIMITED',
      'Too many applications were sent from this connection in the last hour. Try again later.',
      { retryAfterSeconds: claim.retryAfterSeconds },
    );
  }

  const referral: RecordReferral = {
    client: checked.application.client,
    counties: checked.application.counties,
    note: checked.application.note,
    // The applicant's own words: nobody has read them yet to mark them.
    noteAboutRecord: false,
    existingClient: null,
    notSamePersonAs: [],
    source: { kind: 'online_application', detail: '' },
    receivedOn: californiaDate(now),
  };
  let answer: ApplicationReceived | null = null;
  const hooked = withTransactionHooks(officeDb, {
    // The transactions are opened on the office's handle below, so tx is held to the office.
    begin: async (tx) => {
      // The turns of this office and of every office a county is passed on to, before anything is
      // written, in the one order all such work takes them: an application passed on the other way at
      // the same moment (or a matter passed on) waits for this one instead of deadlocking with it.
      const placements = await countyPlacements(tx, office.id, referral.counties);
      await takeTurnsInOrder(tx, 'referral', [
        office.id,
        ...placements.flatMap((p) => (p.referredTo ? [p.referredTo.id] : [])),
      ]);
      if (!key) return;
      const inserted = await tx
        .insertInto('application_submissions')
        .values({
          office_id: office.id,
          submission_key: key,
          client_id: null,
          response: '{}',
          content_hash: sent,
          changed_sent_at: null,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['office_id', 'submission_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new SubmissionTaken();
      // A form's key is needed for as long as someone may send the same form again: a week is ample.
      await tx
        .deleteFrom('application_submissions')
        .where('created_at', '<', new Date(now.getTime() - 7 * 86_400_000).toISOString())
        .execute();
    },
    // The transaction's result, which transaction hooks do not type: recordIncomingReferral's.
    beforeCommit: async (tx, result) => {
      const recorded = result as RecordedReferral;
      answer = await confirm(tx as OfficeTx, ctx, office, call, key, recorded);
      await passOn(tx as OfficeTx, ctx, office, call, referral, recorded);
    },
  });
  try {
    // Passing on writes in two offices, whose turns were taken in order (begin): should a deadlock end
    // it on PostgreSQL all the same, it is recorded again after a short pause (nothing of it stayed).
    await retryOnDeadlock(() =>
      recordIncomingReferral({ ...ctx, db: hooked }, office.id, referral, { auditDetail: { online: true } }),
    );
  } catch (error) {
    const first = key ? await storedAnswer(officeDb, office.id, key, call.language) : null;
    if (first && key) return answeredBefore(ctx, officeDb, office, key, first, sent);
    if (!(error instanceof SubmissionTaken))
      await audit('failed', { refused: error instanceof AppError ? error.appCode : 'INTERNAL' });
    throw error;
  }
  if (!answer) throw new Error('The application was recorded without its confirmation.');
  messagingRuntime().wake();
  return { kind: 'received', answer, replayed: false };
}

/** What a form's key keeps of the first application sent with it. */
interface StoredSubmission {
  answer: ApplicationReceived;
  clientId: string;
  contentHash: string | null;
  createdAt: string;
  changedSentAt: string | null;
}

async function storedAnswer(
  db: OfficeDb,
  officeId: string,
  key: string,
  pageLanguage: ApplicationLanguage,
): Promise<StoredSubmission | null> {
  const row = await db
    .selectFrom('application_submissions')
    .select(['response', 'client_id', 'content_hash', 'created_at', 'changed_sent_at'])
    // Leads the (office_id, submission_key) key on SQLite (the scope's +office_id would scan).
    .where('office_id', '=', officeId)
    .where('submission_key', '=', key)
    .executeTakeFirst();
  if (!row?.client_id) return null;
  // An answer stored before it said its language was given in the page's.
  const stored = JSON.parse(row.response) as Omit<ApplicationReceived, 'language'> & { language?: unknown };
  return {
    answer: { ...stored, language: isApplicationLanguage(stored.language) ? stored.language : pageLanguage },
    clientId: row.client_id,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    changedSentAt: row.changed_sent_at,
  };
}

/**
 * What a form's fields say, as a hash: the same form sent again (back, then send) gives the same one;
 * spaces around or within a value do not count as a change.
 */
function formFingerprint(form: unknown): string {
  const tidy = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.trim().replace(/\s+/g, ' ')
      : Array.isArray(value)
        ? value.map(tidy)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tidy(v)]))
          : value;
  return fingerprint(APPLICATION_ACTION, tidy(form));
}

/**
 * A form sent again with its key. The same content: the first answer again, recording nothing.
 * Other content (the applicant went back and changed something): nothing of it is recorded, as a
 * form's key stands for one application; the applicant is told so, and how to correct what they
 * sent. The office learns of it once per form, on the matters the application opened that are still
 * open, so the call that follows is expected; what was changed is not kept (only its hash was).
 */
async function answeredBefore(
  ctx: Context,
  officeDb: OfficeDb,
  office: ApplicationOffice,
  key: string,
  first: StoredSubmission,
  sent: string,
): Promise<ApplicationOutcome> {
  // Kept before the content had a hash: as before, the first answer.
  if (first.contentHash === null || first.contentHash === sent)
    return { kind: 'received', answer: first.answer, replayed: true };
  const changesNotAdded = { firstReceivedOn: californiaDate(new Date(first.createdAt)) };
  if (first.changedSentAt === null)
    await inTransaction(officeDb, async ({ tx }) => {
      const now = ctx.clock.now();
      const marked = await tx
        .updateTable('application_submissions')
        .set({ changed_sent_at: now.toISOString() })
        .where('office_id', '=', office.id)
        .where('submission_key', '=', key)
        .where('changed_sent_at', 'is', null)
        .executeTakeFirst();
      // Two such forms at once: the other told the office.
      if (Number(marked.numUpdatedRows) === 0) return;
      const matters = await tx
        .selectFrom('matters')
        .select(['id', 'office_id'])
        .where('client_id', '=', first.clientId)
        .where('stage', 'in', [...OPEN_STAGES])
        .execute();
      for (const matter of matters)
        await recordEvent(
          tx,
          { clock: ctx.clock, user: null },
          { id: matter.id, officeId: matter.office_id },
          'referral_received',
          `The online application form was sent again with changes on ${formatClientDate(californiaDate(now), 'en')}. The changes were not recorded (what they were is not kept): the applicant was told to call the office to correct anything in their application.`,
          { changedFormSentAgain: true },
        );
      await writeAudit(
        tx,
        { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
        {
          action: APPLICATION_ACTION,
          entityType: 'client',
          entityId: first.clientId,
          outcome: 'denied',
          detail: {
            reason: 'the same form was sent again with changes',
            matterIds: matters.map((m) => m.id),
          },
        },
      );
    });
  return { kind: 'received', answer: first.answer, replayed: true, changesNotAdded };
}

/** Inside the application's transaction, once the referral is written. */
async function confirm(
  tx: OfficeTx,
  ctx: Context,
  office: ApplicationOffice,
  call: ApplicationCall,
  key: string | null,
  recorded: RecordedReferral,
  /** The office the person applied to, when this one confirms an application it passed on. */
  passedOnBy: string | null = null,
): Promise<ApplicationReceived> {
  const now = ctx.clock.now();
  const first = recorded.matters[0];
  if (!first) throw new Error('An application opened no matter.');
  const matter = await tx
    .selectFrom('matters')
    .selectAll()
    .where('id', '=', first.id)
    .executeTakeFirstOrThrow();
  const addressee = await addresseeOf(tx, matter);
  // The language the applicant chose on the form, not the page's: they may have filled in the
  // Spanish form for someone who reads English, or the other way round.
  const language = applicantLanguage(addressee.client.preferred_language, call.language);
  const token = await issueStatusLink(tx, {
    officeId: office.id,
    clientId: recorded.clientId,
    language,
    now,
  });
  const counties = recorded.matters.map((m) => ({
    county: m.county,
    ours: m.stage !== 'referred_out',
    referredTo: m.referredTo,
  }));
  // Not the request's Host: anyone can forge it, and the confirmation would carry the applicant's
  // token to the forger's site. Without PUBLIC_ORIGIN (off loopback) nothing is sent; the link is
  // still issued, so a new one can be asked for once PUBLIC_ORIGIN is set.
  const origin = linkOrigin(ctx, 'anonymous');
  const reachable = reachOf(addressee.client).reachable[0] ?? null;
  if (reachable && !origin)
    ctx.log.error(
      'An online application was received, but PUBLIC_ORIGIN is not set: no confirmation was sent.',
    );
  let channel = origin ? reachable : null;
  let notByLetter: string | null = null;
  // The applicant is answered as if it went (the page must not tell whether this number or address
  // was sent other messages): staff learn it on the matter.
  const overContactLimit = channel
    ? await overConfirmationLimit(tx, ctx, office, addressee.client, channel)
    : false;
  if (overContactLimit)
    await recordEvent(
      tx,
      { clock: ctx.clock, user: null },
      { id: matter.id, officeId: matter.office_id },
      'delivery_failed',
      `The confirmation of the online application was not sent: its ${channel === 'sms' ? 'phone number' : 'e-mail address'} was sent ${APPLICATION_LIMITS.linksPerContactPerHour} messages with a status link in the last hour, the most any one is sent. The applicant was not told; contact them to confirm the application, or they can ask for a new status link on the status page later.`,
    );
  if (channel && origin && !overContactLimit) {
    const text = confirmationText(language, {
      name: addressee.client.legal_name,
      officeName: office.name,
      officePhone: office.phone,
      receivedOn: formatClientDate(californiaDate(now), language),
      counties,
      link: `${origin}/status/${token}`,
      newLinkAddress: `${origin}/status/new?office=${office.slug}&lang=${language}`,
      ...(passedOnBy ? { passedOnBy } : {}),
    });
    notByLetter = await letterRefusal(tx, office.id, language, addressee.client, channel, text, now);
    if (notByLetter) {
      // Staff learn it on the matter: the applicant is told the office will contact them.
      await recordEvent(
        tx,
        { clock: ctx.clock, user: null },
        { id: matter.id, officeId: matter.office_id },
        'delivery_failed',
        `The confirmation of the online application was not mailed: the letter cannot be printed. ${notByLetter} The applicant was told the office will contact them; a new status link goes by e-mail or text only.`,
      );
      channel = null;
    } else
      await queueMessage(
        tx,
        { ...addressee, language },
        {
          kind: 'application',
          statusType: null,
          channel,
          subject: channel === 'sms' ? '' : text.subject,
          text: channel === 'sms' ? text.sms : channel === 'letter' ? text.letter : text.email,
          recipient: recipientFor(addressee.client, channel),
          language,
          templateId: 'application_confirmation',
          templateVersion: 1,
          renderInput: { kind: 'application' },
          createdBy: null,
        },
        now,
      );
  }
  const answer: ApplicationReceived = { officeName: office.name, counties, confirmedBy: channel, language };
  if (key)
    await tx
      .updateTable('application_submissions')
      .set({ client_id: recorded.clientId, response: JSON.stringify(answer) })
      // Leads the (office_id, submission_key) key on SQLite (the scope's +office_id would scan).
      .where('office_id', '=', office.id)
      .where('submission_key', '=', key)
      .execute();
  await writeAudit(
    tx,
    { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
    {
      action: APPLICATION_ACTION,
      entityType: 'client',
      entityId: recorded.clientId,
      detail: {
        matterIds: recorded.matters.map((m) => m.id),
        confirmedBy: channel,
        language,
        ...(reachable && !origin ? { notSent: 'PUBLIC_ORIGIN is not set' } : {}),
        ...(notByLetter ? { notSent: 'the letter cannot be printed' } : {}),
        ...(overContactLimit ? { notSent: 'too many messages to one phone number or e-mail address' } : {}),
      },
    },
  );
  return answer;
}

/**
 * A confirmation by text or e-mail counts against the limit of confirmations one phone number or
 * e-mail address is sent an hour, by every office (new-link.ts; new links are counted apart, so asking
 * for them never stops an applicant's first link): otherwise anyone who knows someone's number could
 * have the desk text them over and over, one application (names changed) at a time. Over it, nothing
 * more goes to that contact; the refusal is on the office's audit log
 * once per contact and hour, without the number or address. Counted in the application's
 * transaction, so an application not recorded counts nothing. A letter (a postal address) is not
 * counted: staff print and mail it.
 */
async function overConfirmationLimit(
  tx: OfficeTx,
  ctx: Context,
  office: ApplicationOffice,
  client: Parameters<typeof recipientFor>[0],
  channel: MessageChannel,
): Promise<boolean> {
  if (channel === 'letter') return false;
  const wanted = contactKey(recipientFor(client, channel));
  if (!wanted) return false;
  const now = ctx.clock.now();
  // The counts are the desk's, not the office's: read and written past the office's scope (and inside
  // the application's transaction, which on SQLite holds the one connection: the key is read in it).
  const counts = acrossOffices(tx);
  const recipient = recipientKey(await signInKey(counts), wanted);
  if ((await claimRequest(counts, CONFIRMATIONS_PER_CONTACT_LIMIT, recipient, now)).allowed) return false;
  const firstRefusal = await claimRequest(
    counts,
    { scope: 'application_confirmation_contact_refused', limit: 1, windowSeconds: 3600 },
    `${office.id} ${recipient}`,
    now,
  );
  if (firstRefusal.allowed)
    await writeAudit(
      tx,
      { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
      {
        action: APPLICATION_ACTION,
        entityType: 'office',
        entityId: office.id,
        outcome: 'denied',
        detail: {
          reason: 'confirmations not sent: too many messages to one phone number or e-mail address',
          by: channel === 'email' ? 'email' : 'phone',
          limit: APPLICATION_LIMITS.linksPerContactPerHour,
        },
      },
    );
  return true;
}

/**
 * Each county of the application that another office of this desk serves, passed on to that office
 * as the form and the answer say ("we have passed your application on to them"): in this
 * transaction, a referral in that office (a new client, a matter for each of its counties, a likely
 * match among its own clients flagged for its staff) with the source "online application" and the
 * office it came through, confirmed to the applicant by that office with a status link of its own.
 * Written on a handle held to that office, so nothing of the first office's is read there.
 */
async function passOn(
  tx: OfficeTx,
  ctx: Context,
  office: ApplicationOffice,
  call: ApplicationCall,
  referral: RecordReferral,
  recorded: RecordedReferral,
): Promise<void> {
  const referredOut = recorded.matters.filter((m) => m.stage === 'referred_out' && m.referredTo);
  if (referredOut.length === 0) return;
  const rows = await tx
    .selectFrom('matters')
    .select(['id', 'county', 'referred_to_office_id'])
    .where(
      'id',
      'in',
      referredOut.map((m) => m.id),
    )
    .orderBy('id')
    .execute();
  const byOffice = new Map<string, RecordReferral['counties']>();
  /** Each matter referred out, by its office and county: the receiving matter is linked to it. */
  const ours = new Map<string, string>();
  for (const row of rows) {
    if (!row.referred_to_office_id) continue;
    const counties = byOffice.get(row.referred_to_office_id) ?? [];
    counties.push(row.county as RecordReferral['counties'][number]);
    byOffice.set(row.referred_to_office_id, counties);
    ours.set(`${row.referred_to_office_id} ${row.county}`, row.id);
  }
  for (const [officeId, counties] of byOffice) {
    const theirs = officeScoped(acrossOffices(tx), ctx.dialect, officeId);
    const serving = await theirs
      .selectFrom('offices')
      .select(['id', 'slug', 'name', 'phone', 'email', 'address'])
      .where('id', '=', officeId)
      .executeTakeFirstOrThrow();
    const passed = await recordIncomingReferralIn(
      theirs,
      ctx,
      officeId,
      {
        ...referral,
        // The box the applicant ticked names this office ("I agree to receive text messages from
        // <office>"): that consent does not go with the application (docs/passing-on.md), so the
        // office it is passed on to neither confirms by text nor texts until it asks for its own. A
        // person who chose texts alone is reached there by phone, at the number they gave.
        client: withoutTexts(referral.client),
        counties,
        source: { kind: 'online_application', detail: `passed on by ${office.name}` },
      },
      { auditDetail: { online: true, passedOnBy: office.id } },
    );
    // An office not set up yet (no mailing address, phone or e-mail) could only write "let us know"
    // with no way to reach it: it sends no confirmation, and its staff see on the matter that they
    // must contact the applicant. The first office's confirmation already says it passed this on.
    const missing = missingOfficeContact(serving);
    const first = passed.matters[0];
    // Texts alone were chosen, and that consent stays with the office applied to: this office has no
    // way to confirm, so its staff are told to call (the person gave a number to be reached at).
    const textsOnly = !referral.client.contact.email && !referral.client.contact.letter;
    if (missing.length === 0) {
      await confirm(theirs, ctx, { ...serving, slug: serving.slug ?? '' }, call, null, passed, office.name);
      if (textsOnly && first)
        await recordEvent(
          theirs,
          { clock: ctx.clock, user: null },
          { id: first.id, officeId },
          'delivery_failed',
          `This online application, passed on by ${office.name}, was not confirmed to the applicant: they chose text messages only, and their consent to texts was given to ${office.name}, not to this office. Call them at the phone number on their record to confirm it, and ask whether this office may text them.`,
        );
    } else if (first)
      await recordEvent(
        theirs,
        { clock: ctx.clock, user: null },
        { id: first.id, officeId },
        'delivery_failed',
        `This online application, passed on by ${office.name}, was not confirmed to the applicant: this office's ${officeDetailsInWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set (an administrator sets ${missing.length > 1 ? 'them' : 'it'} at Office settings), so a confirmation could not say how to reach it. Contact the applicant to confirm it.`,
      );
    // That office holds them now: a "transferred" update may say it will contact the applicant, for as
    // long as that office works the matter it holds.
    for (const theirMatter of passed.matters) {
      const ourMatter = ours.get(`${officeId} ${theirMatter.county}`);
      if (!ourMatter) continue;
      await tx
        .updateTable('matters')
        .set({ passed_on_at: ctx.clock.now().toISOString(), passed_on_to_matter_id: theirMatter.id })
        .where('id', '=', ourMatter)
        .execute();
    }
  }
}

/**
 * Why a confirmation by letter could not be printed (a name in a script the letters' font has not),
 * or null: it is then not sent, and the applicant is told the office will contact them.
 */
async function letterRefusal(
  db: Db | Tx,
  officeId: string,
  language: ApplicationLanguage,
  client: Parameters<typeof recipientFor>[0],
  channel: MessageChannel,
  text: { subject: string; letter: string },
  now: Date,
): Promise<string | null> {
  if (channel !== 'letter') return null;
  const refusal = await unprintableLetter(
    db,
    officeId,
    {
      language,
      recipient: recipientFor(client, 'letter'),
      subject: text.subject,
      body: text.letter,
      attachments: [],
      createdBy: null,
    },
    now,
  );
  return refusal?.message ?? null;
}

/** The answer an application would have had, worked out without recording it. */
async function answerUnrecorded(
  ctx: Context,
  office: ApplicationOffice,
  call: ApplicationCall,
  application: Extract<ReturnType<typeof checkApplication>, { ok: true }>['application'],
): Promise<ApplicationReceived> {
  const placements = await countyPlacements(ctx.db, office.id, application.counties);
  const client = clientColumns(application.client);
  const channel = reachOf(client).reachable[0] ?? null;
  const counties = placements.map(({ county, ours, referredTo }) => ({
    county,
    ours,
    referredTo: referredTo?.name ?? null,
  }));
  const language = applicantLanguage(client.preferred_language, call.language);
  const origin = linkOrigin(ctx, 'anonymous');
  if (!origin || !channel) return { officeName: office.name, counties, confirmedBy: null, language };
  // A letter that could not be printed goes as it would for a recorded one: not at all.
  const now = ctx.clock.now();
  const text = confirmationText(language, {
    name: client.legal_name,
    officeName: office.name,
    officePhone: office.phone,
    receivedOn: formatClientDate(californiaDate(now), language),
    counties,
    link: `${origin}/status/${'x'.repeat(43)}`,
    newLinkAddress: `${origin}/status/new?office=${office.slug}&lang=${language}`,
  });
  const notByLetter = await letterRefusal(ctx.db, office.id, language, client, channel, text, now);
  return { officeName: office.name, counties, confirmedBy: notByLetter ? null : channel, language };
}
