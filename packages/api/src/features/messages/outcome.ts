// The court's outcome, sent once every petition is decided: per conviction in the client's language,
// with the signed orders attached to the e-mail (or listed as enclosed with the letter). Sending
// closes the matter through the stage machine, in the same transaction as the messages.
import { createHash } from 'node:crypto';
import { type Db, inTransaction, type Tx } from '@relief-desk/db';
import {
  californiaDate,
  californiaDateTime,
  type IsoDate,
  MESSAGE_CHANNEL_LABELS,
  nothingDecidedProblem,
  type sendOutcomeInputSchema,
} from '@relief-desk/domain';
import type { ConvictionOutcomeInput } from '@relief-desk/notify';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput } from '../../errors.ts';
import { moveSentence, recordEvent, recordStageMove } from '../../matter-core/events.ts';
import { lockMatter } from '../../matter-core/lockMatters.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { petitionFacts, stageMoveColumns, stageMoveProblem } from '../../matter-core/stageFacts.ts';
import { type Addressee, loadAddressee, messageValues, reachOf, recipientFor } from './addressee.ts';
import { previewLetterCheck } from './printable.ts';
import { queueMessage } from './queue.ts';
import { type Composition, compositionOf, renderOutcomeFor, requireWrittenInLanguageNow } from './render.ts';
import { messagingRuntime } from './runtime.ts';
import { orderFactsFor, type SignedOrder, signedOrders, signedOrdersAwaited } from './signedOrders.ts';

/**
 * Per request the court ruled on, as its order names it (code, section, case; never RAP sheet text):
 * each conviction of each decided petition, with the petition's remedy and the conviction's county,
 * then each arrest a PC 851.91 petition asked to seal, with the county it was filed in. A record
 * asked for again under the same remedy (denied, then petitioned anew) is told by its latest
 * decision: the court's earlier one no longer stands, and the two would read as two counts decided
 * apart ("1 of 2 … denied", "2 of 2 … granted").
 */
export async function outcomeConvictions(
  db: Db | Tx,
  matterId: string,
  asOf?: IsoDate,
): Promise<ConvictionOutcomeInput[]> {
  const [convictions, arrests] = await Promise.all([
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select([
        'convictions.code',
        'convictions.section',
        'convictions.case_number',
        'convictions.county',
        'convictions.conviction_date',
        'petitions.remedy',
        'petition_convictions.outcome',
        'petitions.hearing_on',
        'petitions.decided_on',
        'petitions.created_at',
        'petitions.id as petition_id',
        'convictions.id as record_id',
      ])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .orderBy('convictions.case_number')
      .orderBy('convictions.section')
      .orderBy('convictions.conviction_date')
      .orderBy('convictions.id')
      .orderBy('petitions.remedy')
      .execute(),
    db
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select([
        'arrests.code',
        'arrests.section',
        'arrests.arrest_date',
        'petitions.case_number',
        'petition_arrests.county',
        'petitions.remedy',
        'petition_arrests.outcome',
        'petitions.hearing_on',
        'petitions.decided_on',
        'petitions.created_at',
        'petitions.id as petition_id',
        'arrests.id as record_id',
      ])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .orderBy('arrests.arrest_date')
      .orderBy('arrests.section')
      .execute(),
  ]);
  type Row = Omit<(typeof convictions)[number], 'conviction_date'> & {
    arrest_date?: string;
    conviction_date?: string;
  };
  const request = (r: Row): ConvictionOutcomeInput[] =>
    r.outcome === null
      ? []
      : [
          {
            code: r.code,
            section: r.section,
            caseNumber: r.case_number,
            outcome: r.outcome,
            remedy: r.remedy,
            county: r.county,
            ...(r.arrest_date ? { arrestDate: r.arrest_date } : {}),
            ...(r.conviction_date ? { convictionDate: r.conviction_date } : {}),
            // A continued hearing's date, only when it is a hearing after the one that continued it, and
            // (read `asOf` a day) not one already past: that hearing is not "the hearing to come".
            ...(r.outcome === 'continued' &&
            r.hearing_on &&
            r.decided_on &&
            r.hearing_on > r.decided_on &&
            (!asOf || r.hearing_on >= asOf)
              ? { hearingDate: r.hearing_on }
              : {}),
          },
        ];
  return [...latestDecisions(convictions).flatMap(request), ...latestDecisions(arrests).flatMap(request)];
}

/**
 * Of the rows (in their order) the decision that stands for each record under each remedy: the court's
 * latest ruling (granted or denied; of the petition decided last, then created last), or, with no
 * ruling, the latest of the others (withdrawn, continued). A request withdrawn after a ruling leaves
 * the ruling standing. Rows without an outcome are not decisions.
 */
function latestDecisions<
  R extends {
    record_id: string;
    remedy: string;
    outcome: unknown;
    decided_on: string | null;
    created_at: string;
    petition_id: string;
  },
>(rows: R[]): R[] {
  const decided = rows.filter((r) => r.outcome !== null);
  const ruling = (r: R) => (r.outcome === 'granted' || r.outcome === 'denied' ? '1' : '0');
  const order = (r: R) => [ruling(r), r.decided_on ?? '', r.created_at, r.petition_id].join('|');
  const latest = new Map<string, R>();
  for (const r of decided) {
    const key = `${r.record_id}|${r.remedy}`;
    const held = latest.get(key);
    if (!held || order(r) > order(held)) latest.set(key, r);
  }
  return decided.filter((r) => latest.get(`${r.record_id}|${r.remedy}`) === r);
}

/**
 * Each fact an outcome's text rests on, named as a refusal says it changed. Typed by the request's
 * fields, so a field added to what the message is rendered from must be named (and fingerprinted) too.
 */
export const OUTCOME_FACTS = {
  outcome: 'a petition’s outcome',
  code: 'a conviction’s code',
  section: 'a code section',
  caseNumber: 'a case number',
  remedy: 'a petition’s remedy',
  county: 'the county whose court ruled',
  arrestDate: 'an arrest date',
  convictionDate: 'a conviction date',
  hearingDate: 'a continued hearing’s date',
  decidedOn: 'a decision date',
  requests: 'which requests the court decided',
  ordersEnclosed: 'the signed orders on file',
  ordersAwaited: 'the signed orders still awaited from the court',
  language: 'the client’s language',
  addressee: 'the client’s name, county or contact details',
  office: 'the office’s name, address, phone or e-mail',
} as const satisfies Record<keyof ConvictionOutcomeInput, string> & Record<string, string>;
export type OutcomeFact = keyof typeof OUTCOME_FACTS;

const hashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 12);

/**
 * The fingerprint of what an outcome is made of, fact by fact ("outcome=…;caseNumber=…"): the preview
 * returns it and the send recomputes it in its transaction, so a text shown before a supervisor
 * corrected an outcome (which leaves the matter's version alone) is not sent as the record.
 */
async function outcomeFingerprint(
  db: Db | Tx,
  addressee: Addressee,
  convictions: ConvictionOutcomeInput[],
  orders: SignedOrder[],
  awaited: number,
): Promise<string> {
  const decided = await db
    .selectFrom('petitions')
    .select(['id', 'decided_on'])
    .where('matter_id', '=', addressee.matter.id)
    .where('status', '=', 'decided')
    .orderBy('id')
    .execute();
  const values = messageValues(addressee, null);
  const field = (name: keyof ConvictionOutcomeInput) => convictions.map((c) => c[name] ?? null);
  const facts: Record<OutcomeFact, unknown> = {
    // With whether each order is a grant's: a request told no more (superseded) still decides that.
    outcome: [field('outcome'), orders.map((o) => o.grants)],
    code: field('code'),
    section: field('section'),
    caseNumber: field('caseNumber'),
    remedy: field('remedy'),
    county: field('county'),
    arrestDate: field('arrestDate'),
    convictionDate: field('convictionDate'),
    hearingDate: field('hearingDate'),
    decidedOn: decided.map((p) => p.decided_on),
    requests: [convictions.length, decided.map((p) => p.id)],
    ordersEnclosed: orders.map((o) => o.fileId),
    ordersAwaited: awaited,
    language: addressee.language,
    addressee: [
      values.clientName,
      values.county,
      reachOf(addressee.client).reachable.map((c) => [c, recipientFor(addressee.client, c)]),
    ],
    office: [values.officeName, values.officeAddress, values.officePhone, values.officeEmail],
  };
  return (Object.keys(OUTCOME_FACTS) as OutcomeFact[]).map((f) => `${f}=${hashOf(facts[f])}`).join(';');
}

/** The facts whose part of the fingerprint differs (all of them for one that cannot be read). */
function factsChanged(previewed: string, now: string): OutcomeFact[] {
  const parts = (print: string) => new Map(print.split(';').map((p) => p.split('=') as [string, string]));
  const before = parts(previewed);
  const after = parts(now);
  return (Object.keys(OUTCOME_FACTS) as OutcomeFact[]).filter((f) => before.get(f) !== after.get(f));
}

function requireOutcomeStage(addressee: Addressee) {
  if (addressee.matter.stage !== 'outcome_to_send')
    throw badInput(
      'matterId',
      'Outcomes are sent from “Outcome to send”: record every petition’s outcome and move the matter there first.',
    );
}

/**
 * A matter that reached "Outcome to send" before the move was refused without a decided petition (its
 * only petition withdrawn) has no outcome to tell: refused in the stage machine's words, not the
 * template's.
 */
async function requireCourtOutcome(db: Db | Tx, addressee: Addressee): Promise<void> {
  const problem = nothingDecidedProblem(await petitionFacts(db, addressee.matter.id), 'outcome_to_send');
  if (problem) throw badInput('matterId', problem);
}

export async function composeOutcome(
  ctx: OfficeContext,
  matterId: string,
): Promise<
  Composition & {
    version: number;
    orders: SignedOrder[];
    orderAwaited: boolean;
    ordersAwaited: number;
    /** Why sending this outcome now would be refused (the preview is not the message to send), or null. */
    sendRefusal: string | null;
    /** The facts the texts rest on, to send back with them: a send after any of them changed is refused. */
    fingerprint: string;
  }
> {
  await requireRapSheetAccess(ctx, 'messages.composeOutcome', matterId);
  const addressee = await loadAddressee(ctx.db, matterId);
  requireOutcomeStage(addressee);
  await requireCourtOutcome(ctx.db, addressee);
  const today = californiaDate(ctx.clock.now());
  const convictions = await outcomeConvictions(ctx.db, matterId, today);
  // What sending would refuse now (a petition whose hearing was continued is still before the court),
  // shown with the preview, so it is not read as the message to send. A close note is asked for, not
  // refused: one is supposed here.
  const sendRefusal = await stageMoveProblem(ctx.db, addressee.matter, 'closed', today, 'supposed', {
    outcomeSent: true,
  });
  const orders = await signedOrders(ctx.db, matterId);
  const awaited = await signedOrdersAwaited(ctx.db, matterId);
  const rendered = [];
  for (const channel of reachOf(addressee.client).reachable)
    rendered.push(
      await previewLetterCheck(
        ctx.db,
        addressee.matter.office_id,
        renderOutcomeFor(addressee, convictions, channel, orderFactsFor(channel, orders, awaited)),
        // The signed orders go with a letter, listed as enclosed.
        { createdBy: ctx.user.id, attachments: orders.map((o) => o.fileId) },
        ctx.clock.now(),
      ),
    );
  const fingerprint = await outcomeFingerprint(ctx.db, addressee, convictions, orders, awaited);
  await putReadOnRecord(ctx.db, {
    entityType: 'matter',
    entityId: matterId,
  });
  return {
    ...compositionOf(addressee, rendered),
    version: addressee.matter.version,
    orders,
    orderAwaited: awaited > 0,
    ordersAwaited: awaited,
    sendRefusal,
    fingerprint,
  };
}

/**
 * A second send of the outcome (a double click, a second tab, a retry) finds the matter closed by the
 * first: refused saying that the outcome was sent and the matter closed, by whom and when, not as a
 * change someone made after the sender opened it (it may be their own send). Null when the matter was
 * not closed by sending its outcome.
 */
async function outcomeAlreadySent(tx: Tx, ctx: OfficeContext, matterId: string): Promise<AppError | null> {
  const matter = await tx
    .selectFrom('matters')
    .select(['stage', 'closed_at'])
    .where('id', '=', matterId)
    .executeTakeFirst();
  if (matter?.stage !== 'closed' || !matter.closed_at) return null;
  // Sending the outcome writes its messages and closes the matter at the same instant.
  const sent = await tx
    .selectFrom('messages')
    .select(['created_by', 'created_at'])
    .where('matter_id', '=', matterId)
    .where('kind', '=', 'outcome')
    .where('created_at', '=', matter.closed_at)
    .executeTakeFirst();
  if (!sent) return null;
  const sender =
    sent.created_by === ctx.user.id
      ? 'you'
      : sent.created_by
        ? ((await tx.selectFrom('users').select('name').where('id', '=', sent.created_by).executeTakeFirst())
            ?.name ?? 'a colleague')
        : 'a colleague';
  return new AppError(
    'VERSION_CONFLICT',
    `The court’s outcome was already sent to the client, by ${sender} on ${californiaDateTime(sent.created_at)}, and the matter is closed: nothing was sent again.`,
  );
}

/**
 * The texts rest on the facts the preview showed: with the preview's fingerprint, any fact that changed
 * since refuses the send, named.
 */
function requireFactsAsPreviewed(previewed: string, now: string): void {
  const changed = factsChanged(previewed, now);
  if (changed.length === 0) return;
  throw new AppError(
    'VERSION_CONFLICT',
    `Since this outcome was previewed, ${changed.map((f) => OUTCOME_FACTS[f]).join(', ')} changed: its text may no longer say what the record does, so nothing was sent. Compose the outcome again, check it, and send that.`,
  );
}

/**
 * Without the fingerprint (a script), only texts that are the outcome as the record reads now may go:
 * an edited text could not be told from a stale one.
 */
function requireTextsAsRecordReads(
  messages: SendOutcomeInput['messages'],
  renderedNow: { subject: string; text: string }[],
): void {
  const asNow = messages.every((m, index) => {
    const now = renderedNow[index];
    return now?.text === m.text && (m.subject === '' || m.subject === now.subject);
  });
  if (!asNow)
    throw new AppError(
      'VERSION_CONFLICT',
      'This outcome’s text is not the outcome as the record reads now, and it came without the preview’s fingerprint, so whether the record changed since cannot be told: nothing was sent. Compose the outcome again and send it with that preview’s fingerprint.',
    );
}

type SendOutcomeInput = z.output<typeof sendOutcomeInputSchema>;

export async function sendOutcome(ctx: OfficeContext, input: SendOutcomeInput) {
  // Checked before the transaction: a refusal is audited with ctx.db, which must not wait on it.
  await requireRapSheetAccess(ctx, 'messages.sendOutcome', input.matterId);
  return inTransaction(ctx.db, async ({ tx, onCommit }) => {
    // A correction of the court's outcome meanwhile waits for the send (and then warns that the client
    // was told otherwise), or the send waits for it and reads it.
    await lockMatter(tx, input.matterId);
    const addressee = await loadAddressee(tx, input.matterId);
    const { matter } = addressee;
    if (matter.version !== input.version)
      throw (
        (await outcomeAlreadySent(tx, ctx, matter.id)) ?? (await versionConflict(tx, 'this matter', matter))
      );
    requireOutcomeStage(addressee);
    await requireCourtOutcome(tx, addressee);
    const problem = await stageMoveProblem(
      tx,
      matter,
      'closed',
      californiaDate(ctx.clock.now()),
      input.closeNote,
      {
        outcomeSent: true,
      },
    );
    if (problem) throw badInput(input.closeNote ? 'matterId' : 'closeNote', problem);

    const now = ctx.clock.now();
    // As the preview read them (the same day), so that the fingerprints compare like with like.
    const convictions = await outcomeConvictions(tx, matter.id, californiaDate(now));
    const orders = await signedOrders(tx, matter.id);
    const awaited = await signedOrdersAwaited(tx, matter.id);
    const { reachable } = reachOf(addressee.client);
    if (input.fingerprint !== undefined)
      requireFactsAsPreviewed(
        input.fingerprint,
        await outcomeFingerprint(tx, addressee, convictions, orders, awaited),
      );
    const renderedFor = input.messages.map((outgoing, index) => {
      if (!reachable.includes(outgoing.channel))
        throw badInput(
          `messages.${index}.channel`,
          `The client cannot be reached by ${MESSAGE_CHANNEL_LABELS[outgoing.channel].toLowerCase()}: check their contact preferences.`,
        );
      const rendered = renderOutcomeFor(
        addressee,
        convictions,
        outgoing.channel,
        orderFactsFor(outgoing.channel, orders, awaited),
      );
      requireWrittenInLanguageNow(input.writtenIn, rendered.language, addressee.client.legal_name);
      return rendered;
    });
    if (input.fingerprint === undefined) requireTextsAsRecordReads(input.messages, renderedFor);
    const queued = [];
    for (const [index, outgoing] of input.messages.entries()) {
      const rendered = renderedFor[index];
      if (!rendered) continue;
      queued.push(
        await queueMessage(
          tx,
          addressee,
          {
            kind: 'outcome',
            statusType: null,
            channel: outgoing.channel,
            subject: outgoing.subject || rendered.subject,
            text: outgoing.text,
            recipient: rendered.recipient,
            language: rendered.language,
            templateId: rendered.templateId,
            templateVersion: rendered.templateVersion,
            renderInput: {
              kind: 'outcome',
              convictions,
              ordersGranting: orderFactsFor(outgoing.channel, orders, awaited).granting,
            },
            // Orders go with e-mail and letters; a text message carries no court papers or details.
            attachments: outgoing.channel === 'sms' ? [] : orders.map((o) => o.fileId),
            createdBy: ctx.user.id,
            at: `messages.${index}`,
          },
          now,
        ),
      );
    }

    const at = now.toISOString();
    const moved = await tx
      .updateTable('matters')
      .set({
        ...stageMoveColumns(matter.stage, 'closed', at),
        updated_at: at,
        updated_by: ctx.user.id,
        version: matter.version + 1,
      })
      .where('id', '=', matter.id)
      .where('version', '=', matter.version)
      .executeTakeFirst();
    // On PostgreSQL a second send from the same version waits for the first, then changes nothing:
    // refused naming the send that won (the row read again), not the matter's change before it.
    if (moved.numUpdatedRows === 0n) {
      const sent = await outcomeAlreadySent(tx, ctx, matter.id);
      if (sent) throw sent;
    }
    await requireSaved(tx, moved, 'matters', matter.id, 'this matter');
    await recordClientContact(tx, matter.id, now);
    const channels = input.messages.map((m) => m.channel);
    const ref = { id: matter.id, officeId: matter.office_id };
    await recordEvent(
      tx,
      ctx,
      ref,
      'outcome_sent',
      `Court outcome sent by ${channels.map((c) => MESSAGE_CHANNEL_LABELS[c].toLowerCase()).join(', ')}${orders.length > 0 ? `, with ${orders.length} signed order(s)` : ''}.`,
      { channels, messageIds: queued.map((q) => q.messageId) },
    );
    await recordStageMove(
      tx,
      ctx,
      ref,
      { from: 'outcome_to_send', to: 'closed' },
      moveSentence('outcome_to_send', 'closed', 'outcome sent'),
      input.closeNote,
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { channels, messageIds: queued.map((q) => q.messageId), orders: orders.length },
    });
    onCommit(() => messagingRuntime().wake());
    return {
      messageIds: queued.map((q) => q.messageId),
      stage: 'closed' as const,
      version: matter.version + 1,
    };
  });
}
