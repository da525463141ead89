// What a petition's packet is drawn from, gathered for one petition or many at once (a court's
// petitions ready to file): the petitioner, each conviction (or, for PC 851.91, the arrest) with its
// current decision for the remedy and the citation that decision rests on, the court and service
// addresses of the county (the prosecutor that takes the case's level at its courthouse, or the one
// chosen on the packet), the attorney and their State Bar number, the office's letterhead, and the
// declaration in support when a decision was discretionary. Anything missing is named, with what it
// concerns, instead.
import type { OfficeDb, OfficeTx, Petition } from '@relief-desk/db';
import {
  ARREST_DISPOSITION_LABELS,
  type ArrestDisposition,
  type Courthouse,
  type CourthouseChoice,
  californiaDate,
  contradictedConvictionStatements,
  contradictedStatements,
  courthouseFor,
  DETERMINATION_LABELS,
  type Declaration,
  type DeclarationTranslation,
  type Determination,
  groundsOf,
  groundsWords,
  inSentence,
  type LanguageCode,
  LEVEL_LABELS,
  type Level,
  languageEnglishName,
  mostSeriousLevel,
  PACKET_REMEDIES,
  type PacketArrest,
  type PacketConviction,
  type PacketData,
  type PacketForm,
  type PacketMissing,
  type ProsecutingAgency,
  type ProsecutorChoice,
  packetFormFor,
  prosecutorFor,
  readableDate,
  remedyLabel,
  SENTENCE_KIND_LABELS,
  type Stage,
  statuteCitations,
} from '@relief-desk/domain';
import { prop47ValueCounts, prop64Reaches, twoPointOffense } from '@relief-desk/eligibility';
import type { OfficeContext } from '../../context.ts';
import { type Evaluation, evaluateMatters } from '../eligibility/record.ts';
import { officeAddressLines } from '../messages/addressee.ts';
import { arrestCountyProblem } from '../petitions/arrestCounty.ts';
import { endedSaid, FILING_BY_STAGE } from './ended.ts';
import { type AttorneyBarNumber, attorneysOf, parseCourthouses, parseProsecutors } from './settings.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A decision's determination when the papers may ask relief on it; null otherwise. */
const eligibleDetermination = (
  determination: Determination | undefined,
): PacketConviction['determination'] | null =>
  determination === 'eligible_mandatory' || determination === 'eligible_discretionary' ? determination : null;

export interface AssembledConviction {
  id: string;
  code: string;
  section: string;
  determination: Determination | null;
  citation: string | null;
}

/** The arrest a PC 851.91 petition asks to seal, with its current decision. */
export interface AssembledArrest {
  id: string;
  arrestDate: string;
  agency: string;
  code: string;
  section: string;
  description: string;
  level: Level;
  disposition: ArrestDisposition;
  dispositionDate: string | null;
  removed: boolean;
  determination: Determination | null;
  citation: string | null;
}

export interface Assembled {
  petition: Petition;
  matterReference: string;
  petitioner: string;
  county: string;
  form: PacketForm | null;
  convictions: AssembledConviction[];
  /** A petition on an arrest (PC 851.91): the arrest; null for a petition on convictions. */
  arrest: AssembledArrest | null;
  /** The attorney the papers name, when one could be chosen. */
  attorneyId: string | null;
  attorneys: AttorneyBarNumber[];
  discretionary: boolean;
  declaration:
    | (Declaration & {
        version: number;
        readToClientIn: DeclarationTranslation['language'] | null;
        translatorName: string;
      })
    | null;
  /** The client's preferred language: one other than English needs the declaration read to them. */
  clientLanguage: LanguageCode | null;
  /** The county's courthouses in the settings, and which of them the petition is filed at. */
  courthouses: Courthouse[];
  courthouse: CourthouseChoice;
  /**
   * PC 851.91: where the agency that made the arrest is served (the name typed is used only when the
   * arrest record names no agency); null while not given.
   */
  arrestingAgency: { name: string; address: string; version: number } | null;
  /** The county's prosecuting agencies besides its own, and the one the petition is served on. */
  prosecutors: ProsecutingAgency[];
  prosecutor: ProsecutorChoice;
  /** The county's own prosecutor as the settings name it. */
  countyProsecutorName: string;
  missing: PacketMissing[];
  /** What to draw, when nothing is missing. */
  data: PacketData | null;
}

/** Statuses a packet may still be drawn for: not once the court decided or the petition was withdrawn. */
const CLOSED_STATUSES = ['decided', 'withdrawn'];

/** An agency as a RAP sheet writes it: its DOJ code ("CAPD", "CASO", "CAHP") and a place. */
const DOJ_AGENCY_CODE = /^CA[A-Z]{2,3}\s+[A-Z]/;

/**
 * Relief that makes a felony a misdemeanor "for all purposes" (PC 1170.18(k); PC 17(b)), and the
 * statute the papers name for it: a later petition describes the conviction as it now stands.
 */
const DESIGNATING: Partial<Record<string, string>> = { prop47: 'PC 1170.18', pc17b: 'PC 17(b)' };

function designatedMisdemeanor(c: {
  level: string;
  relief_granted_remedy: string | null;
  relief_granted_on: string | null;
}): { under: string; on: string | null } | null {
  const under = c.relief_granted_remedy ? DESIGNATING[c.relief_granted_remedy] : undefined;
  return c.level === 'felony' && under ? { under, on: c.relief_granted_on } : null;
}

/**
 * The packets of these petitions of the caller's office (others are left out), as of today.
 * `attorneyFor`: the attorney a petition's papers name; null: the caller when they may sign, else the
 * matter's assignee when they may.
 */
export async function assemblePackets(
  db: OfficeDb | OfficeTx,
  ctx: OfficeContext,
  petitionIds: readonly string[],
  attorneyFor: (petition: Petition) => string | null = () => null,
): Promise<Map<string, Assembled>> {
  const out = new Map<string, Assembled>();
  if (petitionIds.length === 0) return out;
  const officeId = ctx.user.officeId;
  const today = californiaDate(ctx.clock.now());
  const ids = [...new Set(petitionIds)];
  const petitions = await db.selectFrom('petitions').selectAll().where('id', 'in', ids).execute();
  if (petitions.length === 0) return out;
  const petitionKeys = petitions.map((p) => p.id);
  const matterIds = [...new Set(petitions.map((p) => p.matter_id))];
  const [members, arrestRows, matters, office, attorneys, courts, declarations, agencies] = await Promise.all(
    [
      db
        .selectFrom('petition_convictions')
        .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
        .selectAll('convictions')
        .select('petition_convictions.petition_id')
        .where('petition_convictions.petition_id', 'in', petitionKeys)
        .orderBy('convictions.conviction_date')
        .orderBy('convictions.id')
        .execute(),
      db
        .selectFrom('petition_arrests')
        .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
        .selectAll('arrests')
        .select(['petition_arrests.petition_id', 'petition_arrests.county as petition_county'])
        .where('petition_arrests.petition_id', 'in', petitionKeys)
        .execute(),
      db
        .selectFrom('matters')
        .innerJoin('clients', 'clients.id', 'matters.client_id')
        .select([
          'matters.id',
          'matters.reference',
          'matters.stage',
          'matters.assignee_id',
          'matters.client_id',
          'clients.legal_name',
          'clients.date_of_birth',
          'clients.preferred_language',
        ])
        .where('matters.id', 'in', matterIds)
        .execute(),
      db.selectFrom('offices').selectAll().where('id', '=', officeId).executeTakeFirstOrThrow(),
      attorneysOf(db, officeId),
      db.selectFrom('county_courts').selectAll().execute(),
      db.selectFrom('petition_declarations').selectAll().where('petition_id', 'in', petitionKeys).execute(),
      db
        .selectFrom('petition_arresting_agencies')
        .selectAll()
        .where('petition_id', 'in', petitionKeys)
        .execute(),
    ],
  );
  // What the person facts say today: a petition's statements about the petitioner must not contradict them.
  const clientIds = [...new Set(matters.map((m) => m.client_id))];
  const personFacts =
    clientIds.length > 0
      ? await db.selectFrom('client_person_facts').selectAll().where('client_id', 'in', clientIds).execute()
      : [];
  const convictionIds = [...new Set(members.map((m) => m.id))];
  const decisions =
    convictionIds.length > 0
      ? await db
          .selectFrom('eligibility_decisions')
          .select(['conviction_id', 'remedy', 'determination', 'reasons', 'suggested_determination'])
          .where('conviction_id', 'in', convictionIds)
          .orderBy('decided_at')
          .orderBy('id')
          .execute()
      : [];
  // Oldest first: the last written for a conviction and remedy is the current one.
  const current = new Map<
    string,
    { determination: Determination; reasons: string; suggested: Determination | null }
  >();
  for (const d of decisions)
    current.set(`${d.conviction_id}|${d.remedy}`, {
      determination: d.determination,
      reasons: d.reasons,
      suggested: d.suggested_determination,
    });
  const arrestIds = [...new Set(arrestRows.map((a) => a.id))];
  const arrestDecisions =
    arrestIds.length > 0
      ? await db
          .selectFrom('arrest_decisions')
          .select(['arrest_id', 'remedy', 'determination', 'reasons', 'suggested_determination'])
          .where('arrest_id', 'in', arrestIds)
          .orderBy('decided_at')
          .orderBy('id')
          .execute()
      : [];
  const currentForArrest = new Map<
    string,
    { determination: Determination; reasons: string; suggested: Determination | null }
  >();
  for (const d of arrestDecisions)
    currentForArrest.set(`${d.arrest_id}|${d.remedy}`, {
      determination: d.determination,
      reasons: d.reasons,
      suggested: d.suggested_determination,
    });
  // The rules run today on each matter's facts as they are now: a decision recorded when the rules
  // suggested something else was made on other facts (a probation violated since, a later
  // conviction), and the papers must not rest on it. Only the matters whose decisions say what was
  // suggested are read.
  const suggestedMatters = new Set(
    [
      ...decisions.filter((d) => d.suggested_determination !== null).map((d) => d.conviction_id),
      ...arrestDecisions.filter((d) => d.suggested_determination !== null).map((d) => d.arrest_id),
    ].flatMap((id) => [
      ...members.filter((m) => m.id === id).map((m) => m.matter_id),
      ...arrestRows.filter((a) => a.id === id).map((a) => a.matter_id),
    ]),
  );
  const evaluations: Map<string, Evaluation> =
    suggestedMatters.size > 0
      ? await evaluateMatters(
          db,
          matters
            .filter((m) => suggestedMatters.has(m.id))
            .map((m) => ({ id: m.id, client_id: m.client_id })),
          today,
        )
      : new Map();
  /** What the rules suggest today for this record and remedy; null when they cannot read it now. */
  const suggestedNow = (
    matterId: string,
    record: 'conviction' | 'arrest',
    id: string,
    remedyId: string,
  ): Determination | null => {
    const evaluation = evaluations.get(matterId);
    if (!evaluation?.ok) return null;
    const results =
      record === 'conviction'
        ? evaluation.result.results.find((r) => r.convictionId === id)
        : evaluation.result.arrestResults?.find((r) => r.arrestId === id);
    return results?.remedies.find((r) => r.remedy === remedyId)?.determination ?? null;
  };
  const outdated = (
    then: Determination,
    now: Determination | null,
    subject: string,
    remedyId: string,
  ): string | null => {
    if (now === then) return null;
    const when = `the rules suggested “${DETERMINATION_LABELS[then]}” when the decision was recorded`;
    const nowWords = now
      ? `they suggest “${DETERMINATION_LABELS[now]}” on its facts as they are now`
      : 'they cannot read its facts as they are now';
    return `The decision on ${subject} for ${remedyLabel(remedyId)} was made on other facts: ${when}, and ${nowWords}. Review it and record the decision again.`;
  };
  const officeComplete = office.address.trim() !== '' && office.phone !== '' && office.email !== '';

  for (const petition of petitions) {
    const missing: PacketMissing[] = [];
    const matter = matters.find((m) => m.id === petition.matter_id);
    const own = members.filter((m) => m.petition_id === petition.id);
    const arrestRow = arrestRows.find((a) => a.petition_id === petition.id);
    const county = own[0]?.county ?? arrestRow?.petition_county ?? '';
    const form = packetFormFor(petition.remedy);
    // Set exactly when form is: the remedy, typed as one Relief Desk draws papers for.
    const remedy = PACKET_REMEDIES.find((r) => r === petition.remedy);
    if (!form)
      missing.push({
        code: 'remedy',
        message: `Relief Desk does not draw papers for ${remedyLabel(petition.remedy)}: use the court’s local forms.`,
      });
    else if (form.entry === 'arrest' && !arrestRow)
      missing.push({
        code: 'remedy',
        message: `${remedyLabel(petition.remedy)} seals an arrest that did not end in a conviction: draft the petition on the arrest (Filing runs lists the arrests to petition for), not on convictions.`,
      });
    if (CLOSED_STATUSES.includes(petition.status))
      missing.push({
        code: 'status',
        message: `This petition is ${petition.status}: its papers are no longer drawn.`,
      });
    // Papers of a matter that ended (the client withdrew, say) are not drawn: nobody files them.
    if (matter && !FILING_BY_STAGE[matter.stage as Stage])
      missing.push({
        code: 'matter_ended',
        message: `This petition’s papers are not drawn: ${endedSaid(matter.stage as Stage)}. If the office takes it up again, move the matter back to an open stage first.`,
      });

    const court = courts.find((c) => c.county === county);
    if (!court)
      missing.push({
        code: 'court_settings',
        county,
        message: `The court and the prosecutor’s service address for ${county} County are not set: an administrator sets them at Office settings.`,
      });
    const courthouses = court ? parseCourthouses(court.courthouses) : [];
    const courthouse = courthouseFor(courthouses, {
      caseNumber: petition.case_number,
      courthouseId: petition.courthouse_id,
      courthouseName: petition.courthouse,
      county,
    });
    if (courthouse.how === 'unknown')
      missing.push({ code: 'courthouse', county, message: courthouse.message });
    const agencyRow = agencies.find((a) => a.petition_id === petition.id);
    const arrestingAgency = agencyRow
      ? { name: agencyRow.name, address: agencyRow.address, version: agencyRow.version }
      : null;
    // The agency the arrest record names; the typed name only when the record names none.
    const recordedAgency = arrestRow?.agency.trim() ?? '';
    const servedAgency = {
      name: recordedAgency || (arrestingAgency?.name.trim() ?? ''),
      address: arrestingAgency?.address.trim() ?? '',
    };
    if (form?.serveArrestingAgency && arrestRow && (servedAgency.name === '' || servedAgency.address === ''))
      missing.push({
        code: 'arresting_agency',
        message:
          recordedAgency !== ''
            ? `A petition to seal an arrest is served on the law enforcement agency that made the arrest: enter the address where ${recordedAgency} is served.`
            : 'A petition to seal an arrest is served on the law enforcement agency that made the arrest, and the arrest record names none: name the agency and its address here, or add it to the arrest.',
      });
    // Drafted before the county was checked, or the arrest's agency corrected since.
    const wrongCounty = arrestRow && arrestCountyProblem(arrestRow.agency, county);
    if (wrongCounty)
      missing.push({ code: 'arrest_county', arrestId: arrestRow.id, county, message: wrongCounty });
    // A RAP sheet names agencies by DOJ code ("CAPD BERKELEY": CA, then PD police, SO sheriff...):
    // papers served on it name it as it is known.
    if (form?.serveArrestingAgency && arrestRow && DOJ_AGENCY_CODE.test(recordedAgency))
      missing.push({
        code: 'arresting_agency',
        arrestId: arrestRow.id,
        message: `The arrest record names the agency by its DOJ code (${recordedAgency}): write its name on the arrest (for example Berkeley Police Department), so that the papers name whom they are served on.`,
      });
    const prosecutors = court ? parseProsecutors(court.prosecutors) : [];
    const prosecutor = prosecutorFor(
      {
        county,
        name: court?.prosecutor_name ?? '',
        address: court?.prosecutor_address ?? '',
        others: prosecutors,
      },
      {
        prosecutorId: petition.prosecutor_id,
        level: mostSeriousLevel(arrestRow ? [arrestRow.level] : own.map((c) => c.level)),
        courthouseId: courthouse.courthouse?.id ?? null,
      },
    );
    if (court && prosecutor.how === 'unknown')
      missing.push({ code: 'prosecutor', county, message: prosecutor.message });
    const kinds = own.map((c) => c.sentence_kind);
    const serveProbation = form?.serveProbation(kinds) ?? false;
    if (court && serveProbation && (court.probation_name === '' || court.probation_address === ''))
      missing.push({
        code: 'probation_address',
        county,
        message: `${remedyLabel(petition.remedy)} is served on probation too, and ${county} County’s probation address is not set: an administrator sets it at Office settings.`,
      });

    const chosen = attorneyFor(petition);
    const canSign = (id: string | null | undefined) => attorneys.find((a) => a.userId === id);
    const attorney = chosen
      ? canSign(chosen)
      : (canSign(ctx.user.id) ?? canSign(matter?.assignee_id ?? null) ?? undefined);
    if (!attorney)
      missing.push({
        code: 'attorney',
        message: chosen
          ? 'That person cannot sign the papers: choose an attorney or supervisor of the office.'
          : 'Choose the attorney whose name heads the papers.',
      });
    else if (!attorney.stateBarNumber)
      missing.push({
        code: 'state_bar_number',
        userId: attorney.userId,
        message: `${attorney.name} has no State Bar number on file: an administrator adds it at Office settings.`,
      });
    const facts = personFacts.find((f) => f.client_id === matter?.client_id);
    if (remedy && facts)
      for (const { message } of contradictedStatements(remedy, {
        currentlyCharged: facts.currently_charged,
        underSupervision: facts.under_supervision,
        servingSentence: facts.serving_sentence,
        requiredToRegisterPC290: facts.required_to_register_pc290,
        hasSuperstrikePrior: facts.has_superstrike_prior,
      }))
        missing.push({ code: 'person_facts', message });
    if (!officeComplete)
      missing.push({
        code: 'office_profile',
        message:
          'The office’s address, phone or e-mail is not set, and the papers carry them: an administrator sets them at Office settings.',
      });

    // ...in one county's court: convictions corrected since to different counties are not one case.
    const counties = [...new Set(own.map((c) => c.county))];
    if (counties.length > 1)
      missing.push({
        code: 'conviction_facts',
        message: `This petition’s convictions are now recorded in ${counties.join(' and ')} counties: a petition covers one court case, in one county’s court. Withdraw it and draft one for each case, or correct the convictions.`,
      });
    const convictions: AssembledConviction[] = [];
    const drawn: PacketConviction[] = [];
    for (const c of own) {
      const name = `${c.code} ${c.section}`;
      // A petition covers one case: a conviction corrected since to another case is no longer what
      // these papers ask the court about.
      if (c.case_number !== petition.case_number)
        missing.push({
          code: 'conviction_facts',
          convictionId: c.id,
          message: `${name} is now recorded in case ${c.case_number}, not this petition’s case ${petition.case_number}: a petition covers one court case. Withdraw this petition and draft one for the case the conviction is in, or correct the conviction.`,
        });
      const decision = current.get(`${c.id}|${petition.remedy}`);
      const citations = remedy && decision ? statuteCitations(remedy, decision.reasons) : [];
      const completed = c.end_date !== null && c.end_date <= today;
      const stage = completed ? 'completed' : 'serving';
      // The papers cite only what the relief rests on at this stage and for this sentence.
      const grounds = form ? groundsOf(form, stage, c.sentence_kind, citations) : [];
      convictions.push({
        id: c.id,
        code: c.code,
        section: c.section,
        determination: decision?.determination ?? null,
        citation: citations.length > 0 ? citations.join('; ') : null,
      });
      if (!form) continue;
      const eligible = eligibleDetermination(decision?.determination);
      // What the papers would state of it that its own record contradicts, or does not say.
      const contradicted =
        remedy && eligible
          ? contradictedConvictionStatements(remedy, eligible, {
              name,
              code: c.code,
              level: c.level,
              wobbler: c.wobbler,
              sentenceKind: c.sentence_kind,
              executionSuspended: c.execution_suspended,
              probationOutcome: c.probation_outcome,
              valueOver950: c.value_over_950,
              valueLimited: prop47ValueCounts(c.code, c.section),
              prop64Section: prop64Reaches(c.code, c.section),
              completed: c.end_date === null ? 'unknown' : completed,
              sentenceEnd: c.end_date,
            })
              // A sentence whose end is not entered is named once, as 'sentence_end' below.
              .filter((s) => c.end_date !== null || s.statement.field !== 'completed')
              .map((s) => s.message)
          : [];
      if (!decision)
        missing.push({
          code: 'decision',
          convictionId: c.id,
          message: `${name} has no eligibility decision for ${remedyLabel(petition.remedy)}.`,
        });
      else if (!eligible)
        missing.push({
          code: 'decision',
          convictionId: c.id,
          message: `The decision on ${name} for ${remedyLabel(petition.remedy)} is not “eligible”: the papers ask only for relief an attorney found the conviction eligible for.`,
        });
      // A record the papers contradict is fixed first: which subdivision fits depends on it.
      else if (grounds.length === 0 && contradicted.length === 0) {
        const fits = groundsWords(form, stage, c.sentence_kind);
        const end = c.end_date === null ? 'its end not recorded' : completed ? 'complete' : 'not complete';
        const sentence = `sentence: ${inSentence(SENTENCE_KIND_LABELS[c.sentence_kind])}, ${end}`;
        missing.push({
          code: 'citation',
          convictionId: c.id,
          message:
            citations.length === 0
              ? `The decision on ${name} cites no subdivision of ${form.statute}: record it again citing what its relief rests on for this conviction (${sentence}): ${fits}.`
              : `The decision on ${name} cites ${citations.join('; ')}: ${citations.length === 1 ? 'not a ground' : 'none of them a ground'} of ${remedyLabel(petition.remedy)} for this conviction (${sentence}). Record it again citing ${fits}.`,
        });
      }
      for (const message of contradicted)
        missing.push({ code: 'conviction_facts', convictionId: c.id, message });
      // The papers would tell the court the person is entitled to it as a matter of right.
      const twoPoint = petition.remedy === 'pc1203.4' ? twoPointOffense(c.code, c.section) : null;
      if (twoPoint && decision?.determination === 'eligible_mandatory')
        missing.push({
          code: 'decision',
          convictionId: c.id,
          message: `${name} is a two-point driving offense: its dismissal is only at the court’s discretion (${twoPoint}), and the papers would say the petitioner is entitled to it as a matter of right. Decide it again as eligible at the court’s discretion, with a declaration.`,
        });
      if (decision?.suggested) {
        const changed = outdated(
          decision.suggested,
          suggestedNow(c.matter_id, 'conviction', c.id, petition.remedy),
          `${c.code} ${c.section}, ${LEVEL_LABELS[c.level].toLowerCase()}, case ${c.case_number}`,
          petition.remedy,
        );
        if (changed) missing.push({ code: 'decision_outdated', convictionId: c.id, message: changed });
      }
      if (form.entry === 'conviction' && !c.end_date)
        missing.push({
          code: 'sentence_end',
          convictionId: c.id,
          message: `${name} has no date its sentence (or probation) was completed: enter it on the conviction.`,
        });
      if (decision && eligible && grounds.length > 0) {
        drawn.push({
          id: c.id,
          code: c.code,
          section: c.section,
          level: c.level,
          designatedMisdemeanor: designatedMisdemeanor(c),
          convictionDate: c.conviction_date,
          sentenceKind: c.sentence_kind,
          sentenceEnd: c.end_date ?? c.conviction_date,
          probationOutcome: c.probation_outcome,
          completed,
          determination: eligible,
          citation: grounds.join('; '),
          relief: form.relief(stage),
        });
      }
    }

    let arrest: AssembledArrest | null = null;
    const drawnArrests: PacketArrest[] = [];
    if (arrestRow) {
      const name = `${arrestRow.code} ${arrestRow.section}`;
      const decision = currentForArrest.get(`${arrestRow.id}|${petition.remedy}`);
      const citations = remedy && decision ? statuteCitations(remedy, decision.reasons) : [];
      arrest = {
        id: arrestRow.id,
        arrestDate: arrestRow.arrest_date,
        agency: recordedAgency,
        code: arrestRow.code,
        section: arrestRow.section,
        description: arrestRow.description,
        level: arrestRow.level,
        disposition: arrestRow.disposition,
        dispositionDate: arrestRow.disposition_date,
        removed: arrestRow.removed_at !== null,
        determination: decision?.determination ?? null,
        citation: citations.length > 0 ? citations.join('; ') : null,
      };
      const eligible = eligibleDetermination(decision?.determination);
      if (arrest.removed)
        missing.push({
          code: 'arrest',
          arrestId: arrestRow.id,
          message: `The arrest ${name} of ${readableDate(arrestRow.arrest_date)} was removed from the matter: withdraw this petition, or add the arrest again and petition on it.`,
        });
      if (form && !decision)
        missing.push({
          code: 'decision',
          arrestId: arrestRow.id,
          message: `The arrest ${name} has no eligibility decision for ${remedyLabel(petition.remedy)}.`,
        });
      else if (form && !eligible)
        missing.push({
          code: 'decision',
          arrestId: arrestRow.id,
          message: `The decision on the arrest ${name} for ${remedyLabel(petition.remedy)} is not “eligible”: the papers ask only for relief an attorney found the arrest eligible for.`,
        });
      else if (form && citations.length === 0)
        missing.push({
          code: 'citation',
          arrestId: arrestRow.id,
          message: `The decision on the arrest ${name} cites no subdivision of ${form.statute}: record it again with the subdivision its relief rests on, for example ${form.statute}(a)(1)(B)(i).`,
        });
      // The petition says a case was filed in case number N, or that none was filed: only "No charges
      // filed" says none was. Any other outcome came from a court case, and the petition is filed in
      // it: the court and the prosecutor find the records to seal by its number, so the packet waits
      // for it rather than leave the clerk a blank to fill.
      const caseNumber = petition.case_number.trim();
      const disposition = ARREST_DISPOSITION_LABELS[arrestRow.disposition].toLowerCase();
      if (form && caseNumber === '' && arrestRow.disposition !== 'no_charges')
        missing.push({
          code: 'arrest',
          arrestId: arrestRow.id,
          message:
            arrestRow.disposition === 'unknown' || arrestRow.disposition === 'pending'
              ? `The arrest ${name} of ${readableDate(arrestRow.arrest_date)} has no case number, and what became of it is ${disposition}: the petition would say no case was filed in court. Record the outcome on the arrest; if charges were filed, withdraw this petition and draft it again with the case number.`
              : `The arrest ${name} of ${readableDate(arrestRow.arrest_date)} ended “${ARREST_DISPOSITION_LABELS[arrestRow.disposition]}”, so a case was filed in court, and this petition has no case number: find it (the RAP sheet’s court entry, the court’s index), then withdraw this petition and draft it again with the case number.`,
        });
      if (form && caseNumber !== '' && arrestRow.disposition === 'no_charges')
        missing.push({
          code: 'arrest',
          arrestId: arrestRow.id,
          message: `The arrest ${name} of ${readableDate(arrestRow.arrest_date)} is recorded “No charges filed”, and this petition names case ${caseNumber}: the petition would say charges were filed in it. Correct the arrest’s outcome if charges were filed; if not, withdraw this petition and draft it again without a case number.`,
        });
      if (form && decision?.suggested) {
        const changed = outdated(
          decision.suggested,
          suggestedNow(arrestRow.matter_id, 'arrest', arrestRow.id, petition.remedy),
          `the arrest ${name}, ${LEVEL_LABELS[arrestRow.level].toLowerCase()}, of ${readableDate(arrestRow.arrest_date)}`,
          petition.remedy,
        );
        if (changed) missing.push({ code: 'decision_outdated', arrestId: arrestRow.id, message: changed });
      }
      if (form && decision && eligible && citations.length > 0)
        drawnArrests.push({
          id: arrestRow.id,
          arrestDate: arrestRow.arrest_date,
          agency: servedAgency.name,
          code: arrestRow.code,
          section: arrestRow.section,
          description: arrestRow.description,
          level: arrestRow.level,
          disposition: ARREST_DISPOSITION_LABELS[arrestRow.disposition] ?? arrestRow.disposition,
          dispositionDate: arrestRow.disposition_date,
          determination: eligible,
          citation: citations.join('; '),
          relief: form.relief('completed'),
        });
    }

    const discretionary =
      convictions.some((c) => c.determination === 'eligible_discretionary') ||
      arrest?.determination === 'eligible_discretionary';
    const saved = declarations.find((d) => d.petition_id === petition.id);
    const declaration = saved
      ? {
          version: saved.version,
          rehabilitation: saved.rehabilitation,
          employment: saved.employment,
          communityTies: saved.community_ties,
          otherReasons: saved.other_reasons,
          readToClientIn: saved.read_to_client_in === 'en' ? null : saved.read_to_client_in,
          translatorName: saved.translator_name,
        }
      : null;
    // The declaration is in English (CCP 185) and signed under penalty of perjury (CCP 2015.5): a
    // client who prefers another language signs it after someone read it to them in their language,
    // and that person's declaration as translator is filed with it. Staff may record one for a client
    // who prefers English too; it is then printed.
    const translation: DeclarationTranslation | null =
      declaration?.readToClientIn && declaration.translatorName.trim() !== ''
        ? { language: declaration.readToClientIn, translatorName: declaration.translatorName.trim() }
        : null;
    const clientLanguage = matter?.preferred_language ?? null;
    if (form && discretionary && (!declaration || declaration.rehabilitation.trim() === ''))
      missing.push({
        code: 'declaration',
        message:
          'A decision here is at the court’s discretion: write the declaration in support, in the client’s own words.',
      });
    if (form && discretionary && clientLanguage && clientLanguage !== 'en' && !translation) {
      const language = languageEnglishName(clientLanguage);
      missing.push({
        code: 'declaration_translation',
        message: `The client’s language is ${language}: say who read the declaration to them in ${language}; a translator’s declaration is filed with it.`,
      });
    }

    let data: PacketData | null = null;
    if (
      missing.length === 0 &&
      form &&
      remedy &&
      court &&
      attorney?.stateBarNumber &&
      matter &&
      prosecutor.prosecutor
    ) {
      // No courthouses in the settings: the petition's own courthouse field, if any, as it was typed.
      const named = petition.courthouse.trim();
      data = {
        date: today,
        petitionId: petition.id,
        remedy,
        caseNumber: petition.case_number,
        county,
        court: {
          name: court.court_name,
          courthouse: courthouse.courthouse
            ? { name: courthouse.courthouse.name, address: courthouse.courthouse.address }
            : named === ''
              ? null
              : { name: named, address: '' },
        },
        hearingOn: petition.hearing_on,
        attorney: {
          name: attorney.name,
          stateBarNumber: attorney.stateBarNumber,
          officeName: office.name,
          addressLines: officeAddressLines(office.address),
          phone: office.phone,
          email: office.email,
        },
        petitioner: { name: matter.legal_name, dateOfBirth: matter.date_of_birth },
        convictions: drawn,
        ...(arrestRow ? { arrests: drawnArrests } : {}),
        declaration:
          discretionary && declaration
            ? {
                rehabilitation: declaration.rehabilitation,
                employment: declaration.employment,
                communityTies: declaration.communityTies,
                otherReasons: declaration.otherReasons,
                ...(translation ? { translation } : {}),
              }
            : null,
        served: [
          { name: prosecutor.prosecutor.name, addressLines: lines(prosecutor.prosecutor.address) },
          ...(serveProbation
            ? [{ name: court.probation_name, addressLines: lines(court.probation_address) }]
            : []),
          ...(form.serveArrestingAgency && arrestRow
            ? [{ name: servedAgency.name, addressLines: lines(servedAgency.address) }]
            : []),
        ],
      };
    }
    out.set(petition.id, {
      petition,
      matterReference: matter?.reference ?? '',
      petitioner: matter?.legal_name ?? '',
      county,
      form,
      convictions,
      arrest,
      attorneyId: attorney?.userId ?? null,
      attorneys,
      discretionary,
      declaration,
      clientLanguage,
      courthouses,
      courthouse,
      arrestingAgency,
      prosecutors,
      prosecutor,
      countyProsecutorName: court?.prosecutor_name ?? '',
      missing,
      data,
    });
  }
  return out;
}

/**
 * Whether a stored snapshot says what would be drawn today. The day it was prepared aside: no paper
 * prints it (each signature's date is left blank, to be written when signed), only the PDF's creation
 * date. A field a later version of the papers keeps, and an empty one, are the same as one a snapshot
 * drawn before it lacks (a field absent, null or undefined says nothing), and the order fields were
 * written in does not count: an update of Relief Desk must not make every packet prepared before it
 * "changed".
 */
export function sameContent(stored: string, data: PacketData | null): boolean {
  if (!data) return false;
  try {
    const { date: _, ...before } = JSON.parse(stored) as PacketData;
    const { date: __, ...now } = data;
    return JSON.stringify(saying(before)) === JSON.stringify(saying(now));
  } catch {
    return false;
  }
}

/** Each part of a packet's snapshot, as staff name it: what `packetChanges` says differs. */
const PACKET_PARTS: Record<Exclude<keyof PacketData, 'date' | 'petitionId'>, string> = {
  remedy: 'the relief asked for',
  caseNumber: 'the case number',
  county: 'the county',
  court: 'the court or courthouse',
  hearingOn: 'the hearing date',
  attorney: 'the attorney, or the office’s address, phone or e-mail',
  petitioner: 'the client’s name or date of birth',
  convictions: 'the convictions',
  arrests: 'the arrest',
  declaration: 'the declaration',
  served: 'who is served',
};

/**
 * What a stored snapshot says differently from what would be drawn today, part by part in the
 * papers' order ("the convictions", "who is served"), as sameContent compares them: empty when it says
 * the same. It names what to look at, not why: changed records, or a version drawing them anew.
 */
export function packetChanges(stored: string, data: PacketData | null): string[] {
  if (!data) return [];
  let before: Record<string, unknown>;
  try {
    before = JSON.parse(stored) as Record<string, unknown>;
  } catch {
    return ['everything: the stored packet cannot be read'];
  }
  const now = data as unknown as Record<string, unknown>;
  return Object.entries(PACKET_PARTS)
    .filter(([key]) => JSON.stringify(saying(before[key])) !== JSON.stringify(saying(now[key])))
    .map(([, words]) => words);
}

/** A value as what it says: fields that say nothing left out, the rest in one order. */
function saying(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(saying);
  if (value === null || typeof value !== 'object') return value;
  const fields = Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, saying(v)]);
  return Object.fromEntries(fields);
}
