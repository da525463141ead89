// Status updates from the matter page: render them for the client's channels, send them (message and
// outbox rows in one transaction), or log a status given some other way, such as on the phone.
import { inTransaction, newId, type Tx } from '@relief-desk/db';
import {
  CANT_PROCEED_LABELS,
  type CriminalHistoryAction,
  californiaDateTime,
  type logStatusInputSchema,
  MESSAGE_CHANNEL_LABELS,
  MESSAGE_STATUS_LABELS,
  type MessageChannel,
  outgoingMessageSchema,
  type StatusChoice,
  type sendStatusInputSchema,
  statusTellsCriminalHistory,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput } from '../../errors.ts';
import { RECORD_NOTE_SUMMARY, recordEvent, statusLoggedSentence } from '../../matter-core/events.ts';
import { lockMatter } from '../../matter-core/lockMatters.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { loadAddressee, reachOf } from './addressee.ts';
import { previewLetterCheck } from './printable.ts';
import { queueMessage } from './queue.ts';
import { type Composition, compositionOf, renderStatusFor, requireWrittenInLanguageNow } from './render.ts';
import { messagingRuntime } from './runtime.ts';
import { requireBackedStatus } from './statusFacts.ts';

const choiceOnly = ({ matterId: _m, ...choice }: StatusChoice) => choice;

export function statusLabel(choice: Pick<StatusChoice, 'statusType' | 'cantProceedReason'>): string {
  const label = MESSAGE_STATUS_LABELS[choice.statusType];
  return choice.cantProceedReason
    ? `${label} (${CANT_PROCEED_LABELS[choice.cantProceedReason].toLowerCase()})`
    : label;
}

/**
 * A status that tells of the record or the court needs the RAP sheet permission, checked before the
 * records are read: otherwise whether the claim is refused would itself tell what they hold.
 * Checked outside any transaction, so the refusal's audit row does not wait on it.
 */
async function requireStatusAccess(
  ctx: OfficeContext,
  choice: Pick<StatusChoice, 'statusType' | 'matterId'>,
  action: CriminalHistoryAction,
): Promise<void> {
  if (statusTellsCriminalHistory(choice.statusType))
    await requireRapSheetAccess(ctx, action, choice.matterId.slice(0, 64));
}

export async function composeStatus(ctx: OfficeContext, choice: StatusChoice): Promise<Composition> {
  await requireStatusAccess(ctx, choice, 'messages.composeStatus');
  const addressee = await loadAddressee(ctx.db, choice.matterId);
  const county = await requireBackedStatus(ctx.db, ctx, addressee.matter, choice);
  const rendered = [];
  for (const channel of reachOf(addressee.client).reachable)
    rendered.push(
      await previewLetterCheck(
        ctx.db,
        addressee.matter.office_id,
        await renderStatusFor(ctx.db, addressee, choiceOnly(choice), channel, county),
        { createdBy: ctx.user.id, attachments: [] },
        ctx.clock.now(),
      ),
    );
  await putReadOnRecord(ctx.db, {
    entityType: 'matter',
    entityId: addressee.matter.id,
    detail: {
      statusType: choice.statusType,
      criminalHistoryShown: statusTellsCriminalHistory(choice.statusType),
    },
  });
  return compositionOf(addressee, rendered);
}

/** How long a status update sent is taken for the one meant when the same is sent again. */
export const SAME_STATUS_WINDOW_MS = 10 * 60 * 1000;
/** A delivery in one of these states has not left yet: a second send would go out beside it. */
const STILL_QUEUED = ['pending', 'sending', 'printing'] as const;

const channelList = (channels: readonly MessageChannel[]) =>
  channels.map((c) => MESSAGE_CHANNEL_LABELS[c].toLowerCase()).join(', ');

/**
 * Two people pressing Send on the same update (each request with its own key) would give the client
 * it twice: the same status, with the same choices, by the same channels, sent to the matter in the
 * last ten minutes or still waiting to go, is refused naming who sent it and when, unless staff say
 * they mean to send it again. The caller holds the matter's row, so two sends take turns here.
 */
async function requireNotJustSent(
  tx: Tx,
  ctx: OfficeContext,
  matterId: string,
  choice: ReturnType<typeof choiceOnly>,
  channels: readonly MessageChannel[],
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - SAME_STATUS_WINDOW_MS).toISOString();
  const sent = await tx
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.created_by')
    .select([
      'messages.id',
      'messages.channel',
      'messages.render_input',
      'messages.created_by',
      'messages.created_at',
      'users.name',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('outbox')
            .select('outbox.id')
            .whereRef('outbox.message_id', '=', 'messages.id')
            .where('outbox.state', 'in', STILL_QUEUED),
        )
        .as('queued'),
    )
    .where('messages.matter_id', '=', matterId)
    .where('messages.kind', '=', 'status')
    .where('messages.status_type', '=', choice.statusType)
    // Only what can match, not the matter's whole history: sends made lately, or a send (its messages
    // written at one instant) of which a message still waits to go.
    .where((eb) =>
      eb.or([
        eb('messages.created_at', '>=', since),
        eb(
          'messages.created_at',
          'in',
          eb
            .selectFrom('messages as waiting')
            .innerJoin('outbox', 'outbox.message_id', 'waiting.id')
            .select('waiting.created_at')
            .where('waiting.matter_id', '=', matterId)
            .where('outbox.state', 'in', STILL_QUEUED),
        ),
      ]),
    )
    .orderBy('messages.created_at', 'desc')
    .execute();
  // One send writes its messages at one instant, by one person: grouped so, newest first.
  const sends = new Map<string, typeof sent>();
  for (const m of sent) {
    const key = `${m.created_at} ${m.created_by ?? ''}`;
    sends.set(key, [...(sends.get(key) ?? []), m]);
  }
  const wanted = JSON.stringify(choice);
  const same = [...sends.values()].find((send) => {
    const first = send[0];
    if (!first) return false;
    const recent = first.created_at >= since || send.some((m) => Boolean(m.queued));
    const sameChoice = send.every(
      (m) => JSON.stringify((JSON.parse(m.render_input) as { choice?: unknown }).choice) === wanted,
    );
    const sameChannels =
      send.length === channels.length && send.every((m) => m.channel && channels.includes(m.channel));
    return recent && sameChoice && sameChannels;
  });
  const first = same?.[0];
  if (!first) return;
  const who = first.created_by === ctx.user.id ? 'you' : (first.name ?? 'a colleague');
  const waiting = same.some((m) => Boolean(m.queued)) ? ' (it is still waiting to go out)' : '';
  const message = `This same update, “${statusLabel(choice)}” by ${channelList(channels)}, was sent to the client by ${who} on ${californiaDateTime(first.created_at)}${waiting}: nothing was sent, so the client does not get it twice. If they should get it again, choose “Send again”.`;
  throw new AppError('VERSION_CONFLICT', message, { fieldErrors: [{ path: 'sendAgain', message }] });
}

/**
 * Whether staff changed the office's wording in the box: words of their own may tell of the record,
 * whatever the status says. The office's wording is compared as the box's text was cleaned (line
 * breaks, outer spaces), so text sent as composed is not taken for changed.
 */
function wordingChanged(
  outgoing: { subject: string; text: string },
  rendered: { subject: string; text: string },
): boolean {
  return (
    outgoing.text !== outgoingMessageSchema.shape.text.parse(rendered.text) ||
    (outgoing.subject !== '' &&
      outgoing.subject !== outgoingMessageSchema.shape.subject.parse(rendered.subject))
  );
}

export async function sendStatus(ctx: OfficeContext, input: z.output<typeof sendStatusInputSchema>) {
  await requireStatusAccess(ctx, input.choice, 'messages.sendStatus');
  return inTransaction(ctx.db, async ({ tx, onCommit }) => {
    // Two sends to one matter take turns on PostgreSQL (SQLite's transactions already do), so the
    // second sees the first's messages below; and a change to the records it rests on waits, or is seen.
    await lockMatter(tx, input.choice.matterId);
    const addressee = await loadAddressee(tx, input.choice.matterId);
    if (!input.sendAgain)
      await requireNotJustSent(
        tx,
        ctx,
        addressee.matter.id,
        choiceOnly(input.choice),
        input.messages.map((m) => m.channel),
        ctx.clock.now(),
      );
    const county = await requireBackedStatus(tx, ctx, addressee.matter, input.choice);
    const { reachable } = reachOf(addressee.client);
    const now = ctx.clock.now();
    const queued = [];
    for (const [index, outgoing] of input.messages.entries()) {
      if (!reachable.includes(outgoing.channel))
        throw badInput(
          `messages.${index}.channel`,
          `The client cannot be reached by ${MESSAGE_CHANNEL_LABELS[outgoing.channel].toLowerCase()}: check their contact preferences.`,
        );
      // Rendered again here for the template's id and version (and to refuse a choice it cannot fill);
      // the text that goes out is what staff left in the box.
      const rendered = await renderStatusFor(
        tx,
        addressee,
        choiceOnly(input.choice),
        outgoing.channel,
        county,
      );
      requireWrittenInLanguageNow(input.writtenIn, rendered.language, addressee.client.legal_name);
      queued.push(
        await queueMessage(
          tx,
          addressee,
          {
            kind: 'status',
            statusType: input.choice.statusType,
            channel: outgoing.channel,
            subject: outgoing.subject || rendered.subject,
            text: outgoing.text,
            recipient: rendered.recipient,
            language: rendered.language,
            templateId: rendered.templateId,
            templateVersion: rendered.templateVersion,
            renderInput: { kind: 'status', choice: choiceOnly(input.choice), county },
            createdBy: ctx.user.id,
            wordedByStaff: wordingChanged(outgoing, rendered),
            at: `messages.${index}`,
          },
          now,
        ),
      );
    }
    await recordClientContact(tx, addressee.matter.id, now);
    const channels = input.messages.map((m) => m.channel);
    await recordEvent(
      tx,
      ctx,
      { id: addressee.matter.id, officeId: addressee.matter.office_id },
      'status_sent',
      `Status update “${statusLabel(input.choice)}” sent by ${channels.map((c) => MESSAGE_CHANNEL_LABELS[c].toLowerCase()).join(', ')}.`,
      { statusType: input.choice.statusType, channels, messageIds: queued.map((q) => q.messageId) },
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: addressee.matter.id,
      detail: {
        statusType: input.choice.statusType,
        channels,
        messageIds: queued.map((q) => q.messageId),
        criminalHistoryShown: statusTellsCriminalHistory(input.choice.statusType),
        ...(input.sendAgain ? { sentAgain: true } : {}),
      },
    });
    onCommit(() => messagingRuntime().wake());
    return { messageIds: queued.map((q) => q.messageId), outboxIds: queued.map((q) => q.outboxId) };
  });
}

export async function logStatus(ctx: OfficeContext, input: z.output<typeof logStatusInputSchema>) {
  await requireStatusAccess(ctx, input.choice, 'messages.logStatus');
  return inTransaction(ctx.db, async ({ tx }) => {
    const addressee = await loadAddressee(tx, input.choice.matterId);
    const now = ctx.clock.now();
    const id = newId(now);
    // A note about the record is kept apart from the timeline's sentence, as notes.ts keeps one.
    const apart = input.noteAboutRecord && input.note !== '';
    await tx
      .insertInto('messages')
      .values({
        id,
        office_id: addressee.matter.office_id,
        matter_id: addressee.matter.id,
        client_id: addressee.client.id,
        kind: 'logged',
        status_type: input.choice.statusType,
        channel: null,
        language: addressee.language,
        body: input.note,
        note_about_record: apart ? 1 : 0,
        render_input: JSON.stringify({ kind: 'status', choice: choiceOnly(input.choice) }),
        created_by: ctx.user.id,
        created_at: now.toISOString(),
      })
      .execute();
    await recordClientContact(tx, addressee.matter.id, now);
    await recordEvent(
      tx,
      ctx,
      { id: addressee.matter.id, officeId: addressee.matter.office_id },
      'status_logged',
      `${statusLoggedSentence(statusLabel(input.choice))}${
        apart ? ` ${RECORD_NOTE_SUMMARY}` : input.note ? ` ${input.note}` : ''
      }`,
      { statusType: input.choice.statusType, messageId: id, ...(apart ? { note: input.note } : {}) },
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: addressee.matter.id,
      detail: {
        statusType: input.choice.statusType,
        criminalHistoryShown: statusTellsCriminalHistory(input.choice.statusType) || apart,
        ...(apart ? { aboutRecord: true } : {}),
      },
    });
    return { messageId: id };
  });
}
