// "Can't proceed" says why, and two of its reasons state facts: "You are still on probation or under
// other supervision" and "The
// court's records show … still owed". The desk sends them only when it holds those facts (the
// person's facts, the court's records received), and next steps only where they go with the update.
import { testDialects } from '@relief-desk/db/testing';
import {
  type CANT_PROCEED_REASONS,
  MESSAGE_STATUS_TYPES,
  NEXT_STEP_IDS,
  NEXT_STEPS_FOR,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { documentReceived, giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

const FACTS = {
  currentlyCharged: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
} as const;

describe.each(testDialects())('what a “can’t proceed” update may say (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const composing = async (matterId: string, reason: (typeof CANT_PROCEED_REASONS)[number]) => {
    const attorney = await api.signedIn('alameda.attorney');
    return attorney.messages
      .composeStatus({ matterId, statusType: 'cant_proceed', cantProceedReason: reason })
      .then(
        (composed) => ({ sent: composed.messages[0]?.text ?? '' }),
        (error: { appCode?: string; message: string }) => ({ refused: `${error.appCode}: ${error.message}` }),
      );
  };

  it('says the client is still on probation only when the person’s facts say so', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    expect(await composing(matterId, 'on_probation')).toEqual({
      refused: expect.stringMatching(/^BAD_INPUT: The person’s facts do not record them as on probation/),
    });
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.eligibility.savePersonFacts({
      matterId,
      version: 0,
      facts: { ...FACTS, underSupervision: 'no' },
    });
    expect(await composing(matterId, 'on_probation')).toEqual({
      refused: expect.stringMatching(
        /^BAD_INPUT: The person’s facts say they are not on probation.*would be untrue/,
      ),
    });
    await attorney.eligibility.savePersonFacts({
      matterId,
      version: 1,
      facts: { ...FACTS, underSupervision: 'yes' },
    });
    expect(await composing(matterId, 'on_probation')).toEqual({
      sent: expect.stringContaining('still on probation or under other supervision, such as parole'),
    });
  });

  it('says the court’s records show amounts owed only once the court’s records are received', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    for (const reason of ['fees_owed', 'victim_restitution'] as const)
      expect(await composing(matterId, reason), reason).toEqual({
        refused: expect.stringMatching(/^BAD_INPUT: No court docket or minute order is recorded received/),
      });
    await documentReceived(api, matterId, { kind: 'court_docket', from: 'court' });
    expect(await composing(matterId, 'fees_owed')).toEqual({ sent: expect.stringContaining('still owed') });
    expect(await composing(matterId, 'victim_restitution')).toEqual({
      sent: expect.stringContaining('restitution'),
    });
    // Needing more information, or another reason, claims nothing of the records.
    const bare = await openMatterFor(api, { preferredLanguage: 'en' });
    for (const reason of ['need_more_info', 'other'] as const)
      expect(await composing(bare.matterId, reason), reason).toHaveProperty('sent');
  });

  it('refuses a next step that does not go with the update, for every update and step, naming those that do', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    let refused = 0;
    for (const statusType of MESSAGE_STATUS_TYPES)
      for (const step of NEXT_STEP_IDS) {
        if (NEXT_STEPS_FOR[statusType].includes(step)) continue;
        const answer = await attorney.messages
          .composeStatus({
            matterId,
            statusType,
            nextSteps: [step],
            ...(statusType === 'cant_proceed' ? { cantProceedReason: 'need_more_info' as const } : {}),
            ...(statusType === 'court_date_set' ? { courtDate: '2027-01-15' } : {}),
          })
          .then(
            () => 'sent',
            (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
          );
        // Refused by the shared schema, at the edge, before anything is read.
        expect(answer, `${statusType} ${step}`).toMatch(/^BAD_REQUEST: .*does not go with a/s);
        refused++;
      }
    expect(refused).toBeGreaterThan(20);
  });
});
