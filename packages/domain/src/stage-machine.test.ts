import { describe, expect, it } from 'vitest';
import { can, ROLES } from './roles.ts';
import {
  checkStageMove,
  moveNoteTellsCriminalHistory,
  moveReadsCriminalHistory,
  movesOffered,
  nothingDecidedProblem,
  recordAddedProblem,
  STAGE_MOVES,
  stageAfterFiling,
  suggestedMove,
} from './stage-machine.ts';
import { isOpenStage, STAGE_LABELS, STAGES } from './stages.ts';

const noPetitions = {
  petitionsFiled: 0,
  petitionsUndecided: 0,
  petitionsDecided: 0,
  petitionsWithdrawn: 0,
  signedOrdersAwaited: 0,
};

describe('checkStageMove', () => {
  it.each([
    ['referral_received', 'gathering_records', noPetitions, true],
    ['gathering_records', 'eligibility_review', noPetitions, true],
    ['eligibility_review', 'petitions_to_file', noPetitions, true],
    ['petitions_to_file', 'awaiting_decision', noPetitions, false],
    [
      'petitions_to_file',
      'awaiting_decision',
      { ...noPetitions, petitionsFiled: 1, petitionsUndecided: 1 },
      true,
    ],
    [
      'awaiting_decision',
      'outcome_to_send',
      { ...noPetitions, petitionsFiled: 2, petitionsUndecided: 1 },
      false,
    ],
    [
      'awaiting_decision',
      'outcome_to_send',
      { ...noPetitions, petitionsFiled: 2, petitionsUndecided: 0, petitionsDecided: 2 },
      true,
    ],
    // One decided, one withdrawn: the outcome has the decided one to tell.
    [
      'awaiting_decision',
      'outcome_to_send',
      { ...noPetitions, petitionsFiled: 1, petitionsDecided: 1, petitionsWithdrawn: 1 },
      true,
    ],
    // The only petition withdrawn: there is no outcome to send.
    [
      'awaiting_decision',
      'outcome_to_send',
      { ...noPetitions, petitionsFiled: 0, petitionsWithdrawn: 1 },
      false,
    ],
    ['outcome_to_send', 'closed', noPetitions, true],
    // An outcome changed to "continued" after the matter reached "Outcome to send": it goes back to wait.
    ['outcome_to_send', 'closed', { ...noPetitions, petitionsFiled: 1, petitionsUndecided: 1 }, false],
    [
      'outcome_to_send',
      'awaiting_decision',
      { ...noPetitions, petitionsFiled: 1, petitionsUndecided: 1 },
      true,
    ],
    ['referral_received', 'closed', noPetitions, false],
    ['closed', 'eligibility_review', noPetitions, true],
    ['gathering_records', 'gathering_records', noPetitions, false],
  ] as const)('%s → %s is %s', (from, to, facts, ok) => {
    // (Closing from "Outcome to send" as sending the outcome does: the rule of a note is below.)
    expect(checkStageMove(from, to, facts, '', { outcomeSent: true }).ok).toBe(ok);
  });

  it('refuses “Outcome to send” with no petition decided, saying why and what can be done from there', () => {
    for (const [withdrawn, why] of [
      [1, 'its only petition was withdrawn'],
      [2, 'all 2 of its petitions were withdrawn'],
      [0, 'no petition is recorded on this matter'],
    ] as const) {
      const facts = { ...noPetitions, petitionsWithdrawn: withdrawn };
      const check = checkStageMove('awaiting_decision', 'outcome_to_send', facts);
      expect(check).toEqual({ ok: false, reason: nothingDecidedProblem(facts, 'awaiting_decision') });
      expect(check.ok ? '' : check.reason).toContain(`so there is no outcome to send: ${why}.`);
      expect(check.ok ? '' : check.reason).toContain('status update');
    }
    // Each move it names is one the stage machine has from there.
    expect(STAGE_MOVES.awaiting_decision).toEqual(expect.arrayContaining(['petitions_to_file', 'withdrawn']));
    // From "Outcome to send" (a matter that got there before this rule), closing with a note is open.
    const stuck = { ...noPetitions, petitionsWithdrawn: 1 };
    expect(nothingDecidedProblem(stuck, 'outcome_to_send')).toContain(
      'close the matter, saying in the note how the client was told',
    );
    expect(checkStageMove('outcome_to_send', 'closed', stuck, 'Told by phone on 2026-11-27.').ok).toBe(true);
  });

  it('closes from "Outcome to send" by hand only with a note of how the client was told', () => {
    for (const note of ['', '   '])
      expect(checkStageMove('outcome_to_send', 'closed', noPetitions, note)).toEqual({
        ok: false,
        reason: expect.stringContaining('say in the note how the client was told'),
      });
    expect(checkStageMove('outcome_to_send', 'closed', noPetitions, 'Told by phone on 2026-11-27.').ok).toBe(
      true,
    );
    expect(checkStageMove('outcome_to_send', 'closed', noPetitions, '', { outcomeSent: true }).ok).toBe(true);
    // Other closings are not where the client learns the court's decision.
    expect(checkStageMove('not_eligible', 'closed', noPetitions).ok).toBe(true);
    expect(checkStageMove('unable_to_reach', 'closed', noPetitions).ok).toBe(true);
  });

  it('closes a matter with a signed order still awaited only when the note says why', () => {
    const awaiting = { ...noPetitions, petitionsFiled: 1, signedOrdersAwaited: 1 };
    for (const to of ['closed', 'withdrawn'] as const) {
      const from = to === 'closed' ? 'outcome_to_send' : 'awaiting_decision';
      const sent = { outcomeSent: to === 'closed' };
      expect(checkStageMove(from, to, awaiting, '', sent)).toEqual({
        ok: false,
        reason: expect.stringContaining('signed order'),
      });
      expect(checkStageMove(from, to, awaiting, '   ', sent).ok).toBe(false);
      expect(checkStageMove(from, to, awaiting, 'The court mails orders to the client.', sent).ok).toBe(true);
    }
    expect(checkStageMove('closed', 'eligibility_review', awaiting).ok).toBe(true);
  });

  it.each(STAGES)(
    'filing a petition from %s moves the matter to await the court only where that move is open',
    (stage) => {
      expect(stageAfterFiling(stage)).toBe(
        STAGE_MOVES[stage].includes('awaiting_decision') ? 'awaiting_decision' : null,
      );
    },
  );

  it('names the stages a matter can move to when it refuses a move', () => {
    const check = checkStageMove('referral_received', 'closed', noPetitions);
    expect(check).toEqual({ ok: false, reason: expect.stringContaining('“Gathering records”') });
  });

  it('lists moves only to known stages, never to the same stage', () => {
    for (const stage of STAGES) {
      for (const to of STAGE_MOVES[stage]) {
        expect(STAGES).toContain(to);
        expect(to).not.toBe(stage);
      }
    }
  });
});

describe('suggestedMove', () => {
  it.each([
    ['gathering_records', 'rap_sheet_received', 'eligibility_review'],
    ['referral_received', 'rap_sheet_received', 'eligibility_review'],
    ['petitions_to_file', 'rap_sheet_received', null],
    ['awaiting_decision', 'all_petitions_decided', 'outcome_to_send'],
    ['closed', 'all_petitions_decided', null],
  ] as const)('in %s, %s suggests %s', (current, event, expected) => {
    expect(suggestedMove(current, event)).toBe(expected);
  });
});

describe('movesOffered', () => {
  // Every role, with and without the RAP sheet permission, from every stage.
  const people = ROLES.flatMap((role) =>
    [true, false].map((canViewRapSheets) => ({ role, canViewRapSheets })),
  );

  it.each(people)(
    'offers $role (RAP sheets: $canViewRapSheets) every move but those the server refuses them',
    (person) => {
      for (const from of STAGES) {
        const refused = STAGE_MOVES[from].filter(
          (to) =>
            (to === 'not_eligible' && !can(person.role, 'decideEligibility')) ||
            (!person.canViewRapSheets && moveReadsCriminalHistory(from, to)),
        );
        expect(movesOffered(person, from)).toEqual(STAGE_MOVES[from].filter((to) => !refused.includes(to)));
      }
    },
  );

  it('a person without the RAP sheet permission is never offered a move that reads criminal history', () => {
    const offered = STAGES.flatMap((from) =>
      movesOffered({ role: 'supervisor', canViewRapSheets: false }, from).map((to) => [from, to] as const),
    );
    expect(offered.filter(([from, to]) => moveReadsCriminalHistory(from, to))).toEqual([]);
    // The moves to "Not eligible", "Awaiting court decision" and "Outcome to send" are among those withheld.
    for (const to of ['not_eligible', 'awaiting_decision', 'outcome_to_send'] as const)
      expect(offered.map(([, move]) => move)).not.toContain(to);
    expect(offered.length).toBeGreaterThan(0);
  });
});

describe('moveNoteTellsCriminalHistory', () => {
  it('a note on a move into or out of a stage the record decides is criminal history; others are not', () => {
    const recordStages = ['not_eligible', 'awaiting_decision', 'outcome_to_send'];
    for (const from of STAGES)
      for (const to of STAGE_MOVES[from])
        expect(moveNoteTellsCriminalHistory(from, to), `${from} → ${to}`).toBe(
          recordStages.includes(from) || recordStages.includes(to),
        );
  });
});

describe('recordAddedProblem', () => {
  it.each(STAGES)('at %s: a conviction or arrest is added only while the matter is worked', (stage) => {
    for (const what of ['conviction', 'arrest'] as const) {
      const problem = recordAddedProblem(stage, what);
      if (isOpenStage(stage)) expect(problem).toBeNull();
      else {
        // Says how to go on: the move back to work that this stage offers, then add and decide it.
        const back = STAGE_MOVES[stage].find(isOpenStage);
        expect(back, `${stage} offers a move back to work`).toBeDefined();
        expect(problem).toContain(`move it back to “${STAGE_LABELS[back ?? 'eligibility_review']}” first`);
        expect(problem).toContain(`then add the ${what} and decide it`);
      }
    }
  });

  it('says what "Not eligible" claims', () => {
    expect(recordAddedProblem('not_eligible', 'conviction')).toBe(
      'This matter is concluded “Not eligible”, which says every conviction and arrest on it is decided: move it back to “Eligibility review” first, then add the conviction and decide it.',
    );
  });
});
