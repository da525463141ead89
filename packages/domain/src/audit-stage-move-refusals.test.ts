// A refused stage move says on the audit log what stopped it (undecided convictions, one decided
// eligible, the stage machine's rules), not that what was entered needed correcting; how many
// convictions and arrests only to a reader with the RAP sheet permission.
import { describe, expect, it } from 'vitest';
import { type AuditRowFacts, auditSentence, auditSentenceText } from './audit-log.ts';

const rosa = { id: 'u-rosa', name: 'Rosa Delgado', office: null };
const matter = { id: 'm-42', reference: '2026-00042', clientId: 'c-maria', clientName: 'María Núñez' };
const said = (detail: AuditRowFacts['detail'], reader?: AuditRowFacts['reader']) =>
  auditSentenceText(
    auditSentence({
      action: 'matters.moveStage',
      outcome: 'denied',
      actor: rosa,
      noActor: 'server',
      matter,
      client: null,
      user: null,
      document: null,
      stage: null,
      enabled: null,
      refusal: { reason: 'other' },
      detail,
      reader,
    }),
  );
const refused = 'Rosa Delgado was refused: Move a matter’s stage, María Núñez’s matter 2026-00042: ';
const undecided = {
  reason: 'bad_input',
  fields: ['to'],
  stageMove: {
    from: 'eligibility_review',
    to: 'not_eligible',
    because: 'undecided',
    convictions: 2,
    arrests: 0,
  },
};

describe('a refused stage move on the audit log', () => {
  it('says how many convictions had no eligibility decision, to a reader with the RAP sheet permission', () => {
    expect(said(undecided, { seesRapSheets: true })).toBe(
      `${refused}it could not move to “Not eligible”: 2 convictions had no eligibility decision yet; nothing was saved`,
    );
  });

  it('says only that decisions were missing to a reader without it', () => {
    for (const reader of [{ seesRapSheets: false }, undefined])
      expect(said(undecided, reader)).toBe(
        `${refused}it could not move to “Not eligible”: a conviction or arrest had no eligibility decision yet; nothing was saved`,
      );
  });

  it('says a move the stage machine does not allow, and a conviction decided eligible', () => {
    const move = (because: string) => ({
      reason: 'bad_input',
      fields: ['to'],
      stageMove: { from: 'referral_received', to: 'closed', because },
    });
    expect(said(move('stage_rules'))).toBe(
      `${refused}it could not move to “Closed”: “Closed” cannot follow where the matter was, or its petitions and orders do not allow it yet; nothing was saved`,
    );
    expect(said(move('decided_eligible'))).toContain('a conviction or arrest is decided eligible');
    // A reason it has no words for reads as bad input did.
    expect(said(move('something_new'))).toBe(
      `${refused}what was entered needed correcting (to); nothing was saved`,
    );
  });
});
