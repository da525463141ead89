import { describe, expect, it } from 'vitest';
import { arrestCountyProblem } from './arrestCounty.ts';

describe('the county of an arrest to seal', () => {
  it.each([
    ['CAPD OAKLAND', 'Alameda'],
    ['Oakland Police Department', 'Alameda'],
    ['CASO ALAMEDA', 'Alameda'],
    ['Alameda County Sheriff’s Office', 'Alameda'],
    ['City of Berkeley Police', 'Alameda'],
    ['CAPD SAN FRANCISCO', 'San Francisco'],
    ['CAPD YUBA CITY', 'Sutter'],
  ])('%s is in %s County: a petition for another county is refused, naming both', (agency, county) => {
    expect(arrestCountyProblem(agency, county)).toBeNull();
    const other = county === 'Contra Costa' ? 'Alameda' : 'Contra Costa';
    const problem = arrestCountyProblem(agency, other);
    expect(problem).toContain(`in ${county} County, and this petition is for ${other} County`);
    expect(problem).toContain(`Draft it for ${county} County`);
  });

  it.each(['CHP', 'BART PD', 'CAPD LAKE TAHOE', 'Police', '', 'CADOJ'])(
    'says nothing when the agency’s name places it nowhere for sure (%s)',
    (agency) => {
      expect(arrestCountyProblem(agency, 'Contra Costa')).toBeNull();
    },
  );
});
