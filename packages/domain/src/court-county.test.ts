// A petition's court names the county its case is from: read from the court's name over every county.
import { describe, expect, it } from 'vitest';
import { COUNTIES } from './counties.ts';
import { countyOfCourt, courtOfCounty, courtOutsideCounty } from './petitions.ts';

describe('the county a court names', () => {
  it('reads every county back from its court, in capitals too', () => {
    for (const county of COUNTIES) {
      expect(countyOfCourt(courtOfCounty(county)), county).toBe(county);
      expect(countyOfCourt(courtOfCounty(county).toUpperCase()), county).toBe(county);
      expect(courtOutsideCounty(courtOfCounty(county), county), county).toBeNull();
    }
    expect(countyOfCourt('Superior Court, City and County of San Francisco')).toBe('San Francisco');
  });

  it('names the county whose court another county’s case was given, and lets a court named otherwise be', () => {
    for (const [i, county] of COUNTIES.entries()) {
      const other = COUNTIES[(i + 1) % COUNTIES.length] ?? county;
      expect(courtOutsideCounty(courtOfCounty(other), county)).toBe(
        `This petition is filed in ${county} County, where its case is: write the court as ${courtOfCounty(county)}, not the court of ${other} County.`,
      );
    }
    expect(countyOfCourt('Visalia Superior Court')).toBeNull();
    expect(courtOutsideCounty('Visalia Superior Court', 'Tulare')).toBeNull();
  });
});
