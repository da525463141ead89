// The applicant's status page over HTTP as the case moves on, on both databases: a hearing is set and
// announced with next steps, the hearing day passes, the court decides, the office tells the client
// and closes the case. At each step the page, in English and in Spanish, shows only what still holds
// on the day it is opened (the server's clock), never the court's decision, and on the closed case
// says what closing means instead of the hearing's next steps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, openOnlineApplications } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { StatusChoice } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from '../http/app.ts';
import { TRAP_FIELD } from './apply-page.ts';
import { PAGE_TEXT } from './text.ts';

const ORIGIN = 'http://desk.test';
const COURT = 'Superior Court of California, County of Alameda';
const EMAIL = 'begona.nunez@example.org';

describe.each(testDialects())('the status page as the case moves on (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    await api.database.db
      .updateTable('offices')
      .set({
        phone: '(510) 272-6600',
        email: 'cs@example.org',
        address: '1401 Lakeside Drive, Oakland, CA 94612',
      })
      .where('id', '=', api.officeIds.alameda)
      .execute();
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-status-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: ORIGIN }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The page's matter as the client reads it, in each language. */
  async function read(link: string) {
    const out: Record<'en' | 'es', string> = { en: '', es: '' };
    for (const lang of ['en', 'es'] as const) {
      const response = await app.inject({ url: `${link}?lang=${lang}` });
      expect(response.statusCode).toBe(200);
      const body = response.body;
      out[lang] = body
        .slice(body.indexOf('<section'), body.indexOf('</section>'))
        .replace(/<[^>]+>/g, '\n')
        .replace(/&#39;/g, "'")
        .replace(/\n+/g, '\n');
    }
    return out;
  }

  it('shows the hearing’s next steps until the hearing passes, never the decision, and what closing means', async () => {
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    const params = new URLSearchParams({
      lang: 'es',
      submission: `submission-key-status-${Date.now()}`,
      [TRAP_FIELD]: '',
      legalName: 'Begoña Núñez Prieto',
      otherNames: '',
      birthMonth: '2',
      birthDay: '3',
      birthYear: '1971',
      phone: '',
      email: EMAIL,
      addressLine1: '',
      addressLine2: '',
      city: '',
      state: '',
      postalCode: '',
      language: 'es',
      counties: 'Alameda',
      notes: '',
    });
    const applied = await app.inject({
      method: 'POST',
      url: `/apply/${office.slug}`,
      remoteAddress: '10.9.0.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: params.toString(),
    });
    expect(applied.statusCode).toBe(200);
    const confirmation = await api.database.db
      .selectFrom('messages')
      .select(['body', 'client_id'])
      .where('recipient', '=', EMAIL)
      .executeTakeFirstOrThrow();
    const link = /http:\/\/desk\.test(\/status\/[A-Za-z0-9_-]{43})/.exec(confirmation.body)?.[1] ?? '';
    expect(link).not.toBe('');
    const { id: matterId } = await api.database.db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', confirmation.client_id ?? '')
      .executeTakeFirstOrThrow();

    let attorney = await api.signedIn('alameda.attorney');
    await attorney.documents.request({
      matterId,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    const conviction = await attorney.convictions.add({
      matterId,
      conviction: {
        caseNumber: '16CR01234',
        county: 'Alameda',
        court: '',
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        wobbler: 'no',
        convictionDate: '2016-05-02',
        sentenceKind: 'probation',
        mandatorySupervision: 'unknown',
        endDate: '2019-05-02',
        probationOutcome: 'completed',
        valueOver950: 'no',
        reliefGrantedRemedy: null,
        reliefGrantedOn: null,
      },
    });
    const move = async (
      to:
        | 'gathering_records'
        | 'eligibility_review'
        | 'petitions_to_file'
        | 'awaiting_decision'
        | 'outcome_to_send',
    ) => {
      const m = await attorney.matters.get({ matterId });
      // Recording a filing or a decision may have moved the matter there already.
      if (m.stage !== to) await attorney.matters.moveStage({ matterId, version: m.version, to });
    };
    for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file'] as const)
      await move(to);
    const petition = await attorney.petitions.create({
      matterId,
      remedy: 'pc1203.4',
      convictionIds: [conviction.id],
      formSet: 'cr180_cr181',
      court: COURT,
    });
    const set = await attorney.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      status: 'hearing_set',
      court: COURT,
      filedOn: '2026-11-28',
      hearingOn: '2026-12-10',
      outcomes: [{ convictionId: conviction.id, outcome: null }],
    });
    await move('awaiting_decision');
    const send = async (choice: StatusChoice) => {
      const composed = await attorney.messages.composeStatus(choice);
      await attorney.messages.sendStatus({
        writtenIn: composed.language,
        choice,
        messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
      });
    };
    await send({
      matterId,
      statusType: 'court_date_set',
      cantProceedReason: null,
      courtDate: '2026-12-10',
      nextSteps: ['submit_letters', 'wait_for_decision', 'contact_us'],
    });

    const letters = { en: 'write letters of recommendation', es: 'Pida cartas de recomendación' };
    const hearing = { en: 'will go to the hearing for you', es: 'irá a la audiencia en su nombre' };
    const contact = { en: 'Call us at (510) 272-6600', es: 'Llámenos al (510) 272-6600' };
    const decision = { en: 'granted', es: 'aprobó' };

    // Before the hearing: the update and all it asked.
    const before = await read(link);
    expect(before.en).toContain('Your court date: December 10, 2026');
    expect(before.es).toContain('Fecha de su audiencia: 10 de diciembre de 2026');
    expect(before.es).toContain('Pendiente. Envíenos este documento a más tardar el');
    for (const lang of ['en', 'es'] as const) {
      expect(before[lang]).toContain(letters[lang]);
      expect(before[lang]).toContain(hearing[lang]);
      expect(before[lang]).toContain(contact[lang]);
    }

    // The day after the hearing, the court not decided yet: no hearing to go to, no letters to send.
    api.clock.set('2026-12-11T18:00:00.000Z');
    attorney = await api.signedIn('alameda.attorney');
    const after = await read(link);
    for (const lang of ['en', 'es'] as const) {
      expect(after[lang]).toContain(PAGE_TEXT[lang].awaitingDecisionFor(1));
      expect(after[lang]).not.toContain(letters[lang]);
      expect(after[lang]).not.toContain(hearing[lang]);
      expect(after[lang]).toContain(contact[lang]);
    }

    // The court decides; the office tells the client, by a status update and then the outcome.
    const granted = await attorney.petitions.update({
      petitionId: petition.id,
      version: set.version,
      status: 'decided',
      court: COURT,
      filedOn: '2026-11-28',
      hearingOn: '2026-12-10',
      decidedOn: '2026-12-10',
      outcomes: [{ convictionId: conviction.id, outcome: 'granted' }],
    });
    await move('outcome_to_send');
    await send({
      matterId,
      statusType: 'granted',
      cantProceedReason: null,
      courtDate: null,
      nextSteps: ['contact_us'],
    });
    const decided = await read(link);
    for (const lang of ['en', 'es'] as const) {
      expect(decided[lang]).toContain(PAGE_TEXT[lang].decisionNews);
      expect(decided[lang]).not.toContain(decision[lang]);
      expect(decided[lang]).not.toContain(hearing[lang]);
    }

    // The decision was recorded by mistake: the hearing was continued. The matter is still at
    // "Outcome to send", and the page says the court has yet to decide, not that it has.
    const decidedAgain = (outcome: 'continued' | 'granted', version: number) =>
      attorney.petitions.update({
        petitionId: petition.id,
        version,
        status: 'decided',
        court: COURT,
        filedOn: '2026-11-28',
        hearingOn: '2026-12-10',
        decidedOn: '2026-12-10',
        outcomes: [{ convictionId: conviction.id, outcome }],
      });
    const continued = await decidedAgain('continued', granted.version);
    const setBack = await read(link);
    for (const lang of ['en', 'es'] as const) {
      const t = PAGE_TEXT[lang];
      expect(setBack[lang]).toContain(t.awaitingDecisionFor(1));
      expect(setBack[lang]).not.toContain(t.stages.outcome_to_send);
      expect(setBack[lang]).not.toContain(t.decisionNews);
    }
    await decidedAgain('granted', continued.version);
    expect((await read(link)).en).toContain(PAGE_TEXT.en.stages.outcome_to_send);

    const outcome = await attorney.messages.composeOutcome({ matterId });
    await attorney.messages.sendOutcome({
      matterId,
      version: outcome.version,
      closeNote: 'order requested',
      messages: outcome.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
      writtenIn: outcome.language,
    });
    const closed = await read(link);
    for (const lang of ['en', 'es'] as const) {
      const t = PAGE_TEXT[lang];
      expect(closed[lang]).toContain(t.stages.closed);
      expect(closed[lang]).toContain(t.closedMeans);
      expect(closed[lang]).toContain(`${t.documents.photo_id}: ${t.notReceived}`);
      expect(closed[lang]).not.toContain(decision[lang]);
      expect(closed[lang]).not.toContain(hearing[lang]);
      expect(closed[lang]).not.toContain(letters[lang]);
    }
    expect(closed.en).not.toContain('Your court date');
    expect(closed.es).not.toContain('Fecha de su audiencia');
  });
});
