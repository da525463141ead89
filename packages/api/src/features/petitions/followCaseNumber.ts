// A petition on convictions names its case by their case number, as it was when it was drafted. A
// conviction's case number corrected while the petition is still a draft (a typo, a number the RAP sheet
// was misread for) is the case the draft will be filed in: the draft follows it, once every conviction
// it holds is in that one case. A petition filed, decided or withdrawn keeps the number it went to court
// under; its packet holds while a conviction says otherwise (assemble.ts), for a person to decide.
import type { RequestTx } from '@relief-desk/db';
import { remedyLabel } from '@relief-desk/domain';
import { putOnRecord } from '../../audit.ts';
import { requireSaved } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { recordEvent } from '../../matter-core/events.ts';

/** Moves the drafts holding this conviction to its corrected case number; returns the petitions moved. */
export async function draftsFollowCaseNumber(
  tx: RequestTx,
  ctx: OfficeContext,
  conviction: { id: string; matterId: string; officeId: string; caseNumber: string },
): Promise<string[]> {
  const drafts = await tx
    .selectFrom('petitions')
    .innerJoin('petition_convictions', 'petition_convictions.petition_id', 'petitions.id')
    .select(['petitions.id', 'petitions.remedy', 'petitions.case_number', 'petitions.version'])
    .where('petition_convictions.conviction_id', '=', conviction.id)
    .where('petitions.status', '=', 'draft')
    .where('petitions.case_number', '!=', conviction.caseNumber)
    .execute();
  const moved: string[] = [];
  for (const draft of drafts) {
    const cases = await tx
      .selectFrom('petition_convictions')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select('convictions.case_number')
      .distinct()
      .where('petition_convictions.petition_id', '=', draft.id)
      .execute();
    // Its other convictions still in the old case: not one case any more, which its packet says.
    if (cases.length !== 1) continue;
    const version = draft.version + 1;
    const saved = await tx
      .updateTable('petitions')
      .set({
        case_number: conviction.caseNumber,
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.user.id,
        version,
      })
      .where('id', '=', draft.id)
      .where('version', '=', draft.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'petitions', draft.id, 'a petition of this conviction');
    const remedy = remedyLabel(draft.remedy);
    await recordEvent(
      tx,
      ctx,
      { id: conviction.matterId, officeId: conviction.officeId },
      'petition_updated',
      `Petition ${remedy}, case ${draft.case_number}: now case ${conviction.caseNumber}, as its conviction’s record was corrected.`,
      { petitionId: draft.id },
    );
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: draft.id,
      detail: { followedConviction: conviction.id, version },
    });
    moved.push(draft.id);
  }
  return moved;
}
