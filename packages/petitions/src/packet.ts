// A petition packet's papers, each with its own caption and footer: the petition (the content of the
// Judicial Council's optional form for the remedy), the declaration in support when a decision was
// discretionary (with the translator's declaration when it was read to the petitioner in another
// language), the proposed order with a line per conviction (or the arrest) for the court to mark,
// and the proof of service on the prosecutor (and probation where the remedy calls for it, or the
// agency that made the arrest).
import {
  LEVEL_LABELS,
  languageEnglishName,
  PACKET_FORMS,
  type PacketArrest,
  type PacketConviction,
  type PacketData,
  type PacketForm,
  type PersonFactKey,
  petitionTitleOf,
  type SentenceKind,
} from '@relief-desk/domain';
import { CAPTION, FONT, LINES, lineTop, SIZE, TEXT_LEFT, TEXT_RIGHT, TEXT_WIDTH } from './layout.ts';
import type { PleadingPaper } from './pleading.ts';
import { longDate, printable, wrap } from './text.ts';

const PARAGRAPH_INDENT = 36;
/** Room for a paragraph's number ("12.") before its text. */
const LABEL_WIDTH = 24;
const ITEM_INDENT = 36;
const ITEM_HANG = 66;

const SENTENCES: Record<SentenceKind, string> = {
  probation: 'probation',
  county_jail_1170h: 'county jail under Penal Code section 1170(h)',
  state_prison: 'state prison',
  jail_only: 'jail',
  fine_only: 'a fine',
};

/** "Sentence: probation, completed May 2, 2019."; "…, ended May 2, 2019." when how it ended is not known. */
function sentenceWords(c: PacketConviction): string {
  const end = longDate(c.sentenceEnd);
  if (c.sentenceKind === 'probation') {
    const how =
      c.probationOutcome === 'terminated_early'
        ? `terminated early on ${end}`
        : c.probationOutcome === 'violated'
          ? `violated; ended ${end}`
          : !c.completed
            ? `ends ${end}`
            : // The end date says only that probation is over, not that it was completed.
              c.probationOutcome === 'completed'
              ? `completed ${end}`
              : `ended ${end}`;
    return `Sentence: probation, ${how}.`;
  }
  return `Sentence: ${SENTENCES[c.sentenceKind]}, ${c.completed ? 'completed' : 'ends'} ${end}.`;
}

/** "PC 484(a), misdemeanor"; "HS 11350(a), felony, designated a misdemeanor under PC 1170.18 on June 1, 2015" */
const offence = (c: Pick<PacketConviction, 'code' | 'section' | 'level' | 'designatedMisdemeanor'>) => {
  const designated = c.designatedMisdemeanor;
  const since = designated
    ? `, designated a misdemeanor under ${designated.under}${designated.on ? ` on ${longDate(designated.on)}` : ''}`
    : '';
  return `${c.code} ${c.section}, ${LEVEL_LABELS[c.level].toLowerCase()}${since}`;
};

/** The case number, or a blank for the clerk when the arrest led to no case (no charges were filed). */
const caseNumberOf = (data: PacketData) => data.caseNumber || '____________';

/**
 * "Arrested March 4, 2019 by Oakland Police Department for PC 459, felony (burglary). Charges
 * dismissed on June 1, 2019."
 */
function arrestWords(a: PacketArrest): string {
  const what = `${offence(a)}${a.description ? ` (${a.description})` : ''}`;
  const by = a.agency ? ` by ${a.agency}` : '';
  const outcome = `${a.disposition}${a.dispositionDate ? ` on ${longDate(a.dispositionDate)}` : ''}.`;
  return `Arrested ${longDate(a.arrestDate)}${by} for ${what}. ${outcome}`;
}

/** The petition's entries: its convictions, or the arrest. */
const entriesOf = (data: PacketData): (PacketConviction | PacketArrest)[] => data.arrests ?? data.convictions;

/** The caption every paper opens with; the body starts on the line after it. */
function caption(paper: PleadingPaper, data: PacketData, title: string, subtitle: string): void {
  const a = data.attorney;
  let block = [
    `${a.name} (State Bar No. ${a.stateBarNumber})`,
    a.officeName,
    ...a.addressLines,
    `Telephone: ${a.phone}`,
    `E-mail: ${a.email}`,
    `Attorney for Petitioner ${data.petitioner.name}`,
  ];
  // Each entry wrapped (a name also after a hyphen), never cut: the block takes the most spacious of
  // its forms that fits lines 1-7; when even the tightest does not, the court and the caption box
  // move down by the lines it needs.
  const width = TEXT_RIGHT - TEXT_LEFT - 60;
  const measure = paper.measure(FONT.regular);
  const wrapped = (entries: string[]) =>
    entries.flatMap((e) => wrap(printable(e), width, measure, { hyphens: true }));
  let lines = wrapped(block);
  if (lines.length > CAPTION.attorneyLines) {
    block = [block[0] ?? '', a.officeName, a.addressLines.join(', '), ...block.slice(-3)];
    lines = wrapped(block);
  }
  if (lines.length > CAPTION.attorneyLines) {
    block = [...block.slice(0, 3), `Tel. ${a.phone} · ${a.email}`, block.at(-1) ?? ''];
    lines = wrapped(block);
  }
  lines.forEach((line, i) => {
    paper.put(i + 1, line, { width });
  });
  const below = Math.max(0, lines.length - CAPTION.attorneyLines);

  // The court's title, centered, from line 8; the courthouse under it, wrapped.
  const courtLines = data.court.name
    .toUpperCase()
    .split(/,\s*/)
    .filter(Boolean)
    .flatMap((part) => paper.layout(part, { font: FONT.bold }).map((l) => l.text));
  courtLines.forEach((line, i) => {
    paper.put(CAPTION.courtLine + below + i, line, { font: FONT.bold, align: 'center' });
  });
  const courthouseLines = data.court.courthouse
    ? paper.layout(data.court.courthouse.name).map((l) => l.text)
    : [];
  const courthouseLine = CAPTION.courtLine + below + Math.max(2, courtLines.length);
  courthouseLines.forEach((line, i) => {
    paper.put(courthouseLine + i, line, { align: 'center' });
  });
  const boxLine = Math.max(
    CAPTION.boxLine + below,
    courthouseLine + courthouseLines.length + (courthouseLines.length > 0 ? 0 : 1),
  );

  // The parties on the left, the case number and the paper's title on the right.
  const { left, right } = CAPTION;
  const people = paper.layout('THE PEOPLE OF THE STATE OF CALIFORNIA,', left);
  // The petitioner's name wraps after a hyphen of a compound surname, never within a name.
  const name = paper.layout(`${data.petitioner.name.toUpperCase()},`, { ...left, hyphens: true });
  const leftLines = [
    ...people.map((l) => ({ ...l, font: FONT.regular })),
    { text: 'Plaintiff,', x: left.x + 108, width: left.width - 108, font: FONT.regular },
    { text: 'v.', x: left.x + 36, width: left.width - 36, font: FONT.regular },
    ...name.map((l) => ({ ...l, font: FONT.regular })),
    { text: 'Defendant and Petitioner.', x: left.x + 72, width: left.width - 72, font: FONT.regular },
  ];
  const titleLines = paper.layout(title, { ...right, font: FONT.bold });
  const subtitleLines = subtitle ? paper.layout(subtitle, right) : [];
  const hearing = data.hearingOn
    ? [`Hearing: ${longDate(data.hearingOn)}`]
    : ['Date, time and department:', 'to be set by the court'];
  const rightLines = [
    // The clerk's key: wrapped, never cut.
    ...paper.layout(`Case No. ${caseNumberOf(data)}`, right).map((l) => ({ ...l, font: FONT.regular })),
    ...titleLines.map((l) => ({ ...l, font: FONT.bold })),
    ...subtitleLines.map((l) => ({ ...l, font: FONT.regular })),
    ...hearing.map((t) => ({ text: t, x: right.x, width: right.width, font: FONT.regular })),
  ];
  const height = Math.min(Math.max(leftLines.length, rightLines.length), LINES - boxLine - 2);
  for (const [i, l] of leftLines.slice(0, height).entries())
    paper.put(boxLine + i, l.text, { x: l.x, width: l.width, font: l.font });
  for (const [i, l] of rightLines.slice(0, height).entries())
    paper.put(boxLine + i, l.text, { x: l.x, width: l.width, font: l.font });
  const top = lineTop(boxLine);
  const bottom = lineTop(boxLine + height);
  paper.rule(CAPTION.dividerX, top, CAPTION.dividerX, bottom);
  paper.rule(left.x, bottom, CAPTION.dividerX, bottom);
  paper.moveTo(boxLine + height + 1);
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'for', 'in', 'of', 'on', 'or', 'the', 'to']);

/** "PETITION FOR DISMISSAL" as "Petition for Dismissal". */
export function titleCase(title: string): string {
  return title
    .toLowerCase()
    .split(' ')
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word)
        ? word
        : word.replace(/^(\[?)(\p{L})/u, (_, b, c) => b + c.toUpperCase()),
    )
    .join(' ');
}

/**
 * Starts a paper: a new page with the caption, and in the footer its title and the case (rule 2.110),
 * the case without the name when both do not fit.
 */
function beginPaper(
  paper: PleadingPaper,
  data: PacketData,
  title: string,
  subtitle: string,
  footerTitle = titleCase(title),
): void {
  const measure = paper.measure(FONT.regular, SIZE.footer);
  const full = `${footerTitle} — People v. ${data.petitioner.name}, No. ${caseNumberOf(data)}`;
  paper.begin(measure(full) <= TEXT_WIDTH ? full : `${footerTitle} — No. ${caseNumberOf(data)}`);
  caption(paper, data, title, subtitle);
}

const paragraph = (paper: PleadingPaper, text: string, keepWith = 0) =>
  paper.write(text, { firstIndent: PARAGRAPH_INDENT, keepWith });

/** A numbered paragraph: "1." in the indent, the text after it, running on at the margin. */
function numbered(paper: PleadingPaper, n: number, text: string): void {
  paper.write(text, {
    firstIndent: LABEL_WIDTH + PARAGRAPH_INDENT,
    keepWith: 0,
    label: { text: `${n}.`, x: TEXT_LEFT + PARAGRAPH_INDENT, width: LABEL_WIDTH },
  });
}

/** The letter of the petition's i-th item: "(a)", "(b)"… */
const itemLabel = (i: number) => `(${String.fromCharCode(97 + (i % 26))})`;

/** "(a)", "(a) and (c)", "(a), (b) and (d)". */
function joinedWithAnd(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** A lettered item, "(a)" in the indent and every line of it aligned after the label. */
function item(paper: PleadingPaper, i: number, text: string, keepWith = 0): void {
  paper.write(text, {
    firstIndent: ITEM_HANG,
    hangingIndent: ITEM_HANG,
    keepWith,
    label: {
      text: itemLabel(i),
      x: TEXT_LEFT + ITEM_INDENT,
      width: ITEM_HANG - ITEM_INDENT,
    },
  });
}

/**
 * A signature block, its date left blank for whoever signs to write in: the day a packet is prepared
 * is not the day it is signed or filed (a packet may wait weeks for its filing run), and a court must
 * never be handed papers dated a day nobody signed them.
 */
function signature(paper: PleadingPaper, lines: string[]): void {
  paper.keep(2 + lines.length + 1);
  paper.write('Dated: ____________________');
  paper.skip(1);
  const x = 330;
  paper.write('________________________________', { x });
  for (const line of lines) paper.write(line, { x });
}

function servedWords(data: PacketData): string {
  return data.served.map((p) => p.name).join(' and ');
}

/** How a dismissal petition words each condition it states (PETITION_CLAIMS' words, in a sentence). */
const DISMISSAL_CONDITION_WORDS: Partial<Record<PersonFactKey, string>> = {
  servingSentence: 'serving a sentence for any offense',
  underSupervision: 'on probation for any offense',
  currentlyCharged: 'charged with the commission of any offense',
};

/** What the petition says when every conviction's decision is of right. */
export const OF_RIGHT =
  'Petitioner is entitled to the relief asked for each conviction as a matter of right.';

/** The petition's statements for its remedy (numbered from 2), of the convictions and the petitioner. */
export function remedyStatement(data: Pick<PacketData, 'remedy'>, form: PacketForm): string[] {
  switch (data.remedy) {
    case 'pc17b':
      return [
        'Each offense listed is punishable either as a felony or as a misdemeanor, and petitioner was not sentenced to state prison or to county jail under Penal Code section 1170(h) for it.',
      ];
    case 'prop47':
      return [
        'Each offense listed would have been a misdemeanor had Proposition 47 been in effect when it was committed. Petitioner has no prior conviction for an offense listed in Penal Code section 667(e)(2)(C)(iv) and no conviction that requires registration under Penal Code section 290.',
      ];
    case 'prop64':
      return [
        'Each offense listed is one for which Proposition 64 provides dismissal, redesignation or resentencing, as asked for it above.',
      ];
    case 'pc851.91':
      // PC 851.91(a)(1) says when "an arrest did not result in a conviction"; the subdivision the
      // decision cites is given with the arrest above.
      return [
        'The arrest listed did not result in a conviction within the meaning of Penal Code section 851.91(a)(1), and petitioner is eligible to have the arrest and the related records sealed, as stated above.',
      ];
    default: {
      // What the form rests on (PACKET_FORMS[remedy].petitionerIsNot), and nothing its statute does
      // not ask: PC 1203.4a's petition says nothing of probation.
      const not = form.petitionerIsNot.flatMap((fact) => DISMISSAL_CONDITION_WORDS[fact] ?? []);
      const listed = not.length > 1 ? `${not.slice(0, -1).join(', ')}, or ${not.at(-1)}` : (not[0] ?? '');
      return [
        `Petitioner is not ${listed}, and is eligible for relief under ${form.statuteWords} as stated for each conviction above.`,
      ];
    }
  }
}

function drawPetition(paper: PleadingPaper, data: PacketData): void {
  const form = PACKET_FORMS[data.remedy];
  beginPaper(paper, data, petitionTitleOf(data), `(${form.statuteWords})`);
  paper.write(`TO THE COURT AND TO ${servedWords(data).toUpperCase()}:`);
  paragraph(
    paper,
    `Petitioner ${data.petitioner.name}, born ${longDate(data.petitioner.dateOfBirth)}, through counsel, petitions this court under ${form.statuteWords} as follows.`,
  );
  if (data.arrests) {
    numbered(
      paper,
      1,
      data.caseNumber
        ? `Petitioner asks the court to seal the following arrest, on which charges were filed in case number ${data.caseNumber}, and the relief stated for it, with the statute and subdivision it rests on:`
        : 'Petitioner asks the court to seal the following arrest, on which no case was filed in court, and the relief stated for it, with the statute and subdivision it rests on:',
    );
    data.arrests.forEach((a, i) => {
      item(paper, i, `${arrestWords(a)} Relief asked: ${a.relief} (${a.citation}).`);
    });
  } else {
    numbered(
      paper,
      1,
      `In case number ${data.caseNumber}, petitioner has the following convictions. For each, the relief asked and the statute and subdivision it rests on:`,
    );
    data.convictions.forEach((c, i) => {
      const when = `Convicted ${longDate(c.convictionDate)}. ${sentenceWords(c)}`;
      item(paper, i, `${offence(c)}. ${when} Relief asked: ${c.relief} (${c.citation}).`);
    });
  }
  let n = 2;
  for (const statement of remedyStatement(data, form)) numbered(paper, n++, statement);
  const entries = entriesOf(data);
  // Named by their item letters as listed above: two counts of one section are told apart.
  const discretionary = entries.flatMap((c, i) =>
    c.determination === 'eligible_discretionary' ? [itemLabel(i)] : [],
  );
  const all = discretionary.length === entries.length;
  numbered(
    paper,
    n++,
    data.arrests
      ? discretionary.length > 0
        ? 'Relief for the arrest is at the court’s discretion: petitioner asks that it be granted in the interests of justice. Petitioner’s declaration in support is filed with this petition.'
        : 'Petitioner is entitled to have the arrest sealed as a matter of right.'
      : discretionary.length > 0
        ? `For ${
            all
              ? 'each conviction'
              : `the conviction${discretionary.length === 1 ? '' : 's'} at item${discretionary.length === 1 ? '' : 's'} ${joinedWithAnd(discretionary)},`
          } where relief is at the court’s discretion, petitioner asks that it be granted in the interests of justice. Petitioner’s declaration in support is filed with this petition.`
        : OF_RIGHT,
  );
  numbered(
    paper,
    n++,
    'Petitioner asks the court to grant the relief stated for each item above and to sign the proposed order filed with this petition.',
  );
  paper.skip(1);
  signature(paper, [data.attorney.name, 'Attorney for Petitioner']);
}

function drawDeclaration(paper: PleadingPaper, data: PacketData): void {
  const declaration = data.declaration;
  if (!declaration) return;
  const form = PACKET_FORMS[data.remedy];
  beginPaper(
    paper,
    data,
    `DECLARATION OF ${data.petitioner.name.toUpperCase()} IN SUPPORT OF PETITION`,
    `(${form.statuteWords})`,
    'Declaration of Petitioner in Support of Petition',
  );
  paper.write(`I, ${data.petitioner.name}, declare:`);
  let n = 1;
  numbered(
    paper,
    n++,
    `I am the petitioner in this case. I make this declaration in support of my petition under ${form.statuteWords}.`,
  );
  const parts: [string, string][] = [
    [data.arrests ? 'Since my arrest' : 'Since my conviction', declaration.rehabilitation],
    ['Work and education', declaration.employment],
    ['My family and community', declaration.communityTies],
    ['Why I ask for relief', declaration.otherReasons],
  ];
  for (const [heading, text] of parts) {
    if (text.trim() === '') continue;
    paper.keep(2);
    paper.write(heading, { font: FONT.bold, firstIndent: PARAGRAPH_INDENT });
    for (const para of text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean))
      numbered(paper, n++, para);
  }
  paragraph(
    paper,
    'I declare under penalty of perjury under the laws of the State of California that the foregoing is true and correct.',
    2,
  );
  paragraph(paper, 'Executed on ____________________, at ______________________, California.');
  signature(paper, [`${data.petitioner.name}, Petitioner`]);
}

/**
 * The translator's declaration, when the declaration in support (in English, CCP 185) was read to the
 * petitioner in another language before they signed it under penalty of perjury (CCP 2015.5): who
 * read it, in which language, and that the petitioner said they understood it and that it is true.
 */
function drawTranslatorDeclaration(paper: PleadingPaper, data: PacketData): void {
  const translation = data.declaration?.translation;
  if (!translation) return;
  const form = PACKET_FORMS[data.remedy];
  const language = languageEnglishName(translation.language);
  const petitioner = data.petitioner.name;
  beginPaper(paper, data, 'DECLARATION OF TRANSLATOR', `(${form.statuteWords})`);
  paper.write(`I, ${translation.translatorName}, declare:`);
  numbered(paper, 1, `I am competent to translate between English and ${language}.`);
  numbered(
    paper,
    2,
    `On the date below I read the foregoing declaration of ${petitioner}, the petitioner, to the petitioner in ${language}. The petitioner told me that the petitioner understood it and that it is true and correct.`,
  );
  paragraph(
    paper,
    'I declare under penalty of perjury under the laws of the State of California that the foregoing is true and correct.',
    2,
  );
  paragraph(paper, 'Executed on ____________________, at ______________________, California.');
  signature(paper, [`${translation.translatorName}, Translator`]);
}

function drawOrder(paper: PleadingPaper, data: PacketData): void {
  const form: PacketForm = PACKET_FORMS[data.remedy];
  beginPaper(paper, data, form.orderTitle, `(${form.statuteWords})`);
  paragraph(
    paper,
    `The petition of ${data.petitioner.name} under ${form.statuteWords} came before the court on ____________________. Having read and considered the petition${data.declaration ? ' and the declaration in support' : ''}, THE COURT ORDERS, for each item below as marked:`,
  );
  const lines = data.arrests
    ? data.arrests.map((a) => `${arrestWords(a)} Relief asked: ${a.relief} (${a.citation}).`)
    : data.convictions.map(
        (c) =>
          `${offence(c)}, convicted ${longDate(c.convictionDate)}. Relief asked: ${c.relief} (${c.citation}).`,
      );
  lines.forEach((text, i) => {
    item(paper, i, text, 1);
    const n = paper.line;
    const x = TEXT_LEFT + ITEM_HANG;
    paper.box(n, x);
    paper.put(n, 'Granted', { x: x + 14, width: 60 });
    paper.box(n, x + 90);
    paper.put(n, 'Denied', { x: x + 104, width: 60 });
    paper.box(n, x + 180);
    paper.put(n, 'Other: ______________________', { x: x + 194, width: TEXT_RIGHT - x - 194 });
    paper.skip(1);
    // Granted as what: one relief marked, for DOJ to record (Prop 64).
    const conviction = data.arrests ? undefined : data.convictions[i];
    for (const relief of (conviction && form.grantedAs?.(conviction.completed ? 'completed' : 'serving')) ??
      []) {
      const at = paper.line;
      paper.box(at, x + 14);
      paper.put(at, `Granted: ${relief}`, { x: x + 28, width: TEXT_RIGHT - x - 28 });
      paper.skip(1);
    }
  });
  paragraph(paper, form.granted);
  paper.skip(1);
  signature(paper, ['Judge of the Superior Court']);
}

function drawProofOfService(paper: PleadingPaper, data: PacketData): void {
  const form = PACKET_FORMS[data.remedy];
  beginPaper(paper, data, 'PROOF OF SERVICE', '');
  paragraph(
    paper,
    `I am over 18 years of age and not a party to this action. My business address is ${[data.attorney.officeName, ...data.attorney.addressLines].join(', ')}.`,
  );
  const papers = [
    `${petitionTitleOf(data)
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase())} (${form.statuteWords})`,
    ...(data.declaration ? [`Declaration of ${data.petitioner.name} in support of petition`] : []),
    ...(data.declaration?.translation
      ? [`Declaration of translator ${data.declaration.translation.translatorName}`]
      : []),
    'Proposed order',
  ];
  paragraph(
    paper,
    `On ____________________, I served the following papers in People v. ${data.petitioner.name}${data.caseNumber ? `, case number ${data.caseNumber}` : ''}: ${papers.join('; ')}; on each person below:`,
  );
  for (const party of data.served) {
    paper.keep(1 + party.addressLines.length);
    paper.write(party.name, { x: TEXT_LEFT + ITEM_HANG, font: FONT.bold });
    for (const line of party.addressLines) paper.write(line, { x: TEXT_LEFT + ITEM_HANG });
  }
  // CR-409-INFO: an 851.91 petition is served "(delivered by hand or by mail)"; electronic service is
  // offered only for the other remedies.
  const ways = [
    'by personal delivery',
    'by first-class mail, postage prepaid',
    ...(form.entry === 'arrest' ? [] : ['by electronic service']),
  ];
  paper.keep(ways.length);
  for (const how of ways) {
    const n = paper.line;
    paper.box(n, TEXT_LEFT + PARAGRAPH_INDENT);
    paper.put(n, how, { x: TEXT_LEFT + PARAGRAPH_INDENT + 16 });
    paper.skip(1);
  }
  paragraph(
    paper,
    'I declare under penalty of perjury under the laws of the State of California that the foregoing is true and correct.',
    2,
  );
  paragraph(paper, 'Executed on ____________________, at ______________________, California.');
  signature(paper, ['Signature', '________________________________', 'Printed name']);
}

/** What a refusal of a packet's text ends with: what to do once the text is corrected. */
export const preparePacketAgain = (data: Pick<PacketData, 'caseNumber'>) =>
  `prepare the packet${data.caseNumber ? ` for case ${data.caseNumber}` : ''} again`;

/** Every paper of the packet, each from a new page. */
export function drawPacket(paper: PleadingPaper, data: PacketData): void {
  paper.refuseUnprintable(data, preparePacketAgain(data));
  drawPetition(paper, data);
  drawDeclaration(paper, data);
  drawTranslatorDeclaration(paper, data);
  drawOrder(paper, data);
  drawProofOfService(paper, data);
}
