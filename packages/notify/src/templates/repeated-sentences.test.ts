// A status update's next steps never contradict nor repeat what the update itself says: over every
// status type and every set of next steps the form allows with it (NEXT_STEPS_FOR), each reason and
// fact it may rest on, in each language and channel, no sentence appears twice, nor says again in
// other words what another says ("we cannot move forward right now" then "something prevents us from
// continuing at this time"), and an update saying the hearing is set never says "if the court holds a
// hearing".
import { NEXT_STEPS_FOR } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import { CANT_PROCEED_REASONS, CHANNELS, STATUS_TYPES, TEMPLATE_LANGUAGES } from './catalog.ts';
import { renderStatusMessage } from './render-status.ts';

/** Every subset of the next steps the form offers with the status type. */
const stepSets = (statusType: (typeof STATUS_TYPES)[number]) => {
  const allowed = NEXT_STEPS_FOR[statusType];
  return Array.from({ length: 1 << allowed.length }, (_, mask) => allowed.filter((_, i) => mask & (1 << i)));
};

const CHOICES = STATUS_TYPES.flatMap((statusType) =>
  (statusType === 'cant_proceed' ? CANT_PROCEED_REASONS : [undefined]).flatMap((cantProceedReason) =>
    (statusType === 'granted' ? [2, 1, 0] : [undefined]).flatMap((signedOrdersAwaited) =>
      (statusType === 'transferred' ? TRANSFER_FACTS : [undefined]).flatMap((transfer) =>
        stepSets(statusType).map((nextSteps) => ({
          statusType,
          nextSteps,
          ...(cantProceedReason ? { cantProceedReason } : {}),
          ...(signedOrdersAwaited === undefined ? {} : { signedOrdersAwaited }),
          ...(transfer ? { transfer } : {}),
        })),
      ),
    ),
  ),
);

/** The sentences a client reads, the signature left out (its lines are the office's details). */
function sentences(text: string): string[] {
  const [letter = ''] = text.split(/\n\n(?=Sincerely|Atentamente)/);
  return letter
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^- /, '').trim().toLowerCase())
    .filter((s) => s.length > 12);
}

/**
 * Ideas a sentence may word in several ways, in either language. Two sentences of one update that
 * both say "not going on" and "for now" say the same thing: a repeat an exact comparison misses.
 */
const IDEAS = {
  forNow:
    /\b(right now|at this time|for now|for the time being|at the moment|currently|por ahora|en este momento|por el momento|de momento|actualmente)\b/i,
  notGoingOn:
    /\b(cannot|can't|not|unable to|prevents? us from|no podemos|nos impide)\b.*\b(move forward|moving forward|continu\w*|proceed\w*|go on|seguir adelante|continuar|avanzar)\b/i,
} as const;

/** The pairs of sentences that carry every one of the ideas between them twice: said again. */
function saidAgain(said: readonly string[]): string[][] {
  const ideasOf = (s: string) =>
    Object.entries(IDEAS).flatMap(([idea, words]) => (words.test(s) ? [idea] : []));
  const all = Object.keys(IDEAS).length;
  const pairs: string[][] = [];
  said.forEach((a, i) => {
    for (const b of said.slice(i + 1)) {
      if (ideasOf(a).length === all && ideasOf(b).length === all) pairs.push([a, b]);
    }
  });
  return pairs;
}

/** What "if the court holds a hearing" is in each language. */
const IF_HEARING = /if the court holds a hearing|si la corte celebra una audiencia/i;

describe('next steps never repeat nor contradict the status update', () => {
  it.each(TEMPLATE_LANGUAGES.flatMap((language) => CHANNELS.map((channel) => ({ language, channel }))))(
    '$language by $channel: every status type with every set of next steps it allows',
    ({ language, channel }) => {
      expect(CHOICES.length).toBeGreaterThan(STATUS_TYPES.length);
      for (const choice of CHOICES) {
        const { text } = renderStatusMessage({ ...choice, language, channel, values: CLIENT_VALUES });
        const why = `${choice.statusType} with [${choice.nextSteps.join(', ')}]:\n${text}`;
        const said = sentences(text);
        const twice = said.filter((s, i) => said.indexOf(s) !== i);
        expect(twice, why).toEqual([]);
        expect(saidAgain(said), why).toEqual([]);
        if (choice.statusType === 'court_date_set') {
          expect(text, why).not.toMatch(IF_HEARING);
          // Who attends the hearing is said once.
          const attends = text.match(/attorney from our office|abogado de nuestra oficina/gi) ?? [];
          expect(attends.length, why).toBe(1);
        }
      }
    },
  );
});
