// The status page for an office with a phone and an e-mail, only one of them, or neither (an office
// `create-admin` made has neither until an administrator sets them, and takes applications at once).
// Generated from the product's own lists: every stage, every status type the office may have given
// last (or none), with every next step alone, all of them and none, in both page languages. Whatever
// the office lacks leaves no blank in a sentence, no dangling "or", no label without its value and
// no empty link; what it has is given.
import type { ApplicationStatusView } from '@relief-desk/api';
import {
  type ApplicationLanguage,
  MESSAGE_STATUS_TYPES,
  NEXT_STEP_IDS,
  type NextStepId,
  STAGES,
} from '@relief-desk/domain';
import { contactKindOf } from '@relief-desk/notify';
import { textDefects } from '@relief-desk/notify/testing';
import { describe, expect, it } from 'vitest';
import { statusPage } from './status-page.ts';
import { PAGE_TEXT } from './text.ts';

const LANGUAGES = Object.keys(PAGE_TEXT) as ApplicationLanguage[];
const TODAY = '2026-12-11';
const PHONE = '(510) 272-6600';
const EMAIL = 'cs@example.org';

/** Each office: with and without a phone, with and without an e-mail. */
const OFFICES: ApplicationStatusView['office'][] = [true, false].flatMap((phone) =>
  [true, false].map((email) => ({
    name: 'Alameda County Public Defender',
    phone: phone ? PHONE : '',
    email: email ? EMAIL : '',
    slug: 'alameda-county-public-defender',
  })),
);
const kindOf = (office: ApplicationStatusView['office']) =>
  contactKindOf({ officeName: office.name, officePhone: office.phone, officeEmail: office.email });

const STEP_CHOICES: NextStepId[][] = [[...NEXT_STEP_IDS], [], ...NEXT_STEP_IDS.map((s) => [s])];
const LATEST = [
  null,
  ...MESSAGE_STATUS_TYPES.flatMap((statusType) =>
    STEP_CHOICES.map((nextSteps) => ({
      statusType,
      cantProceedReason: statusType === 'cant_proceed' ? 'need_more_info' : null,
      courtDate: statusType === 'court_date_set' ? '2027-01-15' : null,
      nextSteps,
    })),
  ),
];

/** The page's text as read: one line per element, entities decoded. */
const textOf = (page: string) =>
  page
    .slice(page.indexOf('<main'))
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

describe('the status page, for an office with a phone and an e-mail, one of them, or neither', () => {
  it('the offices are each kind of office', () => {
    expect(OFFICES.map(kindOf)).toEqual(['both', 'phone', 'email', 'neither']);
  });

  it.each(
    OFFICES.flatMap((office) => LANGUAGES.map((language) => ({ office, language, kind: kindOf(office) }))),
  )('every stage and latest update, office with $kind ($language)', ({ office, language }) => {
    const problems: string[] = [];
    for (const stage of STAGES)
      for (const latestStatus of LATEST) {
        const view: ApplicationStatusView = {
          language,
          office,
          matters: [
            {
              county: 'Alameda',
              stage,
              receivedOn: '2026-09-01',
              petitionsBeforeCourt: 0,
              referredTo: stage === 'referred_out' ? 'Golden Gate Legal Aid' : null,
              servedBy: null,
              beforeCourt: stage === 'awaiting_decision' ? 'waiting' : null,
              asked: [{ kind: 'photo_id', missing: true, dueOn: '2027-01-15' }],
              latestStatus,
            },
          ],
        };
        const page = statusPage(view, language, 'token', TODAY);
        const text = textOf(page);
        const found = textDefects(text);
        for (const [, href] of page.matchAll(/href="([^"]*)"/g))
          if (/^(?:(?:tel|mailto):)?$/.test(href ?? '')) found.push(`an empty link: href="${href}"`);
        if (office.phone && !text.includes(office.phone)) found.push('leaves out the phone');
        if (office.email && !text.includes(office.email)) found.push('leaves out the e-mail');
        if (found.length > 0)
          problems.push(
            `${stage}, ${latestStatus?.statusType ?? 'no update'} [${latestStatus?.nextSteps ?? ''}]: ${found.join('; ')}\n${text}`,
          );
      }
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it.each(LANGUAGES)('the next step "contact us" gives each way the office has (%s)', (language) => {
    const said = OFFICES.map((office) => {
      const text = textOf(
        statusPage(
          {
            language,
            office,
            matters: [
              {
                county: 'Alameda',
                stage: 'eligibility_review',
                receivedOn: '2026-09-01',
                petitionsBeforeCourt: 0,
                referredTo: null,
                servedBy: null,
                beforeCourt: null,
                asked: [],
                latestStatus: {
                  statusType: 'in_review',
                  cantProceedReason: null,
                  courtDate: null,
                  nextSteps: ['contact_us'],
                },
              },
            ],
          },
          language,
          'token',
          TODAY,
        ),
      ).split('\n');
      const headings = [PAGE_TEXT[language].nextHeading(1), PAGE_TEXT[language].nextHeading(2)];
      return text[text.findIndex((line) => headings.includes(line)) + 1];
    });
    expect(said).toEqual(
      language === 'es'
        ? [
            `Llámenos al ${PHONE} o escríbanos a ${EMAIL}.`,
            `Llámenos al ${PHONE}.`,
            `Escríbanos a ${EMAIL}.`,
            'Comuníquese con Alameda County Public Defender.',
          ]
        : [
            `Call us at ${PHONE} or write to us at ${EMAIL}.`,
            `Call us at ${PHONE}.`,
            `Write to us at ${EMAIL}.`,
            'Contact Alameda County Public Defender.',
          ],
    );
  });
});
