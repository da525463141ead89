// A petition of a matter that ended (the client withdrew, or it was closed, found not eligible,
// referred out, or the client not reached) is not filed: the overview does not offer it, a run made
// before the matter ended refuses to print (or make its clerk's list) naming it, and the run cannot be
// recorded filed. Checked over every stage of the domain's list, so a new stage is decided too.
import { testDialects } from '@relief-desk/db/testing';
import { STAGES, type Stage } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { authedContext, refusal } from '../lifecycle-fixtures.ts';
import { FILING_BY_STAGE } from './ended.ts';
import { filingRunCsv, printFilingRun } from './filings.ts';
import { readyArrestPetition, readyPetition, setUpFiling } from './fixtures.ts';

const ENDED: Stage[] = ['closed', 'not_eligible', 'referred_out', 'withdrawn', 'unable_to_reach'];

describe.each(testDialects())('petitions of a matter that ended are not filed (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  });
  afterAll(async () => api.destroy());

  let cases = 0;
  /** Two petitions with packets (one on convictions, one sealing an arrest), in one run. */
  async function runOfTwo() {
    cases += 1;
    const attorney = await api.signedIn('alameda.attorney');
    const conviction = await readyPetition(api, { caseNumber: `19CR${String(cases).padStart(5, '0')}` });
    const arrest = await readyArrestPetition(api, {
      caseNumber: `19CR${String(cases + 500).padStart(5, '0')}`,
    });
    await attorney.packets.saveArrestingAgency({
      petitionId: arrest.petitionId,
      version: 0,
      name: '',
      address: 'Records Division\n455 7th Street\nOakland, CA 94607',
    });
    for (const { petitionId } of [conviction, arrest])
      await attorney.packets.prepare({
        petitionId,
        attorneyId: api.userIds['alameda.attorney'],
        baseVersion: 0,
      });
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    const ids = [conviction.petitionId, arrest.petitionId];
    const offered = overview.candidates.filter((c) => ids.includes(c.petitionId));
    expect(offered.map((c) => c.state)).toEqual(['ready', 'ready']);
    const courthouseId = overview.courthouse?.id;
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      ...(courthouseId ? { courthouseId } : {}),
      petitionIds: ids,
    });
    return { attorney, conviction, arrest, run, ids, courthouseId };
  }

  const setStage = (matterIds: string[], stage: Stage) =>
    api.database.db.updateTable('matters').set({ stage }).where('id', 'in', matterIds).execute();

  it('every stage is decided: filing goes on while the office works the matter, never once it ended', () => {
    for (const stage of STAGES) expect(FILING_BY_STAGE[stage], stage).toBe(!ENDED.includes(stage));
  });

  it('the client withdrew: nothing offered, the run refuses to print naming both, and cannot be recorded filed', async () => {
    const { attorney, conviction, arrest, run, ids } = await runOfTwo();
    for (const { matterId } of [conviction, arrest]) {
      const matter = await attorney.matters.get({ matterId });
      await attorney.matters.moveStage({
        matterId,
        version: matter.version,
        to: 'withdrawn',
        note: 'The client asked us to stop.',
      });
      expect((await attorney.matters.get({ matterId })).stage).toBe('withdrawn');
    }
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    expect(overview.candidates.filter((c) => ids.includes(c.petitionId))).toEqual([]);

    // The run says so of each before anyone prints it.
    const detail = await attorney.filings.run({ runId: run.id });
    expect(detail.petitions.map((p) => p.matterEnded)).toEqual([
      'Its matter was withdrawn (the client withdrew the request), so its papers must not go to the court.',
      'Its matter was withdrawn (the client withdrew the request), so its papers must not go to the court.',
    ]);
    const printing = await refusal(
      printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), run.id),
    );
    expect(printing.message).toMatch(
      /^This filing run cannot be printed: 2 of its petitions are of a matter that ended since the run was made\. Nothing was printed\./,
    );
    expect(printing.message).toContain('its matter was withdrawn (the client withdrew the request)');
    expect(printing.message).toContain('Make a new filing run without them');
    expect(printing.fields.map((f) => f.path)).toEqual(['petitions.0', 'petitions.1']);
    const listing = await refusal(
      filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), run.id),
    );
    expect(listing.message).toMatch(
      /^This filing run’s list for the clerk cannot be made: 2 of its petitions/,
    );

    const recording = await refusal(
      attorney.filings.recordFiled({
        runId: run.id,
        version: run.version,
        filedOn: '2026-11-27',
        servedOn: null,
        petitions: ids.map((petitionId) => ({ petitionId, hearingOn: null, ruleByOn: null })),
      }),
    );
    expect(recording.message).toContain('cannot be recorded filed: its matter was withdrawn');
    const petitions = await api.database.db
      .selectFrom('petitions')
      .select('status')
      .where('id', 'in', ids)
      .execute();
    expect(petitions.map((p) => p.status)).toEqual(['draft', 'draft']);
    // Nor can a new run be made with them.
    const again = await refusal(attorney.filings.createRun({ county: 'Alameda', petitionIds: ids }));
    expect(again.message).toContain('cannot be filed: its matter was withdrawn');
  });

  it.each(STAGES)(
    'a matter at “%s”: its petitions are offered, printed and filed only if the stage files',
    async (stage) => {
      const { attorney, conviction, arrest, run, ids } = await runOfTwo();
      await setStage([conviction.matterId, arrest.matterId], stage);
      const offered = (await attorney.filings.overview({ county: 'Alameda' })).candidates.filter((c) =>
        ids.includes(c.petitionId),
      );
      const files = FILING_BY_STAGE[stage];
      expect(offered).toHaveLength(files ? 2 : 0);
      const printing = printFilingRun(
        await authedContext(api, 'alameda.attorney', 'filings.printRun'),
        run.id,
      );
      if (files) await printing;
      else expect((await refusal(printing)).fields).toHaveLength(2);
      const recording = attorney.filings.recordFiled({
        runId: run.id,
        version: run.version,
        filedOn: '2026-11-27',
        servedOn: null,
        petitions: ids.map((petitionId) => ({ petitionId, hearingOn: null, ruleByOn: null })),
      });
      if (files) expect((await recording).status).toBe('filed');
      else expect((await refusal(recording)).fields).toHaveLength(2);
    },
  );

  it.each(STAGES)('a matter at “%s”: its packet is drawn only if the stage files', async (stage) => {
    cases += 1;
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId, matterId } = await readyPetition(api, {
      caseNumber: `20CR${String(cases).padStart(5, '0')}`,
    });
    await setStage([matterId], stage);
    const check = await attorney.packets.check({ petitionId });
    const prepare = attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    if (FILING_BY_STAGE[stage]) {
      expect(check.missing).toEqual([]);
      expect((await prepare).version).toBe(1);
    } else {
      expect(check.missing.map((m) => m.code)).toEqual(['matter_ended']);
      expect(check.missing[0]?.message).toContain('move the matter back to an open stage');
      const refused = await refusal(prepare);
      expect(refused.fields.map((f) => f.path)).toEqual(['missing.matter_ended']);
      const drawn = await api.database.db
        .selectFrom('petition_packets')
        .select('version')
        .where('petition_id', '=', petitionId)
        .execute();
      expect(drawn).toEqual([]);
    }
  });
});
