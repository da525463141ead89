// Petition packets: the filing documents drawn from a matter for one petition (one court case, one
// remedy): the petition with the content of the Judicial Council's optional form for the remedy, the
// proposed order, a declaration in support when a decision was discretionary, and a proof of service.
// Also the office's court data they need (courts and courthouses per county, the district attorney's
// and probation's service addresses, whether the court takes e-filing, attorneys' State Bar numbers)
// and filing runs: the packets for one court, as one PDF and a list for the clerk.
import { z } from 'zod';
import {
  CONVICTION_FIELD_WORDS,
  inSentence,
  type Level,
  type ProbationOutcome,
  type SentenceKind,
  type Tristate,
} from './convictions.ts';
import { countySchema } from './counties.ts';
import { isoDateSchema, readableDate } from './dates.ts';
import { type LanguageCode, languageEnglishName, languageSchema } from './languages.ts';
import { PERSON_FACTS, type PersonFactKey } from './person-facts.ts';
import type { RemedyId } from './remedies.ts';
import { hasVisibleLetter, multiLine, nameLine, singleLine } from './text.ts';

/**
 * Why a packet is not what would be drawn today, as far as a packet can tell: it keeps only what was
 * drawn, not the records it was drawn from nor which version of Relief Desk drew it, so records changed
 * since and this version drawing the same records differently cannot be told apart.
 */
export const PACKET_NOT_AS_DRAWN_TODAY =
  'its records changed since it was prepared, or this version of Relief Desk draws them differently';

// ---------------------------------------------------------------------------------------------------
// Which remedies get a packet, and what each form says.

/** What the packet asks of the court for a conviction, by whether its sentence is complete. */
export type PacketStage = 'completed' | 'serving';

export interface PacketForm {
  /** The Judicial Council form whose content the petition carries, in words. */
  form: string;
  /** The statute the relief rests on, as citations write it: "PC 1203.4", "HS 11361.8". */
  statute: string;
  /** The statute in the caption's words: "Penal Code § 1203.4". */
  statuteWords: string;
  /** How a title names the statute when it names a subdivision too ("PC 17(b)"); else `statute`. */
  titleStatute?: string;
  /**
   * The reliefs the court chooses among when it grants a conviction's (the order marks one beside
   * "Granted", so DOJ knows what to record), by whether the sentence is complete; absent: one relief.
   */
  grantedAs?: (stage: PacketStage) => readonly string[];
  /**
   * The subdivisions the relief rests on, by stage and sentence (as the eligibility rules cite them,
   * packages/eligibility/README.md): a decision's other citations are left out, and a decision citing
   * none of them holds the packet. Absent: no rule says (every citation is kept).
   */
  groundsFor?: (stage: PacketStage, sentenceKind: SentenceKind) => readonly string[];
  /** The petition's title, upper case, by whether every sentence is complete ("mixed": some are not). */
  petitionTitle: (stage: PacketStage | 'mixed') => string;
  /** The proposed order's title, upper case. */
  orderTitle: string;
  /** What is asked for one conviction, before the citation. */
  relief: (stage: PacketStage) => string;
  /** What the order does for a conviction the court grants. */
  granted: string;
  /** The probation department is served too (it supervised the sentence the relief follows). */
  serveProbation: (sentenceKinds: readonly SentenceKind[]) => boolean;
  /**
   * The law enforcement agency that made the arrest is served too: PC 851.91 petitions. Form
   * CR-409-INFO: "A copy of the petition must be served (delivered by hand or by mail) on the
   * prosecutor of the city or county where the arrest happened and the law enforcement agency that
   * made the arrest at least 15 days before the hearing on the petition." The subdivision of 851.91
   * that says so was not read (see docs/working-a-matter.md, "PC 851.91 service and timing").
   */
  serveArrestingAgency: boolean;
  /**
   * What the petition is on: convictions of one case, or (PC 851.91) one arrest that did not end in a
   * conviction (CR-409-INFO: "A separate petition must be filed for each arrest").
   */
  entry: 'conviction' | 'arrest';
  /**
   * What the petition states the petitioner is not, as the person facts name it (the statement is
   * @relief-desk/petitions' remedyStatement, held to this list by its tests): a "yes" on file
   * contradicts the papers, and they are not drawn.
   */
  petitionerIsNot: readonly PersonFactKey[];
}

const DISMISSAL =
  'Permit the petitioner to withdraw the plea of guilty or nolo contendere (or set aside the verdict of guilty), enter a plea of not guilty, and dismiss the accusatory pleading';
const DISMISSAL_GRANTED =
  'For each conviction granted above, the plea, verdict or finding of guilt is set aside and vacated, a plea of not guilty is entered, and the accusatory pleading is dismissed. The petitioner is released from the penalties and disabilities resulting from the offense, except as the statute provides.';
const onProbation = (kinds: readonly SentenceKind[]) => kinds.includes('probation');

/**
 * "…is not serving a sentence for any offense, on probation for any offense, or charged with the
 * commission of any offense" (the condition of PC 1203.4(a)(1) and its neighbours); PC 1203.4a(a) asks
 * only "not then serving a sentence for any offense and is not under charge of commission of any crime".
 */
const NOT_SERVING_ON_PROBATION_OR_CHARGED: readonly PersonFactKey[] = [
  'servingSentence',
  'underSupervision',
  'currentlyCharged',
];

const dismissal = (
  statute: string,
  words: string,
  serveProbation: PacketForm['serveProbation'],
  grounds: readonly string[],
  petitionerIsNot: readonly PersonFactKey[] = NOT_SERVING_ON_PROBATION_OR_CHARGED,
) =>
  ({
    form: 'CR-180 petition, CR-181 order',
    statute,
    statuteWords: words,
    groundsFor: () => grounds,
    petitionTitle: () => 'PETITION FOR DISMISSAL',
    orderTitle: '[PROPOSED] ORDER FOR DISMISSAL',
    relief: () => DISMISSAL,
    granted: DISMISSAL_GRANTED,
    serveProbation,
    serveArrestingAgency: false,
    entry: 'conviction',
    petitionerIsNot,
  }) satisfies PacketForm;

export const PACKET_FORMS = {
  // PC 1203.4: probation was granted; the probation officer notifies the prosecutor of the petition.
  // Grounds: (a)(1), dismissal after probation; (c)(2), a two-point driving offense's, at discretion
  // ((b) lists exclusions, a bar and not a ground).
  'pc1203.4': dismissal('PC 1203.4', 'Penal Code § 1203.4', () => true, ['(a)(1)', '(c)(2)']),
  // Probation in another case is no bar to PC 1203.4a: its petition does not say the person is not on it.
  // Grounds: (a), and (b) for the court's discretion ((d) lists exclusions).
  'pc1203.4a': dismissal(
    'PC 1203.4a',
    'Penal Code § 1203.4a',
    () => false,
    ['(a)', '(b)'],
    ['servingSentence', 'currentlyCharged'],
  ),
  'pc1203.41': dismissal('PC 1203.41', 'Penal Code § 1203.41', onProbation, ['(a)']),
  'pc1203.42': dismissal('PC 1203.42', 'Penal Code § 1203.42', () => false, ['(a)']),
  pc17b: {
    form: 'CR-180 petition, CR-181 order',
    statute: 'PC 17',
    statuteWords: 'Penal Code § 17(b)',
    titleStatute: 'PC 17(b)',
    petitionTitle: () => 'PETITION TO REDUCE FELONY TO MISDEMEANOR',
    orderTitle: '[PROPOSED] ORDER REDUCING FELONY TO MISDEMEANOR',
    relief: () => 'Declare the offense a misdemeanor for all purposes',
    // PC 17(b)(3): a wobbler granted probation, declared a misdemeanor during or after it; (b)(1): one
    // sentenced to neither prison nor 1170(h) jail is one already, the record corrected. PC 17(a) only
    // defines a felony, and (d)(2) makes a misdemeanor an infraction: neither is this petition's ground.
    groundsFor: (_stage, sentenceKind) => (sentenceKind === 'probation' ? ['(b)(3)'] : ['(b)(1)']),
    granted: 'Each offense granted above is declared a misdemeanor for all purposes.',
    serveProbation: onProbation,
    serveArrestingAgency: false,
    entry: 'conviction',
    petitionerIsNot: [],
  },
  prop47: {
    form: 'Proposition 47 petition or application (county form content)',
    statute: 'PC 1170.18',
    statuteWords: 'Penal Code § 1170.18 (Proposition 47)',
    petitionTitle: (stage) =>
      stage === 'completed'
        ? 'APPLICATION TO DESIGNATE FELONY AS MISDEMEANOR'
        : stage === 'serving'
          ? 'PETITION FOR RECALL OF SENTENCE AND RESENTENCING'
          : 'PETITION FOR RESENTENCING AND APPLICATION FOR REDESIGNATION',
    orderTitle: '[PROPOSED] ORDER ON PROPOSITION 47 PETITION',
    relief: (stage) =>
      stage === 'completed'
        ? 'Designate the felony conviction a misdemeanor'
        : 'Recall the sentence and resentence the petitioner to a misdemeanor',
    // PC 1170.18(f)-(g): a completed sentence's application to designate; (a)-(b): a sentence still
    // served, recalled and resentenced ((i) states the bars, (j) the time to apply).
    groundsFor: (stage) => (stage === 'completed' ? ['(f)', '(g)'] : ['(a)', '(b)']),
    granted:
      'Each felony conviction granted above is designated a misdemeanor, or its sentence recalled and the petitioner resentenced to a misdemeanor, as asked.',
    serveProbation: () => false,
    serveArrestingAgency: false,
    entry: 'conviction',
    // "Petitioner has no prior conviction for an offense listed in Penal Code section 667(e)(2)(C)(iv)
    // and no conviction that requires registration under Penal Code section 290" (PC 1170.18(i)).
    petitionerIsNot: ['hasSuperstrikePrior', 'requiredToRegisterPC290'],
  },
  prop64: {
    form: 'Proposition 64 petition or application (CR-400 content)',
    statute: 'HS 11361.8',
    statuteWords: 'Health and Safety Code § 11361.8 (Proposition 64)',
    petitionTitle: (stage) =>
      stage === 'completed'
        ? 'APPLICATION FOR DISMISSAL AND SEALING OR REDESIGNATION'
        : stage === 'serving'
          ? 'PETITION FOR RECALL OR DISMISSAL OF SENTENCE'
          : 'PETITION AND APPLICATION UNDER PROPOSITION 64',
    orderTitle: '[PROPOSED] ORDER ON PROPOSITION 64 PETITION',
    relief: (stage) =>
      stage === 'completed'
        ? 'Dismiss and seal the conviction, or redesignate it as a misdemeanor or infraction, as the statute provides'
        : 'Recall or dismiss the sentence, and resentence the petitioner as the statute provides',
    // HS 11361.8(e)-(f): a completed sentence's conviction is dismissed and sealed as legally invalid,
    // or redesignated a misdemeanor or infraction; (a)-(b): a sentence still served is recalled or
    // dismissed. Which one depends on the conduct, for the court to find and the order to say.
    grantedAs: (stage) =>
      stage === 'completed'
        ? ['dismissed and sealed', 'redesignated a misdemeanor', 'redesignated an infraction']
        : ['sentence recalled and petitioner resentenced', 'sentence dismissed'],
    groundsFor: (stage) => (stage === 'completed' ? ['(e)', '(f)', '(g)', '(h)'] : ['(a)', '(b)']),
    granted: 'Each conviction granted above is given the relief marked beside it.',
    serveProbation: () => false,
    serveArrestingAgency: false,
    entry: 'conviction',
    petitionerIsNot: [],
  },
  'pc851.91': {
    form: 'CR-409 petition, CR-410 order',
    statute: 'PC 851.91',
    statuteWords: 'Penal Code § 851.91',
    petitionTitle: () => 'PETITION TO SEAL ARREST AND RELATED RECORDS',
    orderTitle: '[PROPOSED] ORDER TO SEAL ARREST AND RELATED RECORDS',
    // PC 851.91(a): a person may petition "to have his or her arrest and related records sealed, as
    // described in Section 851.92".
    relief: () => 'Seal the arrest and the related records, as described in Penal Code section 851.92',
    granted:
      'The arrest and the related records granted above are sealed as described in Penal Code section 851.92.',
    serveProbation: () => false,
    serveArrestingAgency: true,
    entry: 'arrest',
    petitionerIsNot: [],
  },
} as const satisfies Partial<Record<RemedyId, PacketForm>>;

export type PacketRemedy = keyof typeof PACKET_FORMS;
export const PACKET_REMEDIES = Object.keys(PACKET_FORMS) as PacketRemedy[];

/**
 * The citations of a decision that are grounds for the relief at this stage and sentence; all of them
 * when the form says of none. Empty: the decision cites none that fits, and the papers wait.
 */
export function groundsOf(
  form: PacketForm,
  stage: PacketStage,
  sentenceKind: SentenceKind,
  citations: readonly string[],
): string[] {
  const grounds = form.groundsFor?.(stage, sentenceKind);
  if (!grounds) return [...citations];
  return citations.filter((c) => grounds.some((g) => c.startsWith(`${form.statute}${g}`)));
}

/** The grounds that fit, in words: "PC 17(b)(3)"; "HS 11361.8(e), (f), (g) or (h)". */
export function groundsWords(form: PacketForm, stage: PacketStage, sentenceKind: SentenceKind): string {
  const grounds = form.groundsFor?.(stage, sentenceKind) ?? ['(a)'];
  const [first, ...rest] = grounds;
  if (rest.length === 0) return `${form.statute}${first ?? ''}`;
  return `${form.statute}${[first, ...rest.slice(0, -1)].join(', ')} or ${rest.at(-1)}`;
}

export function packetFormFor(remedy: string): PacketForm | null {
  return Object.hasOwn(PACKET_FORMS, remedy) ? PACKET_FORMS[remedy as PacketRemedy] : null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A parenthesis that states an exception ("(unless …)", "(except …)"), subdivisions inside it included. */
const EXCEPTION_PARENTHESES = /\((?:unless|except)\b(?:[^()]|\([^()]*\))*\)/gi;
/**
 * A clause that states one, to the end of its sentence or clause, or to a parenthesis (a citation of
 * the grounds may follow it: "… unless the prosecution proves otherwise (HS 11361.8(e))"); a
 * citation inside the clause loses its section, so it is not read either.
 */
const EXCEPTION_CLAUSES = /\b(?:unless|except)\b[^.;()]*/gi;

/**
 * The citations of the remedy's statute, with a subdivision, in a decision's reasons: what the relief
 * rests on. "… mandatory (PC 1203.4(a)(1))." gives ["PC 1203.4(a)(1)"]; a citation of another section
 * ("PC 1203.41(a)", "VC 12810(b)") or of the statute without a subdivision gives nothing.
 */
export function statuteCitations(remedy: PacketRemedy, reasons: string): string[] {
  const { statute } = PACKET_FORMS[remedy];
  // What would bar the relief is not what it rests on: "granted as a matter of right (unless the
  // person evaded law enforcement through identity fraud, PC 851.91(a)(2)(C)-(D))" cites an exception.
  const grounds = reasons.replace(EXCEPTION_PARENTHESES, ' ').replace(EXCEPTION_CLAUSES, ' ');
  const [code, section] = statute.split(' ');
  const pattern = new RegExp(
    `(?<![A-Za-z])${escapeRegExp(code ?? '')}\\s*(?:§\\s*)?${escapeRegExp(section ?? '')}((?:\\([0-9A-Za-z.-]{1,8}\\))+)`,
    'g',
  );
  const found: string[] = [];
  for (const match of grounds.matchAll(pattern)) {
    const citation = `${statute}${match[1]}`;
    if (!found.includes(citation)) found.push(citation);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Office settings: courts and service addresses per county, attorneys' State Bar numbers.

/** Lines of an address as typed: at most `max`, none empty. */
const addressText = (max: number, emptyMessage: string) =>
  multiLine()
    .max(300)
    .refine((a) => a !== '', { message: emptyMessage })
    .refine((a) => a.split('\n').filter((l) => l.trim()).length <= max, {
      message: `Use at most ${max} lines.`,
    });

/** Case-number beginnings as typed ("BA, la ,SA"): upper case, each once. */
export function casePrefixesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((p) => p.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

export const courthouseSchema = z.object({
  /** Kept from the settings; empty for a courthouse added in the form (the server gives it one). */
  id: singleLine().max(64).default(''),
  name: singleLine().min(1, 'Name the courthouse, for example René C. Davidson Courthouse.').max(120),
  address: addressText(3, 'Enter the courthouse’s street address.'),
  /**
   * The beginnings of the case numbers filed at this courthouse, separated by commas ("BA, LA"): a
   * petition whose case number starts with one goes here, unless one is chosen for it.
   */
  casePrefixes: multiLine()
    .max(300)
    .default('')
    .refine((t) => casePrefixesOf(t).every((p) => /^[A-Z0-9-]{1,12}$/.test(p)), {
      message: 'Write the beginnings of case numbers as letters and digits, separated by commas: BA, LA.',
    })
    .refine((t) => casePrefixesOf(t).length <= 20, { message: 'Give at most 20 beginnings.' })
    .transform(casePrefixesOf),
});
export type CourthouseInput = z.input<typeof courthouseSchema>;
/** A courthouse as the settings keep it. */
export type Courthouse = z.output<typeof courthouseSchema>;
/** A courthouse as a packet's caption names it (what the snapshot keeps). */
export interface PacketCourthouse {
  name: string;
  address: string;
}

/** How a petition's courthouse was found. */
export type CourthouseChoice =
  | { courthouse: Courthouse; how: 'chosen' | 'named' | 'case_number' | 'only' }
  /** The county has no courthouses in the settings: the court's name alone heads the papers. */
  | { courthouse: null; how: 'none' }
  | { courthouse: null; how: 'unknown'; message: string };

/**
 * The courthouse a petition is filed at: the one chosen for it; else the one its courthouse field names;
 * else the one whose case-number beginning its case number starts with (the longest); else the
 * county's only one. Several and none of these: not known, with what to do.
 */
export function courthouseFor(
  courthouses: readonly Courthouse[],
  petition: { caseNumber: string; courthouseId: string | null; courthouseName: string; county: string },
): CourthouseChoice {
  if (courthouses.length === 0) return { courthouse: null, how: 'none' };
  if (petition.courthouseId) {
    const chosen = courthouses.find((c) => c.id === petition.courthouseId);
    return chosen
      ? { courthouse: chosen, how: 'chosen' }
      : {
          courthouse: null,
          how: 'unknown',
          message: `The courthouse chosen for this petition is no longer among ${petition.county} County’s courthouses in Office settings: choose another.`,
        };
  }
  const named = petition.courthouseName.trim().toLowerCase();
  if (named !== '') {
    const found = courthouses.find((c) => c.name.toLowerCase() === named);
    if (found) return { courthouse: found, how: 'named' };
    return {
      courthouse: null,
      how: 'unknown',
      message: `The petition names the courthouse “${petition.courthouseName.trim()}”, which is not among ${petition.county} County’s courthouses in Office settings: choose one.`,
    };
  }
  const caseNumber = petition.caseNumber.replace(/\s+/g, '').toUpperCase();
  let best: { courthouse: Courthouse; length: number } | null = null;
  for (const c of courthouses)
    for (const prefix of c.casePrefixes)
      if (caseNumber.startsWith(prefix) && prefix.length > (best?.length ?? 0))
        best = { courthouse: c, length: prefix.length };
  if (best) return { courthouse: best.courthouse, how: 'case_number' };
  const [only] = courthouses;
  if (only && courthouses.length === 1) return { courthouse: only, how: 'only' };
  return {
    courthouse: null,
    how: 'unknown',
    // An arrest on which no case was filed has no case number to place it by.
    message: petition.caseNumber.trim()
      ? `${petition.county} County has ${courthouses.length} courthouses and case number ${petition.caseNumber.trim()} begins with none of their case-number beginnings: choose the courthouse for this petition.`
      : `${petition.county} County has ${courthouses.length} courthouses and this petition has no case number to place it by: choose the courthouse for this petition.`,
  };
}

const servedPartySchema = z.object({
  name: singleLine().max(160),
  address: multiLine()
    .max(300)
    .refine((a) => a.split('\n').filter((l) => l.trim()).length <= 4, { message: 'Use at most 4 lines.' }),
});

/** The levels of case a prosecuting agency takes. */
export const PROSECUTED_LEVELS = ['felony', 'misdemeanor', 'infraction'] as const satisfies readonly Level[];

/**
 * A prosecuting agency besides the county's prosecutor: a city attorney who prosecutes the
 * misdemeanors and infractions of a city (Los Angeles, San Diego, Long Beach, Pasadena, Burbank, Santa
 * Monica…), named by the courthouses those cases are filed at. The county's prosecutor takes every
 * case none of these takes.
 */
export const prosecutingAgencySchema = z.object({
  /** Kept from the settings; empty for one added in the form (the server gives it one). */
  id: singleLine().max(64).default(''),
  name: singleLine().min(1, 'Name the prosecuting agency, for example Long Beach City Attorney.').max(160),
  address: addressText(4, 'Enter the address where this prosecutor is served.'),
  levels: z
    .array(z.enum(PROSECUTED_LEVELS))
    .min(1, 'Choose the levels of case this prosecutor takes, for example misdemeanors and infractions.')
    .transform((l) => PROSECUTED_LEVELS.filter((x) => l.includes(x))),
  /** The courthouses whose cases (of those levels) it takes, by id from the county's courthouses. */
  courthouseIds: z
    .array(singleLine().min(1).max(64))
    .min(1, 'Choose the courthouses whose cases this prosecutor takes.')
    .max(20),
});
export type ProsecutingAgencyInput = z.input<typeof prosecutingAgencySchema>;
export type ProsecutingAgency = z.output<typeof prosecutingAgencySchema>;

/** The id a petition's prosecutor choice gives the county's own prosecutor. */
export const COUNTY_PROSECUTOR_ID = 'county';

/** The prosecuting agency a petition is served on, and how it was found. */
export type ProsecutorChoice =
  | {
      prosecutor: { id: string; name: string; address: string };
      how: 'chosen' | 'court_and_level' | 'county';
    }
  | { prosecutor: null; how: 'unknown'; message: string };

const LEVEL_WORDS: Record<Level, string> = {
  felony: 'felony',
  misdemeanor: 'misdemeanor',
  infraction: 'infraction',
};

/**
 * The prosecutor a petition is served on: the one chosen for it on the packet; else the agency that
 * takes cases of its level at its courthouse (a city attorney's misdemeanors); else the county's
 * prosecutor. Two agencies taking the same cases leave it to be chosen.
 */
export function prosecutorFor(
  county: { name: string; address: string; others: readonly ProsecutingAgency[]; county: string },
  petition: { prosecutorId: string | null; level: Level | null; courthouseId: string | null },
): ProsecutorChoice {
  const own = { id: COUNTY_PROSECUTOR_ID, name: county.name, address: county.address };
  if (petition.prosecutorId) {
    if (petition.prosecutorId === COUNTY_PROSECUTOR_ID) return { prosecutor: own, how: 'chosen' };
    const chosen = county.others.find((p) => p.id === petition.prosecutorId);
    return chosen
      ? { prosecutor: chosen, how: 'chosen' }
      : {
          prosecutor: null,
          how: 'unknown',
          message: `The prosecutor chosen for this petition is no longer among ${county.county} County’s prosecuting agencies in Office settings: choose another.`,
        };
  }
  const { level, courthouseId } = petition;
  const taking =
    level && courthouseId
      ? county.others.filter((p) => p.levels.includes(level) && p.courthouseIds.includes(courthouseId))
      : [];
  const [only] = taking;
  if (only && taking.length === 1) return { prosecutor: only, how: 'court_and_level' };
  if (taking.length > 1)
    return {
      prosecutor: null,
      how: 'unknown',
      message: `${taking.map((p) => p.name).join(' and ')} both take ${LEVEL_WORDS[level ?? 'misdemeanor']} cases of this courthouse in Office settings: choose the prosecutor this petition is served on.`,
    };
  return { prosecutor: own, how: 'county' };
}

/** The most serious level among a petition's entries: it decides which prosecutor takes the case. */
export function mostSeriousLevel(levels: readonly string[]): Level | null {
  return PROSECUTED_LEVELS.find((l) => levels.includes(l)) ?? null;
}

export const countyCourtInputSchema = z
  .object({
    county: countySchema,
    /** The version the form started from; 0 when the county has no settings yet. */
    version: z.number().int().min(0),
    courtName: singleLine()
      .min(1, 'Enter the court’s name, for example Superior Court of California, County of Alameda.')
      .max(200),
    eFiling: z.boolean(),
    courthouses: z
      .array(courthouseSchema)
      .max(20, 'List at most 20 courthouses.')
      .refine((list) => new Set(list.map((c) => c.name.toLowerCase())).size === list.length, {
        message: 'Name each courthouse once.',
      })
      .superRefine((list, ctx) => {
        // A case number must lead to one courthouse: each beginning belongs to one.
        const owner = new Map<string, number>();
        list.forEach((c, i) => {
          for (const prefix of c.casePrefixes) {
            const first = owner.get(prefix);
            if (first === undefined) owner.set(prefix, i);
            else
              ctx.addIssue({
                code: 'custom',
                path: [i, 'casePrefixes'],
                message: `Case numbers beginning ${prefix} already go to ${list[first]?.name || `courthouse ${first + 1}`}.`,
              });
          }
        });
      }),
    prosecutor: servedPartySchema,
    probation: servedPartySchema,
    /** Prosecuting agencies besides the county's prosecutor (city attorneys). */
    prosecutors: z
      .array(prosecutingAgencySchema)
      .max(20, 'List at most 20 prosecuting agencies.')
      .default([]),
  })
  .superRefine((c, ctx) => {
    const need = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Each agency names courthouses this county's settings already keep (a courthouse added in the
    // same form has no id yet: save it first).
    c.prosecutors.forEach((p, i) => {
      if (p.courthouseIds.some((id) => !c.courthouses.some((h) => h.id !== '' && h.id === id)))
        need(
          ['prosecutors', String(i), 'courthouseIds'],
          'Choose courthouses this county’s settings keep; save a courthouse you just added first.',
        );
    });
    if (c.prosecutor.name === '')
      need(
        ['prosecutor', 'name'],
        'Name the prosecuting agency, for example Alameda County District Attorney.',
      );
    if (c.prosecutor.address === '')
      need(['prosecutor', 'address'], 'Enter the address where the prosecutor is served.');
    if ((c.probation.name === '') !== (c.probation.address === ''))
      need(
        c.probation.name === '' ? ['probation', 'name'] : ['probation', 'address'],
        'Give both the probation department’s name and its address, or neither.',
      );
  });
export type CountyCourtInput = z.input<typeof countyCourtInputSchema>;
export type CountyCourt = z.output<typeof countyCourtInputSchema>;

export const stateBarNumberSchema = singleLine().regex(
  /^\d{1,7}$/,
  'Enter the State Bar number as its digits, for example 123456.',
);

export const setStateBarNumberInputSchema = z.object({
  userId: singleLine().min(1).max(64),
  /** The version the form started from; 0 when the person has no number on file. */
  version: z.number().int().min(0),
  /** Empty removes the number. */
  stateBarNumber: z.union([z.literal(''), stateBarNumberSchema]),
});
export type SetStateBarNumberInput = z.input<typeof setStateBarNumberInputSchema>;

// ---------------------------------------------------------------------------------------------------
// Preparing a packet.

export const packetCheckInputSchema = z.object({
  petitionId: singleLine().min(1).max(64),
  /** The attorney whose name and State Bar number head the papers; empty: the default. */
  attorneyId: singleLine().max(64).nullable().default(null),
});
export type PacketCheckInput = z.input<typeof packetCheckInputSchema>;

export const preparePacketInputSchema = z.object({
  petitionId: singleLine().min(1).max(64),
  attorneyId: singleLine().min(1, 'Choose the attorney whose name heads the papers.').max(64),
  /** The packet version the person saw (0: none yet): a newer one prepared meanwhile is not replaced. */
  baseVersion: z.number().int().min(0),
});
export type PreparePacketInput = z.input<typeof preparePacketInputSchema>;

const ownWords = (max: number) => multiLine().max(max, `Keep it under ${max} characters.`);

/** The declaration in support, in the client's own words (English), from the guided form. */
export const declarationInputSchema = z
  .object({
    petitionId: singleLine().min(1).max(64),
    /** The version the form started from; 0 when there is none yet. */
    version: z.number().int().min(0),
    rehabilitation: ownWords(6000).refine((t) => t !== '', {
      message: 'Write what the client has done since the conviction, in their own words.',
    }),
    employment: ownWords(6000).default(''),
    communityTies: ownWords(6000).default(''),
    otherReasons: ownWords(6000).default(''),
    /**
     * The language the declaration was read to the client in; null (or English, or the form's empty
     * choice): the client read it in English themselves. Court papers are in English (CCP 185): a
     * client who cannot read them signs with a translator's declaration (CCP 2015.5).
     */
    readToClientIn: z
      .union([z.literal(''), languageSchema])
      .nullable()
      .default(null)
      .transform((code): Exclude<LanguageCode, 'en'> | null => (code === '' || code === 'en' ? null : code)),
    /** Who read it to the client in that language; empty when no one did. */
    translatorName: nameLine()
      .max(120, 'Keep the translator’s name under 120 characters.')
      .refine((n) => n === '' || hasVisibleLetter(n), { message: 'Write the translator’s name in letters.' })
      .default(''),
  })
  .superRefine((d, ctx) => {
    if (d.readToClientIn && d.translatorName === '')
      ctx.addIssue({
        code: 'custom',
        path: ['translatorName'],
        message: `Name the person who read the declaration to the client in ${languageEnglishName(d.readToClientIn)}; their declaration as translator is filed with it. If the client read it in English themselves, choose English.`,
      });
    if (!d.readToClientIn && d.translatorName !== '')
      ctx.addIssue({
        code: 'custom',
        path: ['readToClientIn'],
        message:
          'Choose the language the translator read the declaration to the client in, or clear the translator’s name if the client read it in English themselves.',
      });
  });
export type DeclarationInput = z.input<typeof declarationInputSchema>;
/** The declaration's own words, the headings of the guided form. */
export type Declaration = Omit<
  z.output<typeof declarationInputSchema>,
  'petitionId' | 'version' | 'readToClientIn' | 'translatorName'
>;
/** Who read the declaration to the client, and in which language other than English. */
export interface DeclarationTranslation {
  language: Exclude<LanguageCode, 'en'>;
  translatorName: string;
}
/** The declaration as a packet prints it: with the translator's declaration when it was read to the client. */
export type PacketDeclaration = Declaration & { translation?: DeclarationTranslation };

/** The guided form's questions, as the attorney asks them and the declaration's headings. */
export const DECLARATION_PROMPTS: Record<
  keyof Declaration,
  { label: string; hint: string; heading: string }
> = {
  rehabilitation: {
    label: 'Since the conviction',
    hint: 'What the client has done since: treatment, classes, sobriety, staying out of trouble, making amends.',
    heading: 'Since my conviction',
  },
  employment: {
    label: 'Work and education',
    hint: 'Jobs, training, school, and how the conviction stands in the way.',
    heading: 'Work and education',
  },
  communityTies: {
    label: 'Family and community',
    hint: 'Family the client supports, volunteering, faith community, people who rely on them.',
    heading: 'My family and community',
  },
  otherReasons: {
    label: 'Why relief now (optional)',
    hint: 'Anything else the court should know: housing, licensing, immigration, hardship.',
    heading: 'Why I ask for relief',
  },
};

/** The courthouse a petition is filed at, chosen for it; null: by its case number, as the settings say. */
export const setPetitionCourthouseInputSchema = z.object({
  petitionId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  courthouseId: singleLine().min(1).max(64).nullable(),
});
export type SetPetitionCourthouseInput = z.input<typeof setPetitionCourthouseInputSchema>;

/** The prosecutor a petition is served on, chosen on its packet; null: as the settings' rule says. */
export const setPetitionProsecutorInputSchema = z.object({
  petitionId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  prosecutorId: singleLine().min(1).max(64).nullable(),
});
export type SetPetitionProsecutorInput = z.input<typeof setPetitionProsecutorInputSchema>;

/**
 * Where the law enforcement agency that made the arrest is served with a PC 851.91 petition. The
 * agency is the one the arrest record names; the name typed here is used only when the record names
 * none (then it is required).
 */
export const arrestingAgencyInputSchema = z.object({
  petitionId: singleLine().min(1).max(64),
  /** The version the form started from; 0 when there is none yet. */
  version: z.number().int().min(0),
  name: singleLine().max(160).default(''),
  address: addressText(4, 'Enter the address where the agency is served.'),
});
export type ArrestingAgencyInput = z.input<typeof arrestingAgencyInputSchema>;

/** What keeps a packet from being drawn, each with what fixes it. */
export const PACKET_MISSING_CODES = [
  'remedy',
  'status',
  'matter_ended',
  'court_settings',
  'probation_address',
  'attorney',
  'state_bar_number',
  'office_profile',
  'decision',
  'citation',
  'sentence_end',
  'declaration',
  'courthouse',
  'arresting_agency',
  'arrest_county',
  'prosecutor',
  'arrest',
  'person_facts',
  'conviction_facts',
  'decision_outdated',
  'declaration_translation',
] as const;
export type PacketMissingCode = (typeof PACKET_MISSING_CODES)[number];

export interface PacketMissing {
  code: PacketMissingCode;
  message: string;
  /** The conviction it concerns (decision, citation, sentence end). */
  convictionId?: string;
  /** The arrest it concerns (decision, citation). */
  arrestId?: string;
  /** The county whose settings it concerns. */
  county?: string;
  /** The attorney whose State Bar number is missing. */
  userId?: string;
}

// ---------------------------------------------------------------------------------------------------
// What a packet is drawn from: a snapshot, kept with each version, so a filing run draws exactly the
// pages that were prepared.

export interface PacketConviction {
  id: string;
  code: string;
  section: string;
  level: Level;
  /**
   * A felony since designated a misdemeanor (PC 1170.18(k), PC 17(b): "for all purposes"), said
   * beside its level; absent from packets drawn before it was kept.
   */
  designatedMisdemeanor?: { under: string; on: string | null } | null;
  convictionDate: string;
  sentenceKind: SentenceKind;
  /** The day the sentence (or probation) ends or ended. */
  sentenceEnd: string;
  probationOutcome: ProbationOutcome;
  /** Whether the sentence was complete on the packet's date. */
  completed: boolean;
  determination: 'eligible_mandatory' | 'eligible_discretionary';
  /** The statute and subdivision(s) the relief rests on, from the decision: "PC 1203.4(a)(1)". */
  citation: string;
  /** What is asked for this conviction, with its citation. */
  relief: string;
}

/** The arrest a PC 851.91 packet asks to seal, as the arrest record and its decision say. */
export interface PacketArrest {
  id: string;
  arrestDate: string;
  /** The law enforcement agency that made the arrest, as the record names it ('' when it does not). */
  agency: string;
  code: string;
  section: string;
  description: string;
  level: Level;
  /** What became of the arrest, in words: "Charges dismissed". */
  disposition: string;
  dispositionDate: string | null;
  determination: 'eligible_mandatory' | 'eligible_discretionary';
  /** The subdivision(s) of PC 851.91 the decision cites: "PC 851.91(a)(1)(B)(i)". */
  citation: string;
  relief: string;
}

export interface PacketParty {
  name: string;
  addressLines: string[];
}

export interface PacketData {
  /**
   * The day the packet was prepared: its PDF's creation date. No paper prints it: a signature's date
   * is left blank, written in by whoever signs.
   */
  date: string;
  petitionId: string;
  remedy: PacketRemedy;
  caseNumber: string;
  county: string;
  court: { name: string; courthouse: PacketCourthouse | null };
  hearingOn: string | null;
  attorney: {
    name: string;
    stateBarNumber: string;
    officeName: string;
    addressLines: string[];
    phone: string;
    email: string;
  };
  petitioner: { name: string; dateOfBirth: string };
  /** Empty for a petition on an arrest. */
  convictions: PacketConviction[];
  /** A petition on an arrest (PC 851.91): the arrest. Absent from conviction petitions. */
  arrests?: PacketArrest[];
  /**
   * Present when any conviction's (or the arrest's) decision was discretionary; its translation only
   * when it was read to the client in a language other than English (absent otherwise, so a snapshot
   * kept before translations were recorded says the same as one drawn today).
   */
  declaration: PacketDeclaration | null;
  /**
   * Who is served: the prosecuting agency (the county's prosecutor, or a city attorney for the cases
   * it takes), and probation where the remedy calls for it, or (PC 851.91) the law enforcement agency
   * that made the arrest.
   */
  served: PacketParty[];
}

/** The petition's title for these convictions. */
export function petitionTitleOf(data: Pick<PacketData, 'remedy' | 'convictions'>): string {
  const done = data.convictions.filter((c) => c.completed).length;
  const stage = done === data.convictions.length ? 'completed' : done === 0 ? 'serving' : 'mixed';
  return PACKET_FORMS[data.remedy].petitionTitle(stage);
}

/** The documents a packet holds, in order. */
export function packetDocuments(data: Pick<PacketData, 'declaration'>): string[] {
  return [
    'petition',
    ...(data.declaration ? ['declaration'] : []),
    ...(data.declaration?.translation ? ['translator’s declaration'] : []),
    'order',
    'proof of service',
  ];
}

// ---------------------------------------------------------------------------------------------------
// Filing runs.

/** The most petitions one filing run holds. */
export const MAX_FILING_RUN = 500;

/** A courthouse of the county's settings; null: the county has none (runs are for its court). */
const runCourthouseSchema = singleLine().min(1).max(64).nullable().default(null);

export const filingOverviewInputSchema = z.object({
  county: countySchema,
  courthouseId: runCourthouseSchema,
});

export const createFilingRunInputSchema = z.object({
  county: countySchema,
  courthouseId: runCourthouseSchema,
  petitionIds: z
    .array(singleLine().min(1).max(64))
    .min(1, 'Choose at least one petition to file.')
    .max(MAX_FILING_RUN, `A filing run holds at most ${MAX_FILING_RUN} petitions.`)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Choose each petition once.' }),
});
export type CreateFilingRunInput = z.input<typeof createFilingRunInputSchema>;

export const filingRunInputSchema = z.object({ runId: singleLine().min(1).max(64) });

const optionalDate = isoDateSchema.nullable().default(null);

export const recordRunFiledInputSchema = z
  .object({
    runId: singleLine().min(1).max(64),
    version: z.number().int().positive(),
    filedOn: isoDateSchema,
    servedOn: optionalDate,
    petitions: z
      .array(
        z.object({
          petitionId: singleLine().min(1).max(64),
          hearingOn: optionalDate,
          ruleByOn: optionalDate,
        }),
      )
      .min(1)
      .max(MAX_FILING_RUN),
  })
  .superRefine((r, ctx) => {
    // Service may come before filing: the proof of service is filed with the petitions.
    r.petitions.forEach((p, i) => {
      for (const key of ['hearingOn', 'ruleByOn'] as const) {
        const day = p[key];
        if (day && day < r.filedOn)
          ctx.addIssue({
            code: 'custom',
            path: ['petitions', i, key],
            message:
              key === 'hearingOn'
                ? 'The hearing cannot be before the filing date.'
                : 'The rule-by date cannot be before the filing date.',
          });
      }
    });
  });
export type RecordRunFiledInput = z.input<typeof recordRunFiledInputSchema>;

/**
 * What a petition says of the petitioner for each person fact it rests on: the claim, and the words
 * of it the petition itself carries (its tests hold the papers to these, remedy by remedy).
 */
export const PETITION_CLAIMS: Readonly<Record<PersonFactKey, { claim: string; words: string }>> = {
  servingSentence: {
    claim: 'the petitioner is not serving a sentence for any offense',
    words: 'not serving a sentence for any offense',
  },
  underSupervision: {
    claim: 'the petitioner is not on probation for any offense',
    words: 'on probation for any offense',
  },
  currentlyCharged: {
    claim: 'the petitioner is not charged with the commission of any offense',
    words: 'charged with the commission of any offense',
  },
  hasSuperstrikePrior: {
    claim:
      'the petitioner has no prior conviction for an offense listed in Penal Code section 667(e)(2)(C)(iv)',
    words: 'no prior conviction for an offense listed in Penal Code section 667(e)(2)(C)(iv)',
  },
  requiredToRegisterPC290: {
    claim: 'the petitioner has no conviction that requires registration under Penal Code section 290',
    words: 'no conviction that requires registration under Penal Code section 290',
  },
};

/**
 * The statements a remedy's petition makes about the petitioner that the person facts on file
 * contradict (a "yes"), each with what to do: the papers would tell the court something untrue.
 */
export function contradictedStatements(
  remedy: PacketRemedy,
  facts: Readonly<Record<PersonFactKey, 'yes' | 'no' | 'unknown'>>,
): { fact: PersonFactKey; message: string }[] {
  return PACKET_FORMS[remedy].petitionerIsNot
    .filter((fact) => facts[fact] === 'yes')
    .map((fact) => {
      const label = PERSON_FACTS.find((f) => f.key === fact)?.label ?? fact;
      return {
        fact,
        message: `The petition states that ${PETITION_CLAIMS[fact].claim}, and the facts about the person today answer “Yes” to “${label}”. Correct the facts if they are wrong; if they are right, this petition cannot be filed as drawn: decide its convictions again.`,
      };
    });
}

/** A conviction's record as the packet's statements about it read it. */
export interface StatedConviction {
  /** "PC 487(a)": how the message names it. */
  name: string;
  code: string;
  level: Level;
  wobbler: Tristate;
  sentenceKind: SentenceKind;
  executionSuspended: Tristate;
  probationOutcome: ProbationOutcome;
  valueOver950: Tristate;
  /** Whether Prop 47 reaches its section only at $950 or less (PC 1170.18(a)), by the rules' list. */
  valueLimited: boolean;
  /** Whether Prop 64 reaches its section (HS 11361.8), by the rules' list; "unknown": a subdivision not written. */
  prop64Section: Tristate;
  /** Whether the sentence (or probation) is complete on the packet's date, by its end date ("unknown": none entered). */
  completed: boolean | 'unknown';
  /** The end date, for the message. */
  sentenceEnd: string | null;
}

/** The record's fields a statement may rest on. */
export type StatedField = Exclude<keyof StatedConviction, 'name' | 'code' | 'sentenceEnd' | 'valueLimited'>;

/**
 * A statement the papers make about each conviction they list, and what its record must say for it
 * to be true. The papers print `words` (the petitions package's tests hold every statement to the
 * papers it is printed on); the packet holds when the record says another value of `field`, or
 * "not known".
 */
export interface ConvictionStatement {
  /** The words the papers print that make it. */
  words: string;
  /** What it says, of the conviction so named: "PC 459 is punishable either as a felony or as a misdemeanor". */
  claim: (name: string) => string;
  remedies: readonly PacketRemedy[];
  /** Printed only of a conviction decided eligible as a matter of right. */
  mandatoryOnly?: true;
  /** Made only of these convictions: the papers say nothing of it for the others. */
  of?: (c: Pick<StatedConviction, 'code' | 'sentenceKind' | 'valueLimited'>) => boolean;
  field: StatedField;
  /** The values that make it true; any other ("unknown" included) holds the packet. */
  holds: readonly (string | boolean)[];
  /** What to do when the record, if right, says otherwise. */
  otherwise: string;
}

/** The remedies whose petition states the petitioner is not this (PACKET_FORMS' petitionerIsNot). */
const stating = (fact: PersonFactKey): PacketRemedy[] =>
  PACKET_REMEDIES.filter((r) => (PACKET_FORMS[r].petitionerIsNot as readonly PersonFactKey[]).includes(fact));
const onProbationSentence = (c: Pick<StatedConviction, 'sentenceKind'>) => c.sentenceKind === 'probation';
const DECIDE_AGAIN = 'decide it again';
const WOOD = 'People v. Wood (1998) 62 Cal.App.4th 1262';

/**
 * Every statement the packet templates make about the convictions they list (the petition's title,
 * its statements for the remedy, the relief asked and the order's words), each with the record it
 * rests on. The remedy's statements about the petitioner are PETITION_CLAIMS, checked against the
 * person facts; the offense, dates and sentence are printed from the record itself.
 */
export const CONVICTION_STATEMENTS: readonly ConvictionStatement[] = [
  {
    words: 'PETITION TO REDUCE FELONY TO MISDEMEANOR',
    claim: (name) => `${name} is a felony, to be reduced to a misdemeanor`,
    remedies: ['pc17b'],
    field: 'level',
    holds: ['felony'],
    otherwise: `PC 17(b) reduces only a felony: withdraw this petition (a misdemeanor listed in PC 19.8 is made an infraction under PC 17(d)(2), which these papers do not ask), or ${DECIDE_AGAIN}`,
  },
  {
    words: 'Each offense listed is punishable either as a felony or as a misdemeanor',
    claim: (name) => `${name} is punishable either as a felony or as a misdemeanor (a wobbler)`,
    remedies: ['pc17b'],
    field: 'wobbler',
    holds: ['yes'],
    otherwise: `PC 17(b) does not reach it: ${DECIDE_AGAIN}`,
  },
  {
    words:
      'petitioner was not sentenced to state prison or to county jail under Penal Code section 1170(h) for it',
    claim: (name) => `${name} was not sentenced to state prison or to county jail under PC 1170(h)`,
    remedies: ['pc17b'],
    field: 'sentenceKind',
    holds: ['probation', 'jail_only', 'fine_only'],
    otherwise: `PC 17(b) does not reach it: ${DECIDE_AGAIN}`,
  },
  {
    // A sentence imposed and its execution suspended is a prison sentence: PC 17(b)(3) reaches only
    // probation granted with imposition of sentence suspended.
    words:
      'petitioner was not sentenced to state prison or to county jail under Penal Code section 1170(h) for it',
    claim: (name) =>
      `${name} was not sentenced to state prison: probation was granted with imposition of sentence suspended, not after a sentence was imposed and its execution suspended (a prison sentence, which PC 17(b)(3) does not reach: ${WOOD})`,
    remedies: ['pc17b'],
    of: onProbationSentence,
    field: 'executionSuspended',
    holds: ['no'],
    otherwise: `PC 17(b)(3) does not reach it: ${DECIDE_AGAIN}`,
  },
  {
    // The order designates "each felony conviction granted above".
    words: 'Each felony conviction granted above',
    claim: (name) => `${name} is a felony conviction, to be designated a misdemeanor or resentenced as one`,
    remedies: ['prop47'],
    field: 'level',
    holds: ['felony'],
    otherwise: `Proposition 47 reduces only a felony: withdraw this petition, or ${DECIDE_AGAIN}`,
  },
  {
    // Its theft, forgery, burglary and receiving sections count only at $950 or less; the drug
    // possession sections at any value (the rules' lists, PC 1170.18(a)).
    words: 'Each offense listed would have been a misdemeanor had Proposition 47 been in effect',
    claim: (name) =>
      `${name} would have been a misdemeanor had Proposition 47 been in effect (the value involved was $950 or less)`,
    remedies: ['prop47'],
    of: (c) => c.valueLimited,
    field: 'valueOver950',
    holds: ['no'],
    otherwise: `Proposition 47 does not reach it: ${DECIDE_AGAIN}`,
  },
  {
    words: 'Each offense listed is one for which Proposition 64 provides',
    claim: (name) =>
      `${name} is an offense for which Proposition 64 provides dismissal, redesignation or resentencing (HS 11361.8)`,
    remedies: ['prop64'],
    field: 'prop64Section',
    holds: ['yes'],
    otherwise: `Proposition 64 does not reach it: ${DECIDE_AGAIN}`,
  },
  {
    words: 'Petitioner is not serving a sentence for any offense',
    claim: () => 'the petitioner is not serving a sentence for any offense',
    remedies: stating('servingSentence'),
    field: 'completed',
    holds: [true],
    otherwise: `file when it is complete, and ${DECIDE_AGAIN} then`,
  },
  {
    words: 'on probation for any offense',
    claim: () => 'the petitioner is not on probation for any offense',
    remedies: stating('underSupervision'),
    of: onProbationSentence,
    field: 'completed',
    holds: [true],
    otherwise: `file when probation has ended (or ask the court to end it early first), and ${DECIDE_AGAIN} then`,
  },
  {
    // PC 1203.4(a)(1): of right only once probation was fulfilled or ended early; after a violation,
    // at the court's discretion.
    words: 'as a matter of right',
    claim: (name) =>
      `the petitioner is entitled to relief on ${name} as a matter of right (probation completed or terminated early)`,
    remedies: ['pc1203.4'],
    mandatoryOnly: true,
    of: onProbationSentence,
    field: 'probationOutcome',
    holds: ['completed', 'terminated_early'],
    otherwise: 'decide it again as eligible at the court’s discretion, with a declaration',
  },
  {
    // PC 1170.18(f)-(g) and HS 11361.8(e)-(f) are of right for a completed sentence; one still
    // served is resentenced at the court's discretion ((a)-(b)).
    words: 'as a matter of right',
    claim: (name) =>
      `the petitioner is entitled to relief on ${name} as a matter of right (its sentence complete)`,
    remedies: ['prop47', 'prop64'],
    mandatoryOnly: true,
    field: 'completed',
    holds: [true],
    otherwise: 'decide it again as eligible at the court’s discretion, with a declaration',
  },
  {
    // PC 1203.41(a) and 1203.42(a) dismiss a county-jail or prison sentence's conviction only "in its
    // discretion": no sentence makes either of right.
    words: 'as a matter of right',
    claim: (name) => `the petitioner is entitled to relief on ${name} as a matter of right`,
    remedies: ['pc1203.41', 'pc1203.42'],
    mandatoryOnly: true,
    field: 'sentenceKind',
    holds: [],
    otherwise: 'decide it again as eligible at the court’s discretion, with a declaration',
  },
  {
    // PC 17(b)(3) after probation is at the court's discretion; (b)(1) corrects a jail or fine sentence.
    words: 'as a matter of right',
    claim: (name) =>
      `the petitioner is entitled to relief on ${name} as a matter of right (a sentence of jail or a fine only, PC 17(b)(1))`,
    remedies: ['pc17b'],
    mandatoryOnly: true,
    field: 'sentenceKind',
    holds: ['jail_only', 'fine_only', 'state_prison', 'county_jail_1170h'],
    otherwise: 'decide it again as eligible at the court’s discretion under PC 17(b)(3), with a declaration',
  },
];

/** The record's value of a field, in words. */
function recordWords(c: StatedConviction, field: StatedField): string {
  if (field === 'prop64Section')
    return c.prop64Section === 'unknown'
      ? 'its section does not say which subdivision, and Proposition 64 reaches only some'
      : `its section is ${c.prop64Section === 'yes' ? '' : 'not '}one Proposition 64 reaches (HS 11361.8)`;
  if (field === 'completed')
    return !c.sentenceEnd
      ? 'its sentence’s end date is not entered'
      : c.completed === true
        ? `its sentence ended ${readableDate(c.sentenceEnd)}`
        : `its sentence ends ${readableDate(c.sentenceEnd)}`;
  const { label, value } = CONVICTION_FIELD_WORDS[field] as { label: string; value: (v: unknown) => string };
  return `${inSentence(label)}: ${value(c[field])}`;
}

/**
 * The statements a remedy's papers make about this conviction that its own record contradicts, or
 * leaves not known, each with what to do: the papers would tell the court something untrue, or not
 * known to be true, and are not drawn.
 */
export function contradictedConvictionStatements(
  remedy: PacketRemedy,
  determination: 'eligible_mandatory' | 'eligible_discretionary',
  conviction: StatedConviction,
): { statement: ConvictionStatement; message: string }[] {
  return CONVICTION_STATEMENTS.filter(
    (s) =>
      s.remedies.includes(remedy) &&
      (!s.mandatoryOnly || determination === 'eligible_mandatory') &&
      (!s.of || s.of(conviction)) &&
      !s.holds.includes(conviction[s.field]),
  ).map((statement) => {
    const says = `The petition states that ${statement.claim(conviction.name)}`;
    const record = recordWords(conviction, statement.field);
    return {
      statement,
      message:
        conviction[statement.field] === 'unknown'
          ? `${says}, and the record of ${conviction.name} does not say (${record}). Record it on the conviction from the court’s records (the minute order, the docket).`
          : `${says}, and the record of ${conviction.name} says otherwise (${record}). Correct the conviction if it is wrong; if it is right, ${statement.otherwise}.`,
    };
  });
}
