// Demo court data for the demo offices' counties, so packets can be drawn in the quick start: each
// court with a courthouse or two (each with the beginnings of the case numbers filed there), e-filing or
// not, where the district attorney and probation are served, and (Alameda) a city attorney who takes
// the misdemeanors and infractions filed at one courthouse. Every name and address is made up
// (plausible, not real), as are the State Bar numbers.
import type { Tx } from '@relief-desk/db';
import type { County } from '@relief-desk/domain';

interface DemoCourt {
  courtName: string;
  eFiling: boolean;
  courthouses: { id: string; name: string; address: string; casePrefixes: string[] }[];
  prosecutor: { name: string; address: string };
  probation: { name: string; address: string };
  /** Prosecuting agencies besides the county's: a city attorney and the cases it takes. */
  prosecutors?: { id: string; name: string; address: string; levels: string[]; courthouseIds: string[] }[];
}

export const DEMO_COURTS: Record<string, DemoCourt> = {
  Alameda: {
    courtName: 'Superior Court of California, County of Alameda',
    eFiling: true,
    courthouses: [
      // Demo case numbers are AL, the year's two digits, CR…: the 2010s at one, the 2020s at the other.
      {
        id: 'demo-alameda-lakeview',
        name: 'Lakeview Hall of Justice',
        address: '1180 Harbor Bend Avenue\nOakland, CA 94607',
        casePrefixes: ['AL1'],
      },
      {
        id: 'demo-alameda-eastbay',
        name: 'Eastbay Justice Center',
        address: '4400 Quarry Stone Road\nHayward, CA 94544',
        casePrefixes: ['AL2'],
      },
    ],
    prosecutor: {
      name: 'Alameda County District Attorney',
      address: 'Records Clearance Unit\n1190 Harbor Bend Avenue, Suite 800\nOakland, CA 94607',
    },
    probation: {
      name: 'Alameda County Probation Department',
      address: '2250 Estuary Park Drive, Fourth Floor\nOakland, CA 94606',
    },
    prosecutors: [
      {
        id: 'demo-alameda-harborview-city-attorney',
        name: 'Harborview City Attorney',
        address: 'Criminal Division\n310 Tidewater Plaza, Fifth Floor\nOakland, CA 94612',
        levels: ['misdemeanor', 'infraction'],
        courthouseIds: ['demo-alameda-lakeview'],
      },
    ],
  },
  'Contra Costa': {
    courtName: 'Superior Court of California, County of Contra Costa',
    eFiling: false,
    courthouses: [
      {
        id: 'demo-contra-costa-ridgeline',
        name: 'Ridgeline Courthouse',
        address: '760 Vineyard Court Street\nMartinez, CA 94553',
        casePrefixes: ['CC'],
      },
    ],
    prosecutor: {
      name: 'Contra Costa County District Attorney',
      address: '915 Alhambra Terrace, Suite 400\nMartinez, CA 94553',
    },
    probation: {
      name: 'Contra Costa County Probation Department',
      address: '68 Pine Hollow Lane\nMartinez, CA 94553',
    },
  },
  'San Francisco': {
    courtName: 'Superior Court of California, County of San Francisco',
    eFiling: true,
    courthouses: [
      {
        id: 'demo-san-francisco-mission-bay',
        name: 'Mission Bay Hall of Justice',
        address: '1450 Channel Wharf Street\nSan Francisco, CA 94158',
        casePrefixes: ['SF'],
      },
    ],
    prosecutor: {
      name: 'San Francisco District Attorney',
      address: 'Clean Slate Desk\n1460 Channel Wharf Street, Room 322\nSan Francisco, CA 94158',
    },
    probation: {
      name: 'San Francisco Adult Probation Department',
      address: '820 Dogpatch Terrace\nSan Francisco, CA 94107',
    },
  },
};

/** The office's counties' court settings, and a State Bar number for each attorney and supervisor. */
export async function seedCourtData(
  tx: Tx,
  officeId: string,
  counties: readonly County[],
  signers: { id: string; role: string }[],
  stamp: string,
  /** The first State Bar number handed out (six digits, made up). */
  barNumberBase: number,
): Promise<void> {
  const rows = counties.flatMap((county) => {
    const court = DEMO_COURTS[county];
    return court
      ? [
          {
            office_id: officeId,
            county,
            court_name: court.courtName,
            e_filing: court.eFiling ? 1 : 0,
            courthouses: JSON.stringify(court.courthouses),
            prosecutor_name: court.prosecutor.name,
            prosecutor_address: court.prosecutor.address,
            probation_name: court.probation.name,
            probation_address: court.probation.address,
            prosecutors: JSON.stringify(court.prosecutors ?? []),
            updated_at: stamp,
          },
        ]
      : [];
  });
  if (rows.length > 0) await tx.insertInto('county_courts').values(rows).execute();
  const lawyers = signers.filter((s) => s.role === 'attorney' || s.role === 'supervisor');
  if (lawyers.length > 0)
    await tx
      .insertInto('attorney_bar_numbers')
      .values(
        lawyers.map((s, i) => ({
          user_id: s.id,
          office_id: officeId,
          state_bar_number: String(barNumberBase + i * 1117),
          updated_at: stamp,
        })),
      )
      .execute();
}
