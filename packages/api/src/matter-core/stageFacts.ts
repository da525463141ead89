// What a stage move depends on beyond the matter itself: its petitions and the signed orders it awaits
// (checkStageMove's facts), read in the caller's transaction.
import { awaitsCourt, type StageFacts } from '@relief-desk/domain';
import type { AuthedContext } from '../context.ts';

export async function petitionFacts(db: AuthedContext['db'], matterId: string): Promise<StageFacts> {
  const [petitions, convictionOutcomes, arrestOutcomes, awaited] = await Promise.all([
    db.selectFrom('petitions').select(['id', 'status']).where('matter_id', '=', matterId).execute(),
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .select(['petition_convictions.petition_id', 'petition_convictions.outcome'])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .execute(),
    db
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .select(['petition_arrests.petition_id', 'petition_arrests.outcome'])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .execute(),
    db
      .selectFrom('document_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'signed_order')
      .where('status', '=', 'requested')
      .executeTakeFirstOrThrow(),
  ]);
  // A decided petition with a continued hearing (or an outcome not recorded) is still before the court.
  const stillBefore = new Set(
    [...convictionOutcomes, ...arrestOutcomes]
      .filter((row) => awaitsCourt(row.outcome))
      .map((row) => row.petition_id),
  );
  return {
    petitionsFiled: petitions.filter((p) => ['filed', 'hearing_set', 'decided'].includes(p.status)).length,
    petitionsUndecided: petitions.filter(
      (p) => ['draft', 'filed', 'hearing_set'].includes(p.status) || stillBefore.has(p.id),
    ).length,
    signedOrdersAwaited: Number(awaited.n),
  };
}
