// A filing run holding a packet the court papers cannot print, over HTTP on both databases. Old data
// is made in the database directly: a client's name saved in Chinese before names were checked, and
// the packet prepared from it before packets were. Such a run used to fail in the middle of its
// download: a 500 carrying fastify's own message ("Attempted to send payload of invalid type
// 'object'") when the name reached the cover list, or a 200 PDF cut off after the packets before (the
// connection dropped) when the text was further in; either way on record as printed. Now every packet
// is checked before the first byte: the run is refused 400, naming each matter and client to correct
// and how, nothing is on record as printed, and the refusal is on record as refused. Such a packet is
// not offered for a new run either, and a run naming it is refused when it is made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { PacketData } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyPetition, setUpFiling } from '../../../../packages/api/src/features/packets/fixtures.ts';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** Browsers send Origin with every POST; the server refuses one without it. */
const ORIGIN = { origin: 'http://localhost' };
const CHINESE_NAME = '王小明';

describe.each(testDialects())('a filing run the court papers cannot print (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let cookies: Record<string, string>;
  let cases = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-unprintable-run-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    cookies = { [SESSION_COOKIE]: await sessionCookieOf(app, 'attorney@alameda.test') };
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Petitions with their packets prepared, each of its own matter. */
  async function preparedPetitions(count: number) {
    const attorney = await api.signedIn('alameda.attorney');
    const petitions = [];
    for (let i = 0; i < count; i++) {
      cases += 1;
      const caseNumber = `19CR${String(cases).padStart(5, '0')}`;
      const p = await readyPetition(api, { caseNumber });
      await attorney.packets.prepare({
        petitionId: p.petitionId,
        attorneyId: api.userIds['alameda.attorney'],
        baseVersion: 0,
      });
      const matter = await api.database.db
        .selectFrom('matters')
        .select(['reference', 'client_id'])
        .where('id', '=', p.matterId)
        .executeTakeFirstOrThrow();
      petitions.push({ ...p, caseNumber, reference: matter.reference, clientId: matter.client_id });
    }
    return petitions;
  }

  /** Old data, written as it was before names and packets were checked: the stored packet is changed. */
  async function changePacket(petitionId: string, change: (data: PacketData) => void) {
    const packet = await api.database.db
      .selectFrom('petition_packets')
      .select(['id', 'data'])
      .where('petition_id', '=', petitionId)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const data = JSON.parse(packet.data) as PacketData;
    change(data);
    await api.database.db
      .updateTable('petition_packets')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', packet.id)
      .execute();
  }

  /** The client's name in Chinese, in the client's row and the packet prepared from it. */
  async function nameInChinese(p: { petitionId: string; clientId: string }) {
    await api.database.db
      .updateTable('clients')
      .set({ legal_name: CHINESE_NAME })
      .where('id', '=', p.clientId)
      .execute();
    await changePacket(p.petitionId, (data) => {
      data.petitioner.name = CHINESE_NAME;
    });
  }

  const printRun = (runId: string) =>
    app.inject({ method: 'POST', url: `/api/filing-runs/${runId}/pdf`, headers: ORIGIN, cookies });

  const runRecord = async (runId: string) => {
    await chainAuditJournal(api.database.db);
    return api.database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'detail'])
      .where('entity_id', '=', runId)
      .orderBy('id')
      .execute();
  };

  it('refuses the whole run before a byte, naming the matter and client whose name to correct, on record as refused', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const petitions = await preparedPetitions(3);
    const old = petitions[1];
    if (!old) throw new Error('no second petition');
    // A run made back then, and the name stored as it was before names were checked.
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      petitionIds: petitions.map((p) => p.petitionId),
    });
    await nameInChinese(old);

    const refused = await printRun(run.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.headers['content-disposition']).toBeUndefined();
    expect(refused.body).not.toContain('%PDF');
    const { error } = refused.json() as { error: { message: string; appCode: string } };
    expect(error.appCode).toBe('BAD_INPUT');
    expect(error.message).toBe(
      'This filing run cannot be printed: court papers print Latin letters with any accent, Greek and Cyrillic, and one of its packets has text they cannot show. Nothing was printed. ' +
        `Matter ${old.reference}, client ${CHINESE_NAME}, case ${old.caseNumber}: the petitioner's name has "王" (U+738B, a Chinese character). ` +
        "Enter the client's name in Latin letters (accents are fine), as the court's records have it. " +
        'Then prepare that packet again and make a new filing run with it: this run keeps the packets it was made with.',
    );
    // Nothing on record as printed; the refusal is, naming the petition and where (not the name).
    const record = await runRecord(run.id);
    expect(record.map((r) => [r.action, r.outcome])).toEqual([
      ['filings.createRun', 'ok'],
      ['filings.printRun', 'denied'],
    ]);
    expect(JSON.parse(record[1]?.detail ?? '{}')).toEqual({
      unprintable: [{ petitionId: old.petitionId, field: 'petitioner.name' }],
    });
    expect(record[1]?.detail).not.toContain(CHINESE_NAME);
    const stored = await api.database.db
      .selectFrom('filing_runs')
      .select(['status', 'version'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'prepared', version: run.version });

    // Today such a packet is not offered for a new run, and a run naming it is refused when made.
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    const listed = overview.candidates.find((c) => c.petitionId === old.petitionId);
    expect(listed).toMatchObject({
      state: 'unprintable',
      unprintable:
        'the petitioner\'s name has "王" (U+738B, a Chinese character). ' +
        "Enter the client's name in Latin letters (accents are fine), as the court's records have it.",
    });
    expect(
      overview.candidates.filter((c) => c.petitionId !== old.petitionId).map((c) => c.state),
    ).not.toContain('unprintable');
    const runsBefore = await api.database.db.selectFrom('filing_runs').select('id').execute();
    await expect(
      attorney.filings.createRun({ county: 'Alameda', petitionIds: petitions.map((p) => p.petitionId) }),
    ).rejects.toMatchObject({
      message:
        `These petitions cannot be filed yet. ${CHINESE_NAME}, case ${old.caseNumber} has text the court papers cannot print: ` +
        'the petitioner\'s name has "王" (U+738B, a Chinese character). ' +
        "Enter the client's name in Latin letters (accents are fine), as the court's records have it.",
    });
    expect(await api.database.db.selectFrom('filing_runs').select('id').execute()).toEqual(runsBefore);

    // Corrected as the brief says, and prepared again: a new run with that packet prints in full.
    const intake = await api.signedIn('alameda.intake');
    const matter = await intake.matters.get({ matterId: old.matterId });
    await intake.clients.update({
      clientId: old.clientId,
      version: matter.client.version,
      client: { ...matter.client.details, legalName: 'Wang Xiaoming', otherNames: [] },
    });
    await attorney.packets.prepare({
      petitionId: old.petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 1,
    });
    const again = await attorney.filings.createRun({
      county: 'Alameda',
      petitionIds: petitions.map((p) => p.petitionId),
    });
    const printed = await printRun(again.id);
    expect(printed.statusCode).toBe(200);
    expect(printed.headers['content-type']).toBe('application/pdf');
    expect(printed.rawPayload.subarray(-6).toString('latin1')).toMatch(/%%EOF\n?$/);
    const pdf = await getDocument({ data: new Uint8Array(printed.rawPayload), verbosity: 0 }).promise;
    expect(pdf.numPages).toBe(again.pages);
    const cover = (await (await pdf.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
    await pdf.destroy();
    expect(cover).toContain('Wang Xiaoming');
    expect((await runRecord(again.id)).map((r) => [r.action, r.outcome])).toEqual([
      ['filings.createRun', 'ok'],
      ['filings.printRun', 'ok'],
    ]);
    // The first run still holds the old packet: still refused.
    expect((await printRun(run.id)).statusCode).toBe(400);
  });

  it('names every packet that cannot be printed, also text past the cover list (the download used to be cut off there)', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const petitions = await preparedPetitions(3);
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      petitionIds: petitions.map((p) => p.petitionId),
    });
    const [, second, third] = petitions;
    if (!second || !third) throw new Error('not three petitions');
    // After the run was made: what it holds is changed, not what the records say today.
    await changePacket(second.petitionId, (data) => {
      const [conviction] = data.convictions;
      if (conviction) conviction.relief = `${conviction.relief} 🙂`;
    });
    await changePacket(third.petitionId, (data) => {
      const [prosecutor] = data.served;
      if (prosecutor) prosecutor.name = `${prosecutor.name} 서울`;
    });

    const refused = await printRun(run.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toContain('%PDF');
    const { error } = refused.json() as { error: { message: string; appCode: string } };
    expect(error.appCode).toBe('BAD_INPUT');
    expect(error.message).toContain('and 2 of its packets have text they cannot show. Nothing was printed.');
    expect(error.message).toContain(
      `Matter ${second.reference}, client ${(await clientName(second.clientId)) ?? ''}, case ${second.caseNumber}: a conviction has "🙂" (U+1F642, an emoji or pictograph). Correct it on the matter.`,
    );
    expect(error.message).toContain(
      `Matter ${third.reference}, client ${(await clientName(third.clientId)) ?? ''}, case ${third.caseNumber}: a party served has "서" (U+C11C, a Korean letter). Correct it in the court settings.`,
    );
    expect(error.message).toMatch(/Then prepare those packets again and make a new filing run with them/);
    const record = await runRecord(run.id);
    expect(record.map((r) => [r.action, r.outcome])).toEqual([
      ['filings.createRun', 'ok'],
      ['filings.printRun', 'denied'],
    ]);
    expect(JSON.parse(record[1]?.detail ?? '{}')).toEqual({
      unprintable: [
        { petitionId: second.petitionId, field: 'convictions.0.relief' },
        { petitionId: third.petitionId, field: 'served.0.name' },
      ],
    });
    // The packets are no longer what their records would draw, so the clerk's list is refused too.
    const exportCsv = () =>
      app.inject({ method: 'POST', url: `/api/filing-runs/${run.id}/csv`, headers: ORIGIN, cookies });
    const stale = await exportCsv();
    expect(stale.statusCode).toBe(400);
    expect((stale.json() as { error: { message: string } }).error.message).toContain(
      'its packet no longer says what would be drawn today',
    );
    // Once the records say it too (court settings saved before text was checked) and every packet is as
    // they would draw it: the clerk's list is text, which shows any character, so it is not refused.
    const prosecutor = 'Alameda County District Attorney 서울';
    const setProsecutor = (name: string) =>
      api.database.db
        .updateTable('county_courts')
        .set({ prosecutor_name: name })
        .where('office_id', '=', api.officeIds.alameda)
        .where('county', '=', 'Alameda')
        .execute();
    await setProsecutor(prosecutor);
    try {
      for (const p of petitions)
        await changePacket(p.petitionId, (data) => {
          for (const c of data.convictions) c.relief = c.relief.replace(' 🙂', '');
          const [served] = data.served;
          if (served) served.name = prosecutor;
        });
      const csv = await exportCsv();
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('서울');
    } finally {
      await setProsecutor('Alameda County District Attorney');
    }
  });

  it("refuses to make a run whose filing list cannot be printed (the office's name saved before names were checked)", async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const petitions = await preparedPetitions(1);
    const office = await api.database.db
      .selectFrom('offices')
      .select(['id', 'name'])
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('offices')
      .set({ name: `${office.name} 法律援助` })
      .where('id', '=', office.id)
      .execute();
    try {
      await expect(
        attorney.filings.createRun({ county: 'Alameda', petitionIds: petitions.map((p) => p.petitionId) }),
      ).rejects.toMatchObject({
        message:
          'A filing run for this court cannot be printed: on its filing list, the office\'s name has "法" (U+6CD5, a Chinese character). ' +
          "Correct it in the office's settings.",
      });
    } finally {
      await api.database.db
        .updateTable('offices')
        .set({ name: office.name })
        .where('id', '=', office.id)
        .execute();
    }
  });

  async function clientName(clientId: string) {
    return (
      await api.database.db
        .selectFrom('clients')
        .select('legal_name')
        .where('id', '=', clientId)
        .executeTakeFirst()
    )?.legal_name;
  }
});
