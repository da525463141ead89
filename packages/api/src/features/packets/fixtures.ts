// Test-only: an office set up to draw packets (court and service addresses for its counties, State Bar
// numbers, a letterhead) and petitions ready for them, with the facts a test changes where it is about.
import type {
  ArrestFieldsInput,
  ConvictionFieldsInput,
  CountyCourtInput,
  Determination,
  RemedyId,
} from '@relief-desk/domain';
import type { ApiHarness, OfficeKey } from '../../testing.ts';
import { arrestInput, convictionInput, OVERRIDE_REASON, openMatter } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';

const COUNTIES: Record<OfficeKey, ('Alameda' | 'Contra Costa' | 'San Francisco')[]> = {
  alameda: ['Alameda'],
  bayLegal: ['San Francisco', 'Contra Costa'],
};

/** A county's court and service addresses (fictional). */
export function countyCourt(
  county: 'Alameda' | 'Contra Costa' | 'San Francisco',
  version = 0,
): CountyCourtInput {
  return {
    county,
    version,
    courtName: `Superior Court of California, County of ${county}`,
    eFiling: county !== 'Contra Costa',
    courthouses: [
      {
        name: county === 'Alameda' ? 'René C. Davidson Courthouse' : `${county} Hall of Justice`,
        address: '100 Court Plaza\nSpringfield, CA 94600',
      },
    ],
    prosecutor: {
      name: `${county} County District Attorney`,
      address: '200 Justice Way, Suite 9\nSpringfield, CA 94600',
    },
    probation: {
      name: `${county} County Probation Department`,
      address: '300 Probation Road\nSpringfield, CA 94600',
    },
  };
}

/** Letterheads, each county's court settings, and State Bar numbers for the office's attorney and supervisor. */
export async function setUpFiling(api: ApiHarness, office: OfficeKey = 'alameda'): Promise<void> {
  await giveOfficesLetterheads(api);
  const admin = await api.signedIn(`${office}.admin`);
  const settings = await admin.courtSettings.get();
  for (const county of COUNTIES[office]) {
    const current = settings.counties.find((c) => c.county === county);
    await admin.courtSettings.saveCounty(countyCourt(county, current?.version ?? 0));
  }
  for (const [role, number] of [
    ['attorney', office === 'alameda' ? '298765' : '312456'],
    ['supervisor', office === 'alameda' ? '187654' : '201234'],
  ] as const) {
    const person = settings.attorneys.find((a) => a.userId === api.userIds[`${office}.${role}`]);
    await admin.courtSettings.setStateBarNumber({
      userId: api.userIds[`${office}.${role}`],
      version: person?.version ?? 0,
      stateBarNumber: number,
    });
  }
}

export interface ReadyPetition {
  matterId: string;
  petitionId: string;
  convictionIds: string[];
}

/**
 * A matter with convictions of one case, each decided eligible (with the citation given, or the
 * remedy's main subdivision), and a draft petition for them.
 */
export async function readyPetition(
  api: ApiHarness,
  {
    office = 'alameda' as OfficeKey,
    caseNumber = '16CR01234',
    sections = ['484(a)'],
    remedy = 'pc1203.4' as RemedyId,
    determination = 'eligible_mandatory' as Determination,
    reasons = 'Probation completed without violation (PC 1203.4(a)(1)).',
    endDate = '2019-05-02' as string | null,
    matterId: given = null as string | null,
    /** The petition's courthouse field; undefined: the fixture court's courthouse for Alameda. */
    courthouse = undefined as string | undefined,
    /** Anything else of each conviction's record. */
    conviction = {} as Partial<ConvictionFieldsInput>,
  } = {},
): Promise<ReadyPetition> {
  const matterId = given ?? (await openMatter(api, `${office}.intake`));
  const attorney = await api.signedIn(`${office}.attorney`);
  const county = COUNTIES[office][0] ?? 'Alameda';
  const convictionIds: string[] = [];
  for (const section of sections) {
    const { id } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({
        caseNumber,
        section,
        county,
        court: `Superior Court of California, County of ${county}`,
        endDate,
        ...conviction,
      }),
    });
    convictionIds.push(id);
    await attorney.decisions.record({
      convictionId: id,
      remedy,
      determination,
      reasons,
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
  }
  const petition = await attorney.petitions.create({
    matterId,
    remedy,
    convictionIds,
    formSet: 'cr180_cr181',
    court: `Superior Court of California, County of ${county}`,
    courthouse: courthouse ?? (county === 'Alameda' ? 'René C. Davidson Courthouse' : ''),
  });
  return { matterId, petitionId: petition.id, convictionIds };
}

export interface ReadyArrestPetition {
  matterId: string;
  arrestId: string;
  petitionId: string;
}

/** A matter with an arrest decided eligible for PC 851.91, and a draft petition to seal it. */
export async function readyArrestPetition(
  api: ApiHarness,
  {
    office = 'alameda' as OfficeKey,
    arrest = {} as Partial<ArrestFieldsInput>,
    determination = 'eligible_mandatory' as Determination,
    reasons = 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)); as of right (PC 851.91(c)(1)).',
    caseNumber = '18CR00459',
  } = {},
): Promise<ReadyArrestPetition> {
  const matterId = await openMatter(api, `${office}.intake`);
  const attorney = await api.signedIn(`${office}.attorney`);
  const county = COUNTIES[office][0] ?? 'Alameda';
  const { id: arrestId } = await attorney.arrests.add({
    matterId,
    // Made in the county petitioned (a petition to seal goes to the county of the arrest).
    arrest: arrestInput({
      code: 'PC',
      ...(county === 'Alameda' ? {} : { arrestAgency: `${county} County Sheriff’s Office` }),
      ...arrest,
    }),
  });
  await attorney.arrests.recordDecision({
    arrestId,
    remedy: 'pc851.91',
    determination,
    reasons,
    supersedes: null,
    overrideReason: OVERRIDE_REASON,
  });
  const petition = await attorney.petitions.createForArrest({ arrestId, county, caseNumber });
  return { matterId, arrestId, petitionId: petition.id };
}
