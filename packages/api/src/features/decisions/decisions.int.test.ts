import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  decisionInput,
  expectEventAndAudit,
  expectRefusedWritingNothing,
  matterWithConviction,
  NAMES,
  nowInCalifornia,
} from '../lifecycle-fixtures.ts';

describe.each(testDialects())('eligibility decisions (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('records a decision that fills the conviction’s cell on the matter page, with a timeline event and an audit row', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'decision_recorded', who: 'alameda.attorney', action: 'decisions.record' },
      () =>
        attorney.decisions.record(
          decisionInput(convictionId, { determination: 'eligible_later', eligibleOn: '2027-05-02' }),
        ),
    );
    expect(summary).toBe(
      'PC 1203.4 dismissal for PC 484(a) (misdemeanor), case 16CR01234: eligible later from May 2, 2027.',
    );
    const matter = await attorney.matters.get({ matterId });
    expect(matter.convictions?.[0]?.decisions).toEqual({
      'pc1203.4': expect.objectContaining({
        id: result.id,
        determination: 'eligible_later',
        eligibleOn: '2027-05-02',
        decidedBy: NAMES['alameda.attorney'],
      }),
    });
  });

  it('a new decision supersedes the old one; the cell shows the newest and the history keeps both', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const first = await attorney.decisions.record(
      decisionInput(convictionId, { determination: 'needs_more_info', missingInfo: 'Probation end date' }),
    );
    api.clock.advanceMinutes(5);
    const second = await supervisor.decisions.record(decisionInput(convictionId, { supersedes: first.id }));

    const matter = await attorney.matters.get({ matterId });
    expect(matter.convictions?.[0]?.decisions['pc1203.4']).toMatchObject({
      id: second.id,
      determination: 'eligible_mandatory',
      decidedBy: NAMES['alameda.supervisor'],
    });
    const history = await attorney.decisions.history({ convictionId, remedy: 'pc1203.4' });
    expect(history.map((h) => [h.id, h.determination, h.decidedBy])).toEqual([
      [second.id, 'eligible_mandatory', NAMES['alameda.supervisor']],
      [first.id, 'needs_more_info', NAMES['alameda.attorney']],
    ]);
    expect(await attorney.decisions.history({ convictionId, remedy: 'prop47' })).toEqual([]);
  });

  it.each(['intake', 'admin'] as const)(
    'refuses a decision from %s (only attorneys and supervisors decide), and writes nothing',
    async (role) => {
      const { convictionId } = await matterWithConviction(api);
      const caller = await api.signedIn(`alameda.${role}`);
      const refused = await expectRefusedWritingNothing(api, () =>
        caller.decisions.record(decisionInput(convictionId)),
      );
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Your role') });
    },
  );

  it('accepts every suggestion for a conviction in one action, each recorded as its own decision with the rules version and reasons', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const suggestions = await attorney.eligibility.suggestions({ matterId });
    const remedies = suggestions.results.find((r) => r.convictionId === convictionId)?.remedies ?? [];
    expect(remedies.length).toBeGreaterThan(1);
    const rulesVersion = suggestions.rulesVersion ?? '';
    expect(rulesVersion).not.toBe('');
    const accept = remedies.map((r) => ({
      remedy: r.remedy,
      supersedes: null,
      rulesVersion,
      determination: r.determination,
    }));
    const before = await api.database.db.selectFrom('audit_log').select('id').execute();
    const { ids } = await attorney.decisions.acceptSuggestions({ convictionId, accept });
    expect(ids).toHaveLength(remedies.length);
    const matter = await attorney.matters.get({ matterId });
    for (const r of remedies) {
      expect(matter.convictions?.[0]?.decisions[r.remedy]).toMatchObject({
        determination: r.determination,
        rulesVersion: suggestions.rulesVersion,
        reasons: expect.stringContaining(r.reasons[0]?.citation ?? ''),
      });
    }
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where(
        'id',
        'not in',
        before.map((b) => b.id),
      )
      .where('action', '=', 'decisions.record')
      .execute();
    expect(audit).toHaveLength(remedies.length);

    // Accepting again over decisions not seen is refused whole: nothing half-written.
    const count = async () =>
      (
        await api.database.db
          .selectFrom('eligibility_decisions')
          .select('id')
          .where('conviction_id', '=', convictionId)
          .execute()
      ).length;
    const written = await count();
    await expect(attorney.decisions.acceptSuggestions({ convictionId, accept })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    expect(await count()).toBe(written);
  });

  it('refuses intake reading the decision history without the RAP sheet permission', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.decisions.record(decisionInput(convictionId));
    const intake = await api.signedIn('alameda.intake');
    await expect(intake.decisions.history({ convictionId, remedy: 'pc1203.4' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('own permission'),
    });
  });

  it('another office’s attorney gets NOT_FOUND recording a decision, and nothing is written', async () => {
    const { convictionId } = await matterWithConviction(api);
    const other = await api.signedIn('bayLegal.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      other.decisions.record(decisionInput(convictionId)),
    );
    expect(refused.code).toBe('NOT_FOUND');
  });

  it('regression: another office’s attorney gets NOT_FOUND (not an empty, audited history) for a conviction’s decisions', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.decisions.record(decisionInput(convictionId));
    const other = await api.signedIn('bayLegal.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      other.decisions.history({ convictionId, remedy: 'pc1203.4' }),
    );
    expect(refused.code).toBe('NOT_FOUND');
  });

  it.each([
    [
      '“eligible later” with no date',
      { determination: 'eligible_later' },
      'eligibleOn',
      'Enter the date relief becomes available.',
    ],
    [
      'a date on a determination that takes none',
      { eligibleOn: '2027-01-01' },
      'eligibleOn',
      'Only “eligible later” takes a date.',
    ],
    [
      '“needs more info” without saying what',
      { determination: 'needs_more_info' },
      'missingInfo',
      'Say what information is missing.',
    ],
    ['no reasons', { reasons: '  ' }, 'reasons', 'Give the reasons for this decision, with the citation.'],
    [
      'an override of the rules’ suggestion without a reason',
      { suggestion: { rulesVersion: '2026.1', determination: 'not_eligible' }, overrideReason: '' },
      'overrideReason',
      'Say why you are overriding the suggested determination.',
    ],
  ] as const)(
    'refuses %s with a field error saying how to fix it, and writes nothing',
    async (_why, change, path, message) => {
      const { convictionId } = await matterWithConviction(api);
      const attorney = await api.signedIn('alameda.attorney');
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.decisions.record(decisionInput(convictionId, change)),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fields).toContainEqual({ path, message });
    },
  );

  it('refuses deciding over a decision the attorney has not seen, naming who decided and when, and writes nothing', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const first = await attorney.decisions.record(decisionInput(convictionId));
    await supervisor.decisions.record(
      decisionInput(convictionId, { supersedes: first.id, determination: 'not_eligible' }),
    );

    for (const stale of [null, first.id]) {
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.decisions.record(
          decisionInput(convictionId, { supersedes: stale, determination: 'eligible_discretionary' }),
        ),
      );
      expect(refused.appCode).toBe('VERSION_CONFLICT');
      expect(refused.message).toContain(
        `${NAMES['alameda.supervisor']} recorded a decision for this conviction and remedy on`,
      );
      expect(refused.message).toContain(`on ${nowInCalifornia(api)}, after you opened it`);
    }
  });

  // Rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  it.each([
    ['superseding the same decision', true],
    ['both making the first decision', false],
  ])(
    'regression: two attorneys %s at once: one wins, the other gets VERSION_CONFLICT, history keeps only the winner',
    async (_what, overExisting) => {
      for (let round = 0; round < 4; round++) {
        const { convictionId } = await matterWithConviction(api);
        const attorney = await api.signedIn('alameda.attorney');
        const supervisor = await api.signedIn('alameda.supervisor');
        const original = overExisting ? await attorney.decisions.record(decisionInput(convictionId)) : null;
        const supersedes = original?.id ?? null;
        const results = await Promise.allSettled([
          attorney.decisions.record(
            decisionInput(convictionId, { supersedes, determination: 'not_eligible' }),
          ),
          supervisor.decisions.record(
            decisionInput(convictionId, { supersedes, determination: 'eligible_discretionary' }),
          ),
        ]);
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, id: r.value.id }] : []));
        expect(winners).toHaveLength(1);
        const winner = winners[0] ?? { i: 0, id: '' };
        expect(results[1 - winner.i]).toMatchObject({
          status: 'rejected',
          reason: { appCode: 'VERSION_CONFLICT' },
        });

        const history = await attorney.decisions.history({ convictionId, remedy: 'pc1203.4' });
        expect(history.map((h) => [h.id, h.determination])).toEqual([
          [winner.id, winner.i === 0 ? 'not_eligible' : 'eligible_discretionary'],
          ...(original ? [[original.id, 'eligible_mandatory']] : []),
        ]);
      }
    },
  );

  it('a decision sent without the suggestion is measured against the rules: deciding otherwise takes a reason, and the rules’ suggestion is recorded', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const suggestions = await attorney.eligibility.suggestions({ matterId });
    const suggested = suggestions.results
      .find((r) => r.convictionId === convictionId)
      ?.remedies.find((r) => r.remedy === 'pc1203.4');
    if (!suggested) throw new Error('the rules made no PC 1203.4 suggestion');
    const otherwise = suggested.determination === 'not_eligible' ? 'eligible_mandatory' : 'not_eligible';

    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.decisions.record(
        decisionInput(convictionId, { determination: otherwise, overrideReason: '' }),
      ),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([
      { path: 'overrideReason', message: expect.stringContaining('say why you are overriding') },
    ]);

    const recorded = await attorney.decisions.record(
      decisionInput(convictionId, {
        determination: otherwise,
        overrideReason: 'The docket shows otherwise.',
      }),
    );
    const row = await api.database.db
      .selectFrom('eligibility_decisions')
      .select(['rules_version', 'suggested_determination', 'override_reason'])
      .where('id', '=', recorded.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      rules_version: suggestions.rulesVersion,
      suggested_determination: suggested.determination,
      override_reason: 'The docket shows otherwise.',
    });
  });
});
