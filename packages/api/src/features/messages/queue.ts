// Writes a message and its outbox row together, inside the caller's transaction: the message is
// delivered if and only if the change that caused it commits. Letters go straight to the print queue,
// and only letters that can be printed: every letter is written here, so this is where that is held.
import { newId, type Tx } from '@relief-desk/db';
import type { LanguageCode, MessageChannel, MessageStatusType } from '@relief-desk/domain';
import { shapeSms } from '@relief-desk/notify';
import type { Addressee } from './addressee.ts';
import { refuseUnprintableLetter } from './printable.ts';
import type { RenderInput } from './render.ts';

export interface QueuedMessage {
  /** application: an online application's confirmation or a new status link, with the link in it. */
  kind: 'status' | 'outcome' | 'follow_up' | 'application';
  statusType: MessageStatusType | null;
  channel: MessageChannel;
  subject: string;
  text: string;
  recipient: string;
  language: LanguageCode;
  templateId: string;
  templateVersion: number;
  renderInput: RenderInput;
  attachments?: string[];
  createdBy: string | null;
  /** Staff changed the office's wording before sending (its words withheld without the permission). */
  wordedByStaff?: boolean;
  /** Where the message is in the request (its index in messages), for a refusal's field; else the channel's. */
  at?: string;
}

export async function queueMessage(
  tx: Tx,
  addressee: Addressee,
  message: QueuedMessage,
  now: Date,
): Promise<{ messageId: string; outboxId: string }> {
  const messageId = newId(now);
  const outboxId = newId(now);
  const at = now.toISOString();
  // Whatever staff typed, a text message never grows beyond what the network carries in a few parts.
  const body =
    message.channel === 'sms'
      ? shapeSms(message.text, {
          language: addressee.language,
          officePhone: addressee.office.phone,
          keepLinks: message.kind === 'application',
        }).text
      : message.text;
  // A letter the mailing run could not print is refused now, while staff can correct it.
  if (message.channel === 'letter')
    await refuseUnprintableLetter(
      tx,
      addressee.matter.office_id,
      {
        language: message.language,
        recipient: message.recipient,
        subject: message.subject,
        body,
        attachments: message.attachments ?? [],
        createdBy: message.createdBy,
      },
      now,
      message.at ?? null,
    );
  await tx
    .insertInto('messages')
    .values({
      id: messageId,
      office_id: addressee.matter.office_id,
      matter_id: addressee.matter.id,
      client_id: addressee.client.id,
      kind: message.kind,
      status_type: message.statusType,
      channel: message.channel,
      language: message.language,
      recipient: message.recipient,
      subject: message.subject,
      body,
      template_id: message.templateId,
      template_version: message.templateVersion,
      render_input: JSON.stringify(message.renderInput),
      attachments: JSON.stringify(message.attachments ?? []),
      worded_by_staff: message.wordedByStaff ? 1 : 0,
      created_by: message.createdBy,
      created_at: at,
    })
    .execute();
  await tx
    .insertInto('outbox')
    .values({
      id: outboxId,
      message_id: messageId,
      office_id: addressee.matter.office_id,
      matter_id: addressee.matter.id,
      channel: message.channel,
      state: message.channel === 'letter' ? 'printing' : 'pending',
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { messageId, outboxId };
}
