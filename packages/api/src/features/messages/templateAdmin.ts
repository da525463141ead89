// Administrators edit the office's wording per status type, in every language at once, held to the
// same placeholders in each. Every save is a new version of each language (sent messages keep the
// version they used); placeholders written wrong (doubled or stray braces, an unknown name, a list in a
// subject) are refused by name, saying what to write, and so is wording that leaves out a
// placeholder whose words come from the matter's records ({signedOrder} of "Granted": see
// FACT_PLACEHOLDERS), saying what to add and what it says. Wording saved without one before is listed
// with its problems, and not used (templates.ts).
import { inTransaction, newId } from '@relief-desk/db';
import {
  MESSAGE_STATUS_TYPES,
  type MessageStatusType,
  type saveTemplateInputSchema,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  type TemplateLanguageCode,
  templateTextProblems,
} from '@relief-desk/domain';
import { PLACEHOLDERS, requiredPlaceholders } from '@relief-desk/notify';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type CurrentTemplate, currentTemplate, wordingProblems } from './templates.ts';

export interface TemplateView extends Omit<CurrentTemplate, 'createdBy'> {
  /** The version an edit starts from: 0 while the built-in wording is in use. */
  editVersion: number;
  createdBy: string | null;
}

/**
 * The templates, each with its problems (wording saved without a placeholder it must use, not used
 * until updated), the placeholders, and which status types must use which of them wherever.
 */
export async function listTemplates(ctx: OfficeContext): Promise<{
  templates: TemplateView[];
  placeholders: readonly string[];
  mustUse: { statusType: MessageStatusType; placeholders: string[] }[];
}> {
  const templates: TemplateView[] = [];
  for (const statusType of MESSAGE_STATUS_TYPES) {
    for (const language of TEMPLATE_LANGUAGE_CODES) {
      const t = await currentTemplate(ctx.db, ctx.user.officeId, statusType, language);
      const author = t.createdBy
        ? await ctx.db.selectFrom('users').select('name').where('id', '=', t.createdBy).executeTakeFirst()
        : undefined;
      templates.push({ ...t, editVersion: t.isDefault ? 0 : t.version, createdBy: author?.name ?? null });
    }
  }
  const mustUse = MESSAGE_STATUS_TYPES.flatMap((statusType) => {
    const placeholders = [...new Set(Object.values(requiredPlaceholders(statusType)).flat())];
    return placeholders.length === 0 ? [] : [{ statusType, placeholders }];
  });
  return { templates, placeholders: PLACEHOLDERS, mustUse };
}

/**
 * Saves a status type's template in every language at once, each language a new version: the form
 * schema has already held the languages to the same placeholders and refused a save that leaves one
 * out, so what a Spanish-speaking client is told moves with what an English-speaking one is told.
 */
export async function saveTemplate(
  ctx: OfficeContext,
  input: z.output<typeof saveTemplateInputSchema>,
): Promise<Record<TemplateLanguageCode, { id: string; version: number }>> {
  // Braces, unknown names and a subject's placeholders, as the form's schema says them (it has
  // refused these already for a save through the API): said first, the records' placeholders after.
  const writtenWrong = TEMPLATE_LANGUAGE_CODES.flatMap((language) =>
    TEMPLATE_FIELDS.flatMap((field) =>
      templateTextProblems(input.wording[language][field], field, language).map((message) => ({
        path: `wording.${language}.${field}`,
        message,
      })),
    ),
  );
  // A part that must say what the records hold ({signedOrder}, {courtDate}, {reason}) and does not.
  const missingPlaceholders = TEMPLATE_LANGUAGE_CODES.flatMap((language) =>
    wordingProblems(input.statusType, language, input.wording[language]).filter(
      (problem) => !writtenWrong.some((u) => u.path === problem.path),
    ),
  );
  const fieldErrors = [...writtenWrong, ...missingPlaceholders];
  if (fieldErrors.length > 0)
    throw new AppError('BAD_INPUT', fieldErrors[0]?.message ?? 'Correct the placeholders.', { fieldErrors });

  try {
    return await insertVersions(ctx, input);
  } catch (error) {
    // Two administrators saving the same version at the same moment: the unique key keeps one.
    if (/unique|duplicate key/i.test(String(error)))
      throw new AppError(
        'VERSION_CONFLICT',
        'Someone saved this template at the same moment. Reload to see their version, then save again.',
      );
    throw error;
  }
}

async function insertVersions(ctx: OfficeContext, input: z.output<typeof saveTemplateInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now();
    const saved = {} as Record<TemplateLanguageCode, { id: string; version: number }>;
    for (const language of TEMPLATE_LANGUAGE_CODES) {
      const wording = input.wording[language];
      const current = await currentTemplate(tx, ctx.user.officeId, input.statusType, language);
      const currentVersion = current.isDefault ? 0 : current.version;
      if (currentVersion !== wording.baseVersion)
        throw await versionConflict(tx, 'this template', {
          updated_by: current.createdBy,
          updated_at: current.createdAt ?? now.toISOString(),
        });
      const id = newId(now);
      const version = currentVersion + 1;
      await tx
        .insertInto('message_templates')
        .values({
          id,
          office_id: ctx.user.officeId,
          status_type: input.statusType,
          language,
          version,
          subject: wording.subject,
          body: wording.body,
          sms: wording.sms,
          created_by: ctx.user.id,
          created_at: now.toISOString(),
        })
        .execute();
      await putOnRecord(tx, {
        entityType: 'message_template',
        entityId: id,
        detail: { statusType: input.statusType, language, version },
      });
      saved[language] = { id, version };
    }
    return saved;
  });
}
