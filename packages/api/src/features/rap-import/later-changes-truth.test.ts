// What a later change on the record is proposed as, where reading it wrong would put an untrue fact
// before the court: how probation ended (PC 1203.4 relief is as of right only after early
// termination or completion), a dismissal whose statute is on the comment below it, and the date of
// a conviction given at a later hearing than the court event's first.
import { describe, expect, it } from 'vitest';
import type { ConvictionProposal } from './proposals.ts';
import { reviewOfText } from './review-fixtures.ts';

const proposalsOf = (text: string): ConvictionProposal[] =>
  reviewOfText(text, { legalName: 'Tam Nguyen', otherNames: [], dateOfBirth: '1975-05-05' }).proposals;

/** One conviction on probation from 2010, and the lines of a later update dated 2013-03-01. */
function proposalAfter(...later: string[]): ConvictionProposal {
  const [proposal, ...more] = proposalsOf(`CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20100301  CASC ALAMEDA
CNT:01     #V2
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
 20130301
${later.map((line) => `   ${line}`).join('\n')}
* * * END OF MESSAGE * * *`);
  if (!proposal || more.length > 0) throw new Error('expected one proposal');
  return proposal;
}

describe('how probation ended', () => {
  it.each([
    ['DISPO:PROB TERMINATED EARLY PER 1203.3 PC', 'terminated_early'],
    ['DISPO:PROBATION TERMINATED EARLY', 'terminated_early'],
    ['DISPO:PROB TERMINATED PER 1203.3 PC', 'terminated_early'],
    ['DISPO:PROB TERMINATED UNSUCCESSFULLY', 'violated'],
    ['DISPO:PROBATION TERMINATED UNSATISFACTORILY', 'violated'],
  ])('“%s” is proposed as %s', (line, outcome) => {
    const proposal = proposalAfter(line);
    expect(proposal.fields.probationOutcome).toBe(outcome);
    if (outcome === 'violated')
      expect(proposal.warnings.join(' ')).toContain('probation ended unsuccessfully on Mar 1, 2013');
  });

  it.each(['DISPO:PROB TERMINATED', 'DISPO:PROBATION ENDED', 'DISPO:PROB TERM'])(
    '“%s” does not say how: left for the attorney, with what to check',
    (line) => {
      const proposal = proposalAfter(line);
      expect(proposal.fields.probationOutcome).toBe('unknown');
      expect(proposal.warnings.join(' ')).toContain(
        'The record says probation ended on Mar 1, 2013 (line 13',
      );
      expect(proposal.warnings.join(' ')).toContain(
        'choose from the court record whether it was completed, terminated early (PC 1203.3) or violated',
      );
    },
  );
});

describe('a dismissal whose statute is on a comment of the same update', () => {
  it.each([
    ['DISPO:CONVICTION SET ASIDE & DISMISSED', 'COM: 1203.4 PC'],
    ['DISPO:CONVICTION SET ASIDE AND DISMISSED', 'COM: PER 1203.4 PC'],
    ['DISPO:DISMISSED', 'COM: 1203.4 PC'],
  ])('“%s” then “%s” is PC 1203.4 relief granted, on a live conviction', (dispo, comment) => {
    const proposal = proposalAfter(dispo, comment);
    expect(proposal.undone).toBeNull();
    expect(proposal.fields.reliefGrantedRemedy).toBe('pc1203.4');
    expect(proposal.fields.reliefGrantedOn).toBe('2013-03-01');
    expect(proposal.warnings.join(' ')).not.toContain('names no statute');
  });

  it.each(['DISPO:CONVICTION SET ASIDE & DISMISSED', 'DISPO:DISMISSED'])(
    '“%s” with no statute anywhere is neither relief nor undone: the reviewer is told to check',
    (dispo) => {
      const proposal = proposalAfter(dispo);
      expect(proposal.undone).toBeNull();
      expect(proposal.fields.reliefGrantedRemedy).toBeNull();
      expect(proposal.warnings.join(' ')).toContain(
        'names no statute: it may be relief granted (PC 1203.4) or the conviction undone; check the record',
      );
    },
  );

  it('a comment naming a relief of another kind is not taken for the dismissal’s statute', () => {
    const proposal = proposalAfter('DISPO:CONVICTION SET ASIDE & DISMISSED', 'COM: 851.91 PC PETITION');
    expect(proposal.fields.reliefGrantedRemedy).toBeNull();
  });

  it('a plea withdrawn and dismissed is still the conviction undone', () => {
    expect(proposalAfter('DISPO:PLEA WITHDRAWN, DISMISSED').undone).toContain('the plea withdrawn');
  });
});

describe('the date of a conviction given at a later hearing', () => {
  it('is the disposition’s date, not the court event’s', () => {
    const [proposal] = proposalsOf(`CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20160801  CASC LOS ANGELES
CNT:01     #6LA01234
  23152(B) VC-DUI ALCOHOL/0.08 PERCENT
 20161015
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * END OF MESSAGE * * *`);
    expect(proposal?.fields.convictionDate).toBe('2016-10-15');
  });

  it('is the court event’s when the disposition comes under it undated', () => {
    const [proposal] = proposalsOf(`CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20160801  CASC LOS ANGELES
CNT:01     #6LA01234
  23152(B) VC-DUI ALCOHOL/0.08 PERCENT
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * END OF MESSAGE * * *`);
    expect(proposal?.fields.convictionDate).toBe('2016-08-01');
  });
});

describe('a case listed again at a later court event of the cycle', () => {
  it('is proposed with a warning that it is most often the same conviction, changed then', () => {
    const proposals = proposalsOf(`CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
ARR/DET/CITE:         NAM:01
20130101  CAPD LOS ANGELES
CNT:01     #BA999
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
- - - -
COURT:                NAM:01
20130301  CASC LOS ANGELES
CNT:01     #BA999
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 3 YEARS PROBATION
- - - -
COURT:                NAM:01
20150301  CASC LOS ANGELES
CNT:01     #BA999
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   COM: RESENTENCED PER 1170.18 PC
* * * END OF MESSAGE * * *`);
    expect(proposals).toHaveLength(2);
    expect(proposals[0]?.warnings.join(' ')).not.toContain('listed again');
    expect(proposals[1]?.warnings[0]).toContain(
      'Case BA999, HS 11350(a), is listed again at a later court event of this arrest cycle: it was proposed already as convicted on Mar 1, 2013',
    );
    expect(proposals[1]?.warnings[0]).toContain('Accept one of the two');
  });

  it('two counts of one offense in one court event are two convictions, with no such warning', () => {
    const proposals = proposalsOf(`CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20130301  CASC LOS ANGELES
CNT:01     #BA998
  459 PC-BURGLARY
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
CNT:02     #BA998
  459 PC-BURGLARY
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
* * * END OF MESSAGE * * *`);
    expect(proposals).toHaveLength(2);
    expect(proposals.flatMap((p) => p.warnings).join(' ')).not.toContain('listed again');
  });
});

describe('an arrest with several charges', () => {
  it('is proposed as one record per charge, each saying which charges go with it', () => {
    const { rapArrests } = reviewOfText(
      `CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
ARR/DET/CITE:         NAM:01
20100101  CAPD OAKLAND
CNT:01     #10-0001
  459 PC-BURGLARY
CNT:02
  496(A) PC-RECEIVE KNOWN STOLEN PROPERTY
- - - -
COURT:                NAM:01
20100301  CASC ALAMEDA
CNT:01     #10-0001
  459 PC-BURGLARY
*DISPO:DISMISSED
CNT:02
  496(A) PC-RECEIVE KNOWN STOLEN PROPERTY
*DISPO:DISMISSED
* * * END OF MESSAGE * * *`,
      { legalName: 'Tam Nguyen', otherNames: [], dateOfBirth: '1975-05-05' },
    );
    expect(rapArrests).toHaveLength(2);
    for (const arrest of rapArrests)
      expect(arrest.warnings.join(' ')).toContain(
        'This arrest cycle lists 2 charges (PC 459, PC 496(a)), each proposed as an arrest record of its own.',
      );
  });
});
