// The confirmation of an online application promises contact ("We will contact you in the coming
// weeks") only when a county's matter stays with this office. When every county went to another
// office, or to none, the lines above already say whom to contact, and the ending says so instead.
// Generated over every mix of the three ways a county is answered, in both languages, with and
// without the office's phone; the Spanish says what the English says.
import { APPLICATION_LANGUAGES } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { type ConfirmationFacts, confirmationText } from './wording.ts';

const ANSWERS: ConfirmationFacts['counties'] = [
  { county: 'Alameda', ours: true, referredTo: null },
  { county: 'Marin', ours: false, referredTo: 'Golden Gate Legal Aid' },
  { county: 'Modoc', ours: false, referredTo: null },
];
const MIXES = Array.from({ length: 2 ** ANSWERS.length - 1 }, (_, i) =>
  ANSWERS.filter((_, bit) => ((i + 1) >> bit) & 1),
);

const PROMISE = {
  en: 'We will contact you in the coming weeks.',
  es: 'Nos comunicaremos con usted en las próximas semanas.',
} as const;
const ELSEWHERE = {
  en: 'We will not review your records ourselves: for each county above, contact the office named there.',
  es: 'No revisaremos sus antecedentes nosotros mismos: para cada condado indicado arriba, comuníquese con la oficina que se nombra allí.',
} as const;

const confirm = (language: (typeof APPLICATION_LANGUAGES)[number], counties: typeof ANSWERS, phone: string) =>
  confirmationText(language, {
    name: 'Begoña Núñez',
    officeName: 'Alameda County Public Defender',
    officePhone: phone,
    receivedOn: '7 March 2027',
    counties,
    link: 'https://desk.example.org/status/abc',
    newLinkAddress: 'https://desk.example.org/status/new?office=alameda',
  }).email;

describe('the confirmation promises contact only when a county stays with this office', () => {
  const rows = APPLICATION_LANGUAGES.flatMap((language) =>
    MIXES.flatMap((counties) =>
      ['(510) 272-6600', ''].map((phone) => ({
        language,
        counties,
        phone,
        name: counties.map((c) => (c.ours ? 'ours' : c.referredTo ? 'passed on' : 'no office')).join(' + '),
      })),
    ),
  );

  it.each(rows)('$language, $name, phone “$phone”', ({ language, counties, phone }) => {
    const body = confirm(language, counties, phone);
    const stays = counties.some((c) => c.ours);
    expect(body.includes(PROMISE[language])).toBe(stays);
    expect(body.includes(ELSEWHERE[language])).toBe(!stays);
    // Nothing else in it says this office will be in touch.
    if (!stays) expect(body).not.toMatch(/will contact you|nos comunicaremos/i);
    if (phone) expect(body).toContain(phone);
  });

  it('English and Spanish end the same way for each mix', () => {
    for (const counties of MIXES) {
      const stays = counties.some((c) => c.ours);
      const [en, es] = [confirm('en', counties, ''), confirm('es', counties, '')];
      expect([en.includes(PROMISE.en), es.includes(PROMISE.es)]).toEqual([stays, stays]);
      expect([en.includes(ELSEWHERE.en), es.includes(ELSEWHERE.es)]).toEqual([!stays, !stays]);
    }
  });
});
