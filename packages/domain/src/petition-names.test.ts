import { describe, expect, it } from 'vitest';
import { PACKET_REMEDIES } from './packets.ts';
import { packetFileStems, petitionNamed, petitionTitled } from './petition-names.ts';

describe('how a petition is named', () => {
  it('names a petition by its case, and one to seal an arrest without a case by its arrest', () => {
    expect(petitionNamed({ caseNumber: '16CR01234', arrestDate: null })).toBe('case 16CR01234');
    expect(petitionNamed({ caseNumber: '18CR00459', arrestDate: '2018-04-05' })).toBe('case 18CR00459');
    expect(petitionNamed({ caseNumber: '', arrestDate: '2019-04-10' })).toBe(
      'petition to seal the arrest of Apr 10, 2019',
    );
    expect(petitionTitled({ remedy: 'prop47', caseNumber: '16CR01234', arrestDate: null })).toBe(
      'Prop 47 (PC 1170.18), case 16CR01234',
    );
    expect(petitionTitled({ remedy: 'pc851.91', caseNumber: '', arrestDate: '2019-04-10' })).toBe(
      'Arrest sealing (PC 851.91), arrest of Apr 10, 2019',
    );
  });

  it('gives every petition of a matter its own packet file name: each remedy, on convictions and on arrests, with and without a case', () => {
    const petitions = [
      // Every remedy on one case, and again on a second case.
      ...['AL12CR100200', 'AL13CR200300'].flatMap((caseNumber) =>
        PACKET_REMEDIES.map((remedy) => ({ remedy, caseNumber, arrestDate: null })),
      ),
      // Arrests: with a case, without one, two without one on the same day.
      { remedy: 'pc851.91', caseNumber: '18CR00459', arrestDate: '2018-04-05' },
      { remedy: 'pc851.91', caseNumber: '', arrestDate: '2019-04-10' },
      { remedy: 'pc851.91', caseNumber: '', arrestDate: '2019-04-10' },
      // A petition drafted again after one on the same case and remedy was withdrawn.
      { remedy: 'pc1203.4', caseNumber: 'AL12CR100200', arrestDate: null },
    ].map((p, i) => ({ ...p, id: `p${i}` }));
    const stems = packetFileStems(petitions);
    expect(new Set(stems.values()).size).toBe(petitions.length);
    expect(stems.get('p0')).toBe('AL12CR100200-pc1203.4');
    expect(petitions.filter((p) => stems.get(p.id) === `AL12CR100200-${p.remedy}`)).toHaveLength(
      PACKET_REMEDIES.length,
    );
    const n = petitions.length;
    expect([...stems.values()].slice(-4)).toEqual([
      '18CR00459-pc851.91',
      'arrest-2019-04-10-pc851.91',
      `arrest-2019-04-10-pc851.91-petition${n - 1}`,
      `AL12CR100200-pc1203.4-petition${n}`,
    ]);
    // A petition keeps its name as more are drafted after it.
    expect(packetFileStems(petitions.slice(0, 5)).get('p4')).toBe(stems.get('p4'));
  });
});
