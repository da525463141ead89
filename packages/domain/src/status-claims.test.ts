import { describe, expect, it } from 'vitest';
import { ARREST_REMEDY_IDS } from './arrests.ts';
import { COUNTIES, type County } from './counties.ts';
import {
  CANT_PROCEED_REASONS,
  MESSAGE_STATUS_TYPES,
  type MessageStatusType,
  NEXT_STEP_IDS,
  NEXT_STEPS_FOR,
  statusChoiceSchema,
} from './messages.ts';
import { OUTCOMES, type Outcome } from './petitions.ts';
import { DETERMINATIONS, type Determination, isAutomaticRemedy } from './remedies.ts';
import { isOpenStage, STAGES } from './stages.ts';
import {
  namedCountyOf,
  STATUS_CURRENT_IN,
  type StatusFacts,
  somethingToClear,
  unbackedStatusClaims,
} from './status-claims.ts';

/** Decisions on convictions in Alameda, the matter's county. */
const inAlameda = (determinations: readonly Determination[]) =>
  determinations.map((determination) => ({ determination, county: 'Alameda' as const }));

const nothingYet: StatusFacts = {
  stage: 'referral_received',
  convictions: 0,
  convictionsUndecided: 0,
  determinations: [],
  arrestDeterminations: [],
  courtOutcomes: [],
  pendingPetitions: [],
  rapSheetRead: false,
  courtRecordRead: false,
  underSupervision: 'unknown',
  today: '2026-11-30',
};
/** The DOJ RAP sheet came and was read, and it shows no conviction. */
const emptyRapSheet: StatusFacts = { ...nothingYet, stage: 'eligibility_review', rapSheetRead: true };
/** Closed with nothing entered and no RAP sheet ever received: nobody looked at the record. */
const closedUnread: StatusFacts = { ...nothingYet, stage: 'closed' };
const eligible: StatusFacts = {
  ...nothingYet,
  stage: 'eligibility_review',
  convictions: 2,
  determinations: inAlameda(['eligible_mandatory', 'not_eligible']),
};
const allNotEligible: StatusFacts = {
  ...eligible,
  determinations: inAlameda(['not_eligible', 'eligible_later']),
};
/** No conviction on the RAP sheet read, and an arrest decided eligible for sealing by petition (PC 851.91). */
const arrestToSeal: StatusFacts = {
  ...emptyRapSheet,
  arrestDeterminations: ['eligible_discretionary', 'not_eligible'],
  arrestEligibleRemedies: ['pc851.91'],
};
/** An arrest eligible only for the relief the DOJ grants by itself (PC 851.93). */
const arrestAutomaticOnly: StatusFacts = {
  ...emptyRapSheet,
  arrestDeterminations: ['eligible_mandatory'],
  arrestEligibleRemedies: ['pc851.93'],
};
const hearingSet: StatusFacts = {
  ...eligible,
  stage: 'awaiting_decision',
  pendingPetitions: [
    { hearingOn: '2027-01-15', county: 'Alameda' },
    { hearingOn: null, county: 'Alameda' },
  ],
};
const decided: StatusFacts = {
  ...hearingSet,
  courtOutcomes: [
    { outcome: 'granted', county: 'Alameda' },
    { outcome: 'continued', county: 'Alameda' },
  ],
};
/** Every petition decided, all one way: nothing continued, withdrawn or still before the court. */
const grantedOnly: StatusFacts = {
  ...eligible,
  stage: 'outcome_to_send',
  courtOutcomes: [{ outcome: 'granted', county: 'Alameda' }],
};
const deniedOnly: StatusFacts = { ...grantedOnly, courtOutcomes: [{ outcome: 'denied', county: 'Alameda' }] };
/** The court granted every petition, and staff have not moved the matter on from "Awaiting court decision". */
const grantedNotMoved: StatusFacts = { ...grantedOnly, stage: 'awaiting_decision' };
/** Its only petition withdrawn, nothing before the court, at "Awaiting court decision". */
const withdrawnNotMoved: StatusFacts = { ...eligible, stage: 'awaiting_decision' };
/** Referred out with no office recorded as receiving it: no partner serves the county, or by hand. */
const referredOut: StatusFacts = { ...nothingYet, stage: 'referred_out' };
/** Passed on to the partner office serving the county. */
const transferredOut: StatusFacts = { ...referredOut, passedOn: true };
const closed: StatusFacts = {
  ...decided,
  stage: 'closed',
  pendingPetitions: [],
  courtOutcomes: [
    { outcome: 'granted', county: 'Alameda' },
    { outcome: 'granted', county: 'Alameda' },
  ],
};

const FACTS = {
  nothingYet,
  emptyRapSheet,
  closedUnread,
  eligible,
  allNotEligible,
  arrestToSeal,
  arrestAutomaticOnly,
  hearingSet,
  decided,
  grantedOnly,
  deniedOnly,
  grantedNotMoved,
  withdrawnNotMoved,
  referredOut,
  transferredOut,
  closed,
};
type FactsName = keyof typeof FACTS;

/** Which situations back each status's message: every other combination must be refused. */
const BACKED_BY: Record<MessageStatusType, FactsName[]> = {
  // "Our team is now reviewing your record": only before filing, as the status page has it.
  in_review: [
    'nothingYet',
    'emptyRapSheet',
    'eligible',
    'allNotEligible',
    'arrestToSeal',
    'arrestAutomaticOnly',
  ],
  // "Our office takes care of the paperwork with the court for you": not once the court has decided.
  // …nor once it has decided, before the matter is moved on.
  eligible: ['eligible', 'hearingSet', 'decided', 'withdrawnNotMoved'],
  // "…ask the court to seal the record of one or more of your arrests": not of automatic relief alone.
  arrest_sealable: ['arrestToSeal'],
  not_eligible: ['allNotEligible'],
  // "We reviewed your record … and did not find any convictions": only once the RAP sheet was read.
  no_convictions_found: ['emptyRapSheet'],
  // "We need to pause your request": before the court decides, and at endings where a pause is so.
  // Not once another office holds the matter: "contact us to move forward" would send them back here.
  cant_proceed: [
    'nothingYet',
    'emptyRapSheet',
    'eligible',
    'allNotEligible',
    'arrestToSeal',
    'arrestAutomaticOnly',
    'hearingSet',
    'decided',
    'withdrawnNotMoved',
    'referredOut',
  ],
  court_date_set: ['hearingSet', 'decided'],
  // "The court granted your petition": not of one granted and one continued (decided).
  granted: ['grantedOnly', 'grantedNotMoved', 'closed'],
  denied: ['deniedOnly'],
  // "That office will contact you": only with an office recorded as receiving the matter.
  transferred: ['transferredOut'],
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
    const past = {
      ...hearingSet,
      pendingPetitions: [{ hearingOn: '2026-11-01', county: 'Alameda' as const }],
    };
    expect(unbackedStatusClaims({ ...choice, courtDate: '2026-11-01' }, past)[0]?.message).toContain(
      'passed',
    );
    expect(unbackedStatusClaims({ ...choice, courtDate: '2027-01-15' }, hearingSet)).toEqual([]);
  });

  it.each(STAGES)('“in review” at %s is backed only where the status page has it true', (stage) => {
    const problems = unbackedStatusClaims(
      { statusType: 'in_review', courtDate: null, nextSteps: [] },
      { ...nothingYet, stage },
    );
    expect(problems.length === 0).toBe(STATUS_CURRENT_IN.in_review.includes(stage));
    for (const problem of problems) expect(problem.message).toMatch(/“in review” message would tell/);
  });

  it('a status that says what the office will do or did is refused at stages where that is untrue: over every stage', () => {
    // For each, records that back it: only the stage varies.
    const backing: [MessageStatusType, StatusFacts, string | null, readonly string[]][] = [
      // Not once the court decided, nor once the office no longer works the matter.
      [
        'eligible',
        eligible,
        null,
        ['outcome_to_send', 'closed', 'not_eligible', 'referred_out', 'withdrawn', 'unable_to_reach'],
      ],
      [
        'arrest_sealable',
        arrestToSeal,
        null,
        ['outcome_to_send', 'closed', 'not_eligible', 'referred_out', 'withdrawn', 'unable_to_reach'],
      ],
      [
        'court_date_set',
        hearingSet,
        '2027-01-15',
        ['closed', 'not_eligible', 'referred_out', 'withdrawn', 'unable_to_reach'],
      ],
      // The office did not review the record of a matter it referred out.
      ['not_eligible', allNotEligible, null, ['referred_out']],
      // "We need to pause your request": not of one decided, done, or withdrawn by the client.
      ['cant_proceed', nothingYet, null, ['outcome_to_send', 'closed', 'withdrawn']],
      // The court's decision, whatever the office did since.
      ['granted', { ...grantedOnly, pendingPetitions: [] }, null, []],
      ['denied', { ...deniedOnly, pendingPetitions: [] }, null, []],
    ];
    for (const [statusType, facts, courtDate, untrueAt] of backing)
      for (const stage of STAGES) {
        const problems = unbackedStatusClaims({ statusType, courtDate, nextSteps: [] }, { ...facts, stage });
        expect(problems.length === 0, `${statusType} at ${stage}`).toBe(!untrueAt.includes(stage));
        // "an “Eligible” message", "a “Court date set” message".
        for (const p of problems)
          expect(p.message).toMatch(
            /^This matter is at “.+”: (a “[^AEIOU].*|an “[AEIOU].*)” message would tell the client /,
          );
      }
  });

  it('“no convictions found” only with no conviction, the RAP sheet read, at a stage where it is current: over every stage', () => {
    const choice = { statusType: 'no_convictions_found' as const, courtDate: null, nextSteps: [] };
    let backedCount = 0;
    for (const stage of STAGES)
      for (const convictions of [0, 1])
        for (const rapSheetRead of [false, true]) {
          const facts = {
            ...nothingYet,
            stage,
            convictions,
            convictionsUndecided: convictions,
            rapSheetRead,
          };
          const problems = unbackedStatusClaims(choice, facts);
          const backed =
            convictions === 0 && rapSheetRead && STATUS_CURRENT_IN.no_convictions_found.includes(stage);
          expect(problems.length === 0, JSON.stringify(facts)).toBe(backed);
          if (backed) backedCount++;
          // Each refusal says why in words staff use, and what to do.
          for (const p of problems) {
            expect(p.path).toBe('statusType');
            if (convictions > 0) expect(p.message).toMatch(/^Convictions are recorded/);
            else if (stage === 'referred_out')
              expect(p.message).toMatch(
                /our office did not review the record.*Pass it on to the office serving its county and send “transferred”/,
              );
            else if (!STATUS_CURRENT_IN.no_convictions_found.includes(stage))
              expect(p.message).toContain(`Choose a status true at this stage`);
            else
              expect(p.message).toMatch(
                /^No RAP sheet is recorded as received on this matter: .* mark it “Received” or “Reviewed” under Documents/,
              );
          }
        }
    expect(backedCount).toBe(STATUS_CURRENT_IN.no_convictions_found.length);
  });

  it('“no convictions found” is refused on a brand-new matter and on one referred out unread', () => {
    const choice = { statusType: 'no_convictions_found' as const, courtDate: null, nextSteps: [] };
    expect(unbackedStatusClaims(choice, nothingYet)[0]?.message).toContain('No RAP sheet is recorded');
    expect(unbackedStatusClaims(choice, referredOut)[0]?.message).toContain(
      'our office did not review the record',
    );
    // Referred out after the RAP sheet came: still not our review to report.
    expect(unbackedStatusClaims(choice, { ...referredOut, rapSheetRead: true })).toHaveLength(1);
    expect(unbackedStatusClaims(choice, closedUnread)[0]?.message).toContain('No RAP sheet is recorded');
    expect(unbackedStatusClaims(choice, { ...closedUnread, rapSheetRead: true })).toEqual([]);
  });

  it('next steps that speak of the court need a petition before it', () => {
    const choice = { statusType: 'cant_proceed' as const, courtDate: null };
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

  it('next steps that say the office will follow the petition in court are refused once it no longer works the matter: over every stage', () => {
    // A petition before the court, one with a date and one without, so that only the stage varies.
    const facts: StatusFacts = {
      ...hearingSet,
      pendingPetitions: [
        { hearingOn: '2027-01-15', county: 'Alameda' },
        { hearingOn: null, county: 'Alameda' },
      ],
    };
    for (const step of ['wait_for_court_date', 'wait_for_decision'] as const)
      for (const stage of STAGES) {
        const problems = unbackedStatusClaims(
          { statusType: 'cant_proceed', courtDate: null, nextSteps: [step] },
          { ...facts, stage },
        ).filter((p) => p.path === 'nextSteps');
        expect(problems.length === 0, `${step} at ${stage}`).toBe(isOpenStage(stage));
        for (const p of problems) expect(p.message).toMatch(/our office no longer works it/);
      }
  });

  it('“wait for a court date” only while a petition before the court has no date: over every mix of dates', () => {
    const choice = {
      statusType: 'eligible' as const,
      courtDate: null,
      nextSteps: ['wait_for_court_date' as const],
    };
    for (const dates of [[], [null], ['2027-01-15'], [null, '2027-01-15'], ['2027-01-15', '2027-02-01']] as (
      | string
      | null
    )[][]) {
      const pendingPetitions = dates.map((hearingOn) => ({ hearingOn, county: 'Alameda' as const }));
      const facts = { ...eligible, stage: 'awaiting_decision' as const, pendingPetitions };
      const problems = unbackedStatusClaims(choice, facts);
      expect(problems.length === 0, JSON.stringify(dates)).toBe(dates.includes(null));
      if (dates.length > 0 && !dates.includes(null))
        expect(problems[0]?.message).toMatch(
          /^“Wait for a court date” would tell the client the court has not set a date/,
        );
    }
  });
});

/** Every subset of a list (the empty one included). */
const subsets = <T>(values: readonly T[]): T[][] =>
  Array.from({ length: 1 << values.length }, (_, mask) => values.filter((_, i) => mask & (1 << i)));

describe('unbackedStatusClaims over every combination of the domain’s determinations and outcomes', () => {
  const choiceOf = (statusType: MessageStatusType) => ({ statusType, courtDate: null, nextSteps: [] });
  const eligibleNow = (d: Determination) => d === 'eligible_mandatory' || d === 'eligible_discretionary';

  it('"not eligible" only when every conviction is decided not now, and no arrest can be cleared', () => {
    let checked = 0;
    for (const determinations of subsets(DETERMINATIONS))
      for (const arrestDeterminations of subsets(DETERMINATIONS))
        for (const convictionsUndecided of [0, 1])
          for (const arrestsUndecided of [0, 2]) {
            const facts = {
              ...eligible,
              convictions: determinations.length + convictionsUndecided,
              convictionsUndecided,
              determinations: inAlameda(determinations),
              arrestDeterminations,
              arrestsUndecided,
            };
            // "You do not qualify to clear your convictions at this time" (by text: "… to clear it",
            // the record), from the facts alone: no arrest that may be cleared or is still undecided.
            const true_ =
              determinations.length > 0 &&
              convictionsUndecided === 0 &&
              determinations.every((d) => d === 'not_eligible' || d === 'eligible_later') &&
              !arrestDeterminations.some(eligibleNow) &&
              !arrestDeterminations.includes('needs_more_info') &&
              // An arrest already sealed: "you cannot clear your record" would deny what was cleared.
              !arrestDeterminations.includes('already_relieved') &&
              arrestsUndecided === 0;
            expect(
              unbackedStatusClaims(choiceOf('not_eligible'), facts).length === 0,
              JSON.stringify(facts),
            ).toBe(true_);
            // "We believe you qualify to ask the court to clear one or more of your convictions."
            expect(unbackedStatusClaims(choiceOf('eligible'), facts).length === 0).toBe(
              determinations.some(eligibleNow),
            );
            checked++;
          }
    expect(checked).toBe(2 ** DETERMINATIONS.length * 2 ** DETERMINATIONS.length * 2 * 2);
  });

  it('"eligible" only while a conviction decided eligible now is not cleared already (by the court, or as the record shows)', () => {
    let checked = 0;
    for (const determinations of subsets(DETERMINATIONS))
      for (const relievedOnes of subsets(determinations.map((_, i) => i))) {
        const facts = {
          ...eligible,
          convictions: determinations.length,
          determinations: inAlameda(determinations).map((d, i) => ({
            ...d,
            relieved: relievedOnes.includes(i),
          })),
        };
        const true_ = determinations.some((d, i) => eligibleNow(d) && !relievedOnes.includes(i));
        const refusals = unbackedStatusClaims(choiceOf('eligible'), facts);
        expect(refusals.length === 0, JSON.stringify(facts)).toBe(true_);
        // Refused with what is so: the relief is there already, when only cleared ones are eligible.
        if (!true_ && determinations.some(eligibleNow))
          expect(refusals.map((r) => r.message).join(' ')).toContain('already has that relief');
        checked++;
      }
    expect(checked).toBe(3 ** DETERMINATIONS.length);
  });

  it('"not eligible" and "no convictions found" are refused while another matter of the person holds something to clear, naming its counties', () => {
    const notEligible = {
      ...eligible,
      determinations: inAlameda(['not_eligible']),
      arrestDeterminations: [],
    };
    const noneFound = { ...nothingYet, stage: 'eligibility_review' as const, rapSheetRead: true };
    for (const [statusType, facts] of [
      ['not_eligible', notEligible],
      ['no_convictions_found', noneFound],
    ] as const)
      for (const otherMattersToClear of [
        [],
        ['Contra Costa'],
        ['San Francisco', 'Contra Costa'],
      ] as County[][]) {
        const problems = unbackedStatusClaims(choiceOf(statusType), { ...facts, otherMattersToClear });
        expect(problems.length === 0, `${statusType} ${otherMattersToClear}`).toBe(
          otherMattersToClear.length === 0,
        );
        for (const county of otherMattersToClear) expect(problems[0]?.message).toContain(county);
        if (otherMattersToClear.length > 0)
          expect(problems[0]?.message).toContain('Tell them yourself what each county’s review found.');
        // The good news of the other matter is not this one's: "eligible" is not told by it.
        expect(
          unbackedStatusClaims(choiceOf('eligible'), { ...facts, otherMattersToClear }).length,
        ).toBeGreaterThan(0);
      }
  });

  it('something to clear: a conviction or arrest decided eligible now, or a petition before the court, over every combination', () => {
    for (const determinations of subsets(DETERMINATIONS))
      for (const arrestDeterminations of subsets(DETERMINATIONS))
        for (const pending of [0, 1]) {
          const facts = {
            determinations: inAlameda(determinations),
            arrestDeterminations,
            pendingPetitions: Array.from({ length: pending }, () => ({
              hearingOn: null,
              county: 'Alameda' as const,
            })),
          };
          expect(somethingToClear(facts)).toBe(
            determinations.some(eligibleNow) || arrestDeterminations.some(eligibleNow) || pending > 0,
          );
        }
  });

  it('"not eligible" refused because an arrest is decided eligible says so, even with no conviction decided', () => {
    for (const determinations of subsets(DETERMINATIONS))
      for (const arrestDeterminations of subsets(DETERMINATIONS)) {
        if (determinations.some(eligibleNow) || !arrestDeterminations.some(eligibleNow)) continue;
        const facts = {
          ...nothingYet,
          convictions: determinations.length,
          determinations: inAlameda(determinations),
          arrestDeterminations,
        };
        expect(unbackedStatusClaims(choiceOf('not_eligible'), facts)[0]?.message, JSON.stringify(facts)).toBe(
          'An arrest is decided eligible for relief: the client would be told they cannot clear their record.',
        );
      }
    // Arrests decided, none eligible, and no conviction decided: not "no decision is recorded".
    expect(
      unbackedStatusClaims(choiceOf('not_eligible'), {
        ...nothingYet,
        arrestDeterminations: ['not_eligible'],
      })[0]?.message,
    ).toMatch(/^No conviction has an eligibility decision \(only arrests are decided\)/);
  });

  it('"arrest can be sealed" only when an arrest is decided eligible under a petition, whatever the convictions', () => {
    let backedCount = 0;
    for (const remedies of subsets(ARREST_REMEDY_IDS))
      for (const determinations of subsets(DETERMINATIONS)) {
        const facts = {
          ...emptyRapSheet,
          convictions: determinations.length,
          determinations: inAlameda(determinations),
          arrestDeterminations: remedies.map(() => 'eligible_mandatory' as const),
          arrestEligibleRemedies: remedies,
        };
        const problems = unbackedStatusClaims(choiceOf('arrest_sealable'), facts);
        const backed = remedies.some((r) => !isAutomaticRemedy(r));
        expect(problems.length === 0, JSON.stringify(facts)).toBe(backed);
        if (backed) backedCount++;
        else if (remedies.length > 0)
          expect(problems[0]?.message).toMatch(/^Only automatic arrest relief \(PC 851\.93\)/);
        else expect(problems[0]?.message).toMatch(/^No arrest still to seal is decided eligible for sealing/);
        // "Eligible" speaks of convictions: with none eligible, it points to the arrest's message.
        if (backed && !determinations.some(eligibleNow))
          expect(unbackedStatusClaims(choiceOf('eligible'), facts)[0]?.message).toContain(
            'send “Arrest can be sealed”',
          );
      }
    // Every set of remedies but none and PC 851.93 alone, beside every set of conviction decisions.
    expect(backedCount).toBe((2 ** ARREST_REMEDY_IDS.length - 2) * 2 ** DETERMINATIONS.length);
  });

  it('"granted" and "denied" only when every request was decided so and no petition is still before the court', () => {
    const pendings = {
      none: [],
      another: [{ hearingOn: null, county: 'Alameda' as const }],
      anotherHeard: [{ hearingOn: '2027-01-15', county: 'Alameda' as const }],
    };
    let backedCount = 0;
    for (const outcomes of subsets(OUTCOMES))
      for (const [pendingName, pendingPetitions] of Object.entries(pendings))
        for (const stage of ['awaiting_decision', 'outcome_to_send', 'closed'] as const) {
          // Each outcome on two requests (one petition's two convictions, or two petitions).
          const facts: StatusFacts = {
            ...eligible,
            stage,
            courtOutcomes: [...outcomes, ...outcomes].map((outcome: Outcome) => ({
              outcome,
              county: 'Alameda' as const,
            })),
            pendingPetitions,
          };
          for (const decision of ['granted', 'denied'] as const) {
            const label = `${decision}: ${outcomes.join()} pending ${pendingName} at ${stage}`;
            const problems = unbackedStatusClaims(choiceOf(decision), facts);
            const backed = outcomes.length === 1 && outcomes[0] === decision && pendingPetitions.length === 0;
            expect(problems.length === 0, label).toBe(backed);
            if (backed) backedCount++;
            const other = decision === 'granted' ? 'denied' : 'granted';
            for (const p of problems) {
              expect(p.path, label).toBe('statusType');
              if (!outcomes.includes(decision)) expect(p.message, label).toMatch(/record the outcome/);
              else if (outcomes.includes(other)) expect(p.message, label).toContain(`court also ${other}`);
              else if (outcomes.includes('continued'))
                expect(p.message, label).toMatch(/continued \(postponed\).*send the outcome message/);
              else if (outcomes.includes('withdrawn'))
                expect(p.message, label).toMatch(/withdrawn.*Send the outcome message/);
              else expect(p.message, label).toMatch(/still before the court.*send the outcome message/);
            }
          }
        }
    expect(backedCount).toBe(2 * 3);
  });

  it('the reviewer’s cases: granted with a request continued or withdrawn, denied with one continued, another petition pending', () => {
    const facts = (outcomes: Outcome[], pending = 0): StatusFacts => ({
      ...grantedOnly,
      courtOutcomes: outcomes.map((outcome) => ({ outcome, county: 'Alameda' as const })),
      pendingPetitions: Array.from({ length: pending }, () => ({
        hearingOn: null,
        county: 'Alameda' as const,
      })),
    });
    expect(unbackedStatusClaims(choiceOf('granted'), facts(['granted', 'continued']))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('granted'), facts(['granted', 'withdrawn']))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('denied'), facts(['denied', 'continued']))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('denied'), facts(['denied', 'withdrawn']))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('granted'), facts(['granted'], 1))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('denied'), facts(['denied'], 1))).toHaveLength(1);
    expect(unbackedStatusClaims(choiceOf('granted'), facts(['granted', 'granted']))).toEqual([]);
    expect(unbackedStatusClaims(choiceOf('denied'), facts(['denied', 'denied']))).toEqual([]);
  });

  it('"transferred" only at Referred out once passed on to another office, while it works the matter: over every stage', () => {
    for (const stage of STAGES)
      for (const passedOn of [undefined, false, true])
        for (const receivingOfficeWorksIt of [undefined, false, true]) {
          const facts: StatusFacts = { ...nothingYet, stage, passedOn, receivingOfficeWorksIt };
          const label = `${stage}, passed on ${passedOn}, that office works it ${receivingOfficeWorksIt}`;
          const problems = unbackedStatusClaims(choiceOf('transferred'), facts);
          expect(problems.length === 0, label).toBe(
            stage === 'referred_out' && passedOn === true && receivingOfficeWorksIt !== false,
          );
          for (const p of problems)
            if (stage !== 'referred_out') expect(p.message, label).toMatch(/move it to “Referred out” first/);
            else if (passedOn)
              expect(p.message, label).toMatch(
                /^We cannot tell that the office this matter was passed on to will contact the client/,
              );
            else
              expect(p.message, label).toMatch(
                /^This matter has not been passed on to another office.*Pass it on from the matter’s Stage panel.*tell the client yourself whom to contact/,
              );
        }
  });

  it('a court message names the court’s county, and is refused when two counties’ courts are concerned', () => {
    const [first, second] = [COUNTIES[0], COUNTIES[18]] as const;
    const granted = (county: (typeof COUNTIES)[number]) => ({ outcome: 'granted' as const, county });
    const oneCourt = { ...grantedOnly, courtOutcomes: [granted(second), granted(second)] };
    expect(namedCountyOf(choiceOf('granted'), oneCourt)).toBe(second);
    expect(unbackedStatusClaims(choiceOf('granted'), oneCourt)).toEqual([]);
    const twoCourts = { ...hearingSet, courtOutcomes: [granted(first), granted(second)] };
    expect(namedCountyOf(choiceOf('granted'), twoCourts)).toBeNull();
    expect(unbackedStatusClaims(choiceOf('granted'), twoCourts)[0]?.message).toContain(
      `${first} and ${second} counties`,
    );
    const hearing = { statusType: 'court_date_set' as const, courtDate: '2027-01-15', nextSteps: [] };
    const elsewhere = {
      ...hearingSet,
      pendingPetitions: [{ hearingOn: '2027-01-15', county: second }],
    };
    expect(namedCountyOf(hearing, elsewhere)).toBe(second);
    // The office's own review names no court: the matter's county is used by the caller.
    expect(namedCountyOf(choiceOf('in_review'), elsewhere)).toBeNull();
  });

  it('"eligible" names the court of the convictions decided eligible, and is refused when they are in two counties', () => {
    const [first, second] = [COUNTIES[0], COUNTIES[6]] as const;
    const decision = (determination: Determination, county: (typeof COUNTIES)[number]) => ({
      determination,
      county,
    });
    // Eligible in the second county only; a conviction not eligible in the first does not count.
    const elsewhere = {
      ...eligible,
      determinations: [decision('not_eligible', first), decision('eligible_discretionary', second)],
    };
    expect(unbackedStatusClaims(choiceOf('eligible'), elsewhere)).toEqual([]);
    expect(namedCountyOf(choiceOf('eligible'), elsewhere)).toBe(second);
    const both = {
      ...eligible,
      determinations: [decision('eligible_mandatory', first), decision('eligible_discretionary', second)],
    };
    expect(namedCountyOf(choiceOf('eligible'), both)).toBeNull();
    expect(unbackedStatusClaims(choiceOf('eligible'), both)).toEqual([
      {
        path: 'statusType',
        message: expect.stringContaining(
          `Convictions in ${first} and ${second} counties are decided eligible`,
        ),
      },
    ]);
    // "Not eligible" names the convictions' county when they are all in one, else the caller's.
    const notHere = { ...eligible, determinations: [decision('not_eligible', second)] };
    expect(namedCountyOf(choiceOf('not_eligible'), notHere)).toBe(second);
    const notInEither = {
      ...eligible,
      determinations: [decision('not_eligible', first), decision('eligible_later', second)],
    };
    expect(unbackedStatusClaims(choiceOf('not_eligible'), notInEither)).toEqual([]);
    expect(namedCountyOf(choiceOf('not_eligible'), notInEither)).toBeNull();
  });

  it('every county the records name is the one an "eligible" message names, over every pair of counties', () => {
    for (const a of COUNTIES)
      for (const b of [COUNTIES[0], COUNTIES[37]] as const) {
        const facts = {
          ...eligible,
          determinations: [
            { determination: 'eligible_mandatory' as const, county: a },
            { determination: 'eligible_discretionary' as const, county: b },
          ],
        };
        expect(namedCountyOf(choiceOf('eligible'), facts)).toBe(a === b ? a : null);
        expect(unbackedStatusClaims(choiceOf('eligible'), facts).length === 0).toBe(a === b);
      }
  });
});

describe('why a matter can’t proceed, as the records back it', () => {
  it('each reason, over every supervision fact and whether the court’s records came', () => {
    for (const reason of CANT_PROCEED_REASONS)
      for (const underSupervision of ['yes', 'no', 'unknown'] as const)
        for (const courtRecordRead of [false, true]) {
          const facts: StatusFacts = {
            ...nothingYet,
            stage: 'gathering_records',
            underSupervision,
            courtRecordRead,
          };
          const claims = unbackedStatusClaims(
            { statusType: 'cant_proceed', cantProceedReason: reason, courtDate: null, nextSteps: [] },
            facts,
          );
          const backed =
            reason === 'on_probation'
              ? underSupervision === 'yes'
              : reason === 'fees_owed' || reason === 'victim_restitution'
                ? courtRecordRead
                : true;
          const said = `${reason} ${underSupervision} ${courtRecordRead}`;
          expect(
            claims.map((c) => c.path),
            said,
          ).toEqual(backed ? [] : ['cantProceedReason']);
          // A fact recorded against the reason is called untrue, not merely unrecorded.
          if (!backed && underSupervision === 'no' && reason === 'on_probation')
            expect(claims[0]?.message, said).toContain('would be untrue');
        }
  });

  it('the choice schema takes exactly the next steps that go with each update', () => {
    for (const statusType of MESSAGE_STATUS_TYPES)
      for (const step of NEXT_STEP_IDS) {
        const parsed = statusChoiceSchema.safeParse({
          matterId: 'm1',
          statusType,
          cantProceedReason: statusType === 'cant_proceed' ? 'other' : null,
          courtDate: statusType === 'court_date_set' ? '2027-01-15' : null,
          nextSteps: [step],
        });
        expect(parsed.success, `${statusType} ${step}`).toBe(NEXT_STEPS_FOR[statusType].includes(step));
      }
  });
});
