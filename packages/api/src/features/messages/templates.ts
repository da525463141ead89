// Office templates: the newest saved version for a status type and language, or the built-in wording
// until the office edits it. Sent messages record the template id and version they came from.
// An office's wording that lacks a placeholder whose words come from the matter's records (the signed
// order of "Granted", the date of "Court date set", the reason of "Can't proceed": FACT_PLACEHOLDERS)
// may say in their place what is not true of this client, so no message is written from it: the
// built-in wording is used until an administrator updates it, and the settings page says so. So is
// wording saved before placeholders written wrong were refused (doubled braces the client would read,
// a name nothing fills, a subject that fills in as several lines: templateTextProblems).
import type { Db, Tx } from '@relief-desk/db';
import {
  type LanguageCode,
  MESSAGE_STATUS_LABELS,
  MESSAGE_STATUS_TYPES,
  type MessageStatusType,
  TEMPLATE_FIELD_NAMES,
  TEMPLATE_FIELDS,
  type TemplateField,
  type TemplateLanguageCode,
  templateLanguageName,
  templateTextProblems,
} from '@relief-desk/domain';
import {
  availableFactPlaceholders,
  DEFAULT_TEMPLATE_VERSION,
  defaultTemplate,
  FACT_PLACEHOLDERS,
  type FactPlaceholder,
  missingFactPlaceholders,
  type TemplateOverride,
  unavailableFactPlaceholders,
} from '@relief-desk/notify';

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
  /**
   * What an office's wording lacks of the placeholders it must use, one problem per part, each saying
   * what to add and what it says; empty for the built-in wording. Wording with problems is not used.
   */
  problems: WordingProblem[];
}

export interface WordingProblem {
  /** The form's field: `wording.<language>.<part>`. */
  path: string;
  message: string;
}

const braces = (names: readonly string[]) => names.map((n) => `{${n}}`).join(' and ');

/**
 * The parts of one language's wording of a status type that lack a placeholder they must use, said as
 * the refusal of a save says it: what to add, and what it says.
 */
export function wordingProblems(
  statusType: MessageStatusType,
  language: TemplateLanguageCode,
  wording: Readonly<Record<TemplateField, string>>,
): WordingProblem[] {
  const part = (field: TemplateField) =>
    `The ${templateLanguageName(language)} ${TEMPLATE_FIELD_NAMES[field]} of “${MESSAGE_STATUS_LABELS[statusType]}”`;
  const missing = missingFactPlaceholders(statusType, wording).map(({ field, missing }) => ({
    path: `wording.${language}.${field}`,
    message: [
      `${part(field)} must use ${braces(missing)}.`,
      ...missing.map((name) => `{${name}} ${FACT_PLACEHOLDERS[name]}`),
    ].join(' '),
  }));
  const unavailable = unavailableFactPlaceholders(statusType, wording).map(({ field, unavailable }) => ({
    path: `wording.${language}.${field}`,
    message: `${part(field)} uses ${braces(unavailable)}, which this update has no value for (${unavailable
      .map((name) => `{${name}} is given only in ${givenIn(name)}`)
      .join('; ')}): remove it.`,
  }));
  // Placeholders written wrong (saved before they were refused): braces the client would read, a name
  // nothing fills, a subject that fills in as several lines.
  const writtenWrong = TEMPLATE_FIELDS.flatMap((field) =>
    templateTextProblems(wording[field], field, language).map((message) => ({
      path: `wording.${language}.${field}`,
      message,
    })),
  );
  return [...writtenWrong, ...missing, ...unavailable];
}

/** "“Court date set”": the status types whose messages give a fact placeholder a value. */
const givenIn = (name: FactPlaceholder) =>
  MESSAGE_STATUS_TYPES.filter((type) => availableFactPlaceholders(type).includes(name))
    .map((type) => `“${MESSAGE_STATUS_LABELS[type]}”`)
    .join(', ');

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
      problems: wordingProblems(statusType, language, row),
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
  return builtIn(statusType, language);
}

function builtIn(statusType: MessageStatusType, language: TemplateLanguageCode): CurrentTemplate {
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
    problems: [],
  };
}

/**
 * The wording a message is written from: the office's, or the built-in wording while the office's
 * lacks a placeholder it must use (`setAside` then says so, for staff).
 */
export async function templateToWrite(
  db: Db | Tx,
  officeId: string,
  statusType: MessageStatusType,
  language: TemplateLanguageCode,
): Promise<{ template: CurrentTemplate; setAside: string | null }> {
  const template = await currentTemplate(db, officeId, statusType, language);
  if (template.problems.length === 0) return { template, setAside: null };
  const missing = [...new Set(missingFactPlaceholders(statusType, template).flatMap((p) => p.missing))];
  const unavailable = [
    ...new Set(unavailableFactPlaceholders(statusType, template).flatMap((p) => p.unavailable)),
  ];
  const wrong =
    missing.length > 0
      ? `does not use ${braces(missing)}, so it could tell the client what is not true of them`
      : unavailable.length > 0
        ? `uses ${braces(unavailable)}, which this update has no value for`
        : 'writes a placeholder so that it cannot be sent as it is';
  // Which placeholder, and what to write: said for the wording written wrong (the others say theirs).
  const detail =
    missing.length === 0 && unavailable.length === 0 ? ` ${template.problems[0]?.message ?? ''}` : '';
  return {
    template: builtIn(statusType, language),
    setAside: `The office’s own ${templateLanguageName(language)} wording of “${MESSAGE_STATUS_LABELS[statusType]}” (version ${template.version}) ${wrong}: the built-in wording is used instead. An administrator must update the office’s wording under Messages to clients.${detail}`,
  };
}

/** What the renderer takes: only an office's edit replaces the default. */
export function overrideOf(template: CurrentTemplate): TemplateOverride | undefined {
  if (template.isDefault) return undefined;
  return { subject: template.subject, body: template.body, sms: template.sms, version: template.version };
}
