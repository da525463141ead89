// Names with letters that have no accent to strip (Vietnamese Đ, Polish Ł, Danish Ø) are searched,
// sorted and matched as typed without them, as accented names are: "dang" finds Đặng Văn Minh, who
// sorts among the D's, and a referral for "Dang Van Minh" born the same day is flagged as likely him.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('names with letters that have no accent to strip (%s)', (dialect) => {
  let api: ApiHarness;
  const clientIds: Record<string, string> = {};
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const people: [string, string][] = [
      ['Zúñiga Pérez', '1971-04-02'],
      ['Đặng Văn Minh', '1966-03-10'],
      ['Đỗ Thị Lan', '1975-08-21'],
      ['Łukasz Ørsted', '1988-12-30'],
    ];
    for (const [i, [legalName, dateOfBirth]] of people.entries()) {
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName,
            otherNames: [],
            dateOfBirth,
            phone: `(510) 555-010${i}`,
            email: `client${i}@example.org`,
          },
        }),
      );
      clientIds[legalName] = recorded.clientId;
    }
  });
  afterAll(async () => api.destroy());

  it('finds each client by the name typed without those letters', async () => {
    const intake = await api.signedIn('alameda.intake');
    const found = async (search: string) =>
      (await intake.matters.list({ queue: 'all', search })).items.map((m) => m.clientName);
    for (const [search, name] of [
      ['dang', 'Đặng Văn Minh'],
      ['Dang Van Minh', 'Đặng Văn Minh'],
      ['minh dang', 'Đặng Văn Minh'],
      ['đặng', 'Đặng Văn Minh'],
      ['do thi lan', 'Đỗ Thị Lan'],
      ['Đỗ', 'Đỗ Thị Lan'],
      ['lukasz', 'Łukasz Ørsted'],
      ['orsted', 'Łukasz Ørsted'],
      ['ORSTED lukasz', 'Łukasz Ørsted'],
      ['zuniga', 'Zúñiga Pérez'],
    ])
      expect(await found(search ?? ''), search).toEqual([name]);
  });

  it('sorts them among the D’s and L’s by client name, not after Z', async () => {
    const intake = await api.signedIn('alameda.intake');
    const listed = await intake.matters.list({ queue: 'all', sort: 'clientName', direction: 'asc' });
    expect(listed.items.map((m) => m.clientName)).toEqual([
      'Đặng Văn Minh',
      'Đỗ Thị Lan',
      'Łukasz Ørsted',
      'Zúñiga Pérez',
    ]);
  });

  it('flags the existing client as likely when a referral types the name without the letters', async () => {
    const intake = await api.signedIn('alameda.intake');
    const matches = await intake.referrals.findPossibleClients({
      legalName: 'Dang Van Minh',
      dateOfBirth: '1966-03-10',
    });
    expect(matches.map((m) => [m.id, m.likely])).toEqual([[clientIds['Đặng Văn Minh'], ['name']]]);
    const ørsted = await intake.referrals.findPossibleClients({
      legalName: 'Orsted, Lukasz',
      dateOfBirth: '1988-12-30',
    });
    expect(ørsted.map((m) => [m.id, m.likely])).toEqual([[clientIds['Łukasz Ørsted'], ['name']]]);

    // So a second referral for him is not saved as a new client until staff resolve the match.
    await expect(
      intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Dang Van Minh',
            otherNames: [],
            dateOfBirth: '1966-03-10',
            phone: '(415) 555-0177',
            email: 'someone.else@example.org',
          },
        }),
      ),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [{ path: 'notSamePersonAs', message: expect.stringContaining('Đặng Văn Minh') }],
    });
  });
});
