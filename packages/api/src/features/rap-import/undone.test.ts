// A conviction the record later shows undone (vacated, set aside, plea withdrawn, reversed) is no
// live conviction: it is proposed flagged, never as relief granted; a PC 1203.4 dismissal still is relief.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConvictionProposal } from './proposals.ts';
import { reviewOfText } from './review-fixtures.ts';

const TAM = { legalName: 'Tam Nguyen', otherNames: [], dateOfBirth: '1975-05-05' };

function proposalAfter(later: string): ConvictionProposal {
  const text = `CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20100401  CASC ALAMEDA
CNT:01     #V2
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 3 YEARS PROBATION
 20200101
   ${later}
* * * END OF MESSAGE * * *`;
  const review = reviewOfText(text, TAM);
  const [proposal] = review.proposals;
  if (!proposal || review.proposals.length !== 1) throw new Error('expected one proposal');
  return proposal;
}

describe('a conviction the record later shows undone', () => {
  it.each([
    ['DISPO:CONVICTION VACATED PER 1473.7 PC', 'the conviction vacated on Jan 1, 2020 under PC 1473.7'],
    ['DISPO:CONVICTION SET ASIDE', 'the conviction set aside on Jan 1, 2020'],
    ['DISPO:PLEA WITHDRAWN, DISMISSED', 'the plea withdrawn on Jan 1, 2020'],
    ['DISPO:GUILTY PLEA WITHDRAWN', 'the plea withdrawn on Jan 1, 2020'],
    ['DISPO:JUDGMENT REVERSED ON APPEAL', 'the judgment reversed on Jan 1, 2020'],
    ['DISPO:CONVICTION VACATED', 'the conviction vacated on Jan 1, 2020'],
    ['COM: CONVICTION VACATED PER 1473.7 PC', 'the conviction vacated on Jan 1, 2020 under PC 1473.7'],
  ])('“%s” is flagged as no live conviction, with no relief proposed', (line, shows) => {
    const proposal = proposalAfter(line);
    expect(proposal.undone).toContain(`The record shows ${shows}`);
    expect(proposal.undone).toContain(
      'Do not enter it as a conviction unless the court record says otherwise',
    );
    // The flag is the first thing to check on the proposal.
    expect(proposal.warnings[0]).toBe(proposal.undone);
    expect(proposal.fields.reliefGrantedRemedy).toBeNull();
  });

  it.each([
    'DISPO:CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC',
    'DISPO:CONV SET ASIDE & DISM PER 1203.4 PC',
    'DISPO:DISMISSED PER 1203.4 PC',
    'COM: 1203.4 GRANTED',
    'DISPO:SET ASIDE AND DISMISSED PER 1203.4 PC REDUCED TO MISDEMEANOR PER 17(B) PC',
  ])('“%s” is relief granted on a live conviction, not a vacatur', (line) => {
    const proposal = proposalAfter(line);
    expect(proposal.undone).toBeNull();
    expect(proposal.warnings.join(' ')).not.toContain('not a live conviction');
    expect(['pc1203.4', 'pc17b']).toContain(proposal.fields.reliefGrantedRemedy);
  });

  it('a conviction with no later change is live', () => {
    expect(proposalAfter('SEN: 30 DAYS JAIL').undone).toBeNull();
  });
});

describe('the tester’s sheet of later changes', () => {
  it('flags the vacated, set aside, withdrawn and reversed convictions, and only those', () => {
    const text = readFileSync(new URL('./test-sheets/undone.txt', import.meta.url), 'utf8');
    const review = reviewOfText(text, TAM);
    expect(
      review.proposals.map((p) => [p.fields.caseNumber, p.undone !== null, p.fields.reliefGrantedRemedy]),
    ).toEqual([
      ['V1', true, null],
      ['V2', true, null],
      ['V3', true, null],
      ['V4', false, 'prop64'],
      ['V5', false, 'pc1203.4'],
      ['V6', false, 'pc1203.4'],
      ['V7', true, null],
    ]);
  });
});
