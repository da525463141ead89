// Names with apostrophes (O'Brien, D’Souza, Kaʻahumanu) are found however the apostrophe is typed,
// or left out: "obrien", "o'brien" and "brien" all find O'Brien, who sorts among the Ob…, and a
// referral for "Patrick OBrien" born the same day is flagged as likely him.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('names with apostrophes (%s)', (dialect) => {
  let api: ApiHarness;
  const clientIds: Record<string, string> = {};
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const people: [string, string][] = [
      ['Ochoa, Luz', '1971-04-02'],
      ["O'Brien, Patrick", '1966-03-10'],
      ['Oakes, Rita', '1975-08-21'],
      ['D’Souza, Ana', '1988-12-30'],
      ['Kaʻahumanu, Leilani', '1990-01-15'],
    ];
    for (const [i, [legalName, dateOfBirth]] of people.entries()) {
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName,
            otherNames: [],
            dateOfBirth,
            phone: `(510) 555-011${i}`,
            email: `apostrophe${i}@example.org`,
          },
        }),
      );
      clientIds[legalName] = recorded.clientId;
    }
  });
  afterAll(async () => api.destroy());

  it('finds each client by the name typed with any apostrophe, split or closed up', async () => {
    const intake = await api.signedIn('alameda.intake');
    const found = async (search: string) =>
      (await intake.matters.list({ queue: 'all', search })).items.map((m) => m.clientName);
    for (const [search, name] of [
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

  it('sorts O’Brien among the names that start Ob…, not before Oakes', async () => {
    const intake = await api.signedIn('alameda.intake');
    const listed = await intake.matters.list({ queue: 'all', sort: 'clientName', direction: 'asc' });
    expect(listed.items.map((m) => m.clientName)).toEqual([
      'D’Souza, Ana',
      'Kaʻahumanu, Leilani',
      'Oakes, Rita',
      "O'Brien, Patrick",
      'Ochoa, Luz',
    ]);
  });

  it('flags the existing client as likely when a referral types the name without the apostrophe', async () => {
    const intake = await api.signedIn('alameda.intake');
    const matches = await intake.referrals.findPossibleClients({
      legalName: 'Patrick OBrien',
      dateOfBirth: '1966-03-10',
    });
    expect(matches.map((m) => [m.id, m.likely])).toEqual([[clientIds["O'Brien, Patrick"], ['name']]]);
    const kaahumanu = await intake.referrals.findPossibleClients({
      legalName: "Leilani Ka'ahumanu",
      dateOfBirth: '1990-01-15',
    });
    expect(kaahumanu.map((m) => [m.id, m.likely])).toEqual([[clientIds['Kaʻahumanu, Leilani'], ['name']]]);
  });
});
