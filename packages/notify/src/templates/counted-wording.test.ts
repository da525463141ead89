// What the client reads says one thing once, and counts what it names: an outcome on three requests to
// the court is not news about "your petition", and an "eligible" e-mail with the "contact us" step does
// not give the office's phone and e-mail twice in a row.
import { NEXT_STEPS_FOR } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import type { Channel } from './catalog.ts';
import { type ConvictionOutcomeInput, renderOutcomeMessage } from './render-outcome.ts';
import { renderStatusMessage } from './render-status.ts';

const request = (section: string): ConvictionOutcomeInput => ({
  code: 'PC',
  section,
  caseNumber: '16CR01234',
  outcome: 'granted',
  remedy: 'pc1203.4',
  county: 'Alameda',
});

const outcome = (language: 'en' | 'es', channel: Channel, requests: number) =>
  renderOutcomeMessage({
    language,
    channel,
    values: CLIENT_VALUES,
    convictions: ['484(a)', '647(f)', '11377(a)'].slice(0, requests).map(request),
    signedOrders: { included: 0, awaited: 0 },
  });

describe('an outcome’s subject and text message count the requests', () => {
  it.each([
    ['es', 1, 'Novedades sobre su petición', 'hay novedades sobre su petición.'],
    [
      'es',
      3,
      'Novedades sobre sus solicitudes ante la corte',
      'hay novedades sobre sus solicitudes ante la corte.',
    ],
    ['en', 1, 'An update on your petition', 'there is an update on your petition.'],
    ['en', 3, 'An update on your requests to the court', 'there is an update on your requests to the court.'],
  ] as const)('%s, %i request(s)', (language, requests, subject, sms) => {
    expect(outcome(language, 'email', requests).subject).toBe(subject);
    expect(outcome(language, 'sms', requests).text).toContain(sms);
  });
});

describe('the “contact us” step does not repeat how to reach the office', () => {
  const withContactUs = Object.entries(NEXT_STEPS_FOR).flatMap(([statusType, steps]) =>
    steps.includes('contact_us') ? [statusType as keyof typeof NEXT_STEPS_FOR] : [],
  );

  it.each(
    withContactUs.flatMap((statusType) =>
      (['es', 'en'] as const).flatMap((language) =>
        (['email', 'letter'] as const).map((channel) => [statusType, language, channel] as const),
      ),
    ),
  )('%s (%s, %s)', (statusType, language, channel) => {
    const { text } = renderStatusMessage({
      statusType,
      nextSteps: ['contact_us'],
      language,
      channel,
      values: CLIENT_VALUES,
      ...(statusType === 'cant_proceed' ? { cantProceedReason: 'need_more_info' as const } : {}),
      // An order awaited: the sentence asking them to call for a copy of it is another matter.
      ...(statusType === 'granted' ? { signedOrdersAwaited: 1 } : {}),
      ...(statusType === 'transferred' ? { transfer: TRANSFER_FACTS[1] } : {}),
    });
    // The e-mail's signature lists the office's details on their own lines: count the sentences.
    const sentences = text.match(language === 'es' ? /llámenos al/gi : /call us at/gi) ?? [];
    expect(sentences.length, text).toBeLessThanOrEqual(1);
    expect(text).toMatch(
      language === 'es' ? /Comuníquese con nosotros|llámenos al/i : /Contact us|call us at/i,
    );
  });
});
