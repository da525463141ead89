// A move to "Not eligible" refused while convictions are undecided is on the audit log with that
// reason, not as input that needed correcting.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { convictionInput, openMatter, refusal } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('a refused stage move on the audit log (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('says two convictions had no eligibility decision yet', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.convictions.add({ matterId, conviction: convictionInput() });
    await attorney.convictions.add({ matterId, conviction: convictionInput({ caseNumber: '18CR07654' }) });
    let { version } = await attorney.matters.get({ matterId });
    for (const to of ['gathering_records', 'eligibility_review'] as const)
      ({ version } = await attorney.matters.moveStage({ matterId, version, to }));
    const refused = await refusal(attorney.matters.moveStage({ matterId, version, to: 'not_eligible' }));
    expect(refused.message).toMatch(/^2 convictions have no eligibility decision yet/);

    const supervisor = await api.signedIn('alameda.supervisor');
    const { lines } = await supervisor.audit.list({
      person: api.userIds['alameda.attorney'],
      outcome: 'denied',
    });
    const said = lines.flatMap((l) => l.entries).map((e) => auditSentenceText(e.sentence));
    expect(said.filter((s) => s.includes('Move a matter’s stage'))).toEqual([
      expect.stringMatching(
        /: it could not move to “Not eligible”: 2 convictions had no eligibility decision yet; nothing was saved$/,
      ),
    ]);
  });
});
