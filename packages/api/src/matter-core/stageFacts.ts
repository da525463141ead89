// What a stage move depends on beyond the matter itself: its petitions and the signed orders it awaits
// (checkStageMove's facts), read in the caller's transaction.
import type { StageFacts } from '@relief-desk/domain';
import type { AuthedContext } from '../context.ts';

export async function petitionFacts(db: AuthedContext['db'], matterId: string): Promise<StageFacts> {
  const [petitions, awaited] = await Promise.all([
    db.selectFrom('petitions').select('status').where('matter_id', '=', matterId).execute(),
    db
      .selectFrom('document_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'signed_order')
      .where('status', '=', 'requested')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    petitionsFiled: petitions.filter((p) => ['filed', 'hearing_set', 'decided'].includes(p.status)).length,
    petitionsUndecided: petitions.filter((p) => ['draft', 'filed', 'hearing_set'].includes(p.status)).length,
    signedOrdersAwaited: Number(awaited.n),
  };
}
