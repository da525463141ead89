// An online application to the Alameda office, as the page posts it, for every mix of a county the
// office serves (Alameda), one a partner serves (San Francisco, Bay Area Legal Aid) and one no office
// serves (Modoc), in English and Spanish: the confirmation e-mailed promises "we will contact you"
// only when a county's matter stays with the office, and otherwise ends with whom to contact.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, openOnlineApplications } from '../../testing.ts';
import { submitOnlineApplication } from './apply.ts';
import { applicationFormFields } from './fixtures.ts';

const noWait = { minimumMs: 0, now: () => 0, sleep: async () => {} };
const COUNTIES = ['Alameda', 'San Francisco', 'Modoc'] as const;
const MIXES = Array.from({ length: 2 ** COUNTIES.length - 1 }, (_, i) =>
  COUNTIES.filter((_, bit) => ((i + 1) >> bit) & 1),
);
const PROMISE = {
  en: 'We will contact you in the coming weeks.',
  es: 'Nos comunicaremos con usted en las próximas semanas.',
} as const;
const ELSEWHERE = {
  en: 'for each county above, contact the office named there.',
  es: 'para cada condado indicado arriba, comuníquese con la oficina que se nombra allí.',
} as const;
const ROWS = (['en', 'es'] as const).flatMap((language) =>
  MIXES.map((counties) => ({ language, counties, name: counties.join(' + ') })),
);

describe.each(testDialects())('the confirmation of an online application (%s)', (dialect) => {
  let api: ApiHarness;
  let slug = '';
  let n = 0;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    slug = office.slug ?? '';
  });
  afterAll(async () => api.destroy());

  it.each(ROWS)(
    '$language, $name: promises contact only when a county stays',
    async ({ language, counties }) => {
      n++;
      // In letters: a name on the form holds no digits.
      const legalName = `Applicant Promise ${language} ${'abcdefghijklmnopqrstuvwxyz'[n % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(n / 26) % 26]}`;
      const outcome = await submitOnlineApplication(
        api.context({ ip: `198.51.100.${n}`, publicOrigin: 'https://desk.example.org' }),
        {
          slug,
          language,
          form: applicationFormFields({
            legalName,
            birthYear: String(1950 + n),
            phone: `(415) 555-02${String(n).padStart(2, '0')}`,
            email: `promise${n}@example.org`,
            language,
            counties,
          }),
          submissionKey: `confirmation-promise-${dialect}-${n}`,
          honeypotFilled: false,
        },
        noWait,
      );
      if (outcome.kind !== 'received') throw new Error(`not received: ${JSON.stringify(outcome)}`);
      expect(outcome.answer.confirmedBy).toBe('email');
      const stays = counties.includes('Alameda');
      expect(outcome.answer.counties.some((c) => c.ours)).toBe(stays);
      const sent = await api.database.db
        .selectFrom('messages as m')
        .innerJoin('matters as t', 't.id', 'm.matter_id')
        .innerJoin('clients as c', 'c.id', 't.client_id')
        .select(['m.body', 'm.channel'])
        .where('m.kind', '=', 'application')
        .where('c.legal_name', '=', legalName)
        .where('t.office_id', '=', api.officeIds.alameda)
        .execute();
      expect(sent).toHaveLength(1);
      const body = sent[0]?.body ?? '';
      expect(body.includes(PROMISE[language]), body).toBe(stays);
      expect(body.includes(ELSEWHERE[language]), body).toBe(!stays);
    },
  );
});
