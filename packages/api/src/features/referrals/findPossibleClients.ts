// Before a referral is saved: people this office already knows with the same date of birth and a
// similar name (tolerant of accents, word order and one typo), so staff attach instead of duplicating.
import { NAME_MATCH_THRESHOLD, nameSimilarity, type possibleClientsInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import { type ClientView, clientView, otherNamesOf } from '../clients/columns.ts';

export interface PossibleClient extends ClientView {
  score: number;
  matters: { id: string; reference: string; county: string; stage: string }[];
}

export async function findPossibleClients(
  ctx: AuthedContext,
  input: z.output<typeof possibleClientsInputSchema>,
): Promise<PossibleClient[]> {
  const sameBirthday = await ctx.db
    .selectFrom('clients')
    .selectAll()
    .where('office_id', '=', ctx.user.officeId)
    .where('date_of_birth', '=', input.dateOfBirth)
    .execute();

  const typed = [input.legalName, ...input.otherNames].filter((n) => n.trim() !== '');
  const scored = sameBirthday
    .map((client) => {
      const known = [client.legal_name, ...otherNamesOf(client)];
      const score = Math.max(0, ...typed.flatMap((a) => known.map((b) => nameSimilarity(a, b))));
      return { client, score };
    })
    .filter((c) => c.score >= NAME_MATCH_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);

  const matters =
    scored.length === 0
      ? []
      : await ctx.db
          .selectFrom('matters')
          .select(['id', 'reference', 'county', 'stage', 'client_id'])
          .where(
            'client_id',
            'in',
            scored.map((s) => s.client.id),
          )
          .orderBy('received_on', 'desc')
          .execute();

  await writeAudit(ctx.db, ctx, {
    action: 'referrals.findPossibleClients',
    entityType: 'client',
    entityId: null,
    detail: { shown: scored.map((s) => s.client.id) },
  });

  return scored.map(({ client, score }) => ({
    ...clientView(client),
    score,
    matters: matters
      .filter((m) => m.client_id === client.id)
      .map(({ id, reference, county, stage }) => ({ id, reference, county, stage })),
  }));
}
