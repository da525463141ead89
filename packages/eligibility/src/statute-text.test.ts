import { describe, expect, it } from 'vitest';
import { ARREST_RULES, RULES } from './rules/index.ts';
import { RULE_BASIS } from './statute-text.ts';
import { RULES_VERSIONS, SB749_IN_EFFECT } from './versions.ts';

const versions = RULES_VERSIONS.map((v) => v.id);

describe('what each rule rests on', () => {
  const remedies = [...new Set([...RULES.keys(), ...ARREST_RULES.keys()])];

  it.each(remedies)(
    '%s names the version that introduced it, each change, and its statute text',
    (remedy) => {
      const basis = RULE_BASIS[remedy];
      expect(basis, `${remedy} has no entry in RULE_BASIS`).toBeDefined();
      expect(versions).toContain(basis?.introducedIn);
      for (const change of basis?.changedIn ?? []) expect(versions).toContain(change.version);
      for (const text of basis?.statute ?? []) {
        expect(text.citation).not.toBe('');
        expect(text.source).not.toBe('');
        // A quote exactly when the text was read; an item not read says so and is marked verify.
        expect(text.quote === null).toBe(text.status === 'verify');
      }
    },
  );

  it('keeps the items not read in the text marked verify', () => {
    const toVerify = Object.values(RULE_BASIS)
      .flatMap((b) => b?.statute ?? [])
      .filter((s) => s.status === 'verify')
      .map((s) => s.citation);
    expect(toVerify).toEqual([
      'PC 1203.4a(d)',
      'SB 731 chaptered text of PC 1203.41',
      'SB 749 approval date',
      'PC 1170.18(i) (PC 290(c) registration)',
      'PC 1203.425(a)(1)(B)(v)(III) new felony, and a felony since made a misdemeanor',
      '2024 budget trailer bill, chapter and chaptered text',
      'PC 461(a), first-degree burglary’s maximum term',
      'PC 851.93(a)(2)(C) and offenses with no limitation period',
    ]);
  });

  it('PC 1203.41(a) (SB 731): the digest dates no part of the 1203.41 change, so it applies from 2023-01-01', () => {
    const text = RULE_BASIS['pc1203.41']?.statute.find(
      (s) => s.citation === 'SB 731 operative date for PC 1203.41',
    );
    expect(text?.status).toBe('secondary');
    expect(text?.quote).toMatch(
      /convicted of a felony, as long as that conviction does not require registration/,
    );
    const sb731 = RULES_VERSIONS.find((v) => v.id === 'ca-2023.01');
    expect(sb731?.effectiveDate).toBe('2023-01-01');
    expect(sb731?.pc1203_41CoversStatePrison).toBe(true);
  });

  it('PC 1170.18(j) (SB 749): the rules’ date lies in the window its chapter number allows (2023-10-08 to 2023-10-13)', () => {
    // Stats. 2023, ch. 633 was filed after ch. 540 (approved 2023-10-08) and by the Governor's last
    // action on 2023 bills (2023-10-13); the day itself is still to be read in the chaptered bill.
    expect(SB749_IN_EFFECT >= '2023-10-08' && SB749_IN_EFFECT <= '2023-10-13').toBe(true);
    const sb749 = RULES_VERSIONS.find((v) => v.prop47GoodCauseAfter === null);
    expect(sb749?.effectiveDate).toBe(SB749_IN_EFFECT);
  });

  it('PC 1170.18(i): both bars rest on (i); the registration half is secondary, its PC 290(c) letter unread', () => {
    const citations = RULE_BASIS.prop47?.statute.map((s) => [s.citation, s.status]);
    expect(citations).toEqual(
      expect.arrayContaining([
        ['PC 1170.18(i)', 'secondary'],
        ['PC 1170.18(i) (registration bar)', 'secondary'],
        ['PC 1170.18(i) (PC 290(c) registration)', 'verify'],
      ]),
    );
  });

  it('quotes the code where it was read: 1203.42(a)(2) is the wait, (a)(3) the bars while serving', () => {
    const text = RULE_BASIS['pc1203.42']?.statute.find((s) => s.citation === 'PC 1203.42(a)(2)-(3)');
    expect(text?.status).toBe('code');
    expect(text?.quote).toMatch(
      /^\(2\) .*two years following the defendant’s completion of the sentence\. \(3\) .*not under supervised release/,
    );
  });

  it('the two-point list the 1203.4 rule uses is VC 12810(a)-(e) as read', async () => {
    const { TWO_POINT_OFFENSES } = await import('./section-lists.ts');
    expect(Object.keys(TWO_POINT_OFFENSES).sort()).toEqual(
      [
        // (a) failure to stop after an accident
        'VC 20001',
        'VC 20002',
        // (b)
        'VC 23152',
        'VC 23153',
        // (c) "reckless driving": 23103 (with 23103.5, its plea form) and its injury forms 23104, 23105
        'VC 23103',
        'VC 23103.5',
        'VC 23104',
        'VC 23105',
        // (d)(1)
        'PC 191.5(b)',
        'PC 192(c)',
        'VC 2800.2',
        'VC 2800.3',
        'VC 21651(b)',
        'VC 22348(b)',
        'VC 23109(a)',
        'VC 23109(c)',
        'VC 23109.1',
        'VC 31602',
        // (d)(2)
        'VC 23140(a)',
        'VC 23140(b)',
        // (e): not 14601.4
        'VC 14601',
        'VC 14601.1',
        'VC 14601.2',
        'VC 14601.3',
        'VC 14601.5',
      ].sort(),
    );
  });
});
