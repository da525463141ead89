// What a packet states of each conviction must be what its record supports: the subdivision cited is
// one the relief rests on at the conviction's stage and sentence, and a statement of the papers the
// record contradicts, or leaves not known, holds the packet, naming the conviction and what to do.
import type { Readable } from 'node:stream';
import { testDialects } from '@relief-desk/db/testing';
import { readPdf } from '@relief-desk/petitions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openDocumentFile } from '../documents/files.ts';
import { authedContext, OVERRIDE_REASON, refusal } from '../lifecycle-fixtures.ts';
import { readyPetition, setUpFiling } from './fixtures.ts';

async function petitionText(api: ApiHarness, fileId: string): Promise<string> {
  const file = await openDocumentFile(
    await authedContext(api, 'alameda.attorney', 'documents.download'),
    fileId,
  );
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream as Readable) chunks.push(chunk as Buffer);
  const { pages } = await readPdf(Buffer.concat(chunks));
  return pages
    .filter((p) => /^\d+ (Petition|Application|\[Proposed\] Order)/.test(p.footer))
    .map((p) => p.body)
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe.each(testDialects())('what a packet states of each conviction (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  const missingOf = async (petitionId: string) =>
    (await (await api.signedIn('alameda.attorney')).packets.check({ petitionId, attorneyId: null })).missing;

  it('cites only a subdivision the relief rests on at that stage: PC 17(a) and a completed sentence’s HS 11361.8(a) hold the packet, naming the ones that fit', async () => {
    // The old hint said "for example PC 17(a)": only the definition of a felony.
    const reduction = await readyPetition(api, {
      remedy: 'pc17b',
      caseNumber: '17CR04001',
      sections: ['459'],
      determination: 'eligible_discretionary',
      reasons: 'A felony (PC 17(a)) the court may reduce.',
      conviction: { level: 'felony', wobbler: 'yes', sentenceKind: 'probation', executionSuspended: 'no' },
    });
    expect((await missingOf(reduction.petitionId)).filter((m) => m.code === 'citation')).toEqual([
      {
        code: 'citation',
        convictionId: reduction.convictionIds[0],
        message:
          'The decision on PC 459 cites PC 17(a): not a ground of PC 17(b) reduction to misdemeanor for this conviction (sentence: probation, complete). Record it again citing PC 17(b)(3).',
      },
    ]);

    // HS 11361.8(a) is the ground for a sentence still served; this one is complete.
    const cannabis = await readyPetition(api, {
      remedy: 'prop64',
      caseNumber: '15CR04002',
      sections: ['11359'],
      reasons: 'Possession for sale of cannabis before Proposition 64 (HS 11361.8(a)).',
      conviction: { code: 'HS', level: 'felony', convictionDate: '2015-03-02' },
    });
    expect(await missingOf(cannabis.petitionId)).toEqual([
      {
        code: 'citation',
        convictionId: cannabis.convictionIds[0],
        message: expect.stringContaining(
          'cites HS 11361.8(a): not a ground of Prop 64 (HS 11361.8) for this conviction (sentence: probation, complete). Record it again citing HS 11361.8(e), (f), (g) or (h).',
        ),
      },
    ]);
    const attorney = await api.signedIn('alameda.attorney');
    const [convictionId = ''] = cannabis.convictionIds;
    const current = await attorney.decisions.history({ convictionId, remedy: 'prop64' });
    await attorney.decisions.record({
      convictionId,
      remedy: 'prop64',
      determination: 'eligible_mandatory',
      reasons:
        'Listed cannabis offense (HS 11361.8(a)); sentence complete: dismissal and sealing (HS 11361.8(e)).',
      supersedes: current.at(-1)?.id ?? null,
      overrideReason: OVERRIDE_REASON,
    });
    expect(await missingOf(cannabis.petitionId)).toEqual([]);
    const packet = await attorney.packets.prepare({
      petitionId: cannabis.petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    const text = await petitionText(api, packet.fileId);
    expect(text).toContain('(HS 11361.8(e))');
    expect(text).not.toContain('11361.8(a)');
  });
  it('holds a packet whose statements a conviction’s own record contradicts: not on probation beside probation still running, Prop 47 beside a value over $950, “of right” beside a violated probation', async () => {
    const conviction_facts = async (petitionId: string) =>
      (await missingOf(petitionId)).filter((m) => m.code === 'conviction_facts');
    // Rules said eligible later; the attorney decided it eligible at the court's discretion.
    const running = await readyPetition(api, {
      caseNumber: '19CR05001',
      determination: 'eligible_discretionary',
      reasons: 'Probation may be ended early and the case dismissed (PC 1203.4(a)(1)).',
      endDate: '2027-05-05',
      conviction: { probationOutcome: 'unknown' },
    });
    expect(await conviction_facts(running.petitionId)).toEqual([
      {
        code: 'conviction_facts',
        convictionId: running.convictionIds[0],
        message: expect.stringContaining(
          'The petition states that the petitioner is not serving a sentence for any offense, and the record of PC 484(a) says otherwise (its sentence ends May 5, 2027)',
        ),
      },
      {
        code: 'conviction_facts',
        convictionId: running.convictionIds[0],
        message: expect.stringContaining(
          'The petition states that the petitioner is not on probation for any offense, and the record of PC 484(a) says otherwise',
        ),
      },
    ]);
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await refusal(
      attorney.packets.prepare({
        petitionId: running.petitionId,
        attorneyId: api.userIds['alameda.attorney'],
        baseVersion: 0,
      }),
    );
    expect(refused.fields.filter((f) => f.path === 'missing.conviction_facts')).toHaveLength(2);

    const grandTheft = await readyPetition(api, {
      remedy: 'prop47',
      caseNumber: '13CR05002',
      sections: ['487(a)'],
      reasons:
        'Grand theft, now petty theft (PC 1170.18(a)); sentence complete: redesignation (PC 1170.18(f)).',
      conviction: { level: 'felony', convictionDate: '2013-02-01', valueOver950: 'yes' },
    });
    expect(await conviction_facts(grandTheft.petitionId)).toEqual([
      {
        code: 'conviction_facts',
        convictionId: grandTheft.convictionIds[0],
        message: expect.stringContaining(
          'PC 487(a) would have been a misdemeanor had Proposition 47 been in effect (the value involved was $950 or less), and the record of PC 487(a) says otherwise (value over $950: yes)',
        ),
      },
    ]);

    const violated = await readyPetition(api, {
      caseNumber: '16CR05003',
      conviction: { probationOutcome: 'violated' },
    });
    expect(await conviction_facts(violated.petitionId)).toEqual([
      {
        code: 'conviction_facts',
        convictionId: violated.convictionIds[0],
        message: expect.stringContaining(
          'the petitioner is entitled to relief on PC 484(a) as a matter of right (probation completed or terminated early), and the record of PC 484(a) says otherwise (probation: violated)',
        ),
      },
    ]);
  });

  it('holds a Prop 64 packet for a section Prop 64 does not reach, or whose subdivision is not written; and one from the rules’ list at a value the $950 limit does not concern', async () => {
    const conviction_facts = async (petitionId: string) =>
      (await missingOf(petitionId)).filter((m) => m.code === 'conviction_facts');
    const prop64 = (caseNumber: string, section: string) =>
      readyPetition(api, {
        remedy: 'prop64',
        caseNumber,
        sections: [section],
        reasons: 'Cannabis offense; sentence complete: dismissal and sealing (HS 11361.8(e)).',
        conviction: { code: 'HS', level: 'felony', convictionDate: '2015-03-02' },
      });
    // HS 11350 (a controlled substance) is not a cannabis offense: an attorney's override does not make it one.
    const notCannabis = await prop64('15CR06001', '11350(a)');
    expect(await conviction_facts(notCannabis.petitionId)).toEqual([
      {
        code: 'conviction_facts',
        convictionId: notCannabis.convictionIds[0],
        message: expect.stringContaining(
          'HS 11350(a) is an offense for which Proposition 64 provides dismissal, redesignation or resentencing (HS 11361.8), and the record of HS 11350(a) says otherwise (its section is not one Proposition 64 reaches (HS 11361.8))',
        ),
      },
    ]);
    // HS 11359 is on the list whatever its subdivision: nothing held.
    expect(await conviction_facts((await prop64('15CR06002', '11359')).petitionId)).toEqual([]);

    // Prop 47 on a drug possession (HS 11350): the value does not matter, so a value over $950 holds nothing.
    const possession = await readyPetition(api, {
      remedy: 'prop47',
      caseNumber: '13CR06003',
      sections: ['11350(a)'],
      reasons: 'Drug possession (PC 1170.18(a)); sentence complete: redesignation (PC 1170.18(f)).',
      conviction: { code: 'HS', level: 'felony', convictionDate: '2013-02-01', valueOver950: 'yes' },
    });
    expect(await conviction_facts(possession.petitionId)).toEqual([]);
  });
});
