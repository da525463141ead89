// Filing at a courthouse, through the API: a county's courthouses are kept with the beginnings of the
// case numbers filed at each; a petition goes to the one its case number begins with, or the one
// chosen for it (versioned, audited), and its packet's caption names it; a filing run is for one
// courthouse. (PC 851.91 petitions on arrests, and the prosecutor served: arrest-petitions.int.test.ts.)
import type { Readable } from 'node:stream';
import { testDialects } from '@relief-desk/db/testing';
import { readPdf } from '@relief-desk/petitions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openDocumentFile } from '../documents/files.ts';
import { authedContext, refusal } from '../lifecycle-fixtures.ts';
import { printFilingRun } from './filings.ts';
import { countyCourt, readyPetition, setUpFiling } from './fixtures.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function packetText(api: ApiHarness, fileId: string) {
  const file = await openDocumentFile(
    await authedContext(api, 'alameda.attorney', 'documents.download'),
    fileId,
  );
  const { pages } = await readPdf(await bytesOf(file.stream));
  return pages;
}

const DAVIDSON = 'René C. Davidson Courthouse';
const HAYWARD = 'Hayward Hall of Justice';

describe.each(testDialects())('filing at a courthouse (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  /** Alameda with two courthouses, each taking case numbers by their beginnings. */
  async function twoCourthouses() {
    const admin = await api.signedIn('alameda.admin');
    const version = (await admin.courtSettings.get()).counties[0]?.version ?? 0;
    const base = countyCourt('Alameda', version);
    const saved = await admin.courtSettings.saveCounty({
      ...base,
      courthouses: [
        { name: DAVIDSON, address: '1225 Fallon Street\nOakland, CA 94612', casePrefixes: '16cr' },
        { name: HAYWARD, address: '24405 Amador Street\nHayward, CA 94544', casePrefixes: 'HY, 21' },
      ],
    });
    const courthouses = saved.counties[0]?.courthouses ?? [];
    return {
      admin,
      saved,
      davidson: courthouses.find((c) => c.name === DAVIDSON)?.id ?? '',
      hayward: courthouses.find((c) => c.name === HAYWARD)?.id ?? '',
    };
  }

  it('keeps each courthouse with an id and its case-number beginnings; a beginning belongs to one courthouse', async () => {
    const { admin, saved, davidson, hayward } = await twoCourthouses();
    const alameda = saved.counties[0];
    expect(alameda?.courthouses.map((c) => [c.name, c.casePrefixes])).toEqual([
      [DAVIDSON, ['16CR']],
      [HAYWARD, ['HY', '21']],
    ]);
    expect(davidson).not.toBe('');
    expect(hayward).not.toBe(davidson);
    // Saved again, a courthouse keeps its id; an id the settings never gave is replaced.
    const again = await admin.courtSettings.saveCounty({
      ...countyCourt('Alameda', alameda?.version ?? 0),
      courthouses: [
        ...(alameda?.courthouses ?? []).map((c) => ({ ...c, casePrefixes: c.casePrefixes.join(', ') })),
        {
          id: 'made-up',
          name: 'Fremont Hall of Justice',
          address: '39439 Paseo Padre Pkwy',
          casePrefixes: '',
        },
      ],
    });
    const ids = again.counties[0]?.courthouses.map((c) => c.id) ?? [];
    expect(ids.slice(0, 2)).toEqual([davidson, hayward]);
    expect(ids[2]).not.toBe('made-up');
    const clash = await refusal(
      admin.courtSettings.saveCounty({
        ...countyCourt('Alameda', again.counties[0]?.version ?? 0),
        courthouses: [
          { name: DAVIDSON, address: '1225 Fallon Street', casePrefixes: '16CR' },
          { name: HAYWARD, address: '24405 Amador Street', casePrefixes: 'hy, 16cr' },
        ],
      }),
    );
    expect(clash.fields).toEqual([
      {
        path: 'courthouses.1.casePrefixes',
        message: `Case numbers beginning 16CR already go to ${DAVIDSON}.`,
      },
    ]);
    const bad = await refusal(
      admin.courtSettings.saveCounty({
        ...countyCourt('Alameda', again.counties[0]?.version ?? 0),
        courthouses: [{ name: DAVIDSON, address: '1225 Fallon Street', casePrefixes: '16/CR' }],
      }),
    );
    expect(bad.fields.map((f) => f.path)).toEqual(['courthouses.0.casePrefixes']);
  });

  it('files each petition at the courthouse its case number begins with, or the one chosen for it; the caption names it', async () => {
    const { davidson, hayward } = await twoCourthouses();
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const a = await readyPetition(api, { caseNumber: '16CR00101', courthouse: '' });
    const b = await readyPetition(api, { caseNumber: 'HY22CR0001', courthouse: '' });
    const c = await readyPetition(api, { caseNumber: '99CR00003', courthouse: '' });

    expect((await attorney.packets.check({ petitionId: a.petitionId })).filedAt).toEqual({
      id: davidson,
      name: DAVIDSON,
      how: 'case_number',
    });
    expect((await attorney.packets.check({ petitionId: b.petitionId })).filedAt?.name).toBe(HAYWARD);
    const unknown = await attorney.packets.check({ petitionId: c.petitionId });
    expect(unknown.filedAt).toBeNull();
    expect(unknown.missing.map((m) => m.code)).toEqual(['courthouse']);
    expect(unknown.missing[0]?.message).toBe(
      'Alameda County has 2 courthouses and case number 99CR00003 begins with none of their case-number beginnings: choose the courthouse for this petition.',
    );
    expect(
      (await refusal(attorney.packets.prepare({ petitionId: c.petitionId, attorneyId, baseVersion: 0 })))
        .appCode,
    ).toBe('BAD_INPUT');

    // Chosen for it: versioned with the petition, audited; one not in the settings is refused.
    const notThere = await refusal(
      attorney.petitions.setCourthouse({
        petitionId: c.petitionId,
        version: unknown.petitionVersion,
        courthouseId: 'no-such-courthouse',
      }),
    );
    expect(notThere.fields.map((f) => f.path)).toEqual(['courthouseId']);
    const chosen = await attorney.petitions.setCourthouse({
      petitionId: c.petitionId,
      version: unknown.petitionVersion,
      courthouseId: hayward,
    });
    expect(chosen.version).toBe(unknown.petitionVersion + 1);
    expect(
      (
        await refusal(
          attorney.petitions.setCourthouse({
            petitionId: c.petitionId,
            version: unknown.petitionVersion,
            courthouseId: davidson,
          }),
        )
      ).appCode,
    ).toBe('VERSION_CONFLICT');
    const checked = await attorney.packets.check({ petitionId: c.petitionId });
    expect(checked.filedAt).toEqual({ id: hayward, name: HAYWARD, how: 'chosen' });
    expect(checked.chosenCourthouseId).toBe(hayward);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome'])
      .where('action', '=', 'petitions.setCourthouse')
      .orderBy('id')
      .execute();
    // The courthouse not in the settings refused, the choice, and the stale attempt refused.
    expect(audit).toEqual([
      { entity_id: c.petitionId, outcome: 'denied' },
      { entity_id: c.petitionId, outcome: 'ok' },
      { entity_id: c.petitionId, outcome: 'denied' },
    ]);
    // Another office's attorney cannot choose it.
    const other = await api.signedIn('bayLegal.attorney');
    expect(
      (
        await refusal(
          other.petitions.setCourthouse({
            petitionId: c.petitionId,
            version: chosen.version,
            courthouseId: null,
          }),
        )
      ).appCode,
    ).toBe('NOT_FOUND');

    const packet = await attorney.packets.prepare({ petitionId: b.petitionId, attorneyId, baseVersion: 0 });
    const pages = await packetText(api, packet.fileId);
    for (const page of pages.filter((p) => p.footer.startsWith('1 '))) {
      expect(page.body).toContain(`COUNTY OF ALAMEDA ${HAYWARD}`);
      expect(page.body).not.toContain('Davidson');
    }
  });

  it('makes a run for one courthouse: its petitions only, the others named; the PDF names the courthouse', async () => {
    const { davidson, hayward } = await twoCourthouses();
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const atDavidson = await readyPetition(api, { caseNumber: '16CR00301', courthouse: '' });
    const atHayward = await readyPetition(api, { caseNumber: '21CR00302', courthouse: '' });
    for (const p of [atDavidson, atHayward])
      await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });

    const first = await attorney.filings.overview({ county: 'Alameda' });
    expect(first.courthouses.map((c) => c.name)).toEqual([DAVIDSON, HAYWARD]);
    expect(first.courthouse?.id).toBe(davidson);
    const at = (o: typeof first) => o.candidates.map((c) => c.caseNumber);
    expect(at(first)).toContain('16CR00301');
    expect(at(first)).not.toContain('21CR00302');
    const second = await attorney.filings.overview({ county: 'Alameda', courthouseId: hayward });
    expect(second.candidates.find((c) => c.caseNumber === '21CR00302')?.state).toBe('ready');
    expect(at(second)).not.toContain('16CR00301');

    const ids = [atDavidson.petitionId, atHayward.petitionId];
    expect(
      (await refusal(attorney.filings.createRun({ county: 'Alameda', petitionIds: ids }))).fields,
    ).toEqual([{ path: 'courthouseId', message: expect.stringContaining('choose the one the run is for') }]);
    const mixed = await refusal(
      attorney.filings.createRun({ county: 'Alameda', courthouseId: hayward, petitionIds: ids }),
    );
    expect(mixed.fields).toEqual([
      {
        path: 'petitionIds.0',
        message: expect.stringContaining(`case 16CR00301 is filed at ${DAVIDSON}, not ${HAYWARD}.`),
      },
    ]);
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      courthouseId: hayward,
      petitionIds: [atHayward.petitionId],
    });
    expect(run.courthouse).toEqual({
      id: hayward,
      name: HAYWARD,
      address: '24405 Amador Street\nHayward, CA 94544',
    });
    expect(
      (await attorney.filings.overview({ county: 'Alameda', courthouseId: hayward })).runs.map((r) => r.id),
    ).toEqual([run.id]);
    expect((await attorney.filings.overview({ county: 'Alameda', courthouseId: davidson })).runs).toEqual([]);

    const printed = await printFilingRun(
      await authedContext(api, 'alameda.attorney', 'filings.printRun'),
      run.id,
    );
    expect(printed.filename).toMatch(/^filing-run-alameda-hayward-hall-of-justice-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { pages } = await readPdf(await bytesOf(printed.stream));
    expect(pages[0]?.body).toContain(`${HAYWARD}, 24405 Amador Street, Hayward, CA 94544`);
    expect(pages[1]?.body).toContain(`COUNTY OF ALAMEDA ${HAYWARD}`);
  });

  it('filing runs are attorneys’ and supervisors’ work: other roles are refused, on record', async () => {
    for (const who of ['alameda.intake', 'alameda.admin'] as const) {
      const caller = await api.signedIn(who);
      expect((await refusal(caller.filings.overview({ county: 'Alameda' }))).appCode).toBe('FORBIDDEN');
    }
    const supervisor = await api.signedIn('alameda.supervisor');
    expect((await supervisor.filings.overview({ county: 'Alameda' })).county).toBe('Alameda');
    const run = await api.database.db.selectFrom('filing_runs').select('id').executeTakeFirstOrThrow();
    expect(
      (await refusal(printFilingRun(await authedContext(api, 'alameda.admin', 'filings.printRun'), run.id)))
        .appCode,
    ).toBe('FORBIDDEN');
  });
});
