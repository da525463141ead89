// PC 851.91 petitions on arrests, through the API, and the prosecutor a petition is served on. A
// petition is drafted on one arrest whose decision is eligible (one petition an arrest); its packet
// lists the arrest from the record and is served on the prosecutor and on the agency the arrest record
// names (a typed name only when the record names none); filing runs hold it. Each county may keep
// prosecuting agencies besides its own (a city attorney taking a courthouse's misdemeanors): the
// petition is served on the one that takes its level at its courthouse, unless the attorney chooses.
import type { Readable } from 'node:stream';
import { testDialects } from '@relief-desk/db/testing';
import { readPdf } from '@relief-desk/petitions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openDocumentFile } from '../documents/files.ts';
import {
  arrestInput,
  authedContext,
  convictionInput,
  OVERRIDE_REASON,
  openMatter,
  refusal,
} from '../lifecycle-fixtures.ts';
import { filingRunCsv } from './filings.ts';
import { countyCourt, readyArrestPetition, readyPetition, setUpFiling } from './fixtures.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function papers(api: ApiHarness, fileId: string) {
  const file = await openDocumentFile(
    await authedContext(api, 'alameda.attorney', 'documents.download'),
    fileId,
  );
  const { pages } = await readPdf(await bytesOf(file.stream));
  const text = (title: RegExp) =>
    pages
      .filter((p) => title.test(p.footer))
      .map((p) => p.body)
      .join(' ');
  return {
    petition: text(/^\d+ Petition/),
    order: text(/^\d+ \[Proposed\] Order/),
    proof: text(/^\d+ Proof of Service/),
  };
}

const CITY_ATTORNEY = 'Oakland City Attorney';

describe.each(testDialects())('petitions on arrests (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  it('drafts a PC 851.91 petition on an eligible arrest; its packet lists the arrest and is served on the prosecutor and the agency the arrest record names', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const { petitionId, arrestId, matterId } = await readyArrestPetition(api);
    const events = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'petition_created')
      .execute();
    expect(events.map((e) => e.summary)).toEqual([
      'Petition drafted: Arrest sealing (PC 851.91), arrest of Apr 5, 2018 (PC 459, charges dismissed), Alameda County.',
    ]);

    // The agency is the arrest record's: only where it is served is asked.
    const check = await attorney.packets.check({ petitionId });
    expect(check.arrest).toMatchObject({
      id: arrestId,
      agency: 'Oakland Police Department',
      citation: 'PC 851.91(a)(1)(B)(i); PC 851.91(c)(1)',
    });
    expect(check.convictions).toEqual([]);
    expect(check.missing.map((m) => m.code)).toEqual(['arresting_agency']);
    expect(check.missing[0]?.message).toContain(
      'enter the address where Oakland Police Department is served',
    );
    // A different name is refused: the record decides.
    const renamed = await refusal(
      attorney.packets.saveArrestingAgency({
        petitionId,
        version: 0,
        name: 'Berkeley Police',
        address: '1 Main St',
      }),
    );
    expect(renamed.fields).toEqual([
      {
        path: 'name',
        message:
          'The arrest record names the agency (Oakland Police Department): leave the name empty, or correct it on the arrest.',
      },
    ]);
    await attorney.packets.saveArrestingAgency({
      petitionId,
      version: 0,
      name: '',
      address: 'Records Division\n455 7th Street\nOakland, CA 94607',
    });
    const ready = await attorney.packets.check({ petitionId });
    expect(ready.missing).toEqual([]);
    expect(ready.prosecutor).toMatchObject({
      how: 'county',
      prosecutor: { name: 'Alameda County District Attorney' },
    });

    const packet = await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 });
    expect(packet.filename).toBe('petition-packet-18CR00459-pc851.91-v1.pdf');
    const { petition, order, proof } = await papers(api, packet.fileId);
    const line =
      'Arrested April 5, 2018 by Oakland Police Department for PC 459, felony (Burglary). Charges dismissed on September 10, 2018. Relief asked: Seal the arrest and the related records, as described in Penal Code section 851.92 (PC 851.91(a)(1)(B)(i); PC 851.91(c)(1)).';
    expect(petition).toContain(line);
    expect(order).toContain(line);
    expect(petition).toContain(
      'TO THE COURT AND TO ALAMEDA COUNTY DISTRICT ATTORNEY AND OAKLAND POLICE DEPARTMENT:',
    );
    expect(proof).toContain(
      'Alameda County District Attorney 200 Justice Way, Suite 9 Springfield, CA 94600',
    );
    expect(proof).toContain('Oakland Police Department Records Division 455 7th Street Oakland, CA 94607');

    // Filing runs hold it.
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    expect(overview.candidates.find((c) => c.petitionId === petitionId)?.state).toBe('ready');
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      courthouseId: overview.courthouse?.id ?? null,
      petitionIds: [petitionId],
    });
    expect(run.petitionCount).toBe(1);
    // The clerk's list names the arrest in its own column, none under convictions.
    const csv = await filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), run.id);
    const cells = (line = '') => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1] ?? '');
    const [header, row] = csv.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map(cells);
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell('Convictions')).toBe('');
    expect(cell('Arrest')).toBe('2018-04-05: PC 459');
    expect(cell('Case number')).toBe('18CR00459');
  });

  it('an arrest whose record names no agency: the typed agency is served, and it is required', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId } = await readyArrestPetition(api, {
      arrest: { arrestAgency: '', disposition: 'no_charges', dispositionDate: null },
      reasons: 'No accusatory pleading was filed and the limitation period has run (PC 851.91(a)(1)(A)).',
      caseNumber: '',
    });
    const check = await attorney.packets.check({ petitionId });
    expect(check.missing.map((m) => m.code)).toEqual(['arresting_agency']);
    const blank = await refusal(
      attorney.packets.saveArrestingAgency({ petitionId, version: 0, name: '', address: '1 Main St' }),
    );
    expect(blank.fields.map((f) => f.path)).toEqual(['name']);
    await attorney.packets.saveArrestingAgency({
      petitionId,
      version: 0,
      name: 'Alameda County Sheriff’s Office',
      address: '1401 Lakeside Drive\nOakland, CA 94612',
    });
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    expect(packet.filename).toBe('petition-packet-arrest-2018-04-05-pc851.91-v1.pdf');
    const { petition, proof } = await papers(api, packet.fileId);
    expect(petition).toContain('Case No. ____________');
    expect(petition).toContain(
      'on which no case was filed in court, and the relief stated for it, with the statute and subdivision it rests on: (a) Arrested April 5, 2018 by Alameda County Sheriff’s Office for PC 459, felony (Burglary). No charges filed. Relief asked: Seal the arrest and the related records, as described in Penal Code section 851.92 (PC 851.91(a)(1)(A)).',
    );
    expect(proof).toContain('Alameda County Sheriff’s Office 1401 Lakeside Drive Oakland, CA 94612');
  });

  it('refuses an arrest not decided eligible, a second petition on the arrest, a PC 851.91 petition on convictions, and another office’s arrest', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const matterId = await openMatter(api);
    const { id: arrestId } = await attorney.arrests.add({
      matterId,
      arrest: {
        arrestDate: '2020-02-02',
        code: 'PC',
        section: '647(f)',
        level: 'misdemeanor',
        disposition: 'no_charges',
      },
    });
    const undecided = await refusal(attorney.petitions.createForArrest({ arrestId, county: 'Alameda' }));
    expect(undecided.fields[0]?.message).toBe(
      'This arrest has no decision for PC 851.91: record one on the arrest before petitioning.',
    );
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'not_eligible',
      reasons: 'Still chargeable.',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    expect(
      (await refusal(attorney.petitions.createForArrest({ arrestId, county: 'Alameda' }))).fields[0]?.path,
    ).toBe('arrestId');

    // Made by Oakland's police, in Alameda County: not petitioned for in another county's court.
    const { id: inOakland } = await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC' }) });
    await attorney.arrests.recordDecision({
      arrestId: inOakland,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const elsewhere = await refusal(
      attorney.petitions.createForArrest({ arrestId: inOakland, county: 'San Francisco' }),
    );
    expect(elsewhere.fields[0]).toEqual({
      path: 'county',
      message: expect.stringContaining(
        'The arrest was made by Oakland Police Department, in Alameda County, and this petition is for San Francisco County',
      ),
    });

    const { arrestId: petitioned } = await readyArrestPetition(api);
    const again = await refusal(
      attorney.petitions.createForArrest({ arrestId: petitioned, county: 'Alameda' }),
    );
    expect(again.fields[0]?.message).toBe(
      'This arrest already has a petition (draft): one petition per arrest.',
    );

    const { id: convictionId } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '20CR00001' }),
    });
    const onConvictions = await refusal(
      attorney.petitions.create({
        matterId,
        remedy: 'pc851.91',
        convictionIds: [convictionId],
        formSet: 'cr409_cr410',
        court: 'Superior Court of California, County of Alameda',
      }),
    );
    expect(onConvictions.fields[0]?.path).toBe('remedy');

    await setUpFiling(api, 'bayLegal');
    const { arrestId: theirs } = await readyArrestPetition(api, { office: 'bayLegal', caseNumber: '' });
    expect(
      (await refusal(attorney.petitions.createForArrest({ arrestId: theirs, county: 'Alameda' }))).appCode,
    ).toBe('NOT_FOUND');
    const paralegal = await api.signedIn('alameda.intake');
    expect(
      (await refusal(paralegal.petitions.createForArrest({ arrestId, county: 'Alameda' }))).appCode,
    ).toBe('FORBIDDEN');
  });
  it('holds a packet whose arrest names its agency by DOJ code, until the arrest names it as it is known', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId, arrestId } = await readyArrestPetition(api, {
      arrest: { arrestAgency: 'CAPD BERKELEY' },
    });
    const check = async () => (await attorney.packets.check({ petitionId, attorneyId: null })).missing;
    expect(await check()).toContainEqual({
      code: 'arresting_agency',
      arrestId,
      message: expect.stringContaining('The arrest record names the agency by its DOJ code (CAPD BERKELEY)'),
    });
    const { version } = await api.database.db
      .selectFrom('arrests')
      .select('version')
      .where('id', '=', arrestId)
      .executeTakeFirstOrThrow();
    await attorney.arrests.edit({
      arrestId,
      version,
      arrest: { ...arrestInput({ code: 'PC' }), arrestAgency: 'Berkeley Police Department' },
    });
    expect((await check()).filter((m) => m.message.includes('DOJ code'))).toEqual([]);
  });

  it('says no case was filed only of an arrest recorded “No charges filed”: another outcome without a case number holds the packet until it is given', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const missingOf = async (petitionId: string) =>
      (await attorney.packets.check({ petitionId, attorneyId: null })).missing;
    for (const disposition of ['dismissed', 'acquitted', 'diversion_completed', 'unknown'] as const) {
      const { petitionId, arrestId } = await readyArrestPetition(api, {
        arrest: disposition === 'unknown' ? { disposition, dispositionDate: null } : { disposition },
        caseNumber: '',
      });
      await attorney.packets.saveArrestingAgency({
        petitionId,
        version: 0,
        name: '',
        address: '455 7th Street\nOakland, CA 94607',
      });
      expect(await missingOf(petitionId), disposition).toEqual([
        {
          code: 'arrest',
          arrestId,
          message: expect.stringContaining(
            disposition === 'unknown'
              ? 'has no case number, and what became of it is not known yet'
              : 'so a case was filed in court, and this petition has no case number',
          ),
        },
      ]);
      await expect(
        attorney.packets.prepare({ petitionId, attorneyId: api.userIds['alameda.attorney'], baseVersion: 0 }),
      ).rejects.toThrow();
    }
    // "No charges filed" beside a case number would say charges were filed in it.
    const { petitionId, arrestId } = await readyArrestPetition(api, {
      arrest: { disposition: 'no_charges', dispositionDate: null },
      reasons: 'No accusatory pleading was filed and the limitation period has run (PC 851.91(a)(1)(A)).',
      caseNumber: '18CR00460',
    });
    await attorney.packets.saveArrestingAgency({
      petitionId,
      version: 0,
      name: '',
      address: '455 7th Street\nOakland, CA 94607',
    });
    expect(await missingOf(petitionId)).toEqual([
      { code: 'arrest', arrestId, message: expect.stringContaining('is recorded “No charges filed”') },
    ]);
  });

  it('records the court’s outcome on the arrest, and asks for the signed order; a petition on convictions takes none', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId } = await readyArrestPetition(api, { caseNumber: '18CR00777' });
    const decided = {
      petitionId,
      version: 1,
      status: 'decided' as const,
      court: 'Superior Court of California, County of Alameda',
      filedOn: '2026-11-20',
      decidedOn: '2026-11-27',
      outcomes: [],
    };
    const missing = await refusal(attorney.petitions.update({ ...decided, arrestOutcome: null }));
    expect(missing.fields).toEqual([
      { path: 'arrestOutcome', message: 'Record the court’s outcome on the arrest.' },
    ]);
    await attorney.petitions.update({ ...decided, arrestOutcome: 'granted' });
    const row = await api.database.db
      .selectFrom('petition_arrests')
      .select('outcome')
      .where('petition_id', '=', petitionId)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('granted');
    const order = await api.database.db
      .selectFrom('document_requests')
      .select('kind')
      .where('petition_id', '=', petitionId)
      .execute();
    expect(order).toEqual([{ kind: 'signed_order' }]);

    const onConvictions = await readyPetition(api, { caseNumber: '16CR00778' });
    const refused = await refusal(
      attorney.petitions.update({
        ...decided,
        petitionId: onConvictions.petitionId,
        outcomes: onConvictions.convictionIds.map((convictionId) => ({
          convictionId,
          outcome: 'granted' as const,
        })),
        arrestOutcome: 'granted',
      }),
    );
    expect(refused.fields[0]?.path).toBe('arrestOutcome');
  });
});

describe.each(testDialects())('the prosecutor a petition is served on (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  /** Alameda with two courthouses; the city attorney takes the misdemeanors and infractions of one. */
  async function withCityAttorney() {
    const admin = await api.signedIn('alameda.admin');
    const version = (await admin.courtSettings.get()).counties[0]?.version ?? 0;
    const first = await admin.courtSettings.saveCounty({
      ...countyCourt('Alameda', version),
      courthouses: [
        {
          name: 'Wiley W. Manuel Courthouse',
          address: '661 Washington Street\nOakland, CA 94607',
          casePrefixes: 'OK',
        },
        {
          name: 'Hayward Hall of Justice',
          address: '24405 Amador Street\nHayward, CA 94544',
          casePrefixes: 'HY',
        },
      ],
    });
    const county = first.counties.find((c) => c.county === 'Alameda');
    const manuel = county?.courthouses.find((c) => c.name.startsWith('Wiley'))?.id ?? '';
    const saved = await admin.courtSettings.saveCounty({
      ...countyCourt('Alameda', county?.version ?? 0),
      courthouses: (county?.courthouses ?? []).map((c) => ({
        ...c,
        casePrefixes: c.casePrefixes.join(', '),
      })),
      prosecutors: [
        {
          name: CITY_ATTORNEY,
          address: '1 Frank H. Ogawa Plaza, 6th Floor\nOakland, CA 94612',
          levels: ['misdemeanor', 'infraction'],
          courthouseIds: [manuel],
        },
      ],
    });
    return { admin, saved, manuel };
  }

  it('an administrator keeps a city attorney with the cases it takes; versioned and audited; courthouses it names must be the county’s', async () => {
    const { admin, saved } = await withCityAttorney();
    const county = saved.counties.find((c) => c.county === 'Alameda');
    expect(county?.prosecutors).toEqual([
      {
        id: expect.any(String),
        name: CITY_ATTORNEY,
        address: '1 Frank H. Ogawa Plaza, 6th Floor\nOakland, CA 94612',
        levels: ['misdemeanor', 'infraction'],
        courthouseIds: [county?.courthouses[0]?.id],
      },
    ]);
    const wrong = await refusal(
      admin.courtSettings.saveCounty({
        ...countyCourt('Alameda', county?.version ?? 0),
        courthouses: (county?.courthouses ?? []).map((c) => ({
          ...c,
          casePrefixes: c.casePrefixes.join(', '),
        })),
        prosecutors: [
          { name: 'Nowhere City Attorney', address: '1 Main St', levels: [], courthouseIds: ['elsewhere'] },
        ],
      }),
    );
    expect(wrong.fields.map((f) => f.path).sort()).toEqual([
      'prosecutors.0.courthouseIds',
      'prosecutors.0.levels',
    ]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'courtSettings.saveCounty')
      .where('outcome', '=', 'ok')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ county: 'Alameda', prosecutors: 1 });
  });

  it('serves a misdemeanor of the city attorney’s courthouse on the city attorney, a felony there and a misdemeanor elsewhere on the district attorney; the attorney may choose on the packet (versioned, audited)', async () => {
    await withCityAttorney();
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const cityCase = await readyPetition(api, { caseNumber: 'OK20-0101', courthouse: '' });
    const felony = await readyPetition(api, { caseNumber: 'OK20-0102', courthouse: '' });
    await api.database.db
      .updateTable('convictions')
      .set({ level: 'felony' })
      .where('id', 'in', felony.convictionIds)
      .execute();
    const hayward = await readyPetition(api, { caseNumber: 'HY20-0103', courthouse: '' });

    const served = async (petitionId: string) => (await attorney.packets.check({ petitionId })).prosecutor;
    expect(await served(cityCase.petitionId)).toMatchObject({
      how: 'court_and_level',
      prosecutor: { name: CITY_ATTORNEY },
    });
    expect(await served(felony.petitionId)).toMatchObject({
      how: 'county',
      prosecutor: { name: 'Alameda County District Attorney' },
    });
    expect(await served(hayward.petitionId)).toMatchObject({ how: 'county' });

    const packet = await attorney.packets.prepare({
      petitionId: cityCase.petitionId,
      attorneyId,
      baseVersion: 0,
    });
    const { petition, proof } = await papers(api, packet.fileId);
    expect(proof).toContain(`${CITY_ATTORNEY} 1 Frank H. Ogawa Plaza, 6th Floor Oakland, CA 94612`);
    expect(proof).not.toContain('District Attorney');
    expect(petition).toContain(
      'TO THE COURT AND TO OAKLAND CITY ATTORNEY AND ALAMEDA COUNTY PROBATION DEPARTMENT:',
    );

    // The attorney overrides: the district attorney after all; the packet is out of date.
    const check = await attorney.packets.check({ petitionId: cityCase.petitionId });
    expect(check.prosecutors.map((p) => p.name)).toEqual(['Alameda County District Attorney', CITY_ATTORNEY]);
    const chosen = await attorney.petitions.setProsecutor({
      petitionId: cityCase.petitionId,
      version: check.petitionVersion,
      prosecutorId: 'county',
    });
    const after = await attorney.packets.check({ petitionId: cityCase.petitionId });
    expect(after.prosecutor).toMatchObject({
      how: 'chosen',
      prosecutor: { name: 'Alameda County District Attorney' },
    });
    expect(after.upToDate).toBe(false);
    expect(
      (
        await refusal(
          attorney.petitions.setProsecutor({
            petitionId: cityCase.petitionId,
            version: check.petitionVersion,
            prosecutorId: null,
          }),
        )
      ).appCode,
    ).toBe('VERSION_CONFLICT');
    expect(
      (
        await refusal(
          attorney.petitions.setProsecutor({
            petitionId: cityCase.petitionId,
            version: chosen.version,
            prosecutorId: 'no-such-agency',
          }),
        )
      ).fields[0]?.path,
    ).toBe('prosecutorId');
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome'])
      .where('action', '=', 'petitions.setProsecutor')
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit).toEqual([{ entity_id: cityCase.petitionId, outcome: 'ok' }]);
  });
});
