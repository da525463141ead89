// The application form's trap field: hidden from sighted people, the keyboard and screen readers, and
// named as nothing that browsers or password managers fill in for a real applicant.
import { describe, expect, it } from 'vitest';
import { applyFormPage, receivedPage, TRAP_FIELD } from './apply-page.ts';
import { PUBLIC_CSS } from './html.ts';

const form = (language: 'en' | 'es') =>
  applyFormPage({
    office: { name: 'Alameda County Public Defender', slug: 'alameda-county-public-defender' },
    language,
    counties: [],
    submissionKey: 'submission-key-1234567890',
    values: {},
    errors: {},
  });

/**
 * Words autofill recognises in a field's name or id (Chromium's, Firefox's and Safari's heuristics,
 * and password managers'): a trap named with one may be filled in for a real person.
 */
const AUTOFILLED =
  /name|mail|url|web|site|home|page|link|compan|organi[sz]|business|firm|empresa|addr|street|city|town|state|zip|post|country|region|county|phone|tel|mobile|fax|user|login|nick|pass|card|cc|code|birth|age|title|job|search|promo|coupon/i;

describe('the application form’s trap field', () => {
  it.each(['en', 'es'] as const)(
    'is hidden, out of keyboard reach and named as nothing autofill fills (%s)',
    (lang) => {
      const page = form(lang);
      const wrapper = /<div class="trap"([^>]*)>(.*?)<\/div>/.exec(page);
      expect(wrapper, 'the trap field’s wrapper').not.toBeNull();
      expect(wrapper?.[1]).toBe(' aria-hidden="true"');
      expect(PUBLIC_CSS).toContain('.trap{display:none}');
      const inputs = wrapper?.[2]?.match(/<input[^>]*>/g) ?? [];
      expect(inputs).toEqual([
        `<input type="text" id="${TRAP_FIELD}" name="${TRAP_FIELD}" tabindex="-1" autocomplete="off">`,
      ]);
      expect(TRAP_FIELD).not.toMatch(AUTOFILLED);
      expect(page).not.toContain('website');
    },
  );
});

describe('the application form’s examples', () => {
  it.each(['en', 'es'] as const)(
    'give a phone number of no real area code, not a Bay Area one a new office’s applicants would copy (%s)',
    (lang) => {
      const page = form(lang);
      expect(page).toContain('(555) 555-0123');
      expect(page).not.toContain('(510)');
    },
  );
});

describe('the page after applying, when no confirmation can be sent', () => {
  const received = (
    language: 'en' | 'es',
    counties: { county: string; ours: boolean; referredTo: string | null }[],
    office = { phone: '(510) 555-0100', email: '' },
  ) =>
    receivedPage(
      language,
      { officeName: 'Alameda County Public Defender', counties, confirmedBy: null, language },
      office,
    );
  const SHAPES = [
    {
      name: 'a county of ours',
      counties: [{ county: 'Alameda', ours: true, referredTo: null }],
      promises: true,
    },
    {
      name: 'ours and one no office serves',
      counties: [
        { county: 'Alameda', ours: true, referredTo: null },
        { county: 'Fresno', ours: false, referredTo: null },
      ],
      promises: true,
    },
    {
      name: 'one no office serves',
      counties: [{ county: 'Fresno', ours: false, referredTo: null }],
      promises: false,
    },
    {
      name: 'one passed on to another office',
      counties: [{ county: 'San Francisco', ours: false, referredTo: 'Golden Gate Legal Aid' }],
      promises: false,
    },
  ];
  it.each(SHAPES.flatMap((shape) => (['en', 'es'] as const).map((language) => ({ ...shape, language }))))(
    'promises contact from the office only when a county stays with it: $name ($language)',
    ({ counties, promises, language }) => {
      const page = received(language, counties);
      const promise =
        language === 'en'
          ? 'Alameda County Public Defender will contact you'
          : 'Alameda County Public Defender se comunicará con usted';
      expect(page.includes(promise)).toBe(promises);
      if (!promises)
        expect(page).toContain(
          language === 'en'
            ? 'contact the office or public defender it names'
            : 'comuníquese con la oficina o la defensoría pública que se indica',
        );
    },
  );

  it('gives the office’s phone and e-mail to reach it, and promises no call to a number it does not have', () => {
    const ours = [{ county: 'Alameda', ours: true, referredTo: null }];
    expect(received('en', ours)).toContain('you can also reach them (Phone: (510) 555-0100)');
    expect(received('es', ours)).toContain(
      'también puede comunicarse con esa oficina (Teléfono: (510) 555-0100)',
    );
    const none = received('en', ours, { phone: '', email: '' });
    expect(none).toContain('Alameda County Public Defender will contact you.');
    expect(none).not.toMatch(/call them|reach them/);
    expect(received('en', ours, { phone: '', email: 'help@pd.example.org' })).toContain(
      'you can also reach them (E-mail: help@pd.example.org)',
    );
  });
});
