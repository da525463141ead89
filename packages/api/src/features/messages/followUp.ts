// The automatic follow-up: a referral that has had no status update for the office's interval (six
// weeks by default) gets the "in review" message in the client's language, once per matter, while
// that message is true: only at the stages before filing (STATUS_CURRENT_IN, as the status page and
// the status form have it). A matter past them (petitions to file, before the court, outcome to send)
// gets no automatic message: no status is true of every such matter without what staff record, and
// the "needs client update" queue shows it to staff. The matter_follow_ups primary key makes "once"
// hold even when two workers run the check together.
// A client whose language has no written templates gets English, as a staff-composed update does, and
// since no one previews a follow-up, its timeline entry says so: staff arrange interpretation.
import { type Db, dialectOf, inTransaction, type OfficeDb, officeScoped } from '@relief-desk/db';
import {
  addDays,
  californiaDate,
  type LanguageCode,
  languageLabel,
  type MessageChannel,
  STATUS_CURRENT_IN,
  type StatusChoice,
} from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { Clock } from '../../clock.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { addresseeOf, reachOf } from './addressee.ts';
import { unprintableLetter } from './printable.ts';
import { queueMessage } from './queue.ts';
import { renderStatusFor } from './render.ts';
import { followUpSettings } from './settings.ts';

export interface FollowUpRun {
  queued: number;
  skipped: { matterId: string; reason: string }[];
}

const CHOICE: Omit<StatusChoice, 'matterId'> = {
  statusType: 'in_review',
  cantProceedReason: null,
  courtDate: null,
  nextSteps: [],
};

/** The stages at which the follow-up's "we are reviewing your record" is true. */
const IN_REVIEW_STAGES = [...STATUS_CURRENT_IN[CHOICE.statusType]];

/** How many days after its follow-up date a matter still gets the automatic follow-up. */
export const FOLLOW_UP_CATCH_UP_DAYS = 14;

export async function queueDueFollowUps(
  db: Db,
  clock: Clock,
  options: { wake?: () => void; limit?: number } = {},
): Promise<FollowUpRun> {
  const run: FollowUpRun = { queued: 0, skipped: [] };
  const today = californiaDate(clock.now());
  const offices = await db.selectFrom('offices').select('id').execute();
  for (const office of offices) {
    // Acts for one office at a time: what it reads and writes is held to that office (office-scope.ts).
    const officeDb = officeScoped(db, dialectOf(db), office.id);
    const settings = await followUpSettings(officeDb);
    if (!settings.enabled) continue;
    const due = await officeDb
      .selectFrom('matters')
      .select('id')
      // Kept by hand: it leads the (office_id, received_on, ...) index on SQLite, where the scope's own
      // term is +office_id, which no index serves.
      .where('office_id', '=', office.id)
      .where('stage', 'in', IN_REVIEW_STAGES)
      .where('received_on', '<=', addDays(today, -settings.days))
      // Matters long past their follow-up date are left to the "needs client update" queue: turning
      // follow-ups on (or loading old data) must not send a flood of messages at once.
      .where('received_on', '>=', addDays(today, -settings.days - FOLLOW_UP_CATCH_UP_DAYS))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('messages').select('messages.id').whereRef('messages.matter_id', '=', 'matters.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('matter_follow_ups')
              .select('matter_follow_ups.matter_id')
              .whereRef('matter_follow_ups.matter_id', '=', 'matters.id'),
          ),
        ),
      )
      .orderBy('received_on')
      .limit(options.limit ?? 500)
      .execute();
    for (const { id } of due) {
      const outcome = await queueFollowUp(officeDb, clock, id);
      if (outcome === true) run.queued += 1;
      else if (outcome) run.skipped.push({ matterId: id, reason: outcome });
    }
  }
  if (run.queued > 0) options.wake?.();
  return run;
}

/** true when queued; a reason when it cannot be; null when another worker already did it. */
async function queueFollowUp(db: OfficeDb, clock: Clock, matterId: string): Promise<true | string | null> {
  try {
    return await queueFollowUpNow(db, clock, matterId);
  } catch (error) {
    // Rolled back, so the next check tries again once an administrator has fixed the office's details.
    if (error instanceof CannotRender) return error.message;
    throw error;
  }
}

class CannotRender extends Error {}

async function queueFollowUpNow(db: OfficeDb, clock: Clock, matterId: string): Promise<true | string | null> {
  return inTransaction(db, async ({ tx }) => {
    const now = clock.now();
    // Moved on since it was found due (a petition prepared, say): not claimed, and nothing is sent.
    const stage = await tx
      .selectFrom('matters')
      .select('stage')
      .where('id', '=', matterId)
      .executeTakeFirst();
    if (!stage || !IN_REVIEW_STAGES.includes(stage.stage))
      return 'The matter has moved past the review: an “in review” follow-up would not be true.';
    const claimed = await tx
      .insertInto('matter_follow_ups')
      .values({ matter_id: matterId, message_id: null, queued_at: now.toISOString() })
      .onConflict((oc) => oc.column('matter_id').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    const matter = await tx
      .selectFrom('matters')
      .selectAll()
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    const addressee = await addresseeOf(tx, matter);
    const reachable: MessageChannel[] = reachOf(addressee.client).reachable;
    // Recorded as done either way, so an unreachable client is not retried every few minutes.
    if (reachable.length === 0) return 'The client has no channel a message can go to.';
    let firstMessageId: string | null = null;
    let written: { language: LanguageCode; fallbackFrom: string | null } | null = null;
    const channels: MessageChannel[] = [];
    // A letter the mailing run could not print (a name in a script the letters' font has not) is
    // left out, and the timeline says why: staff correct the name and send an update themselves.
    let notByLetter: string | null = null;
    for (const channel of reachable) {
      let rendered: Awaited<ReturnType<typeof renderStatusFor>>;
      try {
        rendered = await renderStatusFor(tx, addressee, CHOICE, channel, addressee.matter.county);
      } catch (error) {
        throw new CannotRender(
          error instanceof Error ? error.message : 'The follow-up could not be rendered.',
        );
      }
      if (channel === 'letter') {
        const refusal = await unprintableLetter(
          tx,
          matter.office_id,
          {
            language: rendered.language,
            recipient: rendered.recipient,
            subject: rendered.subject,
            body: rendered.text,
            attachments: [],
            createdBy: null,
          },
          now,
        );
        if (refusal) {
          notByLetter = refusal.message;
          continue;
        }
      }
      const queued = await queueMessage(
        tx,
        addressee,
        {
          kind: 'follow_up',
          statusType: 'in_review',
          channel,
          subject: rendered.subject,
          text: rendered.text,
          recipient: rendered.recipient,
          language: rendered.language,
          templateId: rendered.templateId,
          templateVersion: rendered.templateVersion,
          renderInput: { kind: 'status', choice: CHOICE },
          createdBy: null,
        },
        now,
      );
      channels.push(channel);
      firstMessageId ??= queued.messageId;
      written ??= { language: rendered.language, fallbackFrom: rendered.fallbackFrom };
    }
    const ref = { id: matterId, officeId: matter.office_id };
    const audit = (detail: Record<string, unknown>) =>
      writeAudit(
        tx,
        { clock, ip: 'outbox-worker', user: null, officeId: matter.office_id },
        { action: 'messages.followUp', entityType: 'matter', entityId: matterId, detail },
      );
    if (channels.length === 0) {
      // Recorded as done too: the letter stays unprintable until staff correct the client's name.
      const reason = `The automatic follow-up “In review” was not sent: the letter cannot be printed. ${notByLetter}`;
      await recordEvent(tx, { clock, user: null }, ref, 'delivery_failed', reason, {
        statusType: 'in_review',
      });
      await audit({ channels, notByLetter: true });
      return reason;
    }
    const fallbackFrom = written?.fallbackFrom ?? null;
    await tx
      .updateTable('matter_follow_ups')
      .set({ message_id: firstMessageId })
      .where('matter_id', '=', matterId)
      .execute();
    await recordClientContact(tx, matterId, now);
    await recordEvent(
      tx,
      { clock, user: null },
      ref,
      'follow_up_queued',
      `Automatic follow-up “In review” queued by ${channels.join(', ')}: no status update since the referral.${fallbackFrom ? ` ${fallbackNotice(written?.language ?? 'en', fallbackFrom)}` : ''}${notByLetter ? ` Not by letter: it cannot be printed. ${notByLetter}` : ''}`,
      { channels, language: written?.language ?? null, fallbackFrom },
    );
    await audit({ channels, fallbackFrom, ...(notByLetter ? { notByLetter: true } : {}) });
    return true;
  });
}

/** What the status form tells staff before they send in another language, in the same words. */
function fallbackNotice(language: string, fallbackFrom: string): string {
  return `Written in ${languageLabel(language)} (no written templates in ${languageLabel(fallbackFrom)} yet: arrange interpretation).`;
}
