// Whether what a message waiting to go tells the client is still true of their matter. A status
// update's claims were checked when it was written (requireBackedStatus); a letter can wait in the
// print queue for days, and meanwhile a hearing is continued, a decision corrected, a matter closed.
// Before a waiting letter is listed to print, printed in a mailing run or marked printed, its claims
// are checked again against the matter as it is now, by the same rule (requireBackedStatus, asked
// again, never a second copy of it), and the county it names against the county the records give now
// (requireStillBackedStatus: "the court in Alameda County" is untrue once only Contra Costa's
// conviction is still eligible). A court outcome is checked against the outcomes the court's
// decisions now give (outcomeConvictions, what the outcome message is written from). Either is also
// held when the client's language changed since it was written: it would reach them in a language
// they no longer chose. An e-mail or text message waiting in the outbox (the mail server down, retried
// for hours) is checked the same way by the worker just before each try (held.ts).
import type { Db, Matter, Message, Tx } from '@relief-desk/db';
import { languageLabel, type MessageChannel, statusTellsCriminalHistory } from '@relief-desk/domain';
import type { ConvictionOutcomeInput } from '@relief-desk/notify';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recipientFor } from './addressee.ts';
import { outcomeConvictions } from './outcome.ts';
import type { RenderInput } from './render.ts';
import { requireStillBackedStatus } from './statusFacts.ts';
import { templateLanguage } from './templates.ts';

/** A waiting message whose claims no longer hold: why (the rule's own words) and what to do. */
export interface NoLongerTrue {
  /**
   * facts: what it tells no longer holds; language: it is in a language the client no longer chose;
   * recipient: the client's name, address, e-mail or phone changed since it was written (it would go
   * to the old one).
   */
  because: 'facts' | 'language' | 'recipient';
  /** Why, as the rule refusing it now at compose time says it. */
  why: string;
  /** Why and what to do, for staff: of a letter in the print queue. */
  reason: string;
  /**
   * What staff read of an e-mail or text message held before it went: why (unless why tells of the
   * record or the court) and what to do.
   */
  notSent: string;
}

type Waiting = Pick<
  Message,
  'id' | 'matter_id' | 'client_id' | 'language' | 'kind' | 'render_input' | 'channel' | 'recipient'
>;

/** What to do with a waiting letter that no longer holds. */
const WHAT_TO_DO =
  'Take it out of the print queue (it is not mailed) and, to tell the client where things stand now, send a new status update from the matter page.';

/** What to do about an e-mail or text message held because what it tells no longer holds. */
const NOT_SENT_WHAT_TO_DO =
  'It was not sent: to tell the client where things stand now, send a new status update from the matter page.';

/** Why, for an e-mail or text message whose why would tell of the record or the court. */
const NO_LONGER_HOLDS = 'What it tells the client is no longer true of the matter.';

/** One request of an outcome message, as far as it can be compared (a stored description keeps fewer parts). */
function requestKey(request: Record<string, unknown>, full: boolean): string {
  const { outcome, remedy, county, hearingDate, code, section, caseNumber, arrestDate, convictionDate } =
    request as Partial<ConvictionOutcomeInput> & { description?: string };
  return JSON.stringify([
    outcome,
    remedy,
    county,
    hearingDate ?? null,
    ...(full ? [code, section, caseNumber, arrestDate ?? null, convictionDate ?? null] : []),
  ]);
}

/** Whether the outcome letter's requests are the court's outcomes as recorded now. */
function sameOutcomes(stored: Record<string, unknown>[], now: ConvictionOutcomeInput[]): boolean {
  // Outcome messages stored before convictions were kept as fields hold one English description.
  const full = !stored.some((s) => 'description' in s);
  const key = (r: Record<string, unknown>) => requestKey(r, full);
  const a = stored.map(key).sort();
  const b = (now as unknown as Record<string, unknown>[]).map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * The waiting messages among these whose claims no longer hold, by message id, with why. Messages that
 * claim nothing of the matter's records (an application's confirmation) always hold.
 */
export async function noLongerTrue(
  db: Db | Tx,
  ctx: Pick<Context, 'clock'>,
  messages: readonly Waiting[],
  options: { acrossOffices?: boolean } = {},
): Promise<Map<string, NoLongerTrue>> {
  const found = new Map<string, NoLongerTrue>();
  const matterIds = [...new Set(messages.map((m) => m.matter_id))];
  if (matterIds.length === 0) return found;
  const matters = new Map<string, Matter>(
    (await db.selectFrom('matters').selectAll().where('id', 'in', matterIds).execute()).map((m) => [m.id, m]),
  );
  const clientIds = [...new Set(messages.map((m) => m.client_id))];
  const clients = new Map(
    (
      await db
        .selectFrom('clients')
        .select([
          'id',
          'preferred_language',
          'legal_name',
          'email',
          'phone',
          'address_line1',
          'address_line2',
          'city',
          'state',
          'postal_code',
        ])
        .where('id', 'in', clientIds)
        .execute()
    ).map((c) => [c.id, c]),
  );
  const outcomes = new Map<string, ConvictionOutcomeInput[]>();
  for (const message of messages) {
    const matter = matters.get(message.matter_id);
    if (!matter) continue;
    const input = JSON.parse(message.render_input ?? 'null') as RenderInput | null;
    const client = clients.get(message.client_id);
    const prefers = client?.preferred_language;
    const wouldWriteIn = prefers ? templateLanguage(prefers) : null;
    if (
      (input?.kind === 'status' || input?.kind === 'outcome' || input?.kind === 'signed_order_copy') &&
      wouldWriteIn &&
      wouldWriteIn !== message.language
    ) {
      const why = `It is written in ${languageLabel(message.language)}, and the client’s language is now ${languageLabel(prefers ?? wouldWriteIn)}: it would reach them in a language they no longer chose.`;
      found.set(message.id, {
        because: 'language',
        why,
        reason: `No longer right: ${why} Take it out of the print queue (it is not mailed) and write it again from the matter page, in ${languageLabel(wouldWriteIn)}.`,
        notSent: `No longer right: ${why} It was not sent: write it again from the matter page, in ${languageLabel(wouldWriteIn)}.`,
      });
      continue;
    }
    if (input?.kind === 'status') {
      const why = await statusProblem(db, ctx, matter, input, options);
      if (why)
        found.set(message.id, {
          because: 'facts',
          why,
          reason: `No longer true: ${why} ${WHAT_TO_DO}`,
          notSent: `No longer right: ${statusTellsCriminalHistory(input.choice.statusType) ? NO_LONGER_HOLDS : why} ${NOT_SENT_WHAT_TO_DO}`,
        });
    } else if (input?.kind === 'outcome') {
      let now = outcomes.get(matter.id);
      if (!now) {
        now = await outcomeConvictions(db, matter.id);
        outcomes.set(matter.id, now);
      }
      if (!sameOutcomes(input.convictions as unknown as Record<string, unknown>[], now)) {
        const why =
          'The court’s outcomes recorded on the matter have changed since this letter was written: it would tell the client decisions that are no longer on record.';
        found.set(message.id, {
          because: 'facts',
          why,
          reason: `No longer true: ${why} Take it out of the print queue (it is not mailed) and tell the client the outcome as it is now.`,
          // An outcome tells of the court's decisions: why is not said beside it.
          notSent: `No longer right: ${NO_LONGER_HOLDS} It was not sent: tell the client the outcome as it is now.`,
        });
      }
    }
    // True still, but to whom: a letter to the address the client has left tells whoever lives there.
    if (
      !found.has(message.id) &&
      client &&
      message.channel &&
      message.recipient !== recipientFor(client, message.channel)
    ) {
      const why = `The client’s ${RECIPIENT_WORDS[message.channel]} changed since it was written: it would go to the old one.`;
      found.set(message.id, {
        because: 'recipient',
        why,
        reason: `No longer right: ${why} Take it out of the print queue (it is not mailed) and write the letter again: it is written to the client’s details as they are now.`,
        notSent: `No longer right: ${why} It was not sent: send it again from here, another way or as it is, to the client’s details as they are now.`,
      });
    }
  }
  return found;
}

/** What of the client a message of each channel is addressed by. */
const RECIPIENT_WORDS: Record<MessageChannel, string> = {
  letter: 'name or mailing address',
  email: 'e-mail address',
  sms: 'phone number',
};

/** The refusal composing this status now would meet, or null when the matter still backs it. */
async function statusProblem(
  db: Db | Tx,
  ctx: Pick<Context, 'clock'>,
  matter: Matter,
  written: Extract<RenderInput, { kind: 'status' }>,
  options: { acrossOffices?: boolean },
): Promise<string | null> {
  try {
    await requireStillBackedStatus(db, ctx, matter, written, options);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.appCode === 'BAD_INPUT') return error.message;
    throw error;
  }
}
