import { describe, expect, it } from 'vitest';
import { MESSAGE_STATUS_TYPES, type MessageStatusType } from './messages.ts';
import { type StatusFacts, unbackedStatusClaims } from './status-claims.ts';

const nothingYet: StatusFacts = {
  stage: 'referral_received',
  convictions: 0,
  determinations: [],
  courtOutcomes: [],
  pendingPetitions: [],
  today: '2026-11-30',
};
const eligible: StatusFacts = {
  ...nothingYet,
  stage: 'eligibility_review',
  convictions: 2,
  determinations: ['eligible_mandatory', 'not_eligible'],
};
const allNotEligible: StatusFacts = { ...eligible, determinations: ['not_eligible', 'eligible_later'] };
const hearingSet: StatusFacts = {
  ...eligible,
  stage: 'awaiting_decision',
  pendingPetitions: [{ hearingOn: '2027-01-15' }, { hearingOn: null }],
};
const decided: StatusFacts = { ...hearingSet, courtOutcomes: ['granted', 'continued'] };
const deniedOnly: StatusFacts = { ...hearingSet, courtOutcomes: ['denied'] };
const referredOut: StatusFacts = { ...nothingYet, stage: 'referred_out' };
const closed: StatusFacts = { ...decided, stage: 'closed', pendingPetitions: [] };

const FACTS = { nothingYet, eligible, allNotEligible, hearingSet, decided, deniedOnly, referredOut, closed };
type FactsName = keyof typeof FACTS;

/** Which situations back each status's message: every other combination must be refused. */
const BACKED_BY: Record<MessageStatusType, FactsName[]> = {
  in_review: ['nothingYet', 'eligible', 'allNotEligible', 'hearingSet', 'decided', 'deniedOnly'],
  eligible: ['eligible', 'hearingSet', 'decided', 'deniedOnly', 'closed'],
  not_eligible: ['allNotEligible'],
  no_convictions_found: ['nothingYet', 'referredOut'],
  cant_proceed: Object.keys(FACTS) as FactsName[],
  court_date_set: ['hearingSet', 'decided', 'deniedOnly'],
  granted: ['decided', 'closed'],
  denied: ['deniedOnly'],
  transferred: ['referredOut'],
};

describe('unbackedStatusClaims', () => {
  const rows = MESSAGE_STATUS_TYPES.flatMap((statusType) =>
    (Object.keys(FACTS) as FactsName[]).map((facts) => ({
      statusType,
      facts,
      backed: BACKED_BY[statusType].includes(facts),
    })),
  );

  it.each(rows)('$statusType when $facts: backed $backed', ({ statusType, facts, backed }) => {
    const problems = unbackedStatusClaims(
      { statusType, courtDate: statusType === 'court_date_set' ? '2027-01-15' : null, nextSteps: [] },
      FACTS[facts],
    );
    expect(problems.length === 0).toBe(backed);
    for (const p of problems) expect(p.message).toMatch(/[.:]/);
  });

  it('a court date must be a pending petition’s hearing, and not in the past', () => {
    const choice = { statusType: 'court_date_set' as const, nextSteps: [] };
    expect(unbackedStatusClaims({ ...choice, courtDate: '2027-01-16' }, hearingSet)).toEqual([
      expect.objectContaining({ path: 'courtDate' }),
    ]);
    const past = { ...hearingSet, pendingPetitions: [{ hearingOn: '2026-11-01' }] };
    expect(unbackedStatusClaims({ ...choice, courtDate: '2026-11-01' }, past)[0]?.message).toContain(
      'passed',
    );
    expect(unbackedStatusClaims({ ...choice, courtDate: '2027-01-15' }, hearingSet)).toEqual([]);
  });

  it('next steps that speak of the court need a petition before it', () => {
    const choice = { statusType: 'in_review' as const, courtDate: null };
    expect(unbackedStatusClaims({ ...choice, nextSteps: ['wait_for_decision'] }, eligible)).toEqual([
      expect.objectContaining({ path: 'nextSteps' }),
    ]);
    expect(unbackedStatusClaims({ ...choice, nextSteps: ['wait_for_decision'] }, hearingSet)).toEqual([]);
    expect(unbackedStatusClaims({ ...choice, nextSteps: ['wait_for_court_date'] }, eligible)).toHaveLength(1);
    expect(
      unbackedStatusClaims(
        { ...choice, nextSteps: ['wait_for_court_date'] },
        { ...eligible, stage: 'petitions_to_file' },
      ),
    ).toEqual([]);
    expect(
      unbackedStatusClaims(
        {
          ...choice,
          nextSteps: ['submit_personal_statement', 'submit_letters', 'contact_us', 'apply_again_later'],
        },
        nothingYet,
      ),
    ).toEqual([]);
  });
});
