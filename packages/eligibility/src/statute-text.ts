// What each rule rests on: the rules version that introduced it (and the versions that changed it),
// and the statute text it follows, quoted where the text was read, with where it was read. An entry
// marked `verify` was not read in the text: an attorney should confirm it against the code or the
// chaptered bill before relying on that part of the rule.
import type { RemedyId } from '@relief-desk/domain';

export interface StatuteText {
  /** The subdivision the quote is from, as the rules cite it. */
  citation: string;
  /** A short quote of the text read; null when it was not read. */
  quote: string | null;
  /** Where it was read (a code section, a chaptered bill, a digest or a page quoting the code). */
  source: string;
  /**
   * `code`: the code or the bill's own text. `secondary`: a court opinion, bill history or a page
   * quoting or describing the text. `verify`: not read; the rule follows the issue or other tools.
   */
  status: 'code' | 'secondary' | 'verify';
}

export interface RuleBasis {
  /** The rules version in which this remedy's rule first appears. */
  introducedIn: string;
  /** Later versions that changed what the rule decides, and how. */
  changedIn: readonly { version: string; change: string }[];
  statute: readonly StatuteText[];
}

const CASETEXT_1203_4A =
  'Penal Code 1203.4a as copied by casetext (“Current through the 2024 Legislative Session”), read through (c)(1)';
const CODE_1203_42 =
  'Penal Code 1203.42 as copied by self-law.org (a research copy) and instalawyer.io; the same paragraphs as AB 1115 (Stats. 2017, ch. 207) added them (legiplex.com bill compare)';
const TRAILER_BILL_DIGEST =
  'Under existing law, beginning July 1, 2024, conviction record relief is available for a defendant convicted, on or after January 1, 2005, of a felony for which they did not complete probation without revocation … This bill would instead delay implementation of these provision until October 1, 2024, … and would extend automatic conviction relief to individuals with the above-described convictions on or after January 1, 1973.';
const TRAILER_BILL_SOURCE =
  'The Legislative Counsel’s digest as shown on fastdemocracy.com (2023-24 session, bill id CAB00027972; the page read does not name the bill); legiplex.com’s summaries of AB 168 and SB 168 (2023-24, “Public safety”, committee bills) describe the same change';
const LEGINFO_851_91 =
  'Penal Code 851.91 on leginfo.legislature.ca.gov (codes_displaySection, a stored copy of the wording with “his or her”), read through (a)(2)(C)';
const VC12810 =
  'FindLaw’s copy of Vehicle Code section 12810, current as of 2023-01-01 (codes.findlaw.com/ca/vehicle-code/veh-sect-12810)';

export const RULE_BASIS: Readonly<Partial<Record<RemedyId, RuleBasis>>> = {
  'pc1203.4': {
    introducedIn: 'ca-2021.01',
    changedIn: [],
    statute: [
      {
        citation: 'PC 1203.4(a)(1)',
        quote:
          'In any case in which a defendant has fulfilled the conditions of probation for the entire period of probation, or has been discharged prior to the termination of the period of probation … the defendant shall, at any time after the termination of the period of probation, if he or she is not then serving a sentence for any offense, on probation for any offense, or charged with the commission of any offense, be permitted …',
        source: 'Penal Code 1203.4 (2019 text, legalfix.com copy of the code)',
        status: 'code',
      },
      {
        citation: 'VC 12810(a)-(e)',
        quote:
          '(c) A conviction of reckless driving shall be given a value of two points. … (e) A conviction of a violation of Section 14601, 14601.1, 14601.2, 14601.3, or 14601.5 shall be given a value of two points.',
        source: VC12810,
        status: 'code',
      },
      {
        citation: 'VC 12810(d)(1)',
        quote:
          'A conviction of a violation of subdivision (b) of Section 191.5 or subdivision (c) of Section 192 of the Penal Code, or of Section 2800.2 or 2800.3, subdivision (b) of Section 21651, subdivision (b) of Section 22348, subdivision (a) or (c) of Section 23109, Section 23109.1, or Section 31602 of this code, shall be given a value of two points.',
        source: VC12810,
        status: 'code',
      },
    ],
  },
  'pc1203.4a': {
    introducedIn: 'ca-2021.01',
    changedIn: [],
    statute: [
      {
        citation: 'PC 1203.4a(a)',
        quote:
          'Every defendant convicted of a misdemeanor and not granted probation, and every defendant convicted of an infraction shall, at any time after the lapse of one year from the date of pronouncement of judgment, if they have fully complied with and performed the sentence of the court, are not then serving a sentence for an offense and are not under charge of commission of a crime, and have, since the pronouncement of judgment, lived an honest and upright life and have conformed to and obeyed the laws of the land, be permitted by the court to withdraw their plea',
        source: CASETEXT_1203_4A,
        status: 'code',
      },
      {
        citation: 'PC 1203.4a(b)',
        quote:
          'If a defendant does not satisfy all the requirements of subdivision (a), after a lapse of one year from the date of pronouncement of judgment, a court, in its discretion and in the interest of justice, may grant the relief available pursuant to subdivision (a)',
        source: CASETEXT_1203_4A,
        status: 'code',
      },
      {
        citation: 'PC 1203.4a exclusions',
        quote:
          'Cases in which expungement is not available: PC288(c) as a misdemeanor; VC2800; VC2801; VC2803; Vehicle Code infractions punishable under VC42001',
        source:
          'California Criminal Law Wiki, page “PC1203.4a” (wiki.waylandchang.com, revision of 2017-04-07), a practitioners’ list that names no subdivision',
        status: 'secondary',
      },
      {
        citation: 'PC 1203.4a(d)',
        quote: null,
        source:
          'Not read in the code or a chaptered bill: the letter of the subdivision holding the exclusions. The copy of the code read (casetext, current through the 2024 session) was shown only through (c)(1). The one copy of the exclusions’ own words found is a practitioners’ screening guide in a public code repository, which puts them in (d) (a misdemeanor PC 288(c), a misdemeanor within VC 42002.1, an infraction within VC 42001) and the infraction petition’s written declaration and 15 days’ notice in a later subdivision, so (d) is not a notice provision; that guide is not an authority',
        status: 'verify',
      },
    ],
  },
  'pc1203.41': {
    introducedIn: 'ca-2021.01',
    changedIn: [
      {
        version: 'ca-2023.01',
        change: 'SB 731: state-prison felonies, 2 years after the sentence, unless registrable ((a)(6)).',
      },
    ],
    statute: [
      {
        citation: 'PC 1203.41(a)',
        quote:
          'For felony cases with a sentence to state prison … so long as the conviction did not result in a requirement to register as a sex offender. For state prison sentence cases, more than two years must have elapsed since the completion of your state prison sentence.',
        source: 'Orange County Public Defender, “The 1203.4 Penal Code sections, briefly described”',
        status: 'secondary',
      },
      {
        citation: 'SB 731 (Stats. 2022, ch. 814), PC 1203.41 for state prison',
        quote:
          'Beginning January 1, 2023, SB 731 will provide for the permanent sealing of felony criminal conviction records including those that resulted in a sentence to state prison.',
        source:
          'cjmdefense.com, “New California Law Allows for the Dismissal of Past Felony Convictions That Resulted in Sentences to State Prison” (a defence firm’s page)',
        status: 'secondary',
      },
      {
        citation: 'SB 731 operative date for PC 1203.41',
        quote:
          'This bill would make this relief available to a defendant who has been convicted of a felony, as long as that conviction does not require registration as a sex offender.',
        source:
          'The Legislative Counsel’s digest of SB 731 (2021-22) as shown on open.pluralpolicy.com/ca/bills/20212022/SB731: the 1203.41 paragraph gives no operative date, while the automatic arrest and conviction relief it adds is dated (July 1, 2023, later deferred). Signed 2022-09-29 (billsponsor.com) and not an urgency statute, so in effect 2023-01-01 (Cal. Const., art. IV, § 8(c)), as the rules’ `ca-2023.01` has it; probonoproject.org’s “takes effect on July 1, 2023” describes the automatic relief',
        status: 'secondary',
      },
      {
        citation: 'SB 731 chaptered text of PC 1203.41',
        quote: null,
        source:
          'Not read: the section as the chaptered bill (Stats. 2022, ch. 814; the chapter number itself was not found either) amends it, to rule out an operative-date clause inside the section that the digest does not mention',
        status: 'verify',
      },
    ],
  },
  'pc1203.42': {
    introducedIn: 'ca-2021.01',
    changedIn: [],
    statute: [
      {
        citation: 'PC 1203.42(a)',
        quote:
          'If a defendant was sentenced prior to the implementation of the 2011 Realignment Legislation for a crime for which the defendant would otherwise have been eligible for sentencing pursuant to subdivision (h) of Section 1170, the court, in its discretion and in the interest of justice, may order the following relief, subject to the conditions of subdivision (b):',
        source: CODE_1203_42,
        status: 'code',
      },
      {
        citation: 'PC 1203.42(a)(2)-(3)',
        quote:
          '(2) The relief available under this section may be granted only after the lapse of two years following the defendant’s completion of the sentence. (3) The relief available under this section may be granted only if the defendant is not under supervised release, and is not serving a sentence for, on probation for, or charged with the commission of, an offense.',
        source: CODE_1203_42,
        status: 'code',
      },
    ],
  },
  'pc1203.43': {
    introducedIn: 'ca-2021.01',
    changedIn: [],
    statute: [
      {
        citation: 'PC 1203.43(b)',
        quote:
          'in any case in which a defendant was granted deferred entry of judgment on or after January 1, 1997, has performed satisfactorily during the period in which deferred entry of judgment was granted, and for whom the criminal charge or charges were dismissed pursuant to Section 1000.3, the court shall, upon request of the defendant, permit the defendant to withdraw the plea of guilty or nolo contendere',
        source: 'AB 1352 (2015-16) as it amends the law, leginfo.legislature.ca.gov bill compare',
        status: 'code',
      },
    ],
  },
  pc17b: { introducedIn: 'ca-2021.01', changedIn: [], statute: [] },
  prop47: {
    introducedIn: 'ca-2021.01',
    changedIn: [
      {
        version: 'ca-2023.10',
        change: 'SB 749 (Stats. 2023, ch. 633), urgency statute: no deadline, no good cause.',
      },
    ],
    statute: [
      {
        citation: 'SB 749 (Stats. 2023, ch. 633)',
        quote:
          'This bill would amend Proposition 47 to remove that deadline and the showing of good cause requirement. This bill would declare that it is to take effect immediately as an urgency statute. … Chaptered by Secretary of State. Chapter 633, Statutes of 2023.',
        source: 'SB 749 digest and history (open.pluralpolicy.com/ca/bills/20232024/SB749)',
        status: 'secondary',
      },
      {
        citation: 'SB 749 approval date',
        quote: null,
        source:
          'Not read: the rules use 2023-10-10 as the day the Governor approved it. The bill’s history (pluralpolicy.com) lists “Approved by the Governor” and “Chapter 633” without dates; searches for the chaptered text’s “Approved by Governor” line, for court opinions citing Stats. 2023, ch. 633 and for the Governor’s signing lists found none. Chapters are numbered in the order they are filed: AB 701 (ch. 540) was approved 2023-10-08 (its chaptered text on legiplex.com) and the Governor finished acting on 2023 bills on 2023-10-13 (RCRC, rcrcnet.org), so ch. 633 was approved between 2023-10-08 and 2023-10-13; 2023-10-10 lies inside that window but the day itself is unconfirmed',
        status: 'verify',
      },
      {
        citation: 'PC 1170.18(i)',
        quote:
          'subdivision (i) of section 1170.18, provides that section does not apply to any person who has a prior “super strike” conviction (Pen. Code, § 667, subd. (e)(2)(C)(iv)), which includes murder.',
        source:
          'Central California Appellate Program, case summary of People v. Walker (capcentral.org), describing (i)',
        status: 'secondary',
      },
      {
        citation: 'PC 1170.18(i) (registration bar)',
        quote:
          'A defendant may be ineligible for resentencing if he has certain enumerated felonies, is required to register as a sex offender, or is found by the court to pose an unreasonable risk to public safety if resentenced. (See Pen. Code, § 1170.18, subds. (b), (i).)',
        source:
          'Central California Appellate Program, case summary of People v. Lopez (capcentral.org/case_summaries/people-v-lopez-23), placing the registration bar in (i) next to the enumerated felonies; AB 2765 (2015-16) Senate floor analysis on leginfo.ca.gov describes the same bar (“required to register as a sex offender”)',
        status: 'secondary',
      },
      {
        citation: 'PC 1170.18(i) (PC 290(c) registration)',
        quote: null,
        source:
          'Not read in the text of (i): that the registration half names subdivision (c) of PC 290 and speaks of a prior conviction for a registrable offense. The same pairing (a prior under PC 667(e)(2)(C)(iv) “or for an offense requiring registration pursuant to subdivision (c) of Section 290”) is in HS 11377(a) as quoted in People v. Zamora (2017, F071737), but that is another section',
        status: 'verify',
      },
    ],
  },
  prop64: { introducedIn: 'ca-2021.01', changedIn: [], statute: [] },
  'pc1203.425': {
    introducedIn: 'ca-2021.01',
    changedIn: [
      { version: 'ca-2022.07', change: 'DOJ’s monthly review begins; records from 1973.' },
      { version: 'ca-2023.01', change: 'SB 731 enacts the felony path ((a)(1)(B)(v)(III)).' },
      { version: 'ca-2024.10', change: 'The felony path operates, reaching convictions from 1973.' },
    ],
    statute: [
      {
        citation: 'PC 1203.425(a)(1)(B)(iv)-(v)',
        quote:
          '(iv) Except as otherwise provided in subclause (III) of clause (v), there is no indication that the conviction resulted in a sentence of incarceration in the state prison. (v) The conviction occurred on or after January 1, 1973, and meets either of the following criteria:',
        source:
          'The code’s criteria as quoted by attorneydavidreagan.com (“Automatic Dismissals Under Penal Code section 1203.4”)',
        status: 'secondary',
      },
      {
        citation: '2024 budget trailer bill (felony path operative 2024-10-01)',
        quote: TRAILER_BILL_DIGEST,
        source: TRAILER_BILL_SOURCE,
        status: 'secondary',
      },
      {
        citation: 'PC 1203.425(a)(1)(B)(v)(III) new felony, and a felony since made a misdemeanor',
        quote: null,
        source:
          'Not read: the words of (v)(III)’s condition that no new felony conviction was entered in the four years after the sentence, and the text of the provisions said to make a felony a misdemeanor “for all purposes” (PC 17(b) on a reduction or a wobbler’s judgment, PC 1170.18 on a Prop 47 redesignation, HS 11361.8 on a Prop 64 one). The README states 17(b)(1)’s effect in its rules but quotes no text of it. Until they are read, a felony entered within the four years that a grant has since reduced, or that PC 17(b)(1) made a misdemeanor at judgment, is asked about by name (later_felony_reduced, later_felony_misdemeanor_by_17b1), neither a bar nor ignored',
        status: 'verify',
      },
      {
        citation: '2024 budget trailer bill, chapter and chaptered text',
        quote: null,
        source:
          'Not read: the chaptered bill, its chapter number and its approval date. Of the twin committee bills (2023-24 session), SB 168’s stored history on legiplex.com ends with a referral on 2024-07-01, and legiplex.com’s summary of AB 168 (“Public safety”) describes the October 1, 2024 delay and the reach back to 1973, so AB 168 is the likely vehicle; no page read says it was chaptered',
        status: 'verify',
      },
    ],
  },
  'pc851.91': {
    introducedIn: 'ca-2021.01',
    changedIn: [],
    statute: [
      {
        citation: 'PC 851.91(a)(1)(A)-(B)',
        quote:
          '(A) The statute of limitations has run on every offense upon which the arrest was based and the prosecuting attorney of the city or county that would have had jurisdiction over the offense or offenses upon which the arrest was based has not filed an accusatory pleading based on the arrest. (B) The prosecuting attorney filed an accusatory pleading based on the arrest, but, with respect to all charges, one or more of the following has occurred: (i) No conviction occurred, the charge has been dismissed, and the charge may not be refiled. (ii) No conviction occurred and the arrestee has been acquitted of the charges.',
        source: LEGINFO_851_91,
        status: 'code',
      },
      {
        citation: 'PC 851.91(a)(2)(A)-(B)',
        quote:
          '(A) He or she may still be charged with any of the offenses upon which the arrest was based. (B) Any of the arrest charges … is a charge of murder or any other offense for which there is no statute of limitations, except when the person has been acquitted or found factually innocent of the charge.',
        source: LEGINFO_851_91,
        status: 'code',
      },
      {
        citation: 'PC 461(a), first-degree burglary’s maximum term',
        quote: null,
        source:
          'Not read: the term for first-degree burglary, which decides its limitation period (PC 800 or 801, as the README states them). The rules know second degree (a PC 1170(h) felony: 3 years) but not first, so a felony PC 459 arrest without its degree stays asked (missing_limitation_period), the reason saying which degree gives what; were both degrees placed alike, the rule would decide it (yearsOverDegrees)',
        status: 'verify',
      },
      {
        citation: 'PC 851.91(c)(1)-(2)',
        quote:
          'appellant contends a relevant conviction and his other arrests do not come within the meaning of section 851.91, subdivision (c)(2), such that his petition could be discretionarily denied; rather, he qualifies for relief under section 851.91 as a matter of right',
        source: 'People v. I.C. (Mar. 13, 2023, F083780) [nonpub. opn.], describing (c)(1) and (c)(2)',
        status: 'secondary',
      },
    ],
  },
  'pc851.93': {
    introducedIn: 'ca-2021.01',
    changedIn: [
      { version: 'ca-2022.07', change: 'DOJ’s monthly review begins; arrests from 1973.' },
      { version: 'ca-2024.10', change: 'State-prison felony arrests operate (SB 731).' },
    ],
    statute: [
      {
        citation: 'PC 851.93(a)(2)(C) and offenses with no limitation period',
        quote: null,
        source:
          'Not read: the text of PC 851.93(a)(2)(C) (felony arrests, no charges: 3 years, or 6 for a felony punishable by 8 years or more), in particular whether it requires the statute of limitations to have run or leaves out offenses with no limitation period, as PC 851.91(a)(2)(B) does for sealing (quoted above under pc851.91). Until read, a felony arrest with no charges for an offense the rules list with no limitation period (PC 799: NO_LIMITATION_PERIOD) is asked about (no_limitation_period_check), not granted after 6 years',
        status: 'verify',
      },
      {
        citation: '2024 budget trailer bill (felony arrests operative 2024-10-01)',
        quote:
          'Commencing on July 1, 2024, existing law makes arrest record relief available to a person who has been arrested for a felony, including a felony punishable in the state prison, as specified. … This bill would instead delay implementation of these provision until October 1, 2024',
        source: TRAILER_BILL_SOURCE,
        status: 'secondary',
      },
    ],
  },
  'pc1203.49': { introducedIn: 'ca-2021.01', changedIn: [], statute: [] },
  'pc236.14': { introducedIn: 'ca-2021.01', changedIn: [], statute: [] },
  pc4852: { introducedIn: 'ca-2021.01', changedIn: [], statute: [] },
};
