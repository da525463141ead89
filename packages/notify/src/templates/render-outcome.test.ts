// The outcome message over every combination of its conditions: each sentence it can say is a claim,
// and each claim must appear exactly when the facts given back it, in every language and channel.
import { CODES, COUNTIES, OUTCOMES, REMEDY_IDS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { CLIENT_VALUES } from '../test-support.ts';
import { CHANNELS, type Channel, type ConvictionOutcome, TEMPLATE_LANGUAGES } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { formatClientDate, resolveLanguage } from './languages.ts';
import {
  type ConvictionOutcomeInput,
  type OutcomeMessageInput,
  renderOutcomeMessage,
} from './render-outcome.ts';
import { ENGLISH } from './wording-en.ts';
import { SPANISH, SPANISH_CODE_NAMES } from './wording-es.ts';

const SECTIONS = ['484(a)', '11377(a)', '23152(b)', '647(f)'];

/**
 * Every non-empty set of the domain's outcomes, each on a conviction or an arrest in turn, under the
 * domain's remedies and counties in turn; a continued one with and without its new hearing date; and
 * each set again with its first conviction asked for under a second remedy (a PC 17(b) reduction and
 * a PC 1203.4 dismissal of one conviction are two petitions the court can decide differently).
 */
function convictionSets(): ConvictionOutcomeInput[][] {
  const sets: ConvictionOutcomeInput[][] = [];
  let turn = 0;
  for (let mask = 1; mask < 1 << OUTCOMES.length; mask++) {
    const chosen = OUTCOMES.filter((_, i) => mask & (1 << i));
    for (const withDate of chosen.includes('continued') ? [false, true] : [false]) {
      const requests = chosen.map((outcome, i): ConvictionOutcomeInput => {
        turn++;
        const arrest = (mask + i) % 2 === 1;
        return {
          code: i % 2 === 0 ? 'PC' : 'HS',
          section: SECTIONS[i] ?? '1',
          caseNumber: arrest && i % 3 === 0 ? '' : `16CR0${i}234`,
          outcome,
          remedy: REMEDY_IDS[turn % REMEDY_IDS.length],
          county: COUNTIES[(turn * 7) % COUNTIES.length],
          ...(arrest ? { arrestDate: '2018-04-05' as const } : { convictionDate: '2016-05-02' as const }),
          ...(outcome === 'continued' && withDate ? { hearingDate: '2027-05-01' as const } : {}),
        };
      });
      sets.push(requests);
      const first = requests.find((r) => !r.arrestDate);
      if (first) {
        const otherOutcome = OUTCOMES[(turn + 1) % OUTCOMES.length] ?? 'denied';
        sets.push([
          ...requests,
          { ...first, remedy: REMEDY_IDS[(turn + 5) % REMEDY_IDS.length], outcome: otherOutcome },
        ]);
        // Another conviction of the same section in the same case, under the same remedy: convicted
        // another day, or a second count the same day.
        sets.push([...requests, { ...first, convictionDate: '2019-08-30', outcome: otherOutcome }]);
        sets.push([...requests, { ...first, outcome: otherOutcome }]);
      }
    }
  }
  return sets;
}

interface Case {
  language: (typeof TEMPLATE_LANGUAGES)[number];
  channel: Channel;
  convictions: ConvictionOutcomeInput[];
  included: number;
  awaited: boolean;
  /** How many of the included orders may be of a granted request; left out: not known. */
  granting?: number;
}

const cases: Case[] = TEMPLATE_LANGUAGES.flatMap((language) =>
  CHANNELS.flatMap((channel) =>
    convictionSets().flatMap((convictions) =>
      // A text message never carries an order; e-mail and letters carry none, one or several, of
      // which none, one, or (not known) any may be of a granted request.
      (channel === 'sms' ? [0] : [0, 1, 3]).flatMap((included) =>
        [false, true].flatMap((awaited) =>
          (included === 0 ? [undefined] : [undefined, 0, 1]).map((granting) => ({
            language,
            channel,
            convictions,
            included,
            awaited,
            ...(granting === undefined ? {} : { granting }),
          })),
        ),
      ),
    ),
  ),
);

function render(c: Case) {
  return renderOutcomeMessage({
    language: c.language,
    channel: c.channel,
    values: CLIENT_VALUES,
    convictions: c.convictions,
    signedOrders: {
      included: c.included,
      awaited: c.awaited,
      ...(c.granting === undefined ? {} : { granting: c.granting }),
    },
  }).text;
}

/** A sentence with a date is matched on the text before the date. */
const stem = (sentence: string) => sentence.split('{')[0] ?? sentence;
/** The intro after its greeting (which holds the client's name). */
const afterGreeting = (intro: string) => intro.split('\n\n')[1] ?? intro;

/** The claims each sentence makes, and when the facts back them: written from the facts, not the renderer. */
function claims(pack: LanguagePack, c: Case): [string, boolean][] {
  const written = c.channel !== 'sms';
  const has = (o: ConvictionOutcome) => c.convictions.some((x) => x.outcome === o);
  const decided = has('granted') || has('denied');
  const { orders } = pack.outcome;
  const many = (sentence: string) => sentence.replace('{count}', String(c.included));
  // What each request's decision means, for a conviction or an arrest (some sentences are the same).
  const meanings = new Set(
    c.convictions.map((x) => (x.arrestDate ? pack.outcome.arrestMeaning : pack.outcome.meaning)[x.outcome]),
  );
  const allMeanings = new Set([
    ...Object.values(pack.outcome.meaning),
    ...Object.values(pack.outcome.arrestMeaning),
  ]);
  return [
    [afterGreeting(pack.outcome.introOne), written && c.convictions.length === 1],
    [afterGreeting(pack.outcome.introMany), written && c.convictions.length > 1],
    [orders.attachedOne, c.channel === 'email' && c.included === 1],
    [many(orders.attachedMany), c.channel === 'email' && c.included > 1],
    [orders.enclosedOne, c.channel === 'letter' && c.included === 1],
    [many(orders.enclosedMany), c.channel === 'letter' && c.included > 1],
    [orders.awaited, written && c.included === 0 && c.awaited && decided],
    [orders.awaitedMore, written && c.included > 0 && c.awaited],
    [stem(orders.notOnFile), written && c.included === 0 && !c.awaited && decided],
    // Of a granted request's order only: not said of a denial's.
    [orders.keepSafeOne, written && has('granted') && (c.granting ?? c.included) === 1],
    [orders.keepSafeMany, written && has('granted') && (c.granting ?? c.included) > 1],
    ...[...allMeanings].map((m): [string, boolean] => [m, written && meanings.has(m)]),
    [pack.outcome.decision.granted, written && has('granted')],
    [pack.outcome.decision.denied, written && has('denied')],
    [pack.outcome.decision.withdrawn, written && has('withdrawn')],
    [
      pack.outcome.decision.continued,
      written && c.convictions.some((x) => x.outcome === 'continued' && !x.hearingDate),
    ],
    [
      stem(pack.outcome.continuedTo),
      written && c.convictions.some((x) => x.outcome === 'continued' && x.hearingDate),
    ],
  ];
}

describe('renderOutcomeMessage: every claim follows from the facts', () => {
  it(`holds over all ${cases.length} combinations of language, channel, decisions and orders`, () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const text = render(c);
      const own = resolveLanguage(c.language).pack;
      const other = c.language === 'en' ? SPANISH : ENGLISH;
      for (const [sentence, backed] of claims(own, c)) {
        if (text.includes(sentence) !== backed)
          wrong.push(`${JSON.stringify(c)}: "${sentence}" should ${backed ? '' : 'not '}appear`);
        checked++;
      }
      // Nothing of the other language slips in (the Spanish e-mail once said the orders were attached
      // when none was on file; the letter said "case" in English).
      for (const [foreign] of claims(other, c))
        if (text.includes(foreign)) wrong.push(`${JSON.stringify(c)}: "${foreign}" is in the other language`);
      if (/[{}]/.test(text) || !text.includes('Begoña Núñez'))
        wrong.push(`${JSON.stringify(c)}: placeholders or name`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(cases.length * 10);
  });

  it('names each request (the conviction or arrest, its court’s county and the remedy) with its own decision, never in a text message', () => {
    for (const c of cases) {
      const text = render(c);
      const { outcome } = resolveLanguage(c.language).pack;
      const nameOf = (request: ConvictionOutcomeInput) => {
        const record = request.arrestDate
          ? outcome.arrest(request.code, request.section, formatClientDate(request.arrestDate, c.language))
          : outcome.conviction(
              request.code,
              request.section,
              request.caseNumber,
              request.convictionDate ? formatClientDate(request.convictionDate, c.language) : null,
            );
        return `${record}, ${outcome.inCounty(request.county ?? '')}`;
      };
      const alike = (a: ConvictionOutcomeInput, b: ConvictionOutcomeInput) =>
        nameOf(a) === nameOf(b) && a.remedy === b.remedy;
      c.convictions.forEach((request, i) => {
        const same = c.convictions.filter((other) => alike(other, request));
        const nth = c.convictions.slice(0, i + 1).filter((other) => alike(other, request)).length;
        // Requests alike in every fact given are numbered in order, so the client can tell them apart.
        const name =
          same.length > 1 ? `${nameOf(request)} ${outcome.nthOf(nth, same.length)}` : nameOf(request);
        const meaning = (request.arrestDate ? outcome.arrestMeaning : outcome.meaning)[request.outcome];
        const lines = [name, outcome.request(outcome.remedies[request.remedy ?? 'pc1203.4'])];
        // The request's lines, its decision and what it means stand together, in that order.
        const paragraph = `${lines.join('\n')}\n`;
        expect(text.includes(paragraph)).toBe(c.channel !== 'sms');
        if (c.channel !== 'sms')
          expect(text.slice(text.indexOf(paragraph)).split('\n\n')[0]).toContain(meaning);
      });
      if (c.language === 'es') expect(text).not.toMatch(/\b(case|County|Request|Arrest)\b/);
    }
  }, 30_000); // Every generated case rendered and read: seconds on a loaded machine.

  it.each(TEMPLATE_LANGUAGES)(
    'a text message in %s carries no conviction detail at all (PC 11140-11144)',
    (language) => {
      for (const c of cases.filter((x) => x.language === language && x.channel === 'sms')) {
        const sms = render(c);
        for (const detail of [
          '484',
          '16CR0',
          'PC ',
          'granted',
          'denied',
          'aprobada',
          'negada',
          '2027',
          'e-mail',
          'correo',
        ])
          expect(sms).not.toContain(detail);
        expect(sms).toContain('(510) 555-0123');
      }
    },
  );
});

describe('renderOutcomeMessage: shape', () => {
  const base: OutcomeMessageInput = {
    language: 'en',
    channel: 'email',
    values: CLIENT_VALUES,
    convictions: [
      { code: 'PC', section: '484(a)', caseNumber: '16CR01234', outcome: 'granted' },
      { code: 'HS', section: '11377(a)', caseNumber: '17CR04567', outcome: 'denied' },
      {
        code: 'VC',
        section: '23152(b)',
        caseNumber: '18CR00077',
        outcome: 'continued',
        hearingDate: '2027-05-01',
      },
    ],
    signedOrders: { included: 2, awaited: false },
  };

  it('tells apart two convictions of one section in one case: by the day convicted, else by count', () => {
    const dui = { code: 'VC', section: '23152', caseNumber: 'AL10CR675523', remedy: 'pc1203.4' } as const;
    const spanish = renderOutcomeMessage({
      ...base,
      language: 'es',
      convictions: [
        { ...dui, convictionDate: '2012-03-02', outcome: 'denied' },
        { ...dui, convictionDate: '2015-06-19', outcome: 'granted' },
      ],
    }).text;
    expect(spanish).toContain(
      'Código de Vehículos 23152, caso AL10CR675523, condena del 2 de marzo de 2012\n',
    );
    expect(spanish).toContain(
      'Código de Vehículos 23152, caso AL10CR675523, condena del 19 de junio de 2015\n',
    );
    const counts = renderOutcomeMessage({
      ...base,
      convictions: [
        { ...dui, convictionDate: '2012-03-02', outcome: 'denied' },
        { ...dui, convictionDate: '2012-03-02', outcome: 'granted' },
      ],
    }).text;
    expect(counts).toContain('VC 23152, case AL10CR675523, convicted March 2, 2012 (1 of 2)\n');
    expect(counts).toContain('VC 23152, case AL10CR675523, convicted March 2, 2012 (2 of 2)\n');
  });

  it('an e-mail reads as a letter from the office, each conviction a paragraph', () => {
    const message = renderOutcomeMessage(base);
    expect(message.text).toContain(
      'PC 484(a), case 16CR01234\nDecision: granted.\nWhat this means: the court granted this request',
    );
    expect(message.text).toContain(
      'VC 23152(b), case 18CR00077\nDecision: postponed to a hearing on May 1, 2027.',
    );
    expect(message.text).toContain("The court's 2 signed orders are attached to this e-mail.");
    expect(message).toMatchObject({ templateId: 'outcome', templateVersion: 5, language: 'en' });
  });

  it('a Spanish letter with one order says it is enclosed, in Spanish dates', () => {
    const text = renderOutcomeMessage({
      ...base,
      language: 'es',
      channel: 'letter',
      signedOrders: { included: 1, awaited: false },
    }).text;
    expect(text.startsWith('Estimado/a Begoña Núñez:')).toBe(true);
    expect(text).toContain('Decisión: aplazada para una audiencia el 1 de mayo de 2027.');
    expect(text).toContain('Incluimos con esta carta la orden firmada por la corte.');
  });

  it('refuses an outcome without convictions, or a conviction without its case', () => {
    expect(() => renderOutcomeMessage({ ...base, convictions: [] })).toThrow(
      expect.objectContaining({ code: 'MISSING_VALUE' }),
    );
    expect(() =>
      renderOutcomeMessage({
        ...base,
        convictions: [{ code: 'PC', section: '484', caseNumber: ' ', outcome: 'granted' }],
      }),
    ).toThrow(expect.objectContaining({ code: 'MISSING_VALUE' }));
  });

  it('falls back to English for Korean and says so', () => {
    expect(renderOutcomeMessage({ ...base, language: 'ko' })).toMatchObject({
      language: 'en',
      fallbackFrom: 'ko',
    });
  });
});

describe('renderOutcomeMessage: each code as a reader of the language knows it', () => {
  const request = (code: string, arrest: boolean): ConvictionOutcomeInput => ({
    code,
    section: '23152(a)',
    caseNumber: 'AL10CR675523',
    outcome: 'granted',
    remedy: arrest ? 'pc851.91' : 'pc1203.4',
    county: 'Alameda',
    ...(arrest ? { arrestDate: '2018-04-05' } : { convictionDate: '2012-03-12' }),
  });
  const render = (language: 'en' | 'es', code: string, arrest: boolean) =>
    renderOutcomeMessage({
      language,
      channel: 'letter',
      values: CLIENT_VALUES,
      convictions: [request(code, arrest)],
      signedOrders: { included: 0, awaited: true },
    }).text;

  it.each(CODES.flatMap((code) => [false, true].map((arrest) => ({ code, arrest }))))(
    '$code (an arrest: $arrest): Spanish names the code, English keeps its abbreviation',
    ({ code, arrest }) => {
      const name = SPANISH_CODE_NAMES[code];
      expect(name).toMatch(/^Código /);
      const spanish = render('es', code, arrest);
      expect(spanish).toContain(
        arrest
          ? `Arresto del 5 de abril de 2018 (${name} 23152(a)), condado de Alameda\n`
          : `${name} 23152(a), caso AL10CR675523, condena del 12 de marzo de 2012, condado de Alameda\n`,
      );
      // No English abbreviation before the section, however the code is written.
      expect(spanish).not.toMatch(new RegExp(`\\b${code} 23152`));
      const english = render('en', code, arrest);
      expect(english).toContain(`${code} 23152(a)`);
      expect(english).not.toContain('Código');
    },
  );

  it('every code has its own Spanish name', () => {
    expect(Object.keys(SPANISH_CODE_NAMES).sort()).toEqual([...CODES].sort());
    expect(new Set(Object.values(SPANISH_CODE_NAMES)).size).toBe(CODES.length);
  });

  it('a code the desk does not know keeps its abbreviation; one typed in lower case is still named', () => {
    expect(render('es', 'XX', false)).toContain('XX 23152(a), caso AL10CR675523');
    expect(render('es', 'vc', false)).toContain('Código de Vehículos 23152(a), caso AL10CR675523');
  });

  it('the Spanish wording of the reasons says nothing in English', () => {
    expect(SPANISH.cantProceedReasons.on_probation).not.toMatch(/probation/i);
    expect(SPANISH.cantProceedReasons.on_probation).toContain('libertad condicional');
  });
});

describe('renderOutcomeMessage: "order" or "orders" as the number awaited is', () => {
  const granted = (caseNumber: string): ConvictionOutcomeInput => ({
    code: 'PC',
    section: '484(a)',
    caseNumber,
    outcome: 'granted',
    remedy: 'pc1203.4',
    county: 'Alameda',
    convictionDate: '2012-03-12',
  });
  const render = (language: 'en' | 'es', included: number, awaited: number) =>
    renderOutcomeMessage({
      language,
      channel: 'email',
      values: CLIENT_VALUES,
      convictions: [granted('AL1'), granted('AL2'), granted('AL3')],
      signedOrders: { included, awaited },
    }).text;

  it.each(TEMPLATE_LANGUAGES.filter((l) => l === 'en' || l === 'es'))('%s', (language) => {
    const pack: LanguagePack = language === 'es' ? SPANISH : ENGLISH;
    const { orders } = pack.outcome;
    const fill = (s: string, n: number) => s.replace('{count}', String(n));
    expect(render(language, 0, 1)).toContain(orders.awaited);
    expect(render(language, 0, 3)).toContain(fill(orders.awaitedMany, 3));
    expect(render(language, 0, 3)).not.toContain(orders.awaited);
    expect(render(language, 1, 1)).toContain(orders.awaitedMore);
    expect(render(language, 1, 2)).toContain(fill(orders.awaitedMoreMany, 2));
    expect(render(language, 1, 2)).not.toContain(orders.awaitedMore);
    expect(render(language, 0, 0)).not.toContain(orders.awaited);
  });
});
