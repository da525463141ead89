// A queue address as a bookmark: a shared link reads back into the same filters, and anything the
// allow-lists do not name is dropped rather than sent to the server.
import { describe, expect, it } from 'vitest';
import { COUNTIES } from './counties.ts';
import { LANGUAGE_CODES } from './languages.ts';
import {
  MATTER_URL_PARAMS,
  type MatterAddress,
  type MatterViewFilters,
  matterViewFiltersFromUrl,
  matterViewHref,
} from './matter-url.ts';
import { FIRST_CONTACT_BANDS, MATTER_ACTIVITIES, MATTER_STATUSES, matterViewSchema } from './matters.ts';
import { QUEUE_IDS } from './queues.ts';
import { REFERRAL_SOURCES } from './referrals.ts';
import { STAGES } from './stages.ts';

const read = (query: string) => matterViewFiltersFromUrl(new URLSearchParams(query));

describe('reading the queue view from its URL', () => {
  it('reads a dashboard drill-down: open or closed, first-contact band, and what happened when', () => {
    const view = read(
      'queue=all&status=open&contact=days_4_7&activity=eligibility_decided&from=2026-11-02&to=2026-11-08',
    );
    expect(view.status).toBe('open');
    expect(view.firstContact).toBe('days_4_7');
    expect(view.activity).toEqual({
      kind: 'eligibility_decided',
      from: '2026-11-02',
      to: '2026-11-08',
      by: null,
    });
  });

  it('reads whose work a "touched" drill-down shows', () => {
    expect(read('activity=touched&from=2026-11-22&by=01JUSER').activity).toEqual({
      kind: 'touched',
      from: '2026-11-22',
      to: null,
      by: '01JUSER',
    });
  });

  it('drops values no list allows, and dates that are not real days', () => {
    const view = read('status=archived&contact=soon&activity=deleted&from=2026-02-30');
    expect(view.status).toBe('any');
    expect(view.firstContact).toBeNull();
    expect(view.activity).toBeNull();
    expect(read('activity=outcome_sent&from=2026-02-30&to=2026-13-01').activity).toEqual({
      kind: 'outcome_sent',
      from: null,
      to: null,
      by: null,
    });
  });

  it('reads any number of stages, once each, dropping stages that do not exist', () => {
    expect(
      read('stage=eligibility_review&stage=gathering_records&stage=eligibility_review&stage=lost').stages,
    ).toEqual(['gathering_records', 'eligibility_review']);
  });

  it('keeps a person only for "worked on", and no days for petitions awaiting the court', () => {
    expect(read('activity=eligibility_decided&by=01JUSER').activity?.by).toBeNull();
    expect(read('activity=court_pending&from=2026-11-01&to=2026-11-08').activity).toEqual({
      kind: 'court_pending',
      from: null,
      to: null,
      by: null,
    });
  });

  it('never sends a span that ends before it starts', () => {
    expect(read('activity=petition_filed&from=2026-11-08&to=2026-11-02').activity).toMatchObject({
      from: '2026-11-08',
      to: '2026-11-08',
    });
    expect(read('daysMin=43&daysMax=7')).toMatchObject({ daysOpenMin: 7, daysOpenMax: 43 });
    expect(read('receivedFrom=2026-11-28&receivedTo=2026-11-22')).toMatchObject({
      receivedFrom: '2026-11-22',
      receivedTo: '2026-11-28',
    });
    expect(read('receivedFrom=2026-02-30&source=court&source=phone&source=nonsense')).toMatchObject({
      receivedFrom: null,
      referralSources: ['phone', 'court'],
    });
  });

  it('reads any address, however mangled, as filters the server accepts', () => {
    let state = 11;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
    const names = [...Object.values(MATTER_URL_PARAMS), 'other'];
    const values = [
      '',
      '0',
      '7',
      '43',
      '-1',
      '99999',
      '1.5',
      'x',
      '2026-11-08',
      '2026-02-30',
      'open',
      'es',
      'touched',
      'María',
      '%',
    ];
    for (let i = 0; i < 1000; i++) {
      const params = new URLSearchParams();
      for (let k = Math.floor(next() * 8); k > 0; k--) params.append(pick(names), pick(values));
      const filters = matterViewFiltersFromUrl(params);
      const parsed = matterViewSchema.safeParse(filters);
      // A search the server refuses (a date that does not exist, too few letters) is said on the page.
      const problems = parsed.success
        ? []
        : parsed.error.issues.filter((issue) => issue.path[0] !== 'search');
      expect(problems, params.toString()).toEqual([]);
    }
  });
});

describe('writing a queue view’s address', () => {
  // Seeded, so a failure names an address that fails again.
  let state = 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const maybe = <T>(values: readonly T[]): T | undefined =>
    next() < 0.5 ? undefined : values[Math.floor(next() * values.length)];

  /** An address the app could write: dates in order, a person only for "worked on", none for pending. */
  function randomAddress(): MatterAddress {
    const kind = maybe(MATTER_ACTIVITIES);
    const from = next() < 0.5 ? undefined : `2026-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
    const to = from && next() < 0.7 ? `2026-10-2${Math.floor(next() * 9)}` : undefined;
    return {
      queue: maybe(QUEUE_IDS),
      stages: STAGES.filter(() => next() < 0.2),
      county: maybe(COUNTIES),
      assignee: maybe(['01JUSER', 'someone-else']),
      language: maybe(LANGUAGE_CODES),
      source: next() < 0.2 ? REFERRAL_SOURCES.filter(() => next() < 0.4) : maybe(REFERRAL_SOURCES),
      daysOpenMin: maybe([0, 8, 43]),
      // At least the smallest (the app writes ranges in order).
      daysOpenMax: maybe([43, 83, 120]),
      receivedFrom: maybe(['2026-09-07', '2026-11-22']),
      receivedTo: maybe(['2026-11-28']),
      status: maybe(MATTER_STATUSES),
      firstContact: maybe(FIRST_CONTACT_BANDS.map((b) => b.id)),
      activity: kind && {
        kind,
        ...(kind === 'court_pending' ? {} : { from, to }),
        ...(kind === 'touched' ? { by: maybe(['01JUSER']) } : {}),
      },
      search: maybe(['María', 'Núñez 1980', '17CR00001']),
    };
  }

  it('reads back as the filters it was written with, for 500 random addresses', () => {
    for (let i = 0; i < 500; i++) {
      const address = randomAddress();
      const href = matterViewHref(address);
      const expected: MatterViewFilters = {
        queue: address.queue ?? 'all',
        stages: [...(address.stages ?? [])],
        counties: address.county ? [address.county] : [],
        assignee: address.assignee ?? null,
        languages: address.language ? [address.language] : [],
        referralSources: typeof address.source === 'string' ? [address.source] : [...(address.source ?? [])],
        daysOpenMin: address.daysOpenMin ?? null,
        daysOpenMax: address.daysOpenMax ?? null,
        receivedFrom: address.receivedFrom ?? null,
        receivedTo: address.receivedTo ?? null,
        status: address.status ?? 'any',
        firstContact: address.firstContact ?? null,
        activity: address.activity
          ? {
              kind: address.activity.kind,
              from: address.activity.from ?? null,
              to: address.activity.to ?? null,
              by: address.activity.by ?? null,
            }
          : null,
        search: address.search ?? '',
      };
      expect(href.startsWith('/matters?'), href).toBe(true);
      expect(read(href.slice('/matters?'.length)), href).toEqual(expected);
    }
  });

  it('leaves the defaults out', () => {
    expect(matterViewHref({ queue: 'all', status: 'any', stages: [], search: '' })).toBe('/matters?');
  });
});
