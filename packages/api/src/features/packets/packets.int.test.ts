// Petition packets through the API: what is missing is named (and refused) until it is there; a
// packet is drawn from the matter's records, stored with its documents by content hash, audited, and
// replaced only by a new version; the declaration comes with a discretionary decision only; filing
// runs print a court's ready petitions as one PDF and a CSV and record them filed at once.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { readPdf } from '@relief-desk/petitions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../errors.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openDocumentFile, uploadDocumentFile } from '../documents/files.ts';
import {
  authedContext,
  convictionInput,
  OVERRIDE_REASON,
  openMatter,
  refusal,
} from '../lifecycle-fixtures.ts';
import { filingRunCsv, printFilingRun } from './filings.ts';
import { countyCourt, readyPetition, setUpFiling } from './fixtures.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A packet version's PDF, read from the file store the way a download reads it. */
async function packetPdf(api: ApiHarness, fileId: string) {
  const file = await openDocumentFile(
    await authedContext(api, 'alameda.attorney', 'documents.download'),
    fileId,
  );
  const bytes = await bytesOf(file.stream);
  const { pages } = await readPdf(bytes);
  return { bytes, pages, text: pages.map((p) => p.body).join(' ') };
}

async function moveToPetitionsToFile(api: ApiHarness, matterId: string) {
  const attorney = await api.signedIn('alameda.attorney');
  for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file'] as const) {
    const matter = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({ matterId, version: matter.version, to });
  }
}

type Attorney = Awaited<ReturnType<ApiHarness['signedIn']>>;

/** Records a run filed on one day with no service, hearing or rule-by date: the tests about refusals. */
function recordFiledOn27November(attorney: Attorney, run: { id: string; version: number }, ids: string[]) {
  return attorney.filings.recordFiled({
    runId: run.id,
    version: run.version,
    filedOn: '2026-11-27',
    servedOn: null,
    petitions: ids.map((petitionId) => ({ petitionId, hearingOn: null, ruleByOn: null })),
  });
}

describe.each(testDialects())('petition packets (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  }, 120_000);
  afterAll(async () => api.destroy());

  it('names what is missing, each with what it concerns, refuses to draw until it is there, then draws', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId, convictionIds, matterId } = await readyPetition(api, {
      caseNumber: '17CR00001',
      sections: ['484(a)', '647(f)'],
      reasons: 'Probation was completed; dismissal is mandatory.',
      endDate: null,
    });
    const check = await attorney.packets.check({ petitionId });
    expect(check.ready).toBe(false);
    expect(check.form).toBe('CR-180 petition, CR-181 order');
    const missing = check.missing.map((m) => [m.code, m.convictionId ?? m.county ?? m.userId ?? null]);
    expect(missing).toEqual(
      expect.arrayContaining([
        ['court_settings', 'Alameda'],
        ['state_bar_number', api.userIds['alameda.attorney']],
        ['office_profile', null],
        ['citation', convictionIds[0]],
        ['citation', convictionIds[1]],
        ['sentence_end', convictionIds[0]],
        ['sentence_end', convictionIds[1]],
      ]),
    );
    expect(check.missing.find((m) => m.code === 'citation')?.message).toBe(
      'The decision on PC 484(a) cites no subdivision of PC 1203.4: record it again citing what its relief rests on for this conviction (sentence: probation, its end not recorded): PC 1203.4(a)(1) or (c)(2).',
    );
    // Drawing is refused with the same list, as field errors, and the attempt is on record.
    const refused = await refusal(
      attorney.packets.prepare({ petitionId, attorneyId: check.attorneyId ?? '', baseVersion: 0 }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toMatch(/^The packet cannot be drawn yet: 7 things are missing\./);
    expect(refused.fields.map((f) => f.path)).toEqual(check.missing.map((m) => `missing.${m.code}`));
    const failed = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'packets.prepare')
      .where('entity_id', '=', petitionId)
      .execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]?.outcome).toBe('failed');
    expect(await api.database.db.selectFrom('petition_packets').select('id').execute()).toEqual([]);

    // Each fixed where the list points.
    await setUpFiling(api);
    for (const [i, convictionId] of convictionIds.entries()) {
      const conviction = await api.database.db
        .selectFrom('convictions')
        .select('version')
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow();
      await attorney.convictions.edit({
        convictionId,
        version: conviction.version,
        conviction: convictionInput({ caseNumber: '17CR00001', section: i === 0 ? '484(a)' : '647(f)' }),
      });
      const current = await attorney.decisions.history({ convictionId, remedy: 'pc1203.4' });
      await attorney.decisions.record({
        convictionId,
        remedy: 'pc1203.4',
        determination: 'eligible_mandatory',
        reasons: 'Probation completed without violation (PC 1203.4(a)(1)).',
        supersedes: current.at(-1)?.id ?? null,
        overrideReason: OVERRIDE_REASON,
      });
    }
    const ready = await attorney.packets.check({ petitionId });
    expect(ready.missing).toEqual([]);
    expect(ready.ready).toBe(true);
    expect(ready.convictions.map((c) => c.citation)).toEqual(['PC 1203.4(a)(1)', 'PC 1203.4(a)(1)']);
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    expect(packet).toMatchObject({
      version: 1,
      created: true,
      attorneyName: 'Attorney of Alameda County Public Defender',
    });
    const { pages, text } = await packetPdf(api, packet.fileId);
    expect(pages).toHaveLength(packet.pages);
    for (const page of pages) expect(page.lineNumbers).toHaveLength(28);
    expect(text).toContain('SUPERIOR COURT OF CALIFORNIA COUNTY OF ALAMEDA');
    expect(text).toContain('Case No. 17CR00001');
    expect(text).toContain('(State Bar No. 298765)');
    expect(text).toContain('PC 484(a)');
    expect(text).toContain('PC 647(f)');
    expect(text).toContain('(PC 1203.4(a)(1))');
    expect(text).toContain('Alameda County Probation Department');
    expect(text).not.toContain('DECLARATION OF');
    void matterId;
  });

  it('refuses to draw a name its font cannot show, naming the character and how to fix it, and stores nothing', async () => {
    await setUpFiling(api);
    const { petitionId, matterId } = await readyPetition(api, { caseNumber: '17CR00031' });
    const { client_id } = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('clients')
      .set({ legal_name: '김민준' })
      .where('id', '=', client_id)
      .execute();
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await refusal(
      attorney.packets.prepare({ petitionId, attorneyId: api.userIds['alameda.attorney'], baseVersion: 0 }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toContain('김');
    expect(refused.message).toMatch(/Latin letters/);
    expect((await attorney.matters.get({ matterId })).documents.some((d) => d.packet)).toBe(false);
  });

  it('names the packet by the day its petition was drafted in California, not in UTC', async () => {
    await setUpFiling(api);
    const attorneyId = api.userIds['alameda.attorney'];
    // Drafted on an evening in California (after 4 pm, already the next day in UTC): that day.
    api.clock.set('2026-11-29T05:30:00.000Z');
    try {
      const evening = await readyPetition(api, { caseNumber: '17CR00012' });
      const later = await api.signedIn('alameda.attorney');
      await later.packets.prepare({ petitionId: evening.petitionId, attorneyId, baseVersion: 0 });
      const eveningMatter = await later.matters.get({ matterId: evening.matterId });
      expect(eveningMatter.documents.find((d) => d.packet)?.label).toBe(
        'Petition packet: petition 1 of the matter, drafted Nov 28, 2026',
      );
    } finally {
      api.clock.set('2026-11-28T18:00:00.000Z');
    }
  });

  it('stores the packet with the matter’s documents by content hash, audited; a new packet only as a new version', async () => {
    await setUpFiling(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId, matterId, convictionIds } = await readyPetition(api, { caseNumber: '17CR00002' });
    const attorneyId = api.userIds['alameda.attorney'];
    const first = await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 });
    const { bytes } = await packetPdf(api, first.fileId);
    expect(first.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const matter = await attorney.matters.get({ matterId });
    const document = matter.documents.find((d) => d.packet);
    expect(document).toMatchObject({
      kind: 'other',
      status: 'received',
      files: [
        expect.objectContaining({ id: first.fileId, filename: 'petition-packet-17CR00002-pc1203.4-v1.pdf' }),
      ],
    });
    // The label shows to everyone who works the matter: no remedy, no case number.
    expect(document?.label).toMatch(
      /^Petition packet: petition 1 of the matter, drafted [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    );
    // The timeline says which petition, by the same words as the documents list.
    const drafted = document?.label.replace('Petition packet: ', '');
    expect(matter.timeline.find((e) => e.kind === 'packet_prepared')?.summary).toBe(
      `Petition packet prepared for ${drafted} (version 1, ${first.pages} pages).`,
    );

    // The same papers again: nothing new is stored.
    const again = await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 1 });
    expect(again).toMatchObject({ version: 1, created: false, fileId: first.fileId });
    // A colleague's newer version is never replaced by a form opened before it.
    const stale = await refusal(attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 }));
    expect(stale.appCode).toBe('VERSION_CONFLICT');

    // The records change: the packet is out of date, and the next one is version 2, beside version 1.
    const supervisorId = api.userIds['alameda.supervisor'];
    const changed = await attorney.packets.check({ petitionId, attorneyId: supervisorId });
    expect([changed.upToDate, changed.changes]).toEqual([
      false,
      ['the attorney, or the office’s address, phone or e-mail'],
    ]);
    const second = await attorney.packets.prepare({ petitionId, attorneyId: supervisorId, baseVersion: 1 });
    expect(second).toMatchObject({ version: 2, created: true });
    expect(second.sha256).not.toBe(first.sha256);
    expect((await packetPdf(api, second.fileId)).text).toContain('(State Bar No. 187654)');
    const check = await attorney.packets.check({ petitionId, attorneyId: supervisorId });
    expect(check.packets.map((p) => p.version)).toEqual([2, 1]);
    expect([check.upToDate, check.changes]).toEqual([true, []]);
    const files = (await attorney.matters.get({ matterId })).documents.find((d) => d.packet)?.files ?? [];
    expect(files.map((f) => f.id)).toEqual([first.fileId, second.fileId]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'packets.prepare')
      .where('entity_id', '=', petitionId)
      .orderBy('id')
      .execute();
    // The stale attempt is on record as refused, between them.
    expect(
      audit.map((a) => [a.outcome, JSON.parse(a.detail).version ?? JSON.parse(a.detail).reason]),
    ).toEqual([
      ['ok', 1],
      ['ok', 1],
      ['denied', 'version_conflict'],
      ['ok', 2],
    ]);
    // Downloads are on record as packet downloads; a packet is never uploaded over.
    await chainAuditJournal(api.database.db);
    const downloads = await api.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'packets.download')
      .where('entity_id', '=', first.fileId)
      .execute();
    expect(downloads.length).toBeGreaterThan(0);
    const upload = await refusal(
      uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
        documentId: document?.id ?? '',
        filename: 'mine.pdf',
        bytes: bytes,
      }),
    );
    expect(upload.message).toContain('prepare a new version');
    void convictionIds;
  });

  it('adds the declaration in the client’s words for a discretionary decision, and only then', async () => {
    await setUpFiling(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId } = await readyPetition(api, {
      caseNumber: '17CR00003',
      sections: ['23152(b)'],
      determination: 'eligible_discretionary',
      reasons: 'A two-point offense: dismissal is at the court’s discretion (PC 1203.4(c)(2); VC 12810(b)).',
    });
    const check = await attorney.packets.check({ petitionId });
    expect(check.discretionary).toBe(true);
    expect(check.missing.map((m) => m.code)).toEqual(['declaration', 'declaration_translation']);
    const empty = await refusal(
      attorney.packets.saveDeclaration({ petitionId, version: 0, rehabilitation: '  ' }),
    );
    expect(empty.fields).toEqual([
      {
        path: 'rehabilitation',
        message: 'Write what the client has done since the conviction, in their own words.',
      },
    ]);
    const saved = await attorney.packets.saveDeclaration({
      petitionId,
      version: 0,
      rehabilitation: 'I finished the DUI program in 2019 and have not had a drink since.',
      employment: 'I drive for a delivery company and want a commercial license.',
      readToClientIn: 'es',
      translatorName: 'Rosa Delgado',
    });
    expect(saved).toEqual({ version: 1 });
    expect(
      (await refusal(attorney.packets.saveDeclaration({ petitionId, version: 0, rehabilitation: 'Again.' })))
        .appCode,
    ).toBe('VERSION_CONFLICT');
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    const { text } = await packetPdf(api, packet.fileId);
    expect(text).toContain('DECLARATION OF');
    expect(text).toContain('I finished the DUI program in 2019 and have not had a drink since.');
    expect(text).toContain('commercial license');
    expect(text).toContain('(PC 1203.4(c)(2))');
    expect(text).not.toContain('VC 12810');
    expect(text).toContain('where relief is at the court’s discretion');
  });

  it('a Spanish-speaking client’s declaration: missing who read it to them in Spanish until recorded, then the packet has the translator’s declaration', async () => {
    await setUpFiling(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { petitionId, matterId } = await readyPetition(api, {
      caseNumber: '17CR00013',
      sections: ['23152(b)'],
      determination: 'eligible_discretionary',
      reasons: 'A two-point offense: dismissal is at the court’s discretion (PC 1203.4(c)(2)).',
    });
    const client = await api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select('clients.preferred_language')
      .where('matters.id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(client.preferred_language).toBe('es');
    const rehabilitation = 'Terminé el programa de DUI en 2019. I finished the DUI program in 2019.';
    await attorney.packets.saveDeclaration({ petitionId, version: 0, rehabilitation });
    const untranslated = await attorney.packets.check({ petitionId });
    expect(untranslated.clientLanguage).toBe('es');
    expect(untranslated.ready).toBe(false);
    expect(untranslated.missing).toEqual([
      {
        code: 'declaration_translation',
        message:
          'The client’s language is Spanish: say who read the declaration to them in Spanish; a translator’s declaration is filed with it.',
      },
    ]);
    expect(
      (
        await refusal(
          attorney.packets.prepare({
            petitionId,
            attorneyId: api.userIds['alameda.attorney'],
            baseVersion: 0,
          }),
        )
      ).fields.map((f) => f.path),
    ).toEqual(['missing.declaration_translation']);
    // A language without the translator's name is refused at the name, saying what to do.
    const nameless = await refusal(
      attorney.packets.saveDeclaration({ petitionId, version: 1, rehabilitation, readToClientIn: 'es' }),
    );
    expect(nameless.fields).toEqual([
      {
        path: 'translatorName',
        message:
          'Name the person who read the declaration to the client in Spanish; their declaration as translator is filed with it. If the client read it in English themselves, choose English.',
      },
    ]);
    expect(
      await attorney.packets.saveDeclaration({
        petitionId,
        version: 1,
        rehabilitation,
        readToClientIn: 'es',
        translatorName: 'Rosa Delgado',
      }),
    ).toEqual({ version: 2 });
    const saved = await api.database.db
      .selectFrom('petition_declarations')
      .select(['read_to_client_in', 'translator_name', 'version', 'updated_by'])
      .where('petition_id', '=', petitionId)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({
      read_to_client_in: 'es',
      translator_name: 'Rosa Delgado',
      version: 2,
      updated_by: api.userIds['alameda.attorney'],
    });
    const audited = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'packets.saveDeclaration')
      .where('entity_id', '=', petitionId)
      .where('outcome', '=', 'ok')
      .execute();
    expect(audited).toHaveLength(2);
    const ready = await attorney.packets.check({ petitionId });
    expect(ready.missing).toEqual([]);
    expect(ready.declaration).toMatchObject({ readToClientIn: 'es', translatorName: 'Rosa Delgado' });
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    const { text } = await packetPdf(api, packet.fileId);
    const words = text.replace(/\s+/g, ' ');
    const petitioner = (
      await api.database.db
        .selectFrom('matters')
        .innerJoin('clients', 'clients.id', 'matters.client_id')
        .select('clients.legal_name')
        .where('matters.id', '=', matterId)
        .executeTakeFirstOrThrow()
    ).legal_name;
    expect(words).toContain('DECLARATION OF TRANSLATOR');
    expect(words).toContain('I, Rosa Delgado, declare:');
    expect(words).toContain('I am competent to translate between English and Spanish.');
    expect(words).toContain(
      `On the date below I read the foregoing declaration of ${petitioner}, the petitioner, to the petitioner in Spanish. The petitioner told me that the petitioner understood it and that it is true and correct.`,
    );
    expect(words).toContain('Rosa Delgado, Translator');
    expect(words).toContain('Declaration of translator Rosa Delgado');
    expect(words).not.toContain('Español');
    expect(words.indexOf('DECLARATION OF TRANSLATOR')).toBeGreaterThan(words.indexOf(rehabilitation));
    // What was drawn is what would be drawn today; a changed translator is not.
    expect((await attorney.packets.check({ petitionId })).upToDate).toBe(true);
    await attorney.packets.saveDeclaration({
      petitionId,
      version: 2,
      rehabilitation,
      readToClientIn: 'es',
      translatorName: 'Ana Ruiz',
    });
    expect((await attorney.packets.check({ petitionId })).changes).toEqual(['the declaration']);
  });

  it('needs the RAP sheet permission; another office’s petition is not found, and on record in both offices', async () => {
    await setUpFiling(api);
    const { petitionId } = await readyPetition(api, { caseNumber: '17CR00004' });
    const intake = await api.signedIn('alameda.intake');
    expect(await refusal(intake.packets.check({ petitionId }))).toMatchObject({
      appCode: 'FORBIDDEN',
      message: expect.stringContaining('own permission'),
    });
    expect(
      (
        await refusal(
          intake.packets.prepare({ petitionId, attorneyId: api.userIds['alameda.attorney'], baseVersion: 0 }),
        )
      ).appCode,
    ).toBe('FORBIDDEN');
    const attorney = await api.signedIn('alameda.attorney');
    const packet = await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    expect(
      (
        await refusal(
          openDocumentFile(await authedContext(api, 'alameda.intake', 'documents.download'), packet.fileId),
        )
      ).appCode,
    ).toBe('FORBIDDEN');
    // Intake sees the packet exists, not its file.
    const matterId = (
      await api.database.db
        .selectFrom('petitions')
        .select('matter_id')
        .where('id', '=', petitionId)
        .executeTakeFirstOrThrow()
    ).matter_id;
    const seen = (await intake.matters.get({ matterId })).documents.find((d) => d.packet);
    expect(seen).toMatchObject({ files: null, fileCount: 1 });

    const other = await api.signedIn('bayLegal.attorney');
    expect((await refusal(other.packets.check({ petitionId }))).appCode).toBe('NOT_FOUND');
    expect(
      (
        await refusal(
          other.packets.prepare({ petitionId, attorneyId: api.userIds['bayLegal.attorney'], baseVersion: 0 }),
        )
      ).appCode,
    ).toBe('NOT_FOUND');
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'action'])
      .where('entity_id', '=', petitionId)
      .where('outcome', '=', 'denied')
      .where('actor_id', '=', api.userIds['bayLegal.attorney'])
      .execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { office_id: api.officeIds.bayLegal, action: 'packets.check' },
        { office_id: api.officeIds.alameda, action: 'packets.check' },
        { office_id: api.officeIds.alameda, action: 'packets.prepare' },
      ]),
    );
  });
});

describe.each(testDialects())('court settings (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  }, 120_000);
  afterAll(async () => api.destroy());

  it('an administrator keeps each county’s court, courthouses, e-filing and service addresses; versioned and audited', async () => {
    const admin = await api.signedIn('alameda.admin');
    const before = await admin.courtSettings.get();
    expect(before.counties).toEqual([
      expect.objectContaining({ county: 'Alameda', version: 0, configured: false, courthouses: [] }),
    ]);
    const saved = await admin.courtSettings.saveCounty(countyCourt('Alameda'));
    expect(saved.counties[0]).toMatchObject({
      county: 'Alameda',
      version: 1,
      configured: true,
      eFiling: true,
      prosecutor: { name: 'Alameda County District Attorney' },
    });
    // Every role reads them; the other office has its own.
    expect((await (await api.signedIn('alameda.intake')).courtSettings.get()).counties[0]?.version).toBe(1);
    expect(
      (await (await api.signedIn('bayLegal.admin')).courtSettings.get()).counties.map((c) => c.configured),
    ).toEqual([false, false]);
    expect((await refusal(admin.courtSettings.saveCounty(countyCourt('Alameda', 0)))).appCode).toBe(
      'VERSION_CONFLICT',
    );
    const intake = await api.signedIn('alameda.intake');
    expect((await refusal(intake.courtSettings.saveCounty(countyCourt('Alameda', 1)))).appCode).toBe(
      'FORBIDDEN',
    );
    const bad = await refusal(
      admin.courtSettings.saveCounty({
        ...countyCourt('Alameda', 1),
        courtName: '',
        prosecutor: { name: '', address: '' },
        probation: { name: 'Probation', address: '' },
      }),
    );
    expect(bad.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['courtName', 'prosecutor.name', 'prosecutor.address', 'probation.address']),
    );
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'courtSettings.saveCounty')
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail).county)).toEqual(['Alameda']);
  });

  it('an administrator sets attorneys’ State Bar numbers; only of the office’s attorneys and supervisors', async () => {
    const admin = await api.signedIn('alameda.admin');
    const attorneyId = api.userIds['alameda.attorney'];
    const set = await admin.courtSettings.setStateBarNumber({
      userId: attorneyId,
      version: 0,
      stateBarNumber: '298765',
    });
    expect(set.attorneys.find((a) => a.userId === attorneyId)).toMatchObject({
      version: 1,
      stateBarNumber: '298765',
    });
    expect(
      (
        await refusal(
          admin.courtSettings.setStateBarNumber({ userId: attorneyId, version: 1, stateBarNumber: 'SBN 12' }),
        )
      ).fields[0]?.message,
    ).toBe('Enter the State Bar number as its digits, for example 123456.');
    expect(
      (
        await refusal(
          admin.courtSettings.setStateBarNumber({ userId: attorneyId, version: 0, stateBarNumber: '1' }),
        )
      ).appCode,
    ).toBe('VERSION_CONFLICT');
    for (const userId of [api.userIds['alameda.intake'], api.userIds['bayLegal.attorney']])
      expect(
        (await refusal(admin.courtSettings.setStateBarNumber({ userId, version: 0, stateBarNumber: '1' })))
          .appCode,
      ).toBe('NOT_FOUND');
    const attorney = await api.signedIn('alameda.attorney');
    expect(
      (
        await refusal(
          attorney.courtSettings.setStateBarNumber({ userId: attorneyId, version: 1, stateBarNumber: '1' }),
        )
      ).appCode,
    ).toBe('FORBIDDEN');
    const removed = await admin.courtSettings.setStateBarNumber({
      userId: attorneyId,
      version: 1,
      stateBarNumber: '',
    });
    expect(removed.attorneys.find((a) => a.userId === attorneyId)).toMatchObject({
      version: 0,
      stateBarNumber: null,
    });
  });
});

describe.each(testDialects())('filing runs (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  it('prints a court’s ready petitions as one PDF and a CSV, and records them filed at once; the matters follow', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const petitions = [];
    for (const [i, sections] of [['484(a)'], ['459', '11350(a)'], ['647(f)']].entries()) {
      const matterId = await openMatter(api);
      await moveToPetitionsToFile(api, matterId);
      const p = await readyPetition(api, { caseNumber: `18CR0000${i + 1}`, sections, matterId });
      await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
      petitions.push(p);
    }
    // One more, not ready: no packet yet.
    const unprepared = await readyPetition(api, { caseNumber: '18CR00009' });

    const overview = await attorney.filings.overview({ county: 'Alameda' });
    expect(overview.court).toEqual({
      courtName: 'Superior Court of California, County of Alameda',
      eFiling: true,
    });
    const states = Object.fromEntries(overview.candidates.map((c) => [c.caseNumber, c.state]));
    expect(states).toMatchObject({
      '18CR00001': 'ready',
      '18CR00002': 'ready',
      '18CR00003': 'ready',
      '18CR00009': 'no_packet',
    });
    const notReady = await refusal(
      attorney.filings.createRun({
        county: 'Alameda',
        petitionIds: [petitions[0]?.petitionId ?? '', unprepared.petitionId],
      }),
    );
    expect(notReady.fields).toEqual([
      {
        path: 'petitionIds.1',
        message: expect.stringContaining('case 18CR00009 has no packet yet: prepare it first.'),
      },
    ]);

    const ids = petitions.map((p) => p.petitionId);
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: ids });
    expect(run).toMatchObject({ status: 'prepared', petitionCount: 3, county: 'Alameda', eFiling: true });
    const ctx = await authedContext(api, 'alameda.attorney', 'filings.printRun');
    const printed = await printFilingRun(ctx, run.id);
    const { pages } = await readPdf(await bytesOf(printed.stream));
    expect(pages).toHaveLength(run.pages);
    for (const page of pages) expect(page.lineNumbers).toHaveLength(28);
    const detail = await attorney.filings.run({ runId: run.id });
    expect(detail.petitions.map((p) => [p.caseNumber, p.notCurrent])).toEqual([
      ['18CR00001', null],
      ['18CR00002', null],
      ['18CR00003', null],
    ]);
    expect(pages[0]?.body).toContain('FILING LIST');
    // Each row's papers in full, with the statute.
    expect(pages[0]?.body).toContain('Petition for dismissal, PC 1203.4 ');
    for (const p of detail.petitions) {
      expect(pages[0]?.body).toContain(p.caseNumber);
      const packetPages = pages.slice(p.firstPage - 1, p.firstPage - 1 + p.pages);
      expect(packetPages[0]?.body).toContain(`Case No. ${p.caseNumber}`);
      // Nothing of another petition in this one's pages.
      for (const other of detail.petitions.filter((o) => o.petitionId !== p.petitionId))
        expect(packetPages.map((x) => `${x.body} ${x.footer}`).join(' ')).not.toContain(other.caseNumber);
    }
    expect(pages.map((p) => p.body).join(' ')).toContain('PC 11350(a)');
    const csv = await filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), run.id);
    const lines = csv.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '#,Case number,Petitioner,Date of birth,Papers,Convictions,Arrest,Statute cited,Declaration,Served,Attorney,State Bar No.,Pages,First page,Last page',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('18CR00002');
    expect(lines[2]).toContain('PC 459; PC 11350(a)');
    expect(lines[2]).toContain('PC 1203.4(a)(1)');
    await chainAuditJournal(api.database.db);
    const audited = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', run.id)
      .where('outcome', '=', 'ok')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['filings.createRun', 'filings.printRun', 'filings.exportCsv', 'filings.run']),
    );

    // Not on a day still to come: today is said as every date is, not as 2026-11-28.
    const tomorrow = await refusal(
      attorney.filings.recordFiled({
        runId: run.id,
        version: run.version,
        filedOn: '2026-11-29',
        servedOn: null,
        petitions: ids.map((petitionId) => ({ petitionId, hearingOn: null, ruleByOn: null })),
      }),
    );
    expect(tomorrow.fields).toContainEqual({
      path: 'filedOn',
      message: 'The filing date cannot be after today (Nov 28, 2026). Check the date filed.',
    });
    // Filed: one date for the run, the court's dates per petition.
    const filed = await attorney.filings.recordFiled({
      runId: run.id,
      version: run.version,
      filedOn: '2026-11-27',
      servedOn: '2026-11-27',
      petitions: ids.map((petitionId, i) => ({
        petitionId,
        hearingOn: i === 0 ? '2027-01-15' : null,
        ruleByOn: i === 0 ? null : '2027-02-26',
      })),
    });
    expect(filed).toMatchObject({ status: 'filed', filedOn: '2026-11-27', servedOn: '2026-11-27' });
    expect(filed.petitions.map((p) => [p.status, p.filedOn, p.hearingOn, p.ruleByOn])).toEqual([
      ['hearing_set', '2026-11-27', '2027-01-15', null],
      ['filed', '2026-11-27', null, '2027-02-26'],
      ['filed', '2026-11-27', null, '2027-02-26'],
    ]);
    for (const p of petitions) {
      const matter = await attorney.matters.get({ matterId: p.matterId });
      expect(matter.stage).toBe('awaiting_decision');
    }
    // Once only; and a run holding a packet prepared again since is refused, naming it.
    expect((await refusal(recordFiledOn27November(attorney, run, ids))).appCode).toBe('VERSION_CONFLICT');
  });

  it('a run whose petition’s records changed since its packet was prepared: flagged, not printed, not recorded filed', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const p = await readyPetition(api, { caseNumber: '18CR00030', sections: ['484(a)', '647(f)'] });
    await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [p.petitionId] });
    // The record changes after the run was made: the misdemeanor was a felony.
    const [convictionId = ''] = p.convictionIds;
    const conviction = await api.database.db
      .selectFrom('convictions')
      .select('version')
      .where('id', '=', convictionId)
      .executeTakeFirstOrThrow();
    await attorney.convictions.edit({
      convictionId,
      version: conviction.version,
      conviction: convictionInput({ caseNumber: '18CR00030', section: '484(a)', level: 'felony' }),
    });
    expect((await attorney.packets.check({ petitionId: p.petitionId })).changes).toEqual(['the convictions']);

    const detail = await attorney.filings.run({ runId: run.id });
    expect(detail.petitions.map((x) => [x.caseNumber, x.notCurrent])).toEqual([
      ['18CR00030', 'records_changed'],
    ]);
    const matter = await attorney.matters.get({ matterId: p.matterId });
    const printCall = printFilingRun(
      await authedContext(api, 'alameda.attorney', 'filings.printRun'),
      run.id,
    );
    const printing = await refusal(printCall);
    // The route puts it on record as refused (filing-routes.ts), with the petition and why.
    expect(((await printCall.catch((e: unknown) => e)) as AppError).audit).toMatchObject({
      entityType: 'filing_run',
      entityId: run.id,
      detail: { notCurrent: [{ petitionId: p.petitionId, why: 'records_changed' }] },
    });
    expect(printing.appCode).toBe('BAD_INPUT');
    expect(printing.message).toContain('Nothing was printed.');
    expect(printing.fields).toEqual([
      {
        path: 'petitions.0',
        message: `Matter ${matter.reference}, client ${detail.petitions[0]?.petitioner}, case 18CR00030: its packet no longer says what would be drawn today: its records changed since it was prepared, or this version of Relief Desk draws them differently.`,
      },
    ]);
    expect(printing.message).toContain('Prepare that packet again and make a new filing run with it');
    // Nor the clerk’s list of it: it would list papers that are not the ones to file.
    const listing = await refusal(
      filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), run.id),
    );
    expect(listing.message).toContain('This filing run’s list for the clerk cannot be made');
    expect(listing.fields).toEqual(printing.fields);

    const recording = await refusal(recordFiledOn27November(attorney, run, [p.petitionId]));
    expect(recording.fields).toEqual([
      {
        path: 'petitions.0',
        message: expect.stringContaining(
          'case 18CR00030 has a packet that no longer says what would be drawn today (its records changed since it was prepared, or this version of Relief Desk draws them differently): prepare it again',
        ),
      },
    ]);
    const petition = await api.database.db
      .selectFrom('petitions')
      .select('status')
      .where('id', '=', p.petitionId)
      .executeTakeFirstOrThrow();
    expect(petition.status).toBe('draft');
    expect((await attorney.matters.get({ matterId: p.matterId })).stage).toBe(matter.stage);
    // The refusal on record against the run, with the petition and why.
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('entity_id', '=', run.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => [d.action, JSON.parse(d.detail ?? '{}').notCurrent])).toEqual([
      ['filings.recordFiled', [{ petitionId: p.petitionId, why: 'records_changed' }]],
    ]);
  });

  it('a run whose petition’s packet an earlier version drew differently, its records unchanged: not said to have changed records', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const p = await readyPetition(api, { caseNumber: '18CR00031', sections: ['484(a)'] });
    await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [p.petitionId] });
    // No record changes: the stored packet is as an earlier version of Relief Desk drew the same
    // records, with another wording of the court's name.
    const packet = await api.database.db
      .selectFrom('petition_packets')
      .select(['id', 'data'])
      .where('petition_id', '=', p.petitionId)
      .executeTakeFirstOrThrow();
    const drawnBefore = JSON.parse(packet.data);
    drawnBefore.court.name = `${drawnBefore.court.name} (as drawn before)`;
    await api.database.db
      .updateTable('petition_packets')
      .set({ data: JSON.stringify(drawnBefore) })
      .where('id', '=', packet.id)
      .execute();
    expect((await attorney.packets.check({ petitionId: p.petitionId })).upToDate).toBe(false);

    const printing = await refusal(
      printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), run.id),
    );
    const recording = await refusal(recordFiledOn27November(attorney, run, [p.petitionId]));
    const said = [
      printing.message,
      ...printing.fields.map((f) => f.message),
      ...recording.fields.map((f) => f.message),
    ];
    // What is kept cannot tell this from changed records: both are said, neither claimed.
    for (const text of said)
      expect(text).not.toMatch(/records changed since its packet|no longer says what they say/);
    expect(printing.fields.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /case 18CR00031: its packet no longer says what would be drawn today: its records changed since it was prepared, or this version of Relief Desk draws them differently\.$/,
      ),
    ]);
    expect(recording.fields.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'or this version of Relief Desk draws them differently): prepare it again to print what it now says',
      ),
    ]);
  });

  it('a conviction corrected to another case or county since: the packet is not ready, and says why and what to do', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    for (const change of [{ caseNumber: '18CR09999' }, { county: 'Contra Costa' as const }]) {
      const p = await readyPetition(api, { caseNumber: '18CR00040', sections: ['484(a)', '647(f)'] });
      await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
      const [convictionId = ''] = p.convictionIds;
      const { version } = await api.database.db
        .selectFrom('convictions')
        .select('version')
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow();
      await attorney.convictions.edit({
        convictionId,
        version,
        conviction: convictionInput({ caseNumber: '18CR00040', section: '484(a)', ...change }),
      });
      const check = await attorney.packets.check({ petitionId: p.petitionId });
      expect(check.ready, JSON.stringify(change)).toBe(false);
      expect(check.missing, JSON.stringify(change)).toContainEqual(
        expect.objectContaining({
          code: 'conviction_facts',
          message: expect.stringMatching(
            change.caseNumber
              ? /^PC 484\(a\) is now recorded in case 18CR09999, not this petition’s case 18CR00040: a petition covers one court case/
              : /^This petition’s convictions are now recorded in (Alameda and Contra Costa|Contra Costa and Alameda) counties/,
          ),
        }),
      );
    }
  });

  it('a two-point driving offense decided eligible as of right: the packet is not ready (PC 1203.4(c)(2) leaves it to the court), and says what to do', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const asOfRight = await readyPetition(api, {
      caseNumber: '18CR00060',
      sections: ['23152(a)'],
      conviction: { code: 'VC', level: 'misdemeanor' },
    });
    const check = await attorney.packets.check({ petitionId: asOfRight.petitionId });
    expect(check.ready).toBe(false);
    expect(check.missing).toContainEqual({
      code: 'decision',
      convictionId: asOfRight.convictionIds[0],
      message:
        'VC 23152(a) is a two-point driving offense: its dismissal is only at the court’s discretion (PC 1203.4(c)(2); VC 12810(b)), and the papers would say the petitioner is entitled to it as a matter of right. Decide it again as eligible at the court’s discretion, with a declaration.',
    });
    // Decided at the court's discretion, nothing of the kind is said.
    const discretionary = await readyPetition(api, {
      caseNumber: '18CR00061',
      sections: ['23152(a)'],
      conviction: { code: 'VC', level: 'misdemeanor' },
      determination: 'eligible_discretionary',
    });
    const fine = await attorney.packets.check({ petitionId: discretionary.petitionId });
    expect(fine.missing.filter((m) => m.message.includes('two-point'))).toEqual([]);
  });

  it('a run whose petition was filed since through another run: not printed, not listed, not recorded filed, saying to make a new run', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const shared = await readyPetition(api, { caseNumber: '18CR00050' });
    const other = await readyPetition(api, { caseNumber: '18CR00051' });
    for (const p of [shared, other])
      await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
    const first = await attorney.filings.createRun({
      county: 'Alameda',
      petitionIds: [shared.petitionId, other.petitionId],
    });
    const second = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [shared.petitionId] });
    await recordFiledOn27November(attorney, second, [shared.petitionId]);

    const printing = await refusal(
      printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), first.id),
    );
    expect(printing.appCode).toBe('BAD_INPUT');
    expect(printing.message).toMatch(
      /^This filing run cannot be printed: it would file again what was filed since\. Nothing was printed\./,
    );
    expect(printing.fields).toEqual([
      {
        path: 'petitions.0',
        message: expect.stringContaining('case 18CR00050: already filed since this run was made'),
      },
    ]);
    const listing = await refusal(
      filingRunCsv(await authedContext(api, 'alameda.attorney', 'filings.exportCsv'), first.id),
    );
    expect(listing.fields).toEqual(printing.fields);
    const recording = await refusal(
      recordFiledOn27November(attorney, first, [shared.petitionId, other.petitionId]),
    );
    expect(recording.message).toContain('make a new filing run with the petitions still to file');
    // The other petition is filed with a new run.
    const again = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [other.petitionId] });
    await expect(recordFiledOn27November(attorney, again, [other.petitionId])).resolves.toMatchObject({
      status: 'filed',
    });
  });

  it('refuses to record a run whose petition was prepared again after printing, or another office’s run', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const attorneyId = api.userIds['alameda.attorney'];
    const p = await readyPetition(api, { caseNumber: '18CR00020' });
    await attorney.packets.prepare({ petitionId: p.petitionId, attorneyId, baseVersion: 0 });
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [p.petitionId] });
    await attorney.packets.prepare({
      petitionId: p.petitionId,
      attorneyId: api.userIds['alameda.supervisor'],
      baseVersion: 1,
    });
    expect((await attorney.filings.run({ runId: run.id })).petitions[0]).toMatchObject({
      notCurrent: 'newer_packet',
    });
    // Not printed either: the run would print the packet the newer one replaced.
    expect(
      (
        await refusal(
          printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), run.id),
        )
      ).fields,
    ).toEqual([
      {
        path: 'petitions.0',
        message: expect.stringContaining('a newer packet was prepared after this run was made'),
      },
    ]);
    const refused = await refusal(recordFiledOn27November(attorney, run, [p.petitionId]));
    expect(refused.fields).toEqual([
      {
        path: 'petitions.0',
        message: expect.stringContaining('has a packet prepared after this run was made'),
      },
    ]);
    const petition = await api.database.db
      .selectFrom('petitions')
      .select('status')
      .where('id', '=', p.petitionId)
      .executeTakeFirstOrThrow();
    expect(petition.status).toBe('draft');

    const other = await api.signedIn('bayLegal.attorney');
    expect((await refusal(other.filings.run({ runId: run.id }))).appCode).toBe('NOT_FOUND');
    expect(
      (
        await refusal(
          printFilingRun(await authedContext(api, 'bayLegal.attorney', 'filings.printRun'), run.id),
        )
      ).appCode,
    ).toBe('NOT_FOUND');
    const intake = await api.signedIn('alameda.intake');
    expect((await refusal(intake.filings.overview({ county: 'Alameda' }))).appCode).toBe('FORBIDDEN');
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select('office_id')
      .where('entity_id', '=', run.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.office_id)).toEqual(
      expect.arrayContaining([api.officeIds.alameda, api.officeIds.bayLegal]),
    );
  });
});
