// Names are searched, sorted and matched as staff type them without what their keyboard lacks:
// letters with no accent to strip (Vietnamese Đ, Polish Ł, Danish Ø: "dang" finds Đặng Văn Minh, who
// sorts among the D's) and apostrophes, typed any way or left out ("obrien", "o'brien" and "brien"
// find O'Brien, who sorts among the Ob…). A referral typed either way for a client born the same day
// is flagged as likely them.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('names folded for search, sorting and matching (%s)', (dialect) => {
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
      ['Ochoa, Luz', '1972-04-02'],
      ["O'Brien, Patrick", '1967-03-10'],
      ['Oakes, Rita', '1976-08-21'],
      ['D’Souza, Ana', '1989-12-30'],
      ['Kaʻahumanu, Leilani', '1990-01-15'],
      ['María White Dela Cruz', '1965-07-11'],
      ['Rosa de la Cruz Ibarra', '1979-05-04'],
      ['Tomás Delrío', '1983-09-09'],
      ['Pieter van der Berg', '1970-02-14'],
    ];
    for (const [i, [legalName, dateOfBirth]] of people.entries()) {
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName,
            otherNames: [],
            dateOfBirth,
            phone: `(510) 555-01${String(i).padStart(2, '0')}`,
            email: `client${i}@example.org`,
          },
        }),
      );
      clientIds[legalName] = recorded.clientId;
    }
  });
  afterAll(async () => api.destroy());

  it('finds each client by the name typed without those letters, and with any apostrophe or none', async () => {
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
      ['obrien', "O'Brien, Patrick"],
      ["o'brien", "O'Brien, Patrick"],
      ['O’Brien', "O'Brien, Patrick"],
      ['brien', "O'Brien, Patrick"],
      ['patrick obrien', "O'Brien, Patrick"],
      ['OBRIEN PAT', "O'Brien, Patrick"],
      ['dsouza', 'D’Souza, Ana'],
      ["d'souza ana", 'D’Souza, Ana'],
      ['souza', 'D’Souza, Ana'],
      ['kaahumanu', 'Kaʻahumanu, Leilani'],
      ["ka'ahumanu", 'Kaʻahumanu, Leilani'],
      ['ahumanu', 'Kaʻahumanu, Leilani'],
    ])
      expect(await found(search ?? ''), search).toEqual([name]);
  });

  it('finds a surname with particles however they are written: apart, together, or word by word', async () => {
    const intake = await api.signedIn('alameda.intake');
    const found = async (search: string) =>
      (await intake.matters.list({ queue: 'all', search })).items.map((m) => m.clientName).sort();
    for (const [search, names] of [
      ['Maria de la Cruz', ['María White Dela Cruz']],
      ['maria delacruz', ['María White Dela Cruz']],
      ['maria dela cruz', ['María White Dela Cruz']],
      ['de la cruz', ['María White Dela Cruz', 'Rosa de la Cruz Ibarra']],
      ['dela cruz', ['María White Dela Cruz', 'Rosa de la Cruz Ibarra']],
      ['rosa delacruz', ['Rosa de la Cruz Ibarra']],
      // Word by word, as before: "de" and "cruz" each start one of her words.
      ['rosa de cruz', ['Rosa de la Cruz Ibarra']],
      // Only the surname, particles and all, however few of them are typed.
      ['de cruz', ['María White Dela Cruz', 'Rosa de la Cruz Ibarra']],
      // Each word starts one of hers: "la" starts none of "Dela Cruz".
      ['la cruz', ['Rosa de la Cruz Ibarra']],
      ['del rio', ['Tomás Delrío']],
      ['van berg', ['Pieter van der Berg']],
      ['cruz', ['María White Dela Cruz', 'Rosa de la Cruz Ibarra']],
      ['tomas del rio', ['Tomás Delrío']],
      ['delrio', ['Tomás Delrío']],
      ['pieter vanderberg', ['Pieter van der Berg']],
      ['van der berg', ['Pieter van der Berg']],
      ['berg', ['Pieter van der Berg']],
    ] as const)
      expect(await found(search), search).toEqual([...names].sort());
    // A word of another name is still asked for: no false match.
    expect(await found('maria de la rosa')).toEqual([]);
  });

  it('sorts them among the D’s, L’s and Ob… by client name, not after Z nor before Oakes', async () => {
    const intake = await api.signedIn('alameda.intake');
    const listed = await intake.matters.list({ queue: 'all', sort: 'clientName', direction: 'asc' });
    expect(listed.items.map((m) => m.clientName)).toEqual([
      'Đặng Văn Minh',
      'Đỗ Thị Lan',
      'D’Souza, Ana',
      'Kaʻahumanu, Leilani',
      'Łukasz Ørsted',
      'María White Dela Cruz',
      'Oakes, Rita',
      "O'Brien, Patrick",
      'Ochoa, Luz',
      'Pieter van der Berg',
      'Rosa de la Cruz Ibarra',
      'Tomás Delrío',
      'Zúñiga Pérez',
    ]);
  });

  it('flags the existing client as likely when a referral types the name without the letters or apostrophe', async () => {
    const intake = await api.signedIn('alameda.intake');
    for (const [legalName, dateOfBirth, client] of [
      ['Dang Van Minh', '1966-03-10', 'Đặng Văn Minh'],
      ['Orsted, Lukasz', '1988-12-30', 'Łukasz Ørsted'],
      ['Patrick OBrien', '1967-03-10', "O'Brien, Patrick"],
      ["Leilani Ka'ahumanu", '1990-01-15', 'Kaʻahumanu, Leilani'],
    ] as const) {
      const matches = await intake.referrals.findPossibleClients({ legalName, dateOfBirth });
      expect(
        matches.map((m) => [m.id, m.likely]),
        legalName,
      ).toEqual([[clientIds[client], ['name']]]);
    }

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
