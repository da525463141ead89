// The "transferred" update says only what is true of the data behind it, over every combination: one
// county's matter passed on (to an office named, or none recorded), with no other matter open here,
// one or several; in each language, by each channel. A person who applied for Fresno and Kings, whose
// Kings matter alone went to another office, is never told their whole request moved.
import { countyNameIn } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { CLIENT_VALUES } from '../test-support.ts';
import { CHANNELS, TEMPLATE_LANGUAGES } from './catalog.ts';
import { renderStatusMessage, type TransferFacts } from './render-status.ts';

const OFFICES = ['Kings County Legal Aid', null] as const;
const STAYING = ['Fresno', 'Imperial', 'Los Angeles'] as const;
/** Every set of the other counties whose matters stay open here: none, each, each pair, all. */
const STAYS = Array.from({ length: 1 << STAYING.length }, (_, mask) =>
  STAYING.filter((_, i) => mask & (1 << i)),
);

const cases = TEMPLATE_LANGUAGES.flatMap((language) =>
  CHANNELS.flatMap((channel) =>
    OFFICES.flatMap((receivingOffice) =>
      STAYS.map((staysHere) => ({ language, channel, receivingOffice, staysHere })),
    ),
  ),
);

/** What each language calls the whole request, the county's, and what stays. */
const WORDS = {
  en: {
    county: (c: string) => new RegExp(`${c} County`),
    whole: /Your request to clear your record has been|your case has moved/i,
    anotherOffice: /another office/,
    stays: /stays? with (our office|us)/,
    list: (names: string[]) =>
      names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`,
  },
  es: {
    county: (c: string) => new RegExp(`condado de ${c}`),
    whole: /Su solicitud para limpiar sus antecedentes fue|su caso pasó/i,
    anotherOffice: /otra oficina/,
    stays: /sigue|siguen/,
    list: (names: string[]) => {
      const last = names.at(-1) ?? '';
      if (names.length < 2) return last;
      return `${names.slice(0, -1).join(', ')} ${/^I/.test(last) ? 'e' : 'y'} ${last}`;
    },
  },
} as const;

describe('“transferred” names what moved, where to, and what stays, for every combination', () => {
  it('covers every language, channel, receiving office and set of counties staying', () => {
    expect(cases).toHaveLength(TEMPLATE_LANGUAGES.length * CHANNELS.length * OFFICES.length * 8);
  });

  it.each(cases)(
    '$language by $channel, office $receivingOffice, staying $staysHere',
    ({ language, channel, receivingOffice, staysHere }) => {
      const transfer: TransferFacts = { receivingOffice, staysHere };
      const message = renderStatusMessage({
        statusType: 'transferred',
        nextSteps: ['contact_us'],
        language,
        channel,
        values: { ...CLIENT_VALUES, county: 'Kings' },
        transfer,
      });
      const words = WORDS[language];
      const text = message.text;
      const why = `${language} ${channel}:\n${text}`;
      expect(text, why).not.toMatch(/[{}]/);
      expect(message.subject).not.toMatch(/[{}]/);
      // The county that moved is named, in the text and (where there is one) the subject.
      expect(text, why).toMatch(words.county('Kings'));
      if (channel !== 'sms') expect(message.subject).toMatch(words.county('Kings'));
      // Never the whole request: "your request to clear your record has been transferred".
      expect(text, why).not.toMatch(words.whole);
      // The office it went to, when recorded; "another office" only when it is not.
      if (receivingOffice) {
        expect(text, why).toContain(receivingOffice);
        expect(text, why).not.toMatch(words.anotherOffice);
      } else expect(text, why).toMatch(words.anotherOffice);
      // What stays here is said exactly when something does, naming each county in the client's words.
      const staying = staysHere.map((c) => countyNameIn(language, c));
      expect(words.stays.test(text), why).toBe(staying.length > 0);
      if (staying.length > 0) expect(text, why).toContain(words.list(staying));
      for (const county of staysHere) expect(text, why).toContain(countyNameIn(language, county));
      // Singular for one county, plural for several: "Your request in Fresno County stays…".
      if (language === 'en' && channel !== 'sms' && staying.length > 0)
        expect(text, why).toMatch(
          staying.length === 1 ? /Your request in .+ County stays/ : /Your requests in .+ counties stay/,
        );
      if (language === 'es' && channel !== 'sms' && staying.length > 0)
        expect(text, why).toMatch(
          staying.length === 1
            ? /Su solicitud en el condado de .+ sigue/
            : /Sus solicitudes en los condados de .+ siguen/,
        );
    },
  );

  it('is refused without the facts it rests on', () => {
    expect(() =>
      renderStatusMessage({
        statusType: 'transferred',
        nextSteps: [],
        language: 'es',
        channel: 'email',
        values: CLIENT_VALUES,
      }),
    ).toThrow(/transfer/);
  });
});
