// An online application's confirmation and a new status link, from an office with a phone and an
// e-mail, only one of them, or neither (an office `create-admin` made takes applications before an
// administrator sets them). Generated from the product's own lists: both languages, every way a
// county can be answered, by e-mail or letter and by text. A missing detail leaves no blank behind.
import { APPLICATION_LANGUAGES } from '@relief-desk/domain';
import { textDefects } from '@relief-desk/notify/testing';
import { describe, expect, it } from 'vitest';
import { type ConfirmationFacts, confirmationText, newLinkText } from './wording.ts';

const OFFICES = [true, false].flatMap((phone) =>
  [true, false].map((email) => ({
    officeName: 'Alameda County Public Defender',
    officePhone: phone ? '(510) 272-6600' : '',
    officeEmail: email ? 'cs@example.org' : '',
  })),
);

const COUNTIES: ConfirmationFacts['counties'][] = [
  [{ county: 'Alameda', ours: true, referredTo: null }],
  [{ county: 'Marin', ours: false, referredTo: 'Golden Gate Legal Aid' }],
  [{ county: 'Modoc', ours: false, referredTo: null }],
];

describe('what an applicant receives, from an office with a phone and an e-mail, one of them, or neither', () => {
  it.each(APPLICATION_LANGUAGES)('every confirmation and new link reads whole (%s)', (language) => {
    const problems: string[] = [];
    for (const office of OFFICES)
      for (const counties of [...COUNTIES, COUNTIES.flat()])
        for (const passedOnBy of [undefined, 'Golden Gate Legal Aid']) {
          const link = 'https://desk.example.org/status/abc';
          const confirmation = confirmationText(language, {
            name: 'Begoña Núñez',
            officeName: office.officeName,
            officePhone: office.officePhone,
            receivedOn: '7 March 2027',
            counties,
            link,
            newLinkAddress: 'https://desk.example.org/status/new?office=alameda',
            ...(passedOnBy ? { passedOnBy } : {}),
          });
          // Passed on, it names the office the person applied to, and never thanks them for applying here.
          if (passedOnBy) {
            if (!confirmation.email.includes(passedOnBy))
              problems.push(`${language}: does not name ${passedOnBy}`);
            if (/Thank you for applying|Gracias por presentar su solicitud a/.test(confirmation.email))
              problems.push(`${language}: thanks the person for applying to ${office.officeName}`);
          }
          const fresh = newLinkText(language, { name: 'Begoña Núñez', officeName: office.officeName, link });
          for (const text of [...Object.values(confirmation), ...Object.values(fresh)]) {
            const found = textDefects(text);
            if (
              office.officePhone &&
              (text === confirmation.email || text === confirmation.letter) &&
              !text.includes(office.officePhone)
            )
              found.push('leaves out the phone');
            if (found.length > 0) problems.push(`${JSON.stringify(office)}: ${found.join('; ')}\n${text}`);
          }
        }
    expect(problems).toEqual([]);
  });
});
