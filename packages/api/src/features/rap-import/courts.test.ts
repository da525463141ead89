// The county a court's name on a RAP sheet places it in: a place named like another county is never
// taken for that county, and a county's name beside words the desk does not know is proposed with a
// reason to check.
import { COUNTIES, type County } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { countyOfCourt, PLACES, PLACES_NAMED_LIKE_A_COUNTY } from './courts.ts';

/** How a court's kind and branch are written around its place on RAP sheets. */
const PREFIXES = ['CASC', 'CAMC', 'CAJV', ''];
const SUFFIXES = ['', ' CO', ' COUNTY', ' METRO', ' NORTH'];

describe('the county of a court', () => {
  const named: [string, County][] = [
    ['YUBA CITY', 'Sutter'],
    ['SOUTH LAKE TAHOE', 'El Dorado'],
    ['MONTEREY PARK', 'Los Angeles'],
    ['LAKE ELSINORE', 'Riverside'],
    ['LAKE FOREST', 'Orange'],
    ['LAKE ISABELLA', 'Kern'],
    ['LAKE LOS ANGELES', 'Los Angeles'],
    ['SIERRA MADRE', 'Los Angeles'],
    ['IMPERIAL BEACH', 'San Diego'],
    ['SUTTER CREEK', 'Amador'],
    ['PLUMAS LAKE', 'Yuba'],
    ['KINGS BEACH', 'Placer'],
    ['ORANGE COVE', 'Fresno'],
    ['BIG BEAR LAKE', 'San Bernardino'],
    ['LAKE ARROWHEAD', 'San Bernardino'],
    ['SHASTA LAKE', 'Shasta'],
    ['DEL MAR', 'San Diego'],
    ['MARINA DEL REY', 'Los Angeles'],
    // Regression: South San Francisco was proposed as San Francisco County.
    ['SOUTH SAN FRANCISCO', 'San Mateo'],
    ['WEST SACRAMENTO', 'Yolo'],
    ['EAST PALO ALTO', 'San Mateo'],
  ];

  it.each(named)('a court at %s is in %s, not the county its name contains', (place, county) => {
    for (const prefix of PREFIXES)
      for (const suffix of SUFFIXES)
        expect(countyOfCourt(`${prefix} ${place}${suffix}`)).toEqual({ county, doubt: null });
  });

  it('a court at Lake Tahoe (Placer or El Dorado) is given no county, and says why', () => {
    expect(countyOfCourt('CASC LAKE TAHOE')).toEqual({
      county: null,
      doubt:
        'The court “CASC LAKE TAHOE” is at Lake Tahoe, which lies in more than one county (Placer and El Dorado): choose the county from the court record.',
    });
  });

  it('each of the 58 counties, written alone with the court’s kind and branch, is that county', () => {
    for (const county of COUNTIES)
      for (const prefix of PREFIXES)
        for (const suffix of SUFFIXES)
          expect(countyOfCourt(`${prefix} ${county.toUpperCase()}${suffix}`)).toEqual({
            county,
            doubt: null,
          });
  });

  it('a county’s name beside a word the desk does not know is proposed, with a reason to check', () => {
    // Words places are named with: a county's name with one of them may be a place in another county.
    // Branch words (NORTH, SOUTH...) before the name count too: `SOUTH LAKE` may be South Lake Tahoe.
    const after = ['CITY', 'PARK', 'BEACH', 'VALLEY', 'SPRINGS', 'HILLS', 'CREEK', 'GROVE', 'VILLAGE'];
    const before = [...after, 'SOUTH', 'NORTH', 'EAST', 'WEST', 'MOUNT', 'PORT', 'FORT'];
    const places = [
      ...COUNTIES.flatMap((county) =>
        after.map((word) => ({ county, place: `${county.toUpperCase()} ${word}` })),
      ),
      ...COUNTIES.flatMap((county) =>
        before.map((word) => ({ county, place: `${word} ${county.toUpperCase()}` })),
      ),
    ].filter(({ place }) => !(place in PLACES_NAMED_LIKE_A_COUNTY));
    expect(places.length).toBeGreaterThan(1000);
    for (const { county, place } of places) {
      const read = countyOfCourt(`CASC ${place}`);
      expect(read.county).toBe(county);
      expect(read.doubt).toMatch(
        new RegExp(
          `^The court “CASC ${place}” names .* beside other words .*: ${county} is proposed, .* Check the court’s county\\.$`,
        ),
      );
    }
  });

  it('a known place the name does not make a county of is its own county, with no doubt', () => {
    for (const [place, county] of Object.entries(PLACES))
      expect(countyOfCourt(`CAPD ${place}`)).toEqual({ county, doubt: null });
  });

  it('a name placing the court in two counties is given none, and says which', () => {
    expect(countyOfCourt('CASC ALAMEDA SAN JOSE')).toEqual({
      county: null,
      doubt:
        'The court “CASC ALAMEDA SAN JOSE” names places in more than one county (Alameda and Santa Clara): choose the county from the court record.',
    });
    // The county and a place of that county agree.
    expect(countyOfCourt('CASC SANTA CLARA - SAN JOSE')).toEqual({ county: 'Santa Clara', doubt: null });
  });

  it('a name naming no place the desk knows gives no county and no doubt (the review says it names none)', () => {
    expect(countyOfCourt('CASC SOMEWHERE')).toEqual({ county: null, doubt: null });
    expect(countyOfCourt(null)).toEqual({ county: null, doubt: null });
  });
});
