// A new status link for an applicant who lost theirs: they give the e-mail address or phone number
// of their application, and the answer is the same whether or not it is one we know. A known one
// gets a new link (e-mail to an address, a text to a number that agreed to texts) through the outbox.
// Two limits: requests per sending address (then 429), and links per phone number or e-mail address,
// across every office and address (then the same answer as when a link goes, and nothing is sent);
// an online application's confirmation counts against the second too (apply.ts).
import { createHmac } from 'node:crypto';
import { inTransaction, type OfficeTx, officeScoped } from '@relief-desk/db';
import { APPLICATION_LIMITS, type ApplicationLanguage, contactKey } from '@relief-desk/domain';
import { sql } from 'kysely';
import { answeredAfterAtLeast } from '../../answer-time.ts';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { claimRequest } from '../../rate-limit.ts';
import { linkOrigin } from '../auth/linkOrigin.ts';
import { addressKey, signInKey } from '../auth/throttle.ts';
import { addresseeOf, reachOf } from '../messages/addressee.ts';
import { queueMessage } from '../messages/queue.ts';
import { messagingRuntime } from '../messages/runtime.ts';
import { issueStatusLink, linkIsLive } from './links.ts';
import { officeBySlug } from './offices.ts';
import { applicantLanguage, newLinkText } from './wording.ts';

export const NEW_LINK_ACTION = 'applications.requestStatusLink';

export type NewLinkOutcome = { kind: 'answered' } | { kind: 'invalid' };

/**
 * Every request takes at least this long (real time), known contact or not: issuing and queueing a
 * link takes a few milliseconds more than finding nobody, and how long the answer took must not tell
 * whether someone with this e-mail address or phone number applied to clear their record.
 */
export const NEW_LINK_ANSWER_MS = 250;

export async function requestNewStatusLink(
  ctx: Context,
  request: { slug: string; contact: string; language: ApplicationLanguage },
): Promise<NewLinkOutcome> {
  return answeredAfterAtLeast(NEW_LINK_ANSWER_MS, () => answerNewLinkRequest(ctx, request));
}

async function answerNewLinkRequest(
  ctx: Context,
  request: { slug: string; contact: string; language: ApplicationLanguage },
): Promise<NewLinkOutcome> {
  const office = await officeBySlug(ctx.db, request.slug);
  if (!office)
    throw new AppError('NOT_FOUND', 'There is no office at this address. Check the link you followed.');
  const wanted = contactKey(request.contact);
  if (!wanted) return { kind: 'invalid' };
  const now = ctx.clock.now();
  const claim = await claimRequest(
    ctx.db,
    { scope: 'status_link', limit: APPLICATION_LIMITS.linkRequestsPerHour, windowSeconds: 3600 },
    addressKey(ctx.ip),
    now,
  );
  if (!claim.allowed) {
    // On the office's audit log once per window: the first refusal says the address was stopped.
    const firstRefusal = await claimRequest(
      ctx.db,
      { scope: 'status_link_refused', limit: 1, windowSeconds: 3600 },
      addressKey(ctx.ip),
      now,
    );
    if (firstRefusal.allowed)
      await writeAudit(
        ctx.db,
        { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
        {
          action: NEW_LINK_ACTION,
          entityType: 'office',
          entityId: office.id,
          outcome: 'denied',
          detail: { reason: 'too many requests from one address' },
        },
      );
    throw new AppError(
      'RATE_LIMITED',
      'Too many requests from this connection in the last hour. Try again later.',
      {
        retryAfterSeconds: claim.retryAfterSeconds,
      },
    );
  }

  // However many addresses ask, one phone number or e-mail address is sent at most
  // APPLICATION_LIMITS.linksPerContactPerHour links an hour (by every office: a phone gets the texts of
  // all of them). Counted whether or not the contact is known, and answered exactly as when a link goes
  // (the page, the least time), so the limit tells nobody whether this person applied. Only a hash of
  // the contact is kept with the count, for the hour.
  const recipient = recipientKey(await signInKey(ctx.db), wanted);
  const perContact = await claimRequest(ctx.db, PER_CONTACT_LIMIT, recipient, now);
  if (!perContact.allowed) {
    // On this office's audit log once per contact and window, as the limit per address is.
    const firstRefusal = await claimRequest(
      ctx.db,
      { scope: 'status_link_contact_refused', limit: 1, windowSeconds: 3600 },
      `${office.id} ${recipient}`,
      now,
    );
    if (firstRefusal.allowed)
      await writeAudit(
        ctx.db,
        { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
        {
          action: NEW_LINK_ACTION,
          entityType: 'office',
          entityId: office.id,
          outcome: 'denied',
          detail: {
            reason: 'too many links asked for one phone number or e-mail address',
            by: 'email' in wanted ? 'email' : 'phone',
            limit: APPLICATION_LIMITS.linksPerContactPerHour,
          },
        },
      );
    return { kind: 'answered' };
  }

  // Not the request's Host: anyone can forge it, and a link built from it would carry the applicant's
  // token to the forger's site (as for a staff sign-in link).
  const origin = linkOrigin(ctx, 'anonymous');
  if (!origin)
    ctx.log.error('A new status link was asked for, but PUBLIC_ORIGIN is not set: no link was sent.');

  // Acts for the office the address names: what it reads and writes is held to it (office-scope.ts).
  await inTransaction(officeScoped(ctx.db, ctx.dialect, office.id), async ({ tx, onCommit }) => {
    // Only people who applied online, in this office: they have a status link, made for their record
    // or for one merged into it (a link stays with the record it was made for).
    let query = tx
      .selectFrom('clients as c')
      .select(['c.id', 'c.phone'])
      // Kept by hand: it leads the (office_id, date_of_birth, ...) index on SQLite, where the scope's
      // own term is +office_id, which no index serves.
      .where('c.office_id', '=', office.id)
      .where('c.merged_into_client_id', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('application_status_links as l')
            .innerJoin('clients as linked', 'linked.id', 'l.client_id')
            .select('l.token_hash')
            .where((inner) =>
              inner.or([
                inner('linked.id', '=', inner.ref('c.id')),
                inner('linked.merged_into_client_id', '=', inner.ref('c.id')),
              ]),
            ),
        ),
      );
    query =
      'email' in wanted
        ? query.where(sql<string>`lower(c.email)`, '=', wanted.email)
        : query.where('c.phone', 'like', `%${wanted.phoneDigits.slice(-4)}`);
    const candidates = await query.execute();
    const matches = candidates.filter(
      (c) => 'email' in wanted || c.phone.replace(/\D/g, '').slice(-10) === wanted.phoneDigits,
    );
    const sentTo: string[] = [];
    for (const candidate of origin ? matches : []) {
      // The new link goes to the contact of the record as it is now, and shows the matters of the
      // records that gave this contact: the kept record's own, and those of records merged into it
      // with the same one. A client merged into an application's record (the wrong way round) keeps
      // their case off the page of whoever filled in the form with their name and birth date.
      const holder = { recordIds: await recordsGiving(tx, candidate.id, wanted), clientId: candidate.id };
      if (!(await linkIsLive(tx, holder, now))) continue;
      const matter = await tx
        .selectFrom('matters')
        .selectAll()
        .where('client_id', '=', candidate.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!matter) continue;
      const addressee = await addresseeOf(tx, matter);
      const reachable = reachOf(addressee.client).reachable;
      const channel = 'email' in wanted ? 'email' : 'sms';
      if (!reachable.includes(channel)) continue;
      // In the language the client prefers (as chosen on the form, or as staff changed it since), not
      // the page's: the page was asked in, not the person's language; the page's for another one.
      const language = applicantLanguage(addressee.client.preferred_language, request.language);
      const token = await issueStatusLink(tx, {
        officeId: office.id,
        clientId: candidate.id,
        language,
        now,
        recordIds: holder.recordIds,
      });
      const text = newLinkText(language, {
        name: addressee.client.legal_name,
        officeName: office.name,
        link: `${origin}/status/${token}`,
      });
      await queueMessage(
        tx,
        { ...addressee, language },
        {
          kind: 'application',
          statusType: null,
          channel,
          subject: channel === 'email' ? text.subject : '',
          text: channel === 'email' ? text.body : text.sms,
          recipient: channel === 'email' ? addressee.client.email : addressee.client.phone,
          language,
          templateId: 'application_status_link',
          templateVersion: 1,
          renderInput: { kind: 'application' },
          createdBy: null,
        },
        now,
      );
      sentTo.push(candidate.id);
    }
    await writeAudit(
      tx,
      { clock: ctx.clock, ip: ctx.ip, officeId: office.id },
      {
        action: NEW_LINK_ACTION,
        entityType: sentTo.length === 1 ? 'client' : 'office',
        entityId: sentTo.length === 1 ? (sentTo[0] ?? null) : office.id,
        detail: { by: 'email' in wanted ? 'email' : 'phone', sent: sentTo.length },
      },
    );
    if (sentTo.length > 0) onCommit(() => messagingRuntime().wake());
  });
  return { kind: 'answered' };
}

/** Merges are chained (A into B, then B into C): how many levels below the kept record are read. */
const MOST_MERGE_LEVELS = 50;

/**
 * The kept record and, of the records merged into it (at any depth, merges not undone), those whose
 * own e-mail address or phone number (as it was when they were merged) is the one asked with.
 */
async function recordsGiving(
  tx: OfficeTx,
  keptId: string,
  wanted: { email: string } | { phoneDigits: string },
): Promise<string[]> {
  const giving = [keptId];
  let level = [keptId];
  for (let depth = 0; level.length > 0 && depth < MOST_MERGE_LEVELS; depth++) {
    const below = await tx
      .selectFrom('clients')
      .select(['id', 'email', 'phone'])
      .where('merged_into_client_id', 'in', level)
      .execute();
    // Compared as the request's contact is (contactKey: an e-mail in lower case, a phone's last ten digits).
    for (const record of below)
      if (sameContact(contactKey('email' in wanted ? record.email : record.phone), wanted))
        giving.push(record.id);
    level = below.map((record) => record.id);
  }
  return giving;
}

function sameContact(
  a: ReturnType<typeof contactKey>,
  b: NonNullable<ReturnType<typeof contactKey>>,
): boolean {
  if (!a) return false;
  return 'email' in a
    ? 'email' in b && a.email === b.email
    : 'phoneDigits' in b && a.phoneDigits === b.phoneDigits;
}

/**
 * The messages with a status link one phone number or e-mail address is sent an hour, by every office:
 * the new links asked for here and the confirmations of online applications (apply.ts) alike, so
 * neither door lets anyone have the desk text or mail a person over and over.
 */
export const PER_CONTACT_LIMIT = {
  scope: 'status_link_contact',
  limit: APPLICATION_LIMITS.linksPerContactPerHour,
  windowSeconds: 3600,
};

/** Confirmations of online applications to one contact: counted apart from new links (see above). */
export const CONFIRMATIONS_PER_CONTACT_LIMIT = { ...PER_CONTACT_LIMIT, scope: 'confirmation_contact' };

/**
 * The contact as counted: a keyed hash (the desk's own key, as sign-in counts addresses typed) of its
 * normalised form (e-mail lower-cased, a phone's last ten digits). A plain hash of a phone number can
 * be reversed by trying every number; without the key, a copy of the database or a backup does not
 * tell whose number asked for a link or applied.
 */
export function recipientKey(secret: Buffer, wanted: { email: string } | { phoneDigits: string }): string {
  const normal = 'email' in wanted ? `email:${wanted.email}` : `phone:${wanted.phoneDigits}`;
  return createHmac('sha256', secret).update(`status-link-contact:${normal}`, 'utf8').digest('base64url');
}
