// Notice before the hearing: the days the prosecutor (and, for an arrest, the arresting agency) must
// have had the petition before the court hears it. Only the remedies whose words on notice were read
// are here; for the others the desk says nothing, rather than guess a period.
import { daysBetween, type IsoDate, readableDate } from './dates.ts';
import type { PetitionStatus } from './petitions.ts';
import type { RemedyId } from './remedies.ts';

export interface NoticeRule {
  /** Calendar days between the day served and the hearing, at least. */
  days: number;
  /** Who must have had notice, as a sentence's object. */
  served: string;
  /** Where the period comes from, with its words. */
  source: string;
}

export const NOTICE_RULES: Partial<Record<RemedyId, NoticeRule>> = {
  // PC 1203.4(e)(1) as the Court of Appeal letters it (People v. Burrows); (d)(1) in older versions.
  'pc1203.4': {
    days: 15,
    served: 'the prosecuting attorney',
    source:
      'PC 1203.4: “Relief shall not be granted under this section unless the prosecuting attorney has been given 15 days’ notice of the petition for relief.”',
  },
  // The Judicial Council's information sheet; the subdivision of 851.91 itself was not read.
  'pc851.91': {
    days: 15,
    served: 'the prosecutor and the arresting agency',
    source:
      'Judicial Council form CR-409-INFO: the petition “must be served … on the prosecutor of the city or county where the arrest happened and the law enforcement agency that made the arrest at least 15 days before the hearing on the petition.”',
  },
};

export interface PetitionNoticeFacts {
  remedy: RemedyId;
  status: PetitionStatus;
  servedOn: IsoDate | null;
  hearingOn: IsoDate | null;
}

/**
 * What is wrong with the notice a petition's hearing has had, or null: a hearing set for a petition
 * not yet decided or withdrawn, under a remedy with a notice period, and served later than that
 * period before the hearing (or not recorded as served). Days are calendar days from the day served
 * to the day of the hearing.
 */
export function noticeProblem(petition: PetitionNoticeFacts): string | null {
  const rule = NOTICE_RULES[petition.remedy];
  const { hearingOn, servedOn } = petition;
  if (!rule || !hearingOn || petition.status === 'decided' || petition.status === 'withdrawn') return null;
  const hearing = readableDate(hearingOn);
  if (!servedOn)
    return `No service is recorded, and the hearing is on ${hearing}: serve ${rule.served} at least ${rule.days} days before it and record the day served. ${rule.source}`;
  const days = daysBetween(servedOn, hearingOn);
  if (days >= rule.days) return null;
  const when =
    days < 0
      ? `Served on ${readableDate(servedOn)}, after the hearing on ${hearing}`
      : days === 0
        ? `Served on the day of the hearing, ${hearing}`
        : `Served ${days} ${days === 1 ? 'day' : 'days'} before the hearing on ${hearing}`;
  return `${when}: ${rule.served} must have at least ${rule.days} days’ notice. Ask the court to move the hearing, unless the notice was waived. ${rule.source}`;
}
