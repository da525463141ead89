// A petition to seal an arrest goes to the court of the county where the arrest happened, and is
// served on that county's (or city's) prosecutor and the agency that made it (form CR-409-INFO: "the
// prosecutor of the city or county where the arrest happened"). When the arresting agency's name
// places it in one county (a city's police, a county's sheriff), a petition drafted for another
// county would be captioned for the wrong court and served on the wrong prosecutor.
import { countyOfCourt } from '../rap-import/courts.ts';

/**
 * Words of an agency's name that name its kind, not its place ("Oakland Police Department", "City of
 * Berkeley Police"); "City" alone stays, as places are named with it (Yuba City).
 */
const AGENCY_WORDS =
  /\b(?:POLICE|DEPARTMENT|DEPT|PD|SHERIFF|SHERIFFS|S|OFFICE|CITY OF|OF|THE|COUNTY|CO|PUBLIC|SAFETY|MARSHAL|MARSHALS)\b/g;

/** What is wrong with drafting the arrest's petition for `county`, or null when nothing says so. */
export function arrestCountyProblem(agency: string, county: string): string | null {
  // Only a county the name leaves no doubt about: a refusal on a guess would stop real work.
  const { county: arrestCounty, doubt } = countyOfCourt(
    agency
      .toUpperCase()
      .replace(/[^A-Z ]/g, ' ')
      .replace(AGENCY_WORDS, ' '),
  );
  if (!arrestCounty || doubt || arrestCounty === county) return null;
  return `The arrest was made by ${agency.trim()}, in ${arrestCounty} County, and this petition is for ${county} County: a petition to seal an arrest is filed in the county where the arrest happened and served on that county’s prosecutor (CR-409-INFO). Draft it for ${arrestCounty} County, or, if the arrest’s agency is named wrongly, correct the arrest first.`;
}
