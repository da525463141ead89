// Office templates: the newest saved version for a status type and language, or the built-in wording
// until the office edits it. Sent messages record the template id and version they came from.
import type { Db, Tx } from '@relief-desk/db';
import type { LanguageCode, MessageStatusType, TemplateLanguageCode } from '@relief-desk/domain';
import { DEFAULT_TEMPLATE_VERSION, defaultTemplate, type TemplateOverride } from '@relief-desk/notify';

export interface CurrentTemplate {
  /** The message_templates row, or "default:<status>:<language>". */
  id: string;
  version: number;
  isDefault: boolean;
  statusType: MessageStatusType;
  language: TemplateLanguageCode;
  subject: string;
  body: string;
  sms: string;
  createdBy: string | null;
  createdAt: string | null;
}

/** Languages without written templates use English, as the renderer does. */
export function templateLanguage(language: LanguageCode | string): TemplateLanguageCode {
  return language === 'es' ? 'es' : 'en';
}

export async function currentTemplate(
  db: Db | Tx,
  officeId: string,
  statusType: MessageStatusType,
  language: TemplateLanguageCode,
): Promise<CurrentTemplate> {
  const row = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('status_type', '=', statusType)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row) {
    return {
      id: row.id,
      version: row.version,
      isDefault: false,
      statusType,
      language,
      subject: row.subject,
      body: row.body,
      sms: row.sms,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }
  const base = defaultTemplate(statusType, language);
  return {
    id: `default:${statusType}:${language}`,
    version: DEFAULT_TEMPLATE_VERSION,
    isDefault: true,
    statusType,
    language,
    subject: base.subject,
    body: base.body,
    sms: base.sms,
    createdBy: null,
    createdAt: null,
  };
}

/** What the renderer takes: only an office's edit replaces the default. */
export function overrideOf(template: CurrentTemplate): TemplateOverride | undefined {
  if (template.isDefault) return undefined;
  return { subject: template.subject, body: template.body, sms: template.sms, version: template.version };
}
