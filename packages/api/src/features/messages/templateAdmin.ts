// Administrators edit the office's wording per status type and language. Every save is a new version
// (sent messages keep the version they used); unknown placeholders are refused by name.
import { inTransaction, newId } from '@relief-desk/db';
import {
  MESSAGE_STATUS_TYPES,
  type saveTemplateInputSchema,
  TEMPLATE_LANGUAGE_CODES,
} from '@relief-desk/domain';
import { PLACEHOLDERS, validateTemplate } from '@relief-desk/notify';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { type CurrentTemplate, currentTemplate } from './templates.ts';

export interface TemplateView extends Omit<CurrentTemplate, 'createdBy'> {
  /** The version an edit starts from: 0 while the built-in wording is in use. */
  editVersion: number;
  createdBy: string | null;
}

export async function listTemplates(
  ctx: OfficeContext,
): Promise<{ templates: TemplateView[]; placeholders: readonly string[] }> {
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
  return { templates, placeholders: PLACEHOLDERS };
}

export async function saveTemplate(ctx: OfficeContext, input: z.output<typeof saveTemplateInputSchema>) {
  const fieldErrors = (['subject', 'body', 'sms'] as const).flatMap((field) => {
    const unknown = validateTemplate(input[field]);
    return unknown.length === 0
      ? []
      : [
          {
            path: field,
            message: `Unknown placeholders: ${unknown.map((n) => `{${n}}`).join(', ')}. Use only ${PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}.`,
          },
        ];
  });
  if (fieldErrors.length > 0)
    throw new AppError('BAD_INPUT', fieldErrors[0]?.message ?? 'Unknown placeholders.', { fieldErrors });

  try {
    return await insertVersion(ctx, input);
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

async function insertVersion(ctx: OfficeContext, input: z.output<typeof saveTemplateInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const current = await currentTemplate(tx, ctx.user.officeId, input.statusType, input.language);
    const currentVersion = current.isDefault ? 0 : current.version;
    if (currentVersion !== input.baseVersion)
      throw await versionConflict(tx, 'this template', {
        updated_by: current.createdBy,
        updated_at: current.createdAt ?? ctx.clock.now().toISOString(),
      });
    const now = ctx.clock.now();
    const id = newId(now);
    const version = currentVersion + 1;
    await tx
      .insertInto('message_templates')
      .values({
        id,
        office_id: ctx.user.officeId,
        status_type: input.statusType,
        language: input.language,
        version,
        subject: input.subject,
        body: input.body,
        sms: input.sms,
        created_by: ctx.user.id,
        created_at: now.toISOString(),
      })
      .execute();
    await putOnRecord(tx, {
      entityType: 'message_template',
      entityId: id,
      detail: { statusType: input.statusType, language: input.language, version },
    });
    return { id, version };
  });
}
