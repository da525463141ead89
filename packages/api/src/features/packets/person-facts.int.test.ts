// A petition states things of the petitioner (PC 1203.4's: not serving a sentence, on probation or
// charged; Prop 47's: no superstrike prior and no conviction requiring PC 290 registration) and, for
// PC 17(b), of each offense (a wobbler, not sentenced to state prison or county jail under 1170(h)).
// When the facts about the person or the conviction's record say otherwise, the packet is not ready:
// the check names the statement and the fact, drawing is refused, and a packet drawn before is no
// longer ready for a filing run.
import { testDialects } from '@relief-desk/db/testing';
import { PACKET_FORMS, PETITION_CLAIMS, type PersonFacts } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { authedContext, openMatter, refusal } from '../lifecycle-fixtures.ts';
import { printFilingRun } from './filings.ts';
import { readyPetition, setUpFiling } from './fixtures.ts';

const NONE: PersonFacts = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
};

describe.each(testDialects())('packets against the facts about the person (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await setUpFiling(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  let cases = 0;
  async function petitionWith(remedy: 'pc1203.4' | 'prop47', facts: PersonFacts) {
    cases += 1;
    // The facts first: a decision records what the rules suggested on the facts of its day.
    const matterId = await openMatter(api, 'alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts });
    return readyPetition(api, {
      matterId,
      remedy,
      caseNumber: `16CR0${2000 + cases}`,
      sections: remedy === 'prop47' ? ['11350(a)'] : ['484(a)'],
      reasons:
        remedy === 'prop47'
          ? 'Simple possession, a misdemeanor under Proposition 47 (PC 1170.18(a)); sentence complete: redesignation (PC 1170.18(f)).'
          : 'Probation completed without violation (PC 1203.4(a)(1)).',
      // Prop 47 reduces a felony.
      conviction: remedy === 'prop47' ? { code: 'HS', level: 'felony' } : {},
    });
  }

  // Every fact each remedy's petition speaks of, answered "yes" alone.
  const cases_ = (['pc1203.4', 'prop47'] as const).flatMap((remedy) =>
    PACKET_FORMS[remedy].petitionerIsNot.map((fact) => ({ remedy, fact })),
  );

  it.each(cases_)(
    '$remedy with “$fact: yes”: not ready, naming the statement; drawing is refused',
    async ({ remedy, fact }) => {
      const { petitionId } = await petitionWith(remedy, { ...NONE, [fact]: 'yes' });
      const attorney = await api.signedIn('alameda.attorney');
      const check = await attorney.packets.check({ petitionId, attorneyId: null });
      expect(check.ready).toBe(false);
      expect(check.missing).toEqual([
        { code: 'person_facts', message: expect.stringContaining(PETITION_CLAIMS[fact].claim) },
      ]);
      const refused = await refusal(
        attorney.packets.prepare({ petitionId, attorneyId: check.attorneyId ?? '', baseVersion: 0 }),
      );
      expect(refused.fields).toEqual([{ path: 'missing.person_facts', message: check.missing[0]?.message }]);
    },
  );

  it('a fact the petition does not speak of, or one not known, does not hold the packet', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    // PC 1203.4's petition says nothing of registration; Prop 47's nothing of probation.
    const dismissal = await petitionWith('pc1203.4', { ...NONE, requiredToRegisterPC290: 'yes' });
    expect((await attorney.packets.check({ petitionId: dismissal.petitionId, attorneyId: null })).ready).toBe(
      true,
    );
    const reduction = await petitionWith('prop47', {
      ...NONE,
      underSupervision: 'yes',
      hasSuperstrikePrior: 'unknown',
    });
    expect((await attorney.packets.check({ petitionId: reduction.petitionId, attorneyId: null })).ready).toBe(
      true,
    );
  });

  it('a packet drawn before the facts changed is no longer ready for a filing run', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { matterId, petitionId } = await petitionWith('pc1203.4', NONE);
    const attorneyId = api.userIds['alameda.attorney'];
    await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 });
    const stateOf = async () =>
      (await attorney.filings.overview({ county: 'Alameda' })).candidates.find(
        (c) => c.petitionId === petitionId,
      )?.state;
    expect(await stateOf()).toBe('ready');

    await attorney.eligibility.savePersonFacts({
      matterId,
      version: 1,
      facts: { ...NONE, currentlyCharged: 'yes', underSupervision: 'yes' },
    });
    const check = await attorney.packets.check({ petitionId, attorneyId: null });
    // The rules no longer suggest what the decision was recorded on, either.
    expect(check.missing.map((m) => m.code)).toEqual(['person_facts', 'person_facts', 'decision_outdated']);
    expect(await stateOf()).toBe('incomplete');
    const refused = await refusal(
      attorney.filings.createRun({ county: 'Alameda', petitionIds: [petitionId] }),
    );
    expect(refused.fields).toEqual([
      { path: 'petitionIds.0', message: expect.stringContaining(PETITION_CLAIMS.currentlyCharged.claim) },
    ]);
  });

  it('a run made before the facts changed names what its papers now contradict, and is neither printed nor recorded filed', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { matterId, petitionId } = await petitionWith('pc1203.4', NONE);
    await attorney.packets.prepare({
      petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [petitionId] });
    await attorney.eligibility.savePersonFacts({
      matterId,
      version: 1,
      facts: { ...NONE, currentlyCharged: 'yes' },
    });

    // Not “its records changed”: the packet says what they say, but a statement in it is now untrue.
    const claim = expect.stringContaining(PETITION_CLAIMS.currentlyCharged.claim);
    expect((await attorney.filings.run({ runId: run.id })).petitions[0]).toMatchObject({
      notCurrent: 'now_incomplete',
      missing: [claim, expect.stringContaining('record the decision again')],
    });
    const printing = await refusal(
      printFilingRun(await authedContext(api, 'alameda.attorney', 'filings.printRun'), run.id),
    );
    expect(printing.fields).toEqual([
      { path: 'petitions.0', message: expect.stringContaining('its papers can no longer be drawn: ') },
    ]);
    expect(printing.message).toContain(PETITION_CLAIMS.currentlyCharged.claim);
    expect(printing.message).toContain('Set what is missing.');
    const recording = await refusal(
      attorney.filings.recordFiled({
        runId: run.id,
        version: run.version,
        filedOn: '2026-11-27',
        servedOn: null,
        petitions: [{ petitionId, hearingOn: null, ruleByOn: null }],
      }),
    );
    expect(recording.fields).toEqual([
      { path: 'petitions.0', message: expect.stringContaining('can no longer have its papers drawn: ') },
    ]);
    expect(recording.message).not.toContain('records that changed');
  });

  it('PC 17(b): an offense its record says is a misdemeanor, no wobbler, sentenced to prison or 1170(h) jail, or given probation after a sentence imposed and suspended (or does not say whether it is a wobbler, or how probation was granted), holds the packet', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const reduction = (caseNumber: string, conviction: Record<string, string>) =>
      readyPetition(api, {
        remedy: 'pc17b',
        caseNumber,
        sections: ['459'],
        // After probation, at the court's discretion (PC 17(b)(3)).
        determination: 'eligible_discretionary',
        reasons: 'A wobbler sentenced to probation (PC 17(b)(3)).',
        conviction: { level: 'felony', ...conviction },
      });
    // The declaration a discretionary decision asks for (and its translation) aside.
    const missingOf = async (petitionId: string) =>
      (await attorney.packets.check({ petitionId, attorneyId: null })).missing.filter(
        (m) => m.code !== 'declaration' && m.code !== 'declaration_translation',
      );

    const wobbler = await reduction('17CR03001', { wobbler: 'yes', sentenceKind: 'probation' });
    expect(await missingOf(wobbler.petitionId)).toEqual([]);
    for (const [caseNumber, conviction, says] of [
      [
        '17CR03002',
        { wobbler: 'no', sentenceKind: 'probation' },
        'the record of PC 459 says otherwise (wobbler: no)',
      ],
      [
        '17CR03003',
        { wobbler: 'yes', sentenceKind: 'state_prison' },
        'the record of PC 459 says otherwise (sentence: state prison)',
      ],
      [
        '17CR03004',
        { wobbler: 'yes', sentenceKind: 'county_jail_1170h' },
        'the record of PC 459 says otherwise (sentence: county jail under PC 1170(h))',
      ],
      // People v. Wood: a prison term imposed and its execution suspended is a prison sentence.
      [
        '17CR03005',
        { wobbler: 'yes', sentenceKind: 'probation', executionSuspended: 'yes' },
        'not after a sentence was imposed and its execution suspended',
      ],
      [
        '17CR03006',
        { wobbler: 'yes', sentenceKind: 'probation', executionSuspended: 'unknown' },
        'the record of PC 459 does not say (sentence imposed, execution suspended: not known)',
      ],
      // Not known whether it is a wobbler: the papers would say it is, as a fact.
      ['17CR03007', { wobbler: 'unknown', sentenceKind: 'probation' }, 'does not say (wobbler: not known)'],
      // PETITION TO REDUCE FELONY TO MISDEMEANOR, of a misdemeanor.
      [
        '17CR03008',
        { level: 'misdemeanor', wobbler: 'yes', sentenceKind: 'probation' },
        'PC 459 is a felony, to be reduced to a misdemeanor, and the record of PC 459 says otherwise (level: misdemeanor)',
      ],
    ] as const) {
      const { petitionId, convictionIds } = await reduction(caseNumber, conviction);
      expect(await missingOf(petitionId), caseNumber).toEqual([
        { code: 'conviction_facts', convictionId: convictionIds[0], message: expect.stringContaining(says) },
      ]);
    }
  });
});
