// Before a referral is saved: people this office already knows with the same date of birth and a
// similar name (tolerant of accents, word order and one typo), so staff attach instead of duplicating.
// A match that also has the same name, phone or e-mail is *likely* the person: saving a new client
// waits until staff attach the referral to it or say why it is someone else.
import type { County, LikelyReason, possibleClientsInputSchema, Stage } from '@relief-desk/domain';
import type { z } from 'zod';
import { putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { type ClientView, clientView } from '../../matter-core/clientColumns.ts';
import { matchingClients } from '../clients/matching.ts';

export interface PossibleClient extends ClientView {
  score: number;
  /** Why this client is likely the person (empty: only possibly). A likely match must be resolved. */
  likely: LikelyReason[];
  matters: { id: string; reference: string; county: County; stage: Stage }[];
}

export async function findPossibleClients(
  ctx: OfficeContext,
  input: z.output<typeof possibleClientsInputSchema>,
): Promise<PossibleClient[]> {
  const scored = await matchingClients(ctx.db, ctx.user.officeId, {
    names: [input.legalName, ...input.otherNames],
    dateOfBirth: input.dateOfBirth,
    phone: input.phone,
    email: input.email,
  });

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

  await putReadOnRecord(ctx.db, {
    entityType: 'client',
    entityId: null,
    detail: { shown: scored.map((s) => s.client.id) },
  });

  return scored.map(({ client, score, likely }) => ({
    ...clientView(client),
    score,
    likely,
    matters: matters
      .filter((m) => m.client_id === client.id)
      .map(({ id, reference, county, stage }) => ({ id, reference, county, stage })),
  }));
}
