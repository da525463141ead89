// The placeholders an office's wording must keep are read from the built-in wording: "Granted" keeps
// {signedOrder} wherever it speaks of the order, and the built-in wording itself lacks none of them.
import { TEMPLATE_FIELDS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import {
  FACT_PLACEHOLDERS,
  missingFactPlaceholders,
  requiredPlaceholders,
  STATUS_TYPES,
  TEMPLATE_LANGUAGES,
} from './catalog.ts';
import { defaultTemplate } from './default-templates.ts';

describe('placeholders whose words come from the records', () => {
  it('“Granted” must keep {signedOrder} in its e-mail and letter text and its text message', () => {
    expect(requiredPlaceholders('granted')).toEqual({
      subject: [],
      body: ['signedOrder'],
      sms: ['signedOrder'],
    });
  });

  it('each is required somewhere, and the built-in wording of every status type and language lacks none', () => {
    const required = new Set(
      STATUS_TYPES.flatMap((s) => TEMPLATE_FIELDS.flatMap((f) => requiredPlaceholders(s)[f])),
    );
    expect([...required].sort()).toEqual(Object.keys(FACT_PLACEHOLDERS).sort());
    for (const statusType of STATUS_TYPES)
      for (const language of TEMPLATE_LANGUAGES)
        expect(
          missingFactPlaceholders(statusType, defaultTemplate(statusType, language)),
          statusType,
        ).toEqual([]);
  });

  it('wording that dropped one is told by part', () => {
    const { subject, body, sms } = defaultTemplate('granted', 'en');
    expect(
      missingFactPlaceholders('granted', {
        subject,
        body: body.replace('{signedOrder}', 'A copy of the signed order is enclosed.'),
        sms,
      }),
    ).toEqual([{ field: 'body', missing: ['signedOrder'] }]);
  });
});
