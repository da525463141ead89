// A client with two matters of one office (a referral for two counties opens one for each): the RAP
// sheet read and decided on the first, then read again on the second. The second review shows each
// conviction as recorded on the first matter, with the petition decided there, and proposes none as
// new; recording one here too is the attorney's choice, on record, and carries the grant, so the rules
// do not suggest again what the court granted. Another office's matters are never looked at, and the
// review needs the RAP sheet permission.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { runWorker } from './fixtures.ts';

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;

const TEXT = `CII/A12345678
DOB/19800202     SEX/F
NAM/01 PENA, MARIA
* * * *
COURT:                NAM:01
20090610  CASC MARTINEZ
CNT:01     #F09904512
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * *
COURT:                NAM:01
20150302  CASC SAN FRANCISCO
CNT:01     #VCM264410
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * END OF MESSAGE * * *`;

describe.each(testDialects())('a RAP sheet read on the client’s second matter (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function imported(attorney: Caller, matterId: string) {
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'rap.txt', text: TEXT },
    });
    expect(await runWorker(api)).toBe('ready');
    return { started, review: await attorney.rapImports.review({ importId: started.id }) };
  }
  type Review = Awaited<ReturnType<typeof imported>>['review'];

  const accept = (attorney: Caller, importId: string, review: Review, record: string[]) =>
    attorney.rapImports.accept({
      importId,
      version: 1,
      personFactsVersion: review.personFactsVersion,
      convictions: review.proposals
        .filter((p) => p.status === 'new' || record.includes(p.fields.caseNumber ?? ''))
        .map((p) => ({
          key: p.key,
          decision: 'accept' as const,
          // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled by the test.
          conviction: { ...(p.fields as any), wobbler: 'no' },
        })),
      arrests: [],
      personFacts: [],
    });

  let clients = 0;
  /** The client's two matters, the sheet entered on the first and its PC 1203.4 petitions decided. */
  async function decidedOnFirstMatter() {
    // Each test its own client (a second surname of its own, its own phone and e-mail address).
    clients += 1;
    const surname = ['Gutiérrez', 'Ortiz', 'Salas', 'Vidal', 'Rojas', 'Mora', 'Luna', 'Vega'][clients];
    const intake = await api.signedIn('bayLegal.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: `María José Peña ${surname}`,
          otherNames: [],
          dateOfBirth: '1980-02-02',
          phone: `(510) 555-01${String(clients).padStart(2, '0')}`,
          email: `client${clients}@example.net`,
        },
        counties: ['Contra Costa', 'San Francisco'],
      }),
    );
    const [first, second] = recorded.matters;
    if (!first || !second) throw new Error('the referral did not open two matters');
    const attorney = await api.signedIn('bayLegal.attorney');
    const { started, review } = await imported(attorney, first.id);
    await accept(attorney, started.id, review, []);
    const convictions = (await attorney.matters.get({ matterId: first.id })).convictions ?? [];
    for (const [caseNumber, outcome] of [
      ['F09904512', 'granted'],
      ['VCM264410', 'denied'],
    ] as const) {
      const conviction = convictions.find((c) => c.fields.caseNumber === caseNumber);
      if (!conviction) throw new Error(`no conviction ${caseNumber}`);
      const court = `Superior Court of California, County of ${conviction.fields.county}`;
      const petition = await attorney.petitions.create({
        matterId: first.id,
        remedy: 'pc1203.4',
        convictionIds: [conviction.id],
        formSet: 'cr180_cr181',
        court,
      });
      const filed = await attorney.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        status: 'filed',
        court,
        filedOn: '2026-09-01',
        outcomes: [{ convictionId: conviction.id, outcome: null }],
      });
      await attorney.petitions.update({
        petitionId: petition.id,
        version: filed.version,
        status: 'decided',
        court,
        filedOn: '2026-09-01',
        decidedOn: '2026-10-15',
        outcomes: [{ convictionId: conviction.id, outcome }],
      });
    }
    return { first, second, attorney };
  }

  it('shows each conviction as recorded on the first matter, with its petition, and proposes none', async () => {
    const { first, second, attorney } = await decidedOnFirstMatter();
    const { started, review } = await imported(attorney, second.id);
    expect(review.proposals.map((p) => [p.fields.caseNumber, p.status, p.elsewhere])).toEqual([
      [
        'F09904512',
        'elsewhere',
        {
          matterId: first.id,
          reference: first.reference,
          county: 'Contra Costa',
          recordedAs: 'PC 459',
          relief: ['PC 1203.4 dismissal: granted on Oct 15, 2026'],
        },
      ],
      [
        'VCM264410',
        'elsewhere',
        {
          matterId: first.id,
          reference: first.reference,
          county: 'Contra Costa',
          recordedAs: 'HS 11350(a)',
          relief: ['PC 1203.4 dismissal: denied on Oct 15, 2026'],
        },
      ],
    ]);
    expect(review.proposals[0]?.warnings).toContain(
      `The court already granted PC 1203.4 dismissal on Oct 15, 2026 for this conviction on matter ${first.reference}: recorded here too, it is proposed with that relief granted, so it is not suggested again. Do not draft another PC 1203.4 dismissal petition for it.`,
    );
    // The record's name is one of the client's, by the rule the alert uses.
    expect(review.personRecord.find((i) => i.value === 'PENA, MARIA')?.note).toBe(
      'A name the client’s record has.',
    );
    // Criminal history of either matter: refused without the RAP sheet permission.
    const intake = await api.signedIn('bayLegal.intake');
    await expect(intake.rapImports.review({ importId: started.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Not proposed as new: saving decides nothing about them and enters nothing.
    const saved = await accept(attorney, started.id, review, []);
    expect(saved).toMatchObject({ accepted: 0, edited: 0, dropped: 0 });
    expect((await attorney.matters.get({ matterId: second.id })).convictions).toEqual([]);

    // Reading the other matter's criminal history for this review is on record on that matter.
    const reads = await Promise.all(
      (['audit_journal', 'audit_log'] as const).map((table) =>
        api.database.db
          .selectFrom(table)
          .select('detail')
          .where('entity_id', '=', first.id)
          .where('action', '=', 'rapImports.review')
          .execute(),
      ),
    );
    expect(reads.flat().map((r) => JSON.parse(r.detail ?? '{}'))).toContainEqual({
      importId: started.id,
      shownOnMatter: second.id,
    });
  });

  it('recorded here too by choice: on record, with the grant, so PC 1203.4 is not suggested again', async () => {
    const { first, second, attorney } = await decidedOnFirstMatter();
    const { started, review } = await imported(attorney, second.id);
    await accept(attorney, started.id, review, ['F09904512']);
    const matter = await attorney.matters.get({ matterId: second.id });
    const [conviction] = matter.convictions ?? [];
    expect(matter.convictions).toHaveLength(1);
    expect(conviction?.fields).toMatchObject({
      caseNumber: 'F09904512',
      reliefGrantedRemedy: 'pc1203.4',
      reliefGrantedOn: '2026-10-15',
    });
    expect(matter.timeline.map((e) => e.summary)).toContain(
      `RAP sheet reviewed: 1 conviction entered (1 edited), 0 dropped; 0 arrests entered, 0 dropped. Recorded here too, by choice, though the client’s other matter ${first.reference} has it: 1.`,
    );
    const suggestions = await attorney.eligibility.suggestions({ matterId: second.id });
    const dismissal = suggestions.results
      .find((r) => r.convictionId === conviction?.id)
      ?.remedies.find((r) => r.remedy === 'pc1203.4');
    expect(dismissal?.determination).toBe('already_relieved');
    // Read again, it is recorded on this matter now.
    const again = await imported(attorney, second.id);
    expect(again.review.proposals.map((p) => p.status)).toEqual(['recorded', 'elsewhere']);
  });

  it('another office’s matters of a client of the same name and birth date are not looked at', async () => {
    await decidedOnFirstMatter();
    const matterId = await openMatter(api, 'alameda.intake');
    const { client_id } = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('clients')
      .set({ legal_name: 'María José Peña Gutiérrez', date_of_birth: '1980-02-02' })
      .where('id', '=', client_id)
      .execute();
    const { review } = await imported(await api.signedIn('alameda.attorney'), matterId);
    expect(review.proposals.map((p) => [p.status, p.elsewhere])).toEqual([
      ['new', null],
      ['new', null],
    ]);
  });
});
