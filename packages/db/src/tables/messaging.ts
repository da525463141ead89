import type {
  DeliveryState,
  LanguageCode,
  MessageChannel,
  MessageStatusType,
  TemplateLanguageCode,
} from '@relief-desk/domain';
import type { Generated, Insertable, Selectable } from 'kysely';
import type { MessageKind } from './closed-sets.ts';

/** An office's wording for one status type and language; every edit is a new row with the next version. */
export interface MessageTemplatesTable {
  id: string;
  office_id: string;
  status_type: MessageStatusType;
  language: TemplateLanguageCode;
  version: number;
  subject: string;
  body: string;
  sms: string;
  created_by: string;
  created_at: string;
}
export type MessageTemplate = Selectable<MessageTemplatesTable>;

export interface OfficeMessageSettingsTable {
  office_id: string;
  follow_up_enabled: number;
  follow_up_days: number;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

/** One message to a client on one channel, with the exact text that went out. */
export interface MessagesTable {
  id: string;
  office_id: string;
  matter_id: string;
  client_id: string;
  /** logged: a status recorded without sending. */
  kind: MessageKind;
  status_type: MessageStatusType | null;
  /** Null when logged without sending. */
  channel: MessageChannel | null;
  language: LanguageCode;
  /** The address, number or postal address it went to, as it was when sent. */
  recipient: Generated<string>;
  subject: Generated<string>;
  body: Generated<string>;
  template_id: string | null;
  template_version: number | null;
  /** JSON: what was chosen (status, reason, court date, next steps), to render again for another channel. */
  render_input: Generated<string>;
  /** JSON array of document_files ids sent with it (signed orders). */
  attachments: Generated<string>;
  /** 1: a logged status's note (its body) is about the criminal record, withheld without the permission. */
  note_about_record: Generated<number>;
  /** 1: staff changed the office's wording (text or subject) before sending: withheld without the permission. */
  worded_by_staff: Generated<number>;
  created_by: string | null;
  created_at: string;
}
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;

/**
 * A delivery the worker owes: written in the same transaction as the message. Its id is the Message-ID.
 * It carries a client message (message_id and matter_id) or a staff notice (staff_notice_id), never both.
 */
export interface OutboxTable {
  id: string;
  message_id: string | null;
  office_id: string;
  matter_id: string | null;
  staff_notice_id: string | null;
  channel: MessageChannel;
  state: DeliveryState;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** A claim's lease: a worker that dies mid-send lets go of the row when this passes. */
  locked_until: string | null;
  locked_by: string | null;
  /** When a worker began delivering the row; null when none is (a claim not yet begun, or done). */
  handed_over_at: Generated<string | null>;
  /**
   * 1 once a try of the row's e-mail may have arrived (it ended unconfirmed), never cleared: held,
   * retried by staff, failed again or sent at last, the row still says the client may have it.
   */
  may_have_arrived: Generated<number>;
  last_error: string | null;
  last_error_code: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  version: Generated<number>;
}
export type OutboxRow = Selectable<OutboxTable>;

export interface MatterFollowUpsTable {
  matter_id: string;
  message_id: string | null;
  queued_at: string;
}
