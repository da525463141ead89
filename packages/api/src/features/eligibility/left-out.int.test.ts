// A conviction or arrest the rules cannot read (a date after today, stored before the forms refused
// it, or by an import) is left out of the matter's reading with its own plain-words problem; the
// matter's other records still get their suggestions.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { convictionInput, openMatter } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('records the rules cannot read (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('leaves out a conviction and an arrest dated after today, naming each, and suggests for the others', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const marijuana = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '15CR00111', code: 'HS', section: '11357(a)' }),
    });
    const future = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '99CR00001', section: '459' }),
    });
    const relief = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '17CR00002', section: '488' }),
    });
    const arrest = await attorney.arrests.add({
      matterId,
      arrest: {
        arrestDate: '2018-04-05',
        code: 'PC',
        section: '459',
        level: 'felony',
        disposition: 'dismissed',
        dispositionDate: '2018-09-10',
      },
    });
    // As rows stored before the forms refused such dates.
    const db = api.database.db;
    await db
      .updateTable('convictions')
      .set({ conviction_date: '2099-05-01', end_date: null })
      .where('id', '=', future.id)
      .execute();
    await db
      .updateTable('convictions')
      .set({ relief_granted_remedy: 'pc1203.4', relief_granted_on: '2015-01-01' })
      .where('id', '=', relief.id)
      .execute();
    await db
      .updateTable('arrests')
      .set({ arrest_date: '2031-02-25', disposition_date: null, disposition: 'pending' })
      .where('id', '=', arrest.id)
      .execute();

    const suggestions = await attorney.eligibility.suggestions({ matterId });
    expect(suggestions.rulesVersion).not.toBeNull();
    expect(suggestions.problems).toEqual([]);
    expect(suggestions.results.map((r) => r.convictionId)).toEqual([marijuana.id]);
    const prop64 = suggestions.results[0]?.remedies.find((r) => r.remedy === 'prop64');
    expect(prop64?.determination).not.toBe('not_eligible');
    expect(suggestions.arrestResults).toEqual([]);
    // In record order, as the rules read a record: oldest conviction first, then the arrests.
    expect(suggestions.leftOut).toEqual([
      {
        record: 'conviction',
        id: relief.id,
        description: 'PC 488 (misdemeanor), case 17CR00002',
        problems: [
          'The date relief was granted, Jan 1, 2015, is before the conviction date (May 2, 2016): check both dates.',
        ],
      },
      {
        record: 'conviction',
        id: future.id,
        description: 'PC 459 (misdemeanor), case 99CR00001',
        problems: ['The conviction date, May 1, 2099, is after today: enter the date on the court record.'],
      },
      {
        record: 'arrest',
        id: arrest.id,
        description: 'PC 459 (felony) arrest of Feb 25, 2031, still pending',
        problems: ['The arrest date, Feb 25, 2031, is after today: enter the date the record gives.'],
      },
    ]);
    // Only the conviction read is remembered: a decision on one left out finds no suggestion to accept.
    const remembered = await db
      .selectFrom('eligibility_suggestions')
      .select('conviction_id')
      .where('matter_id', '=', matterId)
      .execute();
    expect(new Set(remembered.map((r) => r.conviction_id))).toEqual(new Set([marijuana.id]));

    // Corrected, it is read again.
    await attorney.convictions.edit({
      convictionId: future.id,
      version: 1,
      conviction: convictionInput({ caseNumber: '99CR00001', section: '459', convictionDate: '2019-05-01' }),
    });
    const after = await attorney.eligibility.suggestions({ matterId });
    expect(after.results.map((r) => r.convictionId).sort()).toEqual([marijuana.id, future.id].sort());
    expect(after.leftOut.map((l) => l.id)).toEqual([relief.id, arrest.id]);
  });
});
