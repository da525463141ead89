import { describe, expect, it } from 'vitest';
import { disclosuresCsv } from './disclosuresCsv.ts';

describe('the disclosure report as CSV', () => {
  it('has a header, one line per entry, quotes where needed and never a formula', () => {
    const csv = disclosuresCsv([
      {
        occurredAt: '2026-11-28T18:00:00.000Z',
        actorName: 'Núñez, "Lupe"',
        description: 'Printed the court outcome letter',
        matterReference: '2026-00001',
        ip: '127.0.0.1',
      },
      {
        occurredAt: '2026-11-27T18:00:00.000Z',
        actorName: '=HYPERLINK("http://evil")',
        description: 'Opened a RAP sheet file',
        matterReference: null,
        ip: '10.0.0.2',
      },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'When (UTC),Who,What,Matter,Address',
      '2026-11-28T18:00:00.000Z,"Núñez, ""Lupe""",Printed the court outcome letter,2026-00001,127.0.0.1',
      `2026-11-27T18:00:00.000Z,"'=HYPERLINK(""http://evil"")",Opened a RAP sheet file,,10.0.0.2`,
      '',
    ]);
  });
});
