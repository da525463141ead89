// Saving what the rules need to know about the person today (charged, supervised, PC 290, ...).
import { inTransaction, type RequestTx } from '@relief-desk/db';
import {
  inSentence,
  PERSON_FACTS,
  type PersonFacts,
  type savePersonFactsInputSchema,
  TRISTATE_LABELS,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { personFactsOf } from './record.ts';

/**
 * The facts that changed, in the form's words: "required to register under PC 290: no". Labels keep
 * their citations and acronyms as written (PC 667(e)(2)(C)(iv), PRCS); only a first word is lowered.
 */
export function personFactChanges(before: PersonFacts, after: PersonFacts): string[] {
  return PERSON_FACTS.filter((f) => before[f.key] !== after[f.key]).map(
    (f) => `${inSentence(f.label)}: ${inSentence(TRISTATE_LABELS[after[f.key]])}`,
  );
}

export async function savePersonFacts(
  ctx: OfficeContext,
  input: z.output<typeof savePersonFactsInputSchema>,
) {
  await requireRapSheetAccess(ctx, 'eligibility.savePersonFacts', input.matterId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    return writePersonFacts(tx, ctx, matter, input.version, input.facts);
  });
}

/**
 * Saves the person's facts from the version the change started from, with its timeline event and
 * audit row, inside the caller's transaction: the one writer for the form and the RAP sheet review.
 */
export async function writePersonFacts(
  tx: RequestTx,
  ctx: OfficeContext,
  matter: { id: string; office_id: string; client_id: string },
  fromVersion: number,
  facts: PersonFacts,
): Promise<{ version: number }> {
  const input = { version: fromVersion, facts };
  const current = await personFactsOf(tx, matter.client_id);
  if (current.version !== input.version) {
    throw await versionConflict(tx, 'the facts about this person', {
      updated_by: current.updatedBy,
      updated_at: current.updatedAt ?? ctx.clock.now().toISOString(),
    });
  }
  const now = ctx.clock.now().toISOString();
  const columns = {
    currently_charged: input.facts.currentlyCharged,
    under_supervision: input.facts.underSupervision,
    serving_sentence: input.facts.servingSentence,
    required_to_register_pc290: input.facts.requiredToRegisterPC290,
    has_superstrike_prior: input.facts.hasSuperstrikePrior,
    updated_at: now,
    updated_by: ctx.user.id,
  };
  const version = input.version + 1;
  // The write is guarded as well as the read: on PostgreSQL two saves from one version can both
  // pass the check above, and the later one must be refused, not reported as saved.
  const written =
    input.version === 0
      ? (
          await tx
            .insertInto('client_person_facts')
            .values({ client_id: matter.client_id, office_id: matter.office_id, ...columns, version })
            .onConflict((oc) => oc.column('client_id').doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows
      : (
          await tx
            .updateTable('client_person_facts')
            .set({ ...columns, version })
            .where('client_id', '=', matter.client_id)
            .where('version', '=', input.version)
            .executeTakeFirst()
        ).numUpdatedRows;
  if (!written) {
    const winner = await personFactsOf(tx, matter.client_id);
    throw await versionConflict(tx, 'the facts about this person', {
      updated_by: winner.updatedBy,
      updated_at: winner.updatedAt ?? ctx.clock.now().toISOString(),
    });
  }
  const changed = personFactChanges(current.facts, input.facts);
  await recordEvent(
    tx,
    ctx,
    { id: matter.id, officeId: matter.office_id },
    'person_facts',
    `Facts about the person updated${changed.length ? ` (${changed.join('; ')})` : ''}.`,
  );
  await putOnRecord(tx, {
    action: 'eligibility.savePersonFacts',
    entityType: 'client',
    entityId: matter.client_id,
  });
  return { version };
}
