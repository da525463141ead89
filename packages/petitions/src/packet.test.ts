// Packets and filing runs read back with pdf.js: pleading paper on every page, the right court and case
// in the caption, every conviction with its section and the statute its decision cites, nothing of
// another petition, and the declaration exactly when a decision was discretionary.
import type { Readable } from 'node:stream';
import {
  CONVICTION_STATEMENTS,
  PACKET_FORMS,
  PACKET_REMEDIES,
  type PacketData,
  type PacketRemedy,
  PERSON_FACTS,
  PETITION_CLAIMS,
  type PersonFactKey,
} from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { coverPages, paperOf } from './cover.ts';
import { UnprintableTextError } from './fonts.ts';
import { LINES } from './layout.ts';
import { OF_RIGHT, remedyStatement } from './packet.ts';
import { filingRunCheck, filingRunPages, renderFilingRunPdf, renderPacketPdf } from './render.ts';
import { arrest, arrestPacket, conviction, type PageText, packet, readPdf } from './test-support.ts';
import { printable } from './text.ts';

const ALL_NUMBERS = Array.from({ length: LINES }, (_, i) => String(i + 1));
const textOf = (pages: PageText[]) => pages.map((p) => p.body).join(' ');

async function streamBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function* yielding(packets: PacketData[]) {
  for (const p of packets) yield p;
}

function expectPleadingPaper(pages: PageText[]) {
  expect(pages.length).toBeGreaterThan(0);
  pages.forEach((page, i) => {
    expect(page.lineNumbers, `page ${i + 1}'s line numbers`).toEqual(ALL_NUMBERS);
  });
}

/** The pages of each paper, by the title its footer carries. */
function papersOf(pages: PageText[]) {
  return {
    petition: pages.filter((p) => /^\d+ (Petition|Application)/.test(p.footer)),
    declaration: pages.filter((p) => /^\d+ Declaration of Petitioner/.test(p.footer)),
    order: pages.filter((p) => /^\d+ \[Proposed\] Order/.test(p.footer)),
    proof: pages.filter((p) => /^\d+ Proof of Service/.test(p.footer)),
  };
}

/** The remedies whose petitions are on convictions (PC 851.91's is on an arrest). */
const CONVICTION_REMEDIES = PACKET_REMEDIES.filter((r) => PACKET_FORMS[r].entry === 'conviction');

describe('a petition packet', () => {
  it.each(CONVICTION_REMEDIES)(
    '%s: pleading paper throughout; the caption names the court and case; every conviction with its section and cited statute; no declaration for a mandatory decision',
    async (remedy: PacketRemedy) => {
      const form = PACKET_FORMS[remedy];
      const data = packet({
        remedy,
        convictions: [
          conviction({ remedy, section: '11350(a)', level: 'felony' }),
          conviction({ remedy, section: '11377(a)', citation: `${form.statute}(f)` }),
        ],
      });
      const { bytes, pages: drawn } = await renderPacketPdf(data);
      const { pages, info } = await readPdf(bytes);
      expect(pages).toHaveLength(drawn);
      expectPleadingPaper(pages);
      const papers = papersOf(pages);
      expect(papers.petition.length).toBeGreaterThan(0);
      expect(papers.order.length).toBeGreaterThan(0);
      expect(papers.proof.length).toBeGreaterThan(0);
      expect(papers.declaration).toEqual([]);
      // The first page of each paper: its caption.
      for (const first of [papers.petition[0], papers.order[0], papers.proof[0]]) {
        const body = first?.body ?? '';
        expect(body).toContain('SUPERIOR COURT OF CALIFORNIA COUNTY OF ALAMEDA');
        expect(body).toContain('Case No. 16CR01234');
        expect(body).toContain('Daniel Okafor (State Bar No. 298765)');
        expect(body).toContain('Attorney for Petitioner Begoña Núñez');
        expect(body).toContain('BEGOÑA NÚÑEZ');
        expect(first?.footer).toMatch(/^1 /);
        expect(first?.footer).toContain('People v. Begoña Núñez, No. 16CR01234');
      }
      const petition = textOf(papers.petition);
      expect(petition).toContain('born March 7, 1984');
      for (const c of data.convictions) {
        expect(petition).toContain(`PC ${c.section}`);
        expect(petition).toContain(`(${c.citation})`);
        expect(textOf(papers.order)).toContain(`PC ${c.section}`);
        expect(textOf(papers.order)).toContain(`(${c.citation})`);
      }
      expect(petition).toContain(`${form.statute}(a)(1)`);
      expect(petition).toContain(`${form.statute}(f)`);
      // One line per conviction with boxes for the court.
      expect(textOf(papers.order).match(/Granted Denied Other/g)).toHaveLength(2);
      expect(textOf(papers.proof)).toContain('Alameda County District Attorney');
      expect(info).toMatchObject({ Creator: 'Relief Desk', Author: 'Alameda County Public Defender' });
    },
  );

  it('Prop 64: the order has the court mark which relief it grants each conviction, by whether its sentence is complete', async () => {
    const data = packet({
      remedy: 'prop64',
      convictions: [
        conviction({
          remedy: 'prop64',
          code: 'HS',
          section: '11359',
          level: 'felony',
          citation: 'HS 11361.8(e)',
        }),
        conviction({
          remedy: 'prop64',
          code: 'HS',
          section: '11357(a)',
          completed: false,
          citation: 'HS 11361.8(b)',
        }),
      ],
    });
    const order = textOf(papersOf((await readPdf((await renderPacketPdf(data)).bytes)).pages).order);
    for (const relief of ['dismissed and sealed', 'redesignated a misdemeanor', 'redesignated an infraction'])
      expect(order).toContain(`Granted: ${relief}`);
    for (const relief of ['sentence recalled and petitioner resentenced', 'sentence dismissed'])
      expect(order).toContain(`Granted: ${relief}`);
    expect(order).toContain('Each conviction granted above is given the relief marked beside it.');
    expect(order).not.toContain('as asked');
  });

  it('describes a felony since designated a misdemeanor as it now stands, in the petition and the order', async () => {
    const data = packet({
      remedy: 'pc1203.4',
      convictions: [
        conviction({
          remedy: 'pc1203.4',
          code: 'HS',
          section: '11350(a)',
          level: 'felony',
          designatedMisdemeanor: { under: 'PC 1170.18', on: '2015-06-01' },
        }),
      ],
    });
    const papers = papersOf((await readPdf((await renderPacketPdf(data)).bytes)).pages);
    for (const paper of [papers.petition, papers.order])
      expect(textOf(paper)).toContain(
        'HS 11350(a), felony, designated a misdemeanor under PC 1170.18 on June 1, 2015',
      );
  });

  it('adds the declaration in the client’s words when a decision was discretionary, and says so in the petition and order', async () => {
    const data = packet({
      convictions: [
        conviction(),
        conviction({ section: '23152(b)', determination: 'eligible_discretionary' }),
      ],
      declaration: {
        rehabilitation:
          'I finished a twelve-month program and have been sober since 2018.\n\nI pay my fines.',
        employment: 'I work as a forklift operator at a warehouse in Hayward.',
        communityTies: '',
        otherReasons: 'I want to become a licensed nurse assistant.',
      },
    });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    expectPleadingPaper(pages);
    const papers = papersOf(pages);
    const declaration = textOf(papers.declaration);
    expect(papers.declaration[0]?.body).toContain('DECLARATION OF BEGOÑA NÚÑEZ IN SUPPORT OF PETITION');
    expect(declaration).toContain('I, Begoña Núñez, declare:');
    expect(declaration).toContain('I finished a twelve-month program and have been sober since 2018.');
    expect(declaration).toContain('I pay my fines.');
    expect(declaration).toContain('forklift operator');
    expect(declaration).toContain('licensed nurse assistant');
    expect(declaration).not.toContain('My family and community');
    expect(declaration).toContain('under penalty of perjury');
    expect(textOf(papers.petition)).toContain(
      'For the conviction at item (b), where relief is at the court’s discretion, petitioner asks that it be granted',
    );
    expect(textOf(papers.order)).toContain('and the declaration in support');
    expect(textOf(papers.proof)).toContain('Declaration of Begoña Núñez in support of petition');
  });

  it.each([
    {
      discretionary: [1],
      says: 'For the conviction at item (b), where relief is at the court’s discretion, petitioner asks',
    },
    {
      discretionary: [0, 2],
      says: 'For the convictions at items (a) and (c), where relief is at the court’s discretion, petitioner asks',
    },
    {
      discretionary: [0, 1, 3],
      says: 'For the convictions at items (a), (b) and (d), where relief is at the court’s discretion, petitioner asks',
    },
    {
      discretionary: [0, 1, 2, 3],
      says: 'For each conviction where relief is at the court’s discretion, petitioner asks',
    },
  ])(
    'names the discretionary convictions by their item letters: $discretionary',
    async ({ discretionary, says }) => {
      // Two counts of one section among them: only the item letters tell them apart.
      const data = packet({
        convictions: ['459', '459', '484(a)', '23152(b)'].map((section, i) =>
          conviction({
            section,
            determination: discretionary.includes(i) ? 'eligible_discretionary' : 'eligible_mandatory',
          }),
        ),
        declaration: {
          rehabilitation: 'I have been sober since 2018.',
          employment: '',
          communityTies: '',
          otherReasons: '',
        },
      });
      const petition = textOf(papersOf((await readPdf((await renderPacketPdf(data)).bytes)).pages).petition);
      expect(petition).toContain(says);
      expect(petition).toContain('(d) PC 23152(b)');
    },
  );

  it('serves probation only when the packet names it, and names the served parties in the petition', async () => {
    const data = packet({
      remedy: 'pc1203.4a',
      convictions: [conviction({ remedy: 'pc1203.4a', sentenceKind: 'fine_only' })],
      served: [{ name: 'Alameda County District Attorney', addressLines: ['1225 Fallon Street'] }],
    });
    const text = textOf((await readPdf((await renderPacketPdf(data)).bytes)).pages);
    expect(text).toContain('TO THE COURT AND TO ALAMEDA COUNTY DISTRICT ATTORNEY:');
    expect(text).not.toContain('Probation Department');
    expect(text).toContain('Sentence: a fine, completed May 2, 2019.');
  });

  it('names the courthouse in every paper’s caption, and no other', async () => {
    const data = packet({
      court: {
        name: 'Superior Court of California, County of Los Angeles',
        courthouse: {
          name: 'Airport Courthouse',
          address: '11701 S. La Cienega Blvd.\nLos Angeles, CA 90045',
        },
      },
    });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    const firsts = pages.filter((p) => p.footer.startsWith('1 '));
    expect(firsts.length).toBe(3);
    for (const page of firsts) {
      expect(page.body).toContain('SUPERIOR COURT OF CALIFORNIA COUNTY OF LOS ANGELES Airport Courthouse');
      expect(page.body).not.toContain('René C. Davidson');
    }
  });

  it('PC 851.91: lists the arrest (date, agency, offence, outcome and its date) with the relief under the subdivision its decision cites, in the petition and the order; serves the prosecutor and the arresting agency by hand or mail', async () => {
    const data = arrestPacket();
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    expectPleadingPaper(pages);
    const papers = papersOf(pages);
    expect(papers.petition[0]?.body).toContain('PETITION TO SEAL ARREST AND RELATED RECORDS');
    const petition = textOf(papers.petition);
    expect(petition).toContain(
      'TO THE COURT AND TO ALAMEDA COUNTY DISTRICT ATTORNEY AND OAKLAND POLICE DEPARTMENT:',
    );
    const line =
      'Arrested March 4, 2019 by Oakland Police Department for PC 459, felony (burglary). Charges dismissed on June 1, 2019. Relief asked: Seal the arrest and the related records, as described in Penal Code section 851.92 (PC 851.91(a)(1)(B)(i)).';
    expect(petition).toContain(line);
    expect(petition).toContain('on which charges were filed in case number 19CR00459');
    expect(petition).toContain('within the meaning of Penal Code section 851.91(a)(1)');
    expect(petition).toContain('entitled to have the arrest sealed as a matter of right');
    expect(petition).not.toContain('Sentence:');
    const order = textOf(papers.order);
    expect(papers.order[0]?.body).toContain('[PROPOSED] ORDER TO SEAL ARREST AND RELATED RECORDS');
    expect(order).toContain(line);
    expect(order.match(/Granted Denied Other/g)).toHaveLength(1);
    const proof = textOf(papers.proof);
    expect(proof).toContain('Alameda County District Attorney 1225 Fallon Street, Room 900');
    expect(proof).toContain('Oakland Police Department 455 7th Street Oakland, CA 94607');
    expect(proof).toContain('by personal delivery');
    expect(proof).toContain('by first-class mail');
    expect(proof).not.toContain('electronic service');
    expect(proof).not.toContain('Probation');
  });

  it('PC 851.91 with no case filed: the caption leaves the case number for the clerk, and a discretionary decision brings the declaration “since my arrest”', async () => {
    const data = arrestPacket({
      caseNumber: '',
      arrests: [
        arrest({
          disposition: 'No charges filed',
          dispositionDate: null,
          determination: 'eligible_discretionary',
          citation: 'PC 851.91(a)(1)(A); PC 851.91(c)(2)',
        }),
      ],
      declaration: {
        rehabilitation: 'I finished school.',
        employment: '',
        communityTies: '',
        otherReasons: '',
      },
    });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    expectPleadingPaper(pages);
    const papers = papersOf(pages);
    expect(papers.petition[0]?.body).toContain('Case No. ____________');
    expect(papers.petition[0]?.footer).toContain('No. ____________');
    const petition = textOf(papers.petition);
    expect(petition).toContain('on which no case was filed in court');
    expect(petition).toContain('No charges filed. Relief asked');
    expect(petition).toContain('(PC 851.91(a)(1)(A); PC 851.91(c)(2))');
    expect(petition).toContain('at the court’s discretion');
    expect(textOf(papers.declaration)).toContain('Since my arrest');
    expect(textOf(papers.proof)).not.toContain('case number');
  });

  it('carries nothing of another petition', async () => {
    const a = packet();
    const b = packet({
      petitionId: 'p2',
      caseNumber: '19CR07777',
      petitioner: { name: 'José Ángel Muñoz', dateOfBirth: '1990-12-01' },
      convictions: [conviction({ section: '459', level: 'felony' })],
      hearingOn: '2027-01-15',
    });
    const [first, second] = await Promise.all([renderPacketPdf(a), renderPacketPdf(b)]);
    const textA = (await readPdf(first.bytes)).pages.map((p) => `${p.body} ${p.footer}`).join(' ');
    const textB = (await readPdf(second.bytes)).pages.map((p) => `${p.body} ${p.footer}`).join(' ');
    for (const other of ['19CR07777', 'Muñoz', 'MUÑOZ', 'PC 459', 'December 1, 1990', 'January 15, 2027'])
      expect(textA).not.toContain(other);
    for (const other of ['16CR01234', 'Núñez', 'NÚÑEZ', '484(a)', '647(f)', 'March 7, 1984'])
      expect(textB).not.toContain(other);
    expect(textB).toContain('Hearing: January 15, 2027');
  });

  it('keeps 28 numbered lines on every page of a long declaration, and runs the text on in order', async () => {
    const words = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const data = packet({
      convictions: [conviction({ determination: 'eligible_discretionary' })],
      declaration: { rehabilitation: words, employment: '', communityTies: '', otherReasons: '' },
    });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    expectPleadingPaper(pages);
    const declaration = papersOf(pages).declaration;
    expect(declaration.length).toBeGreaterThan(2);
    expect(declaration.map((p) => p.footer.split(' ')[0])).toEqual(declaration.map((_, i) => String(i + 1)));
    const text = textOf(declaration);
    const positions = [0, 1, 450, 899].map((i) => text.indexOf(`word${i} `));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  it('adds the translator’s declaration after the petitioner’s when it was read to them in another language, and lists it as served', async () => {
    const declaration = {
      rehabilitation: 'Terminé el programa. I finished the program.',
      employment: '',
      communityTies: '',
      otherReasons: '',
    };
    const convictions = [conviction({ determination: 'eligible_discretionary' })];
    const translated = packet({
      convictions,
      declaration: { ...declaration, translation: { language: 'es', translatorName: 'Rosa Delgado' } },
    });
    const { pages } = await readPdf((await renderPacketPdf(translated)).bytes);
    expectPleadingPaper(pages);
    const translator = pages.filter((p) => /^\d+ Declaration of Translator/.test(p.footer));
    expect(translator.length).toBeGreaterThan(0);
    // After the petitioner's declaration and its signature lines, before the order.
    const at = (page: PageText | undefined) => (page ? pages.indexOf(page) : -1);
    expect(at(translator[0])).toBe(at(papersOf(pages).declaration.at(-1)) + 1);
    expect(at(papersOf(pages).order[0])).toBe(at(translator.at(-1)) + 1);
    const text = textOf(translator).replace(/\s+/g, ' ');
    expect(text).toContain('DECLARATION OF TRANSLATOR');
    expect(text).toContain('I, Rosa Delgado, declare:');
    expect(text).toContain('I am competent to translate between English and Spanish.');
    expect(text).toContain(
      `On the date below I read the foregoing declaration of ${translated.petitioner.name}, the petitioner, to the petitioner in Spanish. The petitioner told me that the petitioner understood it and that it is true and correct.`,
    );
    expect(text).toContain('I declare under penalty of perjury under the laws of the State of California');
    expect(text).toContain('Rosa Delgado, Translator');
    expect(text).not.toContain('Español');
    expect(textOf(papersOf(pages).proof).replace(/\s+/g, ' ')).toContain(
      'Declaration of translator Rosa Delgado',
    );

    // Read in English by the petitioner: no translator's declaration.
    const english = packet({ convictions, declaration });
    const plain = (await readPdf((await renderPacketPdf(english)).bytes)).pages;
    expect(plain.some((p) => /Translator/.test(p.footer))).toBe(false);
    expect(textOf(plain)).not.toContain('TRANSLATOR');
  });

  // A packet may wait weeks between being prepared and being signed and filed: no paper of it bears
  // the day it was prepared; every signature's date is a blank, written in when it is signed.
  it.each(PACKET_REMEDIES)(
    '%s: no signature line of any paper is dated, least of all with the day the packet was prepared',
    async (remedy: PacketRemedy) => {
      const declaration = {
        rehabilitation: 'Terminé el programa. I finished the program.',
        employment: '',
        communityTies: '',
        otherReasons: '',
        translation: { language: 'es', translatorName: 'Rosa Delgado' },
      } as const;
      const prepared = { date: '2026-10-05', declaration };
      const data =
        PACKET_FORMS[remedy].entry === 'arrest'
          ? arrestPacket({ ...prepared, arrests: [arrest({ determination: 'eligible_discretionary' })] })
          : packet({
              ...prepared,
              remedy,
              convictions: [conviction({ remedy, determination: 'eligible_discretionary' })],
            });
      const text = textOf((await readPdf((await renderPacketPdf(data)).bytes)).pages);
      expect(text).not.toContain('October 5, 2026');
      // The petition, the declaration, the translator's, the order and the proof of service.
      expect(text.match(/Dated: \S+/g)).toEqual(Array(5).fill('Dated: ____________________'));
    },
  );

  it('is byte-for-byte repeatable', async () => {
    const [a, b] = await Promise.all([renderPacketPdf(packet()), renderPacketPdf(packet())]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });
});

describe("how a conviction's sentence is told", () => {
  // A past end date says probation is over, not how: "completed" only when the record says so.
  it.each([
    ['completed', 'Sentence: probation, completed May 2, 2019.'],
    ['unknown', 'Sentence: probation, ended May 2, 2019.'],
    ['violated', 'Sentence: probation, violated; ended May 2, 2019.'],
    ['terminated_early', 'Sentence: probation, terminated early on May 2, 2019.'],
  ] as const)('probation %s, ended in the past: "%s"', async (probationOutcome, words) => {
    const data = packet({ convictions: [conviction({ probationOutcome, completed: true })] });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    const petition = textOf(papersOf(pages).petition).replace(/\s+/g, ' ');
    expect(petition).toContain(words);
    if (probationOutcome !== 'completed') expect(petition).not.toContain('completed May 2, 2019');
  });
});

describe('what a petition states of each conviction', () => {
  // The packet check holds a petition whose conviction's record contradicts (or does not say) what
  // CONVICTION_STATEMENTS lists. Every sentence the templates make is in that list, or a statement of
  // the petitioner (PETITION_CLAIMS), or named here with the reason it states nothing of the record.
  const checkedBy: Readonly<Record<string, string>> = {
    // The level statements check "felony".
    'APPLICATION TO DESIGNATE FELONY AS MISDEMEANOR': 'Each felony conviction granted above',
    'Designate the felony conviction a misdemeanor': 'Each felony conviction granted above',
    'Declare the offense a misdemeanor for all purposes': 'PETITION TO REDUCE FELONY TO MISDEMEANOR',
    'Each offense granted above is declared a misdemeanor for all purposes.':
      'PETITION TO REDUCE FELONY TO MISDEMEANOR',
  };
  const nothingOfTheRecord: Readonly<Record<string, string>> = {
    'PETITION FOR DISMISSAL': 'the remedy asked',
    'Permit the petitioner to withdraw the plea of guilty or nolo contendere (or set aside the verdict of guilty), enter a plea of not guilty, and dismiss the accusatory pleading':
      'the relief asked',
    'For each conviction granted above, the plea, verdict or finding of guilt is set aside and vacated, a plea of not guilty is entered, and the accusatory pleading is dismissed.':
      'what the order does',
    'The petitioner is released from the penalties and disabilities resulting from the offense, except as the statute provides.':
      'what the order does',
    // The stage's title and relief are chosen from the record's end date.
    'PETITION FOR RECALL OF SENTENCE AND RESENTENCING': 'chosen by the end date',
    'PETITION FOR RESENTENCING AND APPLICATION FOR REDESIGNATION': 'chosen by the end dates',
    'Recall the sentence and resentence the petitioner to a misdemeanor': 'chosen by the end date',
    'Each felony conviction granted above is designated a misdemeanor, or its sentence recalled and the petitioner resentenced to a misdemeanor, as asked.':
      'what the order does (its "felony" is a statement of its own)',
    'APPLICATION FOR DISMISSAL AND SEALING OR REDESIGNATION': 'chosen by the end date',
    'PETITION FOR RECALL OR DISMISSAL OF SENTENCE': 'chosen by the end date',
    'PETITION AND APPLICATION UNDER PROPOSITION 64': 'chosen by the end dates',
    'Dismiss and seal the conviction, or redesignate it as a misdemeanor or infraction, as the statute provides':
      'chosen by the end date',
    'Recall or dismiss the sentence, and resentence the petitioner as the statute provides':
      'chosen by the end date',
    'Each conviction granted above is given the relief marked beside it.': 'what the order does',
    // The arrest's papers: its outcome and case number are checked by the packet check of the arrest.
    'PETITION TO SEAL ARREST AND RELATED RECORDS': 'the arrest',
    'Seal the arrest and the related records, as described in Penal Code section 851.92': 'the arrest',
    'The arrest and the related records granted above are sealed as described in Penal Code section 851.92.':
      'the arrest',
    'The arrest listed did not result in a conviction within the meaning of Penal Code section 851.91(a)(1), and petitioner is eligible to have the arrest and the related records sealed, as stated above.':
      'the arrest',
  };
  // PC 1203.4a's "of right" rests on no later conviction (an honest and upright life): the matter's,
  // not this record's, and the rules read it.
  const ofRightElsewhere: readonly PacketRemedy[] = ['pc1203.4a'];

  it.each(PACKET_REMEDIES)(
    '%s: every sentence its templates make is checked against the record, or states nothing of it',
    (remedy) => {
      const form = PACKET_FORMS[remedy];
      const sentences = [
        ...(['completed', 'serving', 'mixed'] as const).map((s) => form.petitionTitle(s)),
        ...(['completed', 'serving'] as const).map((s) => form.relief(s)),
        form.granted,
        ...remedyStatement({ remedy }, form),
        ...(form.entry === 'conviction' && !ofRightElsewhere.includes(remedy) ? [OF_RIGHT] : []),
      ].flatMap((t) => t.split(/(?<=\.)\s+/));
      const statements = CONVICTION_STATEMENTS.filter((s) => s.remedies.includes(remedy));
      const claims = (form.petitionerIsNot as readonly PersonFactKey[]).map((k) => PETITION_CLAIMS[k].words);
      for (const sentence of new Set(sentences)) {
        const checked =
          statements.some((s) => sentence.includes(s.words)) ||
          claims.some((w) => sentence.includes(w)) ||
          statements.some((s) => s.words === checkedBy[sentence]) ||
          sentence in nothingOfTheRecord;
        expect(checked, `${remedy}: “${sentence}”`).toBe(true);
      }
    },
  );

  it.each(
    CONVICTION_STATEMENTS.flatMap((statement) =>
      statement.remedies.map((remedy) => ({ remedy, statement, words: statement.words })),
    ),
  )('$remedy: the papers print “$words”', async ({ remedy, statement }) => {
    const c = conviction({
      remedy,
      level: 'felony',
      determination: statement.mandatoryOnly ? 'eligible_mandatory' : 'eligible_discretionary',
    });
    const data = packet({
      remedy,
      convictions: [c],
      declaration: statement.mandatoryOnly
        ? null
        : { rehabilitation: 'Sober since 2019.', employment: '', communityTies: '', otherReasons: '' },
    });
    const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
    expect(textOf(pages).replace(/\s+/g, ' ')).toContain(statement.words);
  });
});

describe('what a petition states of the petitioner', () => {
  // The packet check holds a petition back when the person facts contradict these statements
  // (PACKET_FORMS[remedy].petitionerIsNot): the papers must say exactly those, and no others.
  it.each(PACKET_REMEDIES)(
    '%s: carries the statement of each fact it rests on, and of no other',
    async (remedy) => {
      const data =
        PACKET_FORMS[remedy].entry === 'arrest'
          ? arrestPacket()
          : packet({ remedy, convictions: [conviction({ remedy })] });
      const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
      const petition = textOf(papersOf(pages).petition).replace(/\s+/g, ' ');
      const stated: readonly PersonFactKey[] = PACKET_FORMS[remedy].petitionerIsNot;
      for (const { key } of PERSON_FACTS)
        expect(petition.includes(PETITION_CLAIMS[key].words), `${remedy}: ${key}`).toBe(stated.includes(key));
    },
  );
});

describe('a filing run', () => {
  it('is the cover list, then each packet in order with the pages the cover gives it', async () => {
    const packets = [
      packet(),
      packet({
        petitionId: 'p2',
        caseNumber: '19CR07777',
        petitioner: { name: 'José Ángel Muñoz', dateOfBirth: '1990-12-01' },
        convictions: [conviction({ section: '459', determination: 'eligible_discretionary' })],
        declaration: {
          rehabilitation: 'I have changed.',
          employment: '',
          communityTies: '',
          otherReasons: '',
        },
      }),
      packet({ petitionId: 'p3', caseNumber: '21CR00042', remedy: 'pc1203.4a' }),
    ];
    const counts = await Promise.all(packets.map(async (p) => (await renderPacketPdf(p)).pages));
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: { name: 'René C. Davidson Courthouse', address: '1225 Fallon Street\nOakland, CA 94612' },
      county: 'Alameda',
      eFiling: true,
      date: '2026-11-28',
      officeName: 'Alameda County Public Defender',
      rows: packets.map((p, i) => ({
        caseNumber: p.caseNumber,
        petitioner: p.petitioner.name,
        paper: 'Petition for dismissal',
        pages: counts[i] ?? 0,
      })),
    };
    const bytes = await streamBytes(renderFilingRunPdf(cover, yielding(packets)));
    const { pages } = await readPdf(bytes);
    expect(pages).toHaveLength(filingRunPages(counts));
    expectPleadingPaper(pages);
    const coverText = pages[0]?.body ?? '';
    expect(coverText).toContain('FILING LIST');
    expect(coverText).toContain('3 petitions, prepared November 28, 2026 by Alameda County Public Defender');
    expect(coverText).toContain('this court takes e-filing');
    expect(coverText).toContain('René C. Davidson Courthouse, 1225 Fallon Street, Oakland, CA 94612');
    const [a = 0, b = 0, c = 0] = counts;
    expect(coverText).toContain(`1. 16CR01234 Begoña Núñez Petition for dismissal 2–${1 + a}`);
    expect(coverText).toContain(`2. 19CR07777 José Ángel Muñoz Petition for dismissal ${2 + a}–${1 + a + b}`);
    expect(coverText).toContain(
      `3. 21CR00042 Begoña Núñez Petition for dismissal ${2 + a + b}–${1 + a + b + c}`,
    );
    // Each packet starts where the cover says, with its own caption.
    expect(pages[1]?.body).toContain('Case No. 16CR01234');
    expect(pages[1 + a]?.body).toContain('Case No. 19CR07777');
    expect(pages[1 + a + b]?.body).toContain('Case No. 21CR00042');
    // The run's packet pages are the packets' own.
    const alone = await readPdf((await renderPacketPdf(packets[1] as PacketData)).bytes);
    expect(pages.slice(1 + a, 1 + a + b)).toEqual(alone.pages);
  });

  it('the cover shows each row’s papers in full, with the statute, wrapped within its column; its pages as counted', async () => {
    // Every form's title, for convictions all completed, none, and some (an arrest's has one).
    const papers = PACKET_REMEDIES.flatMap((remedy) =>
      [[true], [false], [true, false]].map((completed) =>
        paperOf(
          packet({
            remedy,
            convictions: completed.map((done) => conviction({ remedy, completed: done })),
          }),
        ),
      ),
    );
    expect(papers).toContain('Petition for dismissal, PC 1203.4');
    expect(papers).toContain('Application for dismissal and sealing or redesignation, HS 11361.8');
    // The subdivision the relief rests on, not the whole section (PC 17 is more than reductions).
    expect(papers).toContain('Petition to reduce felony to misdemeanor, PC 17(b)');
    const rows = papers.map((paper, i) => ({
      // As long as the demo's Alameda case numbers (AL15CR292719), which were once cut.
      caseNumber: `AL20CR${String(i).padStart(6, '0')}`,
      // A name too long for two lines of its column at the body's size, which was once cut.
      petitioner:
        ['María Guadalupe Hernández', 'Begoña Núñez', 'María de los Ángeles Hernández-Villanueva'][i % 3] ??
        '',
      paper,
      pages: 1,
    }));
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: null,
      county: 'Alameda',
      eFiling: true,
      date: '2026-11-28',
      officeName: 'Office',
      rows,
    };
    const { pages } = await readPdf(await streamBytes(renderFilingRunPdf(cover, yielding([]))));
    expect(pages).toHaveLength(coverPages(rows.length));
    expect(pages.length).toBeGreaterThan(1);
    expectPleadingPaper(pages);
    // A name broken after its hyphen reads as one when the lines are joined.
    const text = textOf(pages).replaceAll('- ', '-');
    expect(text).not.toContain('…');
    rows.forEach((row, i) => {
      const page = coverPages(rows.length) + 1 + i;
      expect(text).toContain(`${i + 1}. ${row.caseNumber} ${row.petitioner} ${row.paper} ${page}`);
    });
  });

  it('streams: the reader has its first bytes before the source has given its last packet', async () => {
    let given = 0;
    async function* counted() {
      for (let i = 0; i < 30; i++) {
        given++;
        // As a database driver that answers at once does: nothing here waits on I/O.
        yield packet({ petitionId: `p${i}`, caseNumber: `20CR${i}` });
      }
    }
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: null,
      county: 'Alameda',
      eFiling: false,
      date: '2026-11-28',
      officeName: 'Office',
      rows: [],
    };
    const stream = renderFilingRunPdf(cover, counted());
    const givenAtFirstChunk = await new Promise<number>((resolve) =>
      stream.once('data', () => resolve(given)),
    );
    expect(givenAtFirstChunk).toBeLessThan(5);
    stream.resume();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(given).toBe(30);
  });

  it('stops with the error of a source that fails', async () => {
    async function* failing() {
      yield packet();
      throw new Error('the database went away');
    }
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: null,
      county: 'Alameda',
      eFiling: false,
      date: '2026-11-28',
      officeName: 'Office',
      rows: [],
    };
    await expect(streamBytes(renderFilingRunPdf(cover, failing()))).rejects.toThrow('the database went away');
  });

  it('waits for its reader: a run read slowly holds little in memory', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      packet({ petitionId: `p${i}`, caseNumber: `20CR${i}` }),
    );
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: null,
      county: 'Alameda',
      eFiling: false,
      date: '2026-11-28',
      officeName: 'Office',
      rows: many.map((p) => ({ caseNumber: p.caseNumber, petitioner: 'X', paper: 'Petition', pages: 1 })),
    };
    const highWaterMark = 32 * 1024;
    const stream = renderFilingRunPdf(cover, yielding(many), { highWaterMark });
    let most = 0;
    let total = 0;
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      most = Math.max(most, stream.readableLength);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(total).toBeGreaterThan(10 * highWaterMark);
    // Never much more than the high-water mark plus one packet waits to be read.
    expect(most).toBeLessThan(2 * highWaterMark);
  });
});

// ---------------------------------------------------------------------------------------------------
// Names in every script court papers print, read back exactly as written; what they cannot print,
// refused with where it is and what to do.

/** A seeded generator: the same names on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 0x7fffffff;
    return state / 0x7fffffff;
  };
}
const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const capitalized = (word: string) => (word[0] ?? '').toUpperCase() + word.slice(1);
const wordOf = (random: () => number, letters: string) =>
  capitalized(
    Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(random, [...letters])).join(''),
  );

/** Vietnamese syllables: any vowel with any of the six tones, so marks stack on ă â ê ô ơ ư. */
const VI_ONSETS = ['Ng', 'Nh', 'Tr', 'Th', 'Kh', 'Ph', 'Đ', 'Gi', 'Qu', 'H', 'L', 'M', 'V', ''];
const VI_VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const VI_TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VI_CODAS = ['', 'n', 'ng', 'nh', 'm', 'c', 't', 'ch'];
const vietnamese = (random: () => number) =>
  Array.from({ length: 3 }, () =>
    capitalized(
      pick(random, VI_ONSETS) + pick(random, VI_VOWELS) + pick(random, VI_TONES) + pick(random, VI_CODAS),
    ).normalize('NFC'),
  ).join(' ');
const POLISH = 'aąbcćdeęfghijklłmnńoóprsśtuwyzźż';
/** Spanish and Tagalog, French, Portuguese, German, the Nordic languages, Czech, Romanian, Turkish… */
const LATIN = 'abcdefghijlmnopqrstuvzñáéíóúüàâçèêëîïôùûÿãõåøæœčďěňřšťůžșțğışőű';

const COURT_NAMES = (() => {
  const random = seeded(19840307);
  const names = ['Nguyễn Văn Thắng', 'Trần Thị Hương', 'Łukasz Wróbel', "Siobhán O'Brien-Łęcka"];
  for (let i = 0; i < 4; i++) names.push(vietnamese(random));
  for (let i = 0; i < 2; i++)
    names.push(`${wordOf(random, POLISH)} ${wordOf(random, POLISH)}-${wordOf(random, POLISH)}`);
  for (let i = 0; i < 2; i++)
    names.push(`${wordOf(random, LATIN)} ${pick(random, ["O'", 'D’'])}${wordOf(random, LATIN)}`);
  // Some typed decomposed (a letter and its marks), as some keyboards and pasted text give them.
  return names.map((name, i) => (i % 3 === 1 ? name.normalize('NFD') : name));
})();

describe('names on court papers', () => {
  it.each(COURT_NAMES.map((name) => [name.normalize('NFC'), name] as const))(
    '%s: exactly as written in the caption, the petition, the order and every footer',
    async (expected, typed) => {
      const data = packet({ petitioner: { name: typed, dateOfBirth: '1979-09-09' } });
      const { pages } = await readPdf((await renderPacketPdf(data)).bytes);
      const text = textOf(pages).normalize('NFC');
      expect(text).toContain(`Attorney for Petitioner ${expected}`);
      expect(text).toContain(`v. ${expected.toUpperCase()}, Defendant and Petitioner.`);
      expect(text).toContain(`Petitioner ${expected}, born September 9, 1979, through counsel`);
      expect(text).toContain(`The petition of ${expected} under Penal Code`);
      expect(text).toContain(`I served the following papers in People v. ${expected}, case number 16CR01234`);
      for (const page of pages)
        expect(page.footer.normalize('NFC')).toContain(`People v. ${expected}, No. 16CR01234`);
    },
  );

  it('are set in an embedded subset of Liberation Serif, and no other font', async () => {
    const { bytes } = await renderPacketPdf(
      packet({ petitioner: { name: 'Nguyễn Văn Thắng', dateOfBirth: '1979-09-09' } }),
    );
    const raw = bytes.toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([^\s/]+)/g)].map((m) => m[1]);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+LiberationSerif(-Bold)?$/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/Helvetica|Times|Courier/);
    // Only the glyphs used: the font files are 370-390 KB each.
    expect(bytes.length).toBeLessThan(80_000);
  });

  it.each([
    ['王小明', '"王" (U+738B, a Chinese character)'],
    ['Kim 김민준', '"김" (U+AE40, a Korean letter)'],
    ['דוד כהן', '"ד" (U+05D3, a Hebrew letter, written right to left)'],
  ])('a petitioner named %s is refused, naming the character and what to do', async (name, said) => {
    const refused = renderPacketPdf(packet({ petitioner: { name, dateOfBirth: '1979-09-09' } }));
    await expect(refused).rejects.toBeInstanceOf(UnprintableTextError);
    await expect(refused).rejects.toMatchObject({ field: 'petitioner.name', character: [...said][1] });
    await expect(refused).rejects.toThrow(
      `The petitioner's name has ${said}, which court papers cannot show`,
    );
    await expect(refused).rejects.toThrow(
      "in Latin letters (accents are fine), as the court's records have it",
    );
  });

  it('refuses such a character anywhere in the papers, saying where', async () => {
    const served = packet({ served: [{ name: '서울 District Attorney', addressLines: ['1 Main St'] }] });
    await expect(renderPacketPdf(served)).rejects.toMatchObject({ field: 'served.0.name' });
    const declaration = packet({
      convictions: [conviction({ determination: 'eligible_discretionary' })],
      declaration: { rehabilitation: 'I work 👍', employment: '', communityTies: '', otherReasons: '' },
    });
    await expect(renderPacketPdf(declaration)).rejects.toMatchObject({ field: 'declaration.rehabilitation' });
    await expect(renderPacketPdf(declaration)).rejects.toThrow(
      'then prepare the packet for case 16CR01234 again',
    );
  });

  it('a filing list with such a name stops the run with the refusal', async () => {
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: null,
      county: 'Alameda',
      eFiling: false,
      date: '2026-11-28',
      officeName: 'Office',
      rows: [{ caseNumber: '16CR01234', petitioner: '王小明', paper: 'Petition', pages: 6 }],
    };
    await expect(streamBytes(renderFilingRunPdf(cover, yielding([packet()])))).rejects.toMatchObject({
      name: 'UnprintableTextError',
      field: 'rows.0.petitioner',
    });
  });

  it('a filing run is checked before it is drawn: each packet, and the cover’s own text', () => {
    const check = filingRunCheck();
    expect(
      check.packet(packet({ petitioner: { name: 'Nguyễn Văn Thắng', dateOfBirth: '1979-09-09' } })),
    ).toBe(null);
    const refused = check.packet(packet({ petitioner: { name: '王小明', dateOfBirth: '1979-09-09' } }));
    expect(refused).toBeInstanceOf(UnprintableTextError);
    expect(refused).toMatchObject({ field: 'petitioner.name', character: '王' });
    expect(refused?.place.fix).toBe(
      "Enter the client's name in Latin letters (accents are fine), as the court's records have it",
    );
    expect(refused?.message).toMatch(/then prepare the packet for case 16CR01234 again\.$/);
    const cover = {
      courtName: 'Superior Court of California, County of Alameda',
      courthouse: { name: 'René C. Davidson Courthouse', address: '1225 Fallon Street\nOakland, CA 94612' },
      county: 'Alameda',
      eFiling: false,
      date: '2026-11-28',
      officeName: 'Office',
      // The rows are the packets' text, checked with each packet.
      rows: [{ caseNumber: '16CR01234', petitioner: '王小明', paper: 'Petition', pages: 6 }],
    };
    expect(check.cover(cover)).toBe(null);
    expect(check.cover({ ...cover, officeName: 'Office 🏛' })).toMatchObject({ field: 'officeName' });
  });
});

describe('printable', () => {
  it('composes what was typed decomposed, and leaves out only what cannot be seen', () => {
    expect(printable('Nguye\u0302\u0303n\tThi\u0323')).toBe('Nguyễn Thị');
    expect(printable('Ana\u200B Ruiz\u200F,\u00A0Jr.\u3000X')).toBe('Ana Ruiz,\u00A0Jr. X');
    expect(printable("Łukasz O'Brien-Wróbel")).toBe("Łukasz O'Brien-Wróbel");
  });
});

describe('long names, case numbers and courthouses in the caption', () => {
  const LONG = 'María de los Ángeles Hernández-Villanueva Castañeda-Ocampo y Núñez';
  const NAMES = [
    'Ana Ruiz',
    'Begoña Núñez-Fernández',
    LONG,
    `${LONG} Pérez`,
    // 80 characters, with one word longer than any line of the block.
    `${'Wolfeschlegelsteinhausenbergerdorff'.repeat(2)} Ñúñez-Ocampo`.slice(0, 80),
  ];
  it.each(NAMES)(
    '%s: whole in every attorney block, never cut; the page count is what the code reports',
    async (name) => {
      expect(name.length).toBeLessThanOrEqual(80);
      const data = packet({ petitioner: { name, dateOfBirth: '1979-09-09' }, declaration: null });
      const rendered = await renderPacketPdf(data);
      const { pages } = await readPdf(rendered.bytes);
      expect(pages).toHaveLength(rendered.pages);
      expectPleadingPaper(pages);
      const text = textOf(pages);
      expect(text).not.toContain('…');
      const papers = Object.values(papersOf(pages)).filter((p) => p.length > 0);
      expect(papers.length).toBeGreaterThanOrEqual(3);
      for (const paper of papers) {
        // The block's lines, joined as they read (a name broken after its hyphen reads as one).
        const first = paper[0]?.body ?? '';
        const joined = first.replaceAll('- ', '-');
        expect(joined.replace(/\s+/g, '')).toContain(`AttorneyforPetitioner${name.replace(/\s+/g, '')}`);
        // The block stays in order, ahead of the court's title.
        expect(
          joined.indexOf('Telephone:') === -1 ||
            joined.indexOf('Telephone:') < joined.indexOf('Attorney for'),
        ).toBe(true);
        expect(joined.indexOf('Attorney for Petitioner')).toBeLessThan(joined.indexOf('SUPERIOR COURT'));
      }
    },
  );

  it('the petitioner’s name in the caption breaks after a hyphen of a compound surname, never within a name', async () => {
    const name = 'Lucía Fernández-Hernández-Villanueva-Castellanos-Ocampo';
    const rendered = await renderPacketPdf(
      packet({ petitioner: { name, dateOfBirth: '1979-09-09' }, declaration: null }),
    );
    const text = textOf((await readPdf(rendered.bytes)).pages);
    const parts = name.toUpperCase().split(/[\s-]/);
    // Each part of the name in capitals (the caption's) is whole on its line.
    for (const line of text.split('\n').filter((l) => /FERN|HERN|VILLA|CASTE|OCAMPO/.test(l)))
      for (const word of line
        .split(/[\s,-]+/)
        .filter((w) => w !== '' && w === w.toUpperCase() && /\p{L}{3}/u.test(w)))
        if (parts.some((p) => p.startsWith(word) || word.startsWith(p)))
          expect(parts, `${word} in “${line}”`).toContain(word);
  });

  it('a case number and a courthouse name at their longest are wrapped, never cut', async () => {
    const caseNumber = `${'CR-2016-0001234-'.repeat(3)}ABCDEFGHIJKL`.slice(0, 60);
    const courthouse =
      'Hall of Justice and Records, East County Branch, Department of Criminal Records and Expungements, Annex';
    const data = packet({
      caseNumber,
      court: {
        name: 'Superior Court of California, County of Alameda',
        courthouse: { name: courthouse, address: '' },
      },
    });
    const rendered = await renderPacketPdf(data);
    const { pages } = await readPdf(rendered.bytes);
    expect(pages).toHaveLength(rendered.pages);
    expectPleadingPaper(pages);
    const text = textOf(pages);
    expect(text).not.toContain('…');
    const squeezed = (pages[0]?.body ?? '').replace(/\s+/g, '');
    expect(squeezed).toContain(`CaseNo.${caseNumber}`);
    expect(squeezed).toContain(courthouse.replace(/\s+/g, ''));
  });
});
