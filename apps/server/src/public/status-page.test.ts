// The status page tells the client only what still holds today. Generated from the product's own
// lists: every stage, every status type (a court date set in the past, today and to come), both page
// languages, with every next step the office can give, none, and each alone; and a document asked for
// with its due date past and to come. Whatever the office's latest update said, the page never tells
// a client whose case has moved on to do or expect what no longer applies, and never words a court's
// decision.
import type { ApplicationStatusView, StatusOfMatter } from '@relief-desk/api';
import {
  type ApplicationLanguage,
  isOpenStage,
  MESSAGE_STATUS_TYPES,
  type MessageStatusType,
  NEXT_STEP_IDS,
  NEXT_STEPS_FOR,
  type NextStepId,
  STAGES,
  type Stage,
} from '@relief-desk/domain';
import { formatClientDate, nextStepSentence, resolveLanguage } from '@relief-desk/notify';
import { describe, expect, it } from 'vitest';
import { statusPage } from './status-page.ts';
import { PAGE_TEXT, PLURAL_DOCUMENTS } from './text.ts';

const LANGUAGES = Object.keys(PAGE_TEXT) as ApplicationLanguage[];
const TODAY = '2026-12-11';
const PAST = '2026-12-10';
const TO_COME = '2027-01-15';
const OFFICE = {
  name: 'Alameda County Public Defender',
  phone: '(510) 272-6600',
  email: 'cs@example.org',
  slug: 'alameda-county-public-defender',
};
const DECISIONS: readonly MessageStatusType[] = ['granted', 'denied'];
/** Steps that ask the client to send something for the court, or to wait for the court. */
const COURT_STEPS: readonly NextStepId[] = [
  'submit_personal_statement',
  'submit_letters',
  'wait_for_court_date',
  'wait_for_decision',
];
/** Updates that say work is going on, or announce a hearing. */
const UNDER_WAY: readonly MessageStatusType[] = ['in_review', 'eligible', 'cant_proceed', 'court_date_set'];
/** Before the court decides, while the office still works on the case. */
const BEFORE_DECISION = STAGES.filter((s) => isOpenStage(s) && s !== 'outcome_to_send');
const STEP_CHOICES: NextStepId[][] = [[...NEXT_STEP_IDS], [], ...NEXT_STEP_IDS.map((s) => [s])];
const ASKED: StatusOfMatter['asked'] = [
  { kind: 'photo_id', missing: true, dueOn: PAST },
  { kind: 'letter_of_support', missing: true, dueOn: TO_COME },
];

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
const values = { officePhone: OFFICE.phone, officeEmail: OFFICE.email, officeName: OFFICE.name };

/** The matter's section as the client reads it: one line per paragraph or item. */
function read(
  language: ApplicationLanguage,
  stage: Stage,
  latest: StatusOfMatter['latestStatus'],
  asked: StatusOfMatter['asked'] = ASKED,
  referredTo: string | null = 'Golden Gate Legal Aid',
  servedBy: string | null = null,
  referredFromOwnCounty = false,
  beforeCourt: StatusOfMatter['beforeCourt'] = stage === 'awaiting_decision' ? 'waiting' : null,
  petitionsBeforeCourt = beforeCourt === 'waiting' ? 1 : 0,
): string {
  const view: ApplicationStatusView = {
    language,
    office: OFFICE,
    matters: [
      {
        county: 'Alameda',
        stage,
        receivedOn: '2026-09-01',
        referredTo: stage === 'referred_out' ? referredTo : null,
        servedBy: stage === 'referred_out' ? servedBy : null,
        referredFromOwnCounty: stage === 'referred_out' && referredFromOwnCounty,
        beforeCourt,
        petitionsBeforeCourt,
        asked,
        latestStatus: latest,
      },
    ],
  };
  const page = statusPage(view, language, 'token', TODAY);
  return page
    .slice(page.indexOf('<section'), page.indexOf('</section>'))
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\n+/g, '\n');
}

/** The lines under the "Next step" heading ("Next steps" above several). */
function nextSteps(text: string, language: ApplicationLanguage): string[] {
  const one = `\n${PAGE_TEXT[language].nextHeading(1)}\n`;
  const several = `\n${PAGE_TEXT[language].nextHeading(2)}\n`;
  const heading = text.includes(several) ? several : one;
  const at = text.indexOf(heading);
  return at < 0
    ? []
    : text
        .slice(at + heading.length)
        .split('\n')
        .filter(Boolean);
}

const update = (
  statusType: MessageStatusType,
  nextSteps: NextStepId[],
  courtDate: string | null = null,
): NonNullable<StatusOfMatter['latestStatus']> => ({
  statusType,
  cantProceedReason: statusType === 'cant_proceed' ? 'need_more_info' : null,
  courtDate,
  nextSteps,
});

const cases = STAGES.flatMap((stage) =>
  MESSAGE_STATUS_TYPES.flatMap((statusType) =>
    LANGUAGES.map((language) => ({ stage, statusType, language })),
  ),
);

describe('the status page tells only what still holds', () => {
  it.each(cases)('$stage, latest update $statusType ($language)', ({ stage, statusType, language }) => {
    const t = PAGE_TEXT[language];
    const { pack } = resolveLanguage(language);
    const date = (iso: string) => formatClientDate(iso, language);
    const step = (id: NextStepId) => nextStepSentence(id, language, values);
    const subject = (type: MessageStatusType, courtDate: string | null) =>
      fill(pack.status[type].subject, {
        ...values,
        county: 'Alameda',
        courtDate: courtDate ? date(courtDate) : '',
      });
    const ended = !isOpenStage(stage);
    const decided = ended || stage === 'outcome_to_send';
    const courtDates = statusType === 'court_date_set' ? [PAST, TODAY, TO_COME] : [null];

    for (const courtDate of courtDates)
      for (const chosen of STEP_CHOICES) {
        const text = read(language, stage, update(statusType, chosen, courtDate));
        const why = `${stage}, ${statusType} ${courtDate ?? ''} with [${chosen.join(', ')}]:\n${text}`;
        const steps = nextSteps(text, language);

        // A court's decision is never worded, in any language, nor told apart by what goes with it.
        for (const other of LANGUAGES)
          for (const decision of DECISIONS)
            expect(text, why).not.toContain(resolveLanguage(other).pack.status[decision].subject);
        if (DECISIONS.includes(statusType))
          expect(text, why).toBe(read(language, stage, update('denied', [])));

        // After the decision, and once the case has ended: nothing to send for the court, no court to
        // wait for, no work under way, no hearing announced.
        if (decided) {
          for (const id of COURT_STEPS) expect(text, why).not.toContain(step(id));
          for (const type of UNDER_WAY) expect(text, why).not.toContain(subject(type, courtDate));
        }
        // An ended case asks for nothing and promises no contact; a closed one says what closing means.
        if (ended) {
          for (const a of ASKED) {
            const plural = PLURAL_DOCUMENTS.has(a.kind);
            expect(text, why).not.toContain(t.missing(date(a.dueOn), plural));
            expect(text, why).not.toContain(t.missingLate(date(a.dueOn), plural));
          }
          expect(text, why).not.toContain(t.nextDefault.sendMissing);
          expect(text, why).not.toContain(t.nextDefault.waiting);
        }
        if (stage === 'closed') expect(text, why).toContain(t.closedMeans);
        else expect(text, why).not.toContain(t.closedMeans);

        // A hearing the update named: the date is set, and once it has passed the attorney does not
        // "go to the hearing" and papers for the judge are too late.
        if (courtDate) expect(text, why).not.toContain(step('wait_for_court_date'));
        if (courtDate && courtDate < TODAY)
          for (const id of ['wait_for_decision', 'submit_letters', 'submit_personal_statement'] as const)
            expect(text, why).not.toContain(step(id));

        // A due date that has passed is not a date to send by.
        expect(text, why).not.toContain(t.missing(date(PAST), false));
        expect(text, why).not.toContain(t.missing(date(PAST), true));

        // There is always a next step, except where another office has the case.
        if (stage === 'referred_out') expect(steps, why).toEqual([]);
        else expect(steps.length, why).toBeGreaterThan(0);

        // What still holds is not dropped: a way to reach the office, and while the court has not
        // decided, papers for the judge before the hearing and the wait for its decision.
        // (Of the steps that go with the update: one it contradicts is never shown beside it.)
        const goes = (id: NextStepId) => chosen.includes(id) && NEXT_STEPS_FOR[statusType].includes(id);
        for (const id of chosen)
          if (!NEXT_STEPS_FOR[statusType].includes(id)) expect(steps, why).not.toContain(step(id));
        const given = stage !== 'referred_out' && !DECISIONS.includes(statusType);
        if (given && goes('contact_us')) expect(steps, why).toContain(step('contact_us'));
        const hearingAhead = !courtDate || courtDate >= TODAY;
        if (given && BEFORE_DECISION.includes(stage) && hearingAhead && goes('submit_letters'))
          expect(steps, why).toContain(step('submit_letters'));
        if (given && stage === 'awaiting_decision' && hearingAhead && goes('wait_for_decision'))
          expect(steps, why).toContain(step('wait_for_decision'));
      }
  });

  it.each(LANGUAGES)(
    'the update is worded while its stage lasts, and a decision only as news (%s)',
    (language) => {
      const t = PAGE_TEXT[language];
      const { pack } = resolveLanguage(language);
      const court = formatClientDate(TO_COME, language);
      expect(read(language, 'awaiting_decision', update('court_date_set', [], TO_COME))).toContain(
        fill(pack.status.court_date_set.subject, { courtDate: court }),
      );
      expect(read(language, 'eligibility_review', update('in_review', []))).toContain(
        pack.status.in_review.subject,
      );
      // The county whose case moved, named in the client's words.
      expect(read(language, 'referred_out', update('transferred', []))).toContain(
        fill(pack.status.transferred.subject, { county: 'Alameda' }),
      );
      for (const stage of ['awaiting_decision', 'outcome_to_send', 'closed'] as const)
        for (const decision of DECISIONS)
          expect(read(language, stage, update(decision, ['contact_us']))).toContain(t.decisionNews);
      // Referred out: passed on to the office of the desk that serves the county; or that office named
      // without a claim that it has the application, when it was not passed on; or, when none serves
      // it, whom to call.
      const passed = read(language, 'referred_out', null);
      expect(passed).toContain(t.referredTo('Golden Gate Legal Aid'));
      const notPassed = read(language, 'referred_out', null, [], null, 'Golden Gate Legal Aid');
      expect(notPassed).toContain(t.notPassedOn('Golden Gate Legal Aid'));
      expect(notPassed).not.toContain(t.referredTo('Golden Gate Legal Aid'));
      const nobody = read(language, 'referred_out', null, [], null);
      expect(nobody).toContain(t.referredToNobody('Alameda'));
      // Our own county, referred out by hand (a conflict): call us, not "the public defender", who may be us.
      const ours = read(language, 'referred_out', null, [], null, null, true);
      expect(ours).toContain(t.referredFromOwnCounty);
      expect(ours).not.toContain(t.referredToNobody('Alameda'));
      for (const text of [passed, notPassed, nobody, ours]) expect(text).not.toContain(t.stages.referred_out);
      // Someone the office could not reach is asked to call, not told to wait.
      const unreached = read(language, 'unable_to_reach', null, []);
      expect(nextSteps(unreached, language)).toEqual([t.nextDefault.callToContinue]);
    },
  );

  it.each(LANGUAGES)(
    'a document still wanted: send it by its due date, or as soon as possible once past (%s)',
    (language) => {
      const t = PAGE_TEXT[language];
      const date = (iso: string) => formatClientDate(iso, language);
      const text = read(language, 'eligibility_review', null);
      expect(text).toContain(`${t.documents.photo_id}: ${t.missingLate(date(PAST), false)}`);
      // Letters of support are several: the line says "them", "estos documentos".
      expect(text).toContain(`${t.documents.letter_of_support}: ${t.missing(date(TO_COME), true)}`);
      expect(nextSteps(text, language)).toEqual([t.nextDefault.sendMissing]);
      const closed = read(language, 'closed', null);
      expect(closed).toContain(`${t.documents.photo_id}: ${t.notReceived}`);
      expect(nextSteps(closed, language)).toEqual([t.nextDefault.closed]);
    },
  );
});

/** Every sentence of a language's page text, functions called with a stand-in value. */
function sentences(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [String(value('{x}', '{y}'))];
  if (Array.isArray(value)) return value.flatMap(sentences);
  if (value && typeof value === 'object') return Object.values(value).flatMap(sentences);
  return [];
}

describe('a pause and its reason', () => {
  it.each(LANGUAGES)('are two sentences, each on its own line (%s)', (language) => {
    const { pack } = resolveLanguage(language);
    const lines = read(language, 'gathering_records', update('cant_proceed', [])).split('\n');
    const heading = lines.indexOf(PAGE_TEXT[language].latestHeading);
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      fill(pack.status.cant_proceed.subject, values),
      fill(pack.cantProceedReasons.need_more_info, values),
    ]);
  });
});

describe('a due date in Spanish says what the English says', () => {
  it.each(LANGUAGES)(
    'at "Awaiting court decision", where it stands says what is before the court now, not the stage alone (%s)',
    (language) => {
      const t = PAGE_TEXT[language];
      const says = (beforeCourt: StatusOfMatter['beforeCourt']) =>
        read(language, 'awaiting_decision', null, [], null, null, false, beforeCourt);
      expect(says('waiting')).toContain(t.awaitingDecisionFor(1));
      // Three petitions before the court: said in the plural, with the count.
      const three = read(language, 'awaiting_decision', null, [], null, null, false, 'waiting', 3);
      expect(three).toContain(t.awaitingDecisionFor(3));
      expect(three).toContain(language === 'es' ? 'Presentamos 3 peticiones' : 'We filed 3 petitions');
      expect(three).not.toContain(t.awaitingDecisionFor(1));
      // The court decided, or every petition was withdrawn, and staff have not moved the stage yet.
      expect(says('decided')).toContain(t.stages.outcome_to_send);
      expect(says('nothing')).toContain(t.nothingBeforeCourt);
      for (const beforeCourt of ['decided', 'nothing'] as const)
        expect(says(beforeCourt)).not.toContain(t.awaitingDecisionFor(1));
    },
  );

  it('"by" the date, the date included: never "antes del" (before)', () => {
    expect(PAGE_TEXT.en.missing('{date}', false)).toBe('Still missing. Please send it by {date}.');
    expect(PAGE_TEXT.es.missing('{date}', false)).toBe(
      'Pendiente. Envíenos este documento a más tardar el {date}.',
    );
    expect(sentences(PAGE_TEXT.es).filter((s) => /antes del?\b/i.test(s))).toEqual([]);
  });
});

describe('the Spanish page’s wording', () => {
  it('one next step or several, one document or several, as the heading or the item says', () => {
    expect([PAGE_TEXT.en.nextHeading(1), PAGE_TEXT.en.nextHeading(3)]).toEqual(['Next step', 'Next steps']);
    expect([PAGE_TEXT.es.nextHeading(1), PAGE_TEXT.es.nextHeading(3)]).toEqual([
      'Próximo paso',
      'Próximos pasos',
    ]);
    expect(PAGE_TEXT.en.missing('{date}', true)).toBe('Still missing. Please send them by {date}.');
    expect(PAGE_TEXT.es.missing('{date}', true)).toBe(
      'Pendientes. Envíenos estos documentos a más tardar el {date}.',
    );
    expect(PAGE_TEXT.es.documents.other).toBe('Otro documento (llámenos para saber cuál)');
    expect(PAGE_TEXT.en.documents.other).toBe('Another document (call us to hear which one)');
  });

  it('county names as Spanish spells them; the counties asked for without assuming a man', () => {
    expect(PAGE_TEXT.es.countyName('Los Angeles')).toBe('Condado de Los Ángeles');
    expect(PAGE_TEXT.es.statusCounty('Santa Barbara')).toBe('Condado de Santa Bárbara');
    expect(PAGE_TEXT.es.receivedNobody('San Joaquin')).toContain('del condado de San Joaquín.');
    expect(PAGE_TEXT.en.countyName('Los Angeles')).toBe('Los Angeles County');
    expect(PAGE_TEXT.es.countiesLegend).toBe('Condados donde tiene condenas');
    expect(sentences(PAGE_TEXT.es).filter((s) => /lo condenaron/.test(s))).toEqual([]);
  });
});
