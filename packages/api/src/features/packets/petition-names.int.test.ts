// Each petition's names tell it from the others: its packet's file name says its case (or, without
// one, its arrest) and its remedy, and the packet's label in the documents list its place on the
// matter (no criminal history there); a petition to seal an arrest on which no charges were filed is
// named by its arrest on the calendar, in the matter's deadlines and in filing runs.

import { testDialects } from '@relief-desk/db/testing';
import { type ArrestFieldsInput, PACKET_REMEDIES, type RemedyId } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { arrestInput, OVERRIDE_REASON, openMatter, refusal } from '../lifecycle-fixtures.ts';
import { readyPetition, setUpFiling } from './fixtures.ts';

describe.each(testDialects())('petition names (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  /** A PC 851.91 petition on a new arrest of the matter, ready for its packet. */
  async function arrestPetition(matterId: string, arrest: Partial<ArrestFieldsInput>, caseNumber = '') {
    const attorney = await api.signedIn('alameda.attorney');
    const { id: arrestId } = await attorney.arrests.add({
      matterId,
      arrest: arrestInput({ code: 'PC', ...arrest }),
    });
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'No accusatory pleading was filed and the limitation period has run (PC 851.91(a)(1)(A)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const { id: petitionId } = await attorney.petitions.createForArrest({
      arrestId,
      county: 'Alameda',
      caseNumber,
    });
    await attorney.packets.saveArrestingAgency({
      petitionId,
      version: 0,
      name: '',
      address: 'Records Division\n455 7th Street\nOakland, CA 94607',
    });
    return petitionId;
  }

  /** Each remedy's conviction as its packet states it, and what the decision cites its relief on. */
  const RECORD: Record<string, Parameters<typeof readyPetition>[1]> = {
    'pc1203.4': { reasons: 'Probation completed (PC 1203.4(a)(1)).' },
    'pc1203.4a': { reasons: 'No probation (PC 1203.4a(a)).', conviction: { sentenceKind: 'jail_only' } },
    'pc1203.41': {
      determination: 'eligible_discretionary',
      reasons: 'County jail (PC 1203.41(a)).',
      conviction: { level: 'felony', sentenceKind: 'county_jail_1170h' },
    },
    'pc1203.42': {
      determination: 'eligible_discretionary',
      reasons: 'Prison before Realignment (PC 1203.42(a)).',
      conviction: { level: 'felony', sentenceKind: 'state_prison', convictionDate: '2010-05-02' },
    },
    pc17b: {
      sections: ['459'],
      reasons: 'A wobbler with a jail sentence (PC 17(b)(1)).',
      conviction: { level: 'felony', wobbler: 'yes', sentenceKind: 'jail_only' },
    },
    prop47: {
      sections: ['11350(a)'],
      reasons: 'Drug possession; sentence complete (PC 1170.18(f)).',
      conviction: { code: 'HS', level: 'felony', convictionDate: '2013-02-01' },
    },
    prop64: {
      sections: ['11359'],
      reasons: 'Cannabis offense; sentence complete (HS 11361.8(e)).',
      conviction: { code: 'HS', level: 'felony', convictionDate: '2015-03-02' },
    },
  };
  const noCharges = (arrestDate: string) =>
    ({ arrestDate, disposition: 'no_charges', dispositionDate: null }) as const;

  it('gives each packet of a matter its own file name and label, over every remedy and both kinds of petition', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const matterId = await openMatter(api);
    const petitions: string[] = [];
    // Every remedy a packet is drawn for on convictions, all on one case; two more on another case.
    const onConvictions = PACKET_REMEDIES.filter((r) => r !== 'pc851.91');
    for (const [caseNumber, remedy] of [
      ...onConvictions.map((r) => ['AL12CR100200', r] as const),
      ['AL13CR200300', 'pc1203.4'],
      ['AL13CR200300', 'pc17b'],
    ] as const) {
      const record = RECORD[remedy];
      const { petitionId } = await readyPetition(api, {
        matterId,
        caseNumber,
        remedy: remedy as RemedyId,
        ...record,
      });
      // Relief at the court's discretion comes with the client's declaration.
      if (record?.determination === 'eligible_discretionary')
        await attorney.packets.saveDeclaration({
          petitionId,
          version: 0,
          rehabilitation: 'I have worked since.',
          readToClientIn: 'es',
          translatorName: 'Rosa Delgado',
        });
      petitions.push(petitionId);
    }
    // Arrests: one with a case (charges were filed), and two on one day without one.
    petitions.push(await arrestPetition(matterId, {}, '18CR00459'));
    petitions.push(await arrestPetition(matterId, noCharges('2019-04-10')));
    petitions.push(await arrestPetition(matterId, { ...noCharges('2019-04-10'), section: '647(f)' }));

    const missing = [];
    for (const petitionId of petitions)
      missing.push(...(await attorney.packets.check({ petitionId })).missing);
    expect(missing).toEqual([]);
    const prepared = [];
    for (const petitionId of petitions)
      prepared.push(await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 }));
    const filenames = prepared.map((p) => p.filename);
    expect(filenames).toEqual([
      ...onConvictions.map((r) => `petition-packet-AL12CR100200-${r}-v1.pdf`),
      'petition-packet-AL13CR200300-pc1203.4-v1.pdf',
      'petition-packet-AL13CR200300-pc17b-v1.pdf',
      'petition-packet-18CR00459-pc851.91-v1.pdf',
      'petition-packet-arrest-2019-04-10-pc851.91-v1.pdf',
      `petition-packet-arrest-2019-04-10-pc851.91-petition${petitions.length}-v1.pdf`,
    ]);
    expect(new Set(filenames).size).toBe(petitions.length);

    // The labels (and so the documents' Update buttons) differ by the petition's place on the matter,
    // which staff without the RAP sheet permission see too: no remedy, no case, no arrest.
    const intake = await api.signedIn('alameda.intake');
    const labels = (await intake.matters.get({ matterId })).documents
      .filter((d) => d.packet)
      .map((d) => d.label);
    expect(labels.sort()).toEqual(
      petitions
        .map((_, i) => `Petition packet: petition ${i + 1} of the matter, drafted Nov 28, 2026`)
        .sort(),
    );
    const timeline = (await attorney.matters.get({ matterId })).timeline;
    // The timeline names each by the same words.
    expect(
      timeline
        .filter((e) => e.kind === 'packet_prepared')
        .map((e) => e.summary)
        .reverse(),
    ).toEqual(
      prepared.map(
        (p, i) =>
          `Petition packet prepared for petition ${i + 1} of the matter, drafted Nov 28, 2026 (version 1, ${p.pages} pages).`,
      ),
    );
  });

  it('names a petition to seal an arrest without a case by its arrest, in filing runs and on the calendar', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const matterId = await openMatter(api);
    const first = await arrestPetition(matterId, noCharges('2019-04-10'));
    const second = await arrestPetition(matterId, noCharges('2020-01-15'));
    for (const petitionId of [first, second])
      await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 });
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    expect(
      overview.candidates.filter((c) => c.matterId === matterId).map((c) => [c.caseNumber, c.arrestDate]),
    ).toEqual([
      ['', '2019-04-10'],
      ['', '2020-01-15'],
    ]);
    const courthouseId = overview.courthouse?.id ?? null;
    const both = await attorney.filings.createRun({
      county: 'Alameda',
      courthouseId,
      petitionIds: [first, second],
    });
    const detail = await attorney.filings.run({ runId: both.id });
    expect(detail.petitions.map((p) => p.arrestDate)).toEqual(['2019-04-10', '2020-01-15']);

    // The first is filed through another run: the run of both refuses, naming it by its arrest.
    const alone = await attorney.filings.createRun({ county: 'Alameda', courthouseId, petitionIds: [first] });
    await attorney.filings.recordFiled({
      runId: alone.id,
      version: alone.version,
      filedOn: '2026-11-27',
      servedOn: '2026-11-27',
      petitions: [{ petitionId: first, hearingOn: '2026-12-10', ruleByOn: null }],
    });
    const refused = await refusal(
      attorney.filings.recordFiled({
        runId: both.id,
        version: both.version,
        filedOn: '2026-11-27',
        servedOn: '2026-11-27',
        petitions: [first, second].map((petitionId) => ({ petitionId, hearingOn: null, ruleByOn: null })),
      }),
    );
    expect(refused.fields).toEqual([
      {
        path: 'petitions.0',
        message: `${detail.petitions[0]?.petitioner}, petition to seal the arrest of Apr 10, 2019 is already hearing set: make a new filing run with the petitions still to file.`,
      },
    ]);
    const last = await attorney.filings.createRun({ county: 'Alameda', courthouseId, petitionIds: [second] });
    await attorney.filings.recordFiled({
      runId: last.id,
      version: last.version,
      filedOn: '2026-11-27',
      servedOn: '2026-11-27',
      petitions: [{ petitionId: second, hearingOn: null, ruleByOn: '2026-12-20' }],
    });

    const matter = await attorney.matters.get({ matterId });
    expect(matter.deadlines.map((d) => [d.date, d.label.replace(/ \(notice.*\)$/, '')])).toEqual([
      ['2026-12-10', 'Hearing, petition to seal the arrest of Apr 10, 2019'],
      ['2026-12-20', 'Court to rule by, petition to seal the arrest of Jan 15, 2020'],
    ]);
    const calendar = (await attorney.matters.calendar()).filter((d) => d.matterId === matterId);
    expect(calendar.map((d) => d.label)).toEqual(matter.deadlines.map((d) => d.label));
    expect(matter.timeline.filter((e) => e.kind === 'petition_status').map((e) => e.summary)).toEqual([
      'Petition Arrest sealing (PC 851.91), arrest of Jan 15, 2020: filed (filing run).',
      'Petition Arrest sealing (PC 851.91), arrest of Apr 10, 2019: hearing set (filing run).',
    ]);
    // Staff without the RAP sheet permission see that a court date is set, not which arrest.
    const intake = await api.signedIn('alameda.intake');
    expect((await intake.matters.get({ matterId })).deadlines.map((d) => d.label)).toEqual([
      'Court hearing',
      'Court to rule by',
    ]);
    expect(
      (await intake.matters.calendar()).filter((d) => d.matterId === matterId).map((d) => d.label),
    ).toEqual(['Court hearing', 'Court to rule by']);
  });
});
