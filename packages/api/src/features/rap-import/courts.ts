// Which county a court's name on a RAP sheet (`CASC YUBA CITY`, `CAMC LOS ANGELES METRO`) places it
// in. Many California places are named like another county (Yuba City is Sutter County's court, South
// Lake Tahoe is El Dorado's), so a county's name is only taken for the county when nothing else in the
// name says otherwise; anything doubtful is proposed with a reason to check, or left blank.
import { COUNTIES, type County } from '@relief-desk/domain';

/** What a court's name says of its county: the county proposed (null: none), and why to check it. */
export interface CourtCounty {
  county: County | null;
  /** Why the county proposed (or left blank) needs checking; null when the name says it plainly. */
  doubt: string | null;
}

/**
 * Places whose names contain a county's name but that are in another county, or in that county
 * alongside other words: read as the place, never as the county their name contains. An array: the
 * place lies in more than one county, so none is proposed.
 */
export const PLACES_NAMED_LIKE_A_COUNTY: Record<string, County | County[]> = {
  'YUBA CITY': 'Sutter',
  'SOUTH LAKE TAHOE': 'El Dorado',
  'LAKE TAHOE': ['Placer', 'El Dorado'],
  'MONTEREY PARK': 'Los Angeles',
  'LAKE ELSINORE': 'Riverside',
  'LAKE FOREST': 'Orange',
  'LAKE ISABELLA': 'Kern',
  'LAKE LOS ANGELES': 'Los Angeles',
  'SIERRA MADRE': 'Los Angeles',
  'IMPERIAL BEACH': 'San Diego',
  'SUTTER CREEK': 'Amador',
  'PLUMAS LAKE': 'Yuba',
  'KINGS BEACH': 'Placer',
  'ORANGE COVE': 'Fresno',
  'BIG BEAR LAKE': 'San Bernardino',
  'LAKE ARROWHEAD': 'San Bernardino',
  'SHASTA LAKE': 'Shasta',
  'LAKE SHASTA': 'Shasta',
  'DEL MAR': 'San Diego',
  'MARINA DEL REY': 'Los Angeles',
  'NEVADA CITY': 'Nevada',
  'EL DORADO HILLS': 'El Dorado',
  'MARIN CITY': 'Marin',
  // A compass word before a county's name is part of another place's name, not a branch.
  'SOUTH SAN FRANCISCO': 'San Mateo',
  'WEST SACRAMENTO': 'Yolo',
  'NORTH SAN DIEGO': 'San Diego',
  'EAST LOS ANGELES': 'Los Angeles',
  'SOUTH SAN JOSE HILLS': 'Los Angeles',
};

/** Court places that do not name a county, as they appear on RAP sheets. */
export const PLACES: Record<string, County> = {
  OAKLAND: 'Alameda',
  HAYWARD: 'Alameda',
  FREMONT: 'Alameda',
  BERKELEY: 'Alameda',
  PLEASANTON: 'Alameda',
  'SANTA ANA': 'Orange',
  FULLERTON: 'Orange',
  'SAN JOSE': 'Santa Clara',
  'PALO ALTO': 'Santa Clara',
  'EAST PALO ALTO': 'San Mateo',
  'DALY CITY': 'San Mateo',
  'SOUTH GATE': 'Los Angeles',
  RICHMOND: 'Contra Costa',
  MARTINEZ: 'Contra Costa',
  'WALNUT CREEK': 'Contra Costa',
  COMPTON: 'Los Angeles',
  'LONG BEACH': 'Los Angeles',
  PASADENA: 'Los Angeles',
  'VAN NUYS': 'Los Angeles',
  'REDWOOD CITY': 'San Mateo',
  STOCKTON: 'San Joaquin',
  FAIRFIELD: 'Solano',
  VALLEJO: 'Solano',
  'SANTA ROSA': 'Sonoma',
  MODESTO: 'Stanislaus',
  VISALIA: 'Tulare',
  BAKERSFIELD: 'Kern',
  'SAN RAFAEL': 'Marin',
  SALINAS: 'Monterey',
  OXNARD: 'Ventura',
  'CHULA VISTA': 'San Diego',
  'EL CAJON': 'San Diego',
  'BIG BEAR': 'San Bernardino',
  'TAHOE CITY': 'Placer',
  TRUCKEE: 'Nevada',
};

/** Words of a court's name that name no place: they may stand anywhere in it. */
const COURT_WORDS = new Set(
  'COUNTY CO CNTY SUPERIOR SUPER SUP COURT CT CRT MUNICIPAL MUNI MUN JUSTICE JUDICIAL DISTRICT DIST DIVISION DIV BRANCH BR OF THE AND JUVENILE JUV CRIMINAL CRIM TRAFFIC HALL CENTER BLDG BUILDING'.split(
    ' ',
  ),
);

/**
 * Words naming a branch of a county's court (`LOS ANGELES METRO`, `SAN DIEGO NORTH`): only after a
 * place. Before it they may be part of another place's name (`SOUTH LAKE` with `TAHOE` lost).
 */
const BRANCH_WORDS = new Set(
  'METRO CENTRAL NORTH SOUTH EAST WEST NORTHEAST NORTHWEST SOUTHEAST SOUTHWEST NORTHERN SOUTHERN EASTERN WESTERN DOWNTOWN AIRPORT'.split(
    ' ',
  ),
);

type Known = { name: string; words: string[]; county: County | County[]; kind: 'county' | 'place' };

// Every name the reader knows, as words; at one position the longest is taken ("LAKE LOS ANGELES"
// before "LAKE"), a place named like a county before the county of the same length.
const KNOWN: Known[] = [
  ...Object.entries(PLACES_NAMED_LIKE_A_COUNTY).map(([name, county]) => ({
    name,
    county,
    kind: 'place' as const,
  })),
  ...COUNTIES.map((county) => ({ name: county.toUpperCase(), county, kind: 'county' as const })),
  ...Object.entries(PLACES).map(([name, county]) => ({ name, county, kind: 'place' as const })),
]
  .map((k) => ({ ...k, words: k.name.split(' ') }))
  .sort((a, b) => b.words.length - a.words.length);

const titleCase = (text: string) => text.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

const inWords = (counties: readonly string[]) =>
  counties.length <= 2
    ? counties.join(' and ')
    : `${counties.slice(0, -1).join(', ')} and ${counties.at(-1)}`;

/** The county a court's name places it in, with why to check it when the name leaves doubt. */
export function countyOfCourt(agency: string | null): CourtCounty {
  if (!agency) return { county: null, doubt: null };
  const words = agency
    .toUpperCase()
    .replace(/[^A-Z ]/g, ' ')
    .split(' ')
    .filter(Boolean);
  // The court's kind (CASC superior court, CAMC municipal, CAJV juvenile...) names no place.
  if (/^CA[A-Z]{2}$/.test(words[0] ?? '')) words.shift();

  const found: Known[] = [];
  const other: string[] = [];
  for (let at = 0; at < words.length; ) {
    const known = KNOWN.find((k) => k.words.every((w, i) => words[at + i] === w));
    if (known) {
      found.push(known);
      at += known.words.length;
      continue;
    }
    const word = words[at] ?? '';
    if (!COURT_WORDS.has(word) && !(found.length > 0 && BRANCH_WORDS.has(word))) other.push(word);
    at++;
  }

  const quoted = `“${agency.trim()}”`;
  const straddling = found.find((k) => Array.isArray(k.county));
  if (straddling && Array.isArray(straddling.county))
    return {
      county: null,
      doubt: `The court ${quoted} is at ${titleCase(straddling.name)}, which lies in more than one county (${inWords(straddling.county)}): choose the county from the court record.`,
    };
  const counties = [...new Set(found.map((k) => k.county as County))];
  if (counties.length === 0) return { county: null, doubt: null };
  if (counties.length > 1)
    return {
      county: null,
      doubt: `The court ${quoted} names places in more than one county (${inWords(counties)}): choose the county from the court record.`,
    };
  const county = counties[0] ?? null;
  if (other.length === 0) return { county, doubt: null };
  // A county's name beside words the desk does not know may be part of another place's name, as
  // Yuba City's is: proposed, with a reason to check.
  return {
    county,
    doubt: `The court ${quoted} names ${found.map((k) => titleCase(k.name)).join(', ')} beside other words (“${other.join(' ')}”) that are not a place the desk knows: ${county} is proposed, but a place named like a county may be in another (Yuba City is Sutter County’s court). Check the court’s county.`,
  };
}
