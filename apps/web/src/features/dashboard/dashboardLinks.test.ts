// The dashboard's links carry fixed California days and the number's own filter: read back as the
// queue page reads them, they are the same view whenever they are opened. (That each lists exactly
// the matters its number counts is checked against the API: drill-downs.int.test.ts.)
import { matterViewFiltersFromUrl } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import {
  agingLink,
  courtLink,
  firstContactLink,
  receivedBySourceLink,
  throughputLink,
  workloadLink,
} from './dashboardLinks.ts';

const TODAY = '2026-11-28';
const read = (href: string | null | undefined) => {
  if (!href) throw new Error('no link');
  return matterViewFiltersFromUrl(new URLSearchParams(href.slice(href.indexOf('?') + 1)));
};

describe('dashboard links', () => {
  it('limit a week of referrals from one group of sources to that week and those sources alone', () => {
    expect(read(receivedBySourceLink('partner', '2026-11-22', 3).href)).toMatchObject({
      referralSources: ['partner'],
      receivedFrom: '2026-11-22',
      receivedTo: '2026-11-28',
      daysOpenMin: null,
      daysOpenMax: null,
    });
    // Staff recorded every source but partners, online applications and passing on.
    expect(read(receivedBySourceLink('staff', '2026-09-06', 1).href).referralSources).toEqual([
      'phone',
      'walk_in',
      'web_form',
      'court',
      'other',
    ]);
    expect(read(receivedBySourceLink('passedOn', '2026-09-06', 1).href).referralSources).toEqual([
      'another_office',
    ]);
  });

  it('give every span as days, not days ago, so a link opened later or shared lists the same', () => {
    expect(read(throughputLink('received', '2026-09-06', 2).href)).toMatchObject({
      receivedFrom: '2026-09-06',
      receivedTo: '2026-09-12',
      referralSources: [],
    });
    expect(read(throughputLink('filed', '2026-09-06', 2).href).activity).toEqual({
      kind: 'petition_filed',
      from: '2026-09-06',
      to: '2026-09-12',
      by: null,
    });
    // Aging: within 14 days is received on or after today less 14; 15-42 and over 42 likewise.
    expect(read(agingLink('within14', TODAY, 1).href)).toMatchObject({
      status: 'open',
      receivedFrom: '2026-11-14',
      receivedTo: null,
    });
    expect(read(agingLink('days15to42', TODAY, 1).href)).toMatchObject({
      receivedFrom: '2026-10-17',
      receivedTo: '2026-11-13',
    });
    expect(read(agingLink('over42', TODAY, 1).href)).toMatchObject({
      receivedFrom: null,
      receivedTo: '2026-10-16',
    });
    expect(read(workloadLink('u1', 'overdue', TODAY, 1)?.href)).toMatchObject({
      assignee: 'u1',
      status: 'open',
      receivedTo: '2026-10-16',
    });
    // The first-contact chart counts the 12 weeks' referrals: the 84 days ending today.
    expect(read(firstContactLink('4-7 days', TODAY, 1).href)).toMatchObject({
      firstContact: 'days_4_7',
      receivedFrom: '2026-09-06',
      receivedTo: TODAY,
    });
    expect(read(courtLink('granted', TODAY, 1, true).href).activity).toMatchObject({
      kind: 'court_granted',
      from: '2026-09-06',
      to: TODAY,
    });
    for (const href of [
      agingLink('within14', TODAY, 1).href,
      workloadLink('u1', 'overdue', TODAY, 1)?.href,
      firstContactLink('Not yet', TODAY, 1).href,
    ])
      expect(href).not.toMatch(/days(Min|Max)=/);
  });

  it('leave "Unassigned" without a week of work, and court decisions to RAP sheet readers', () => {
    expect(workloadLink(null, 'touchedLast7Days', TODAY, 0)).toBeUndefined();
    expect(read(workloadLink(null, 'open', TODAY, 2)?.href)).toMatchObject({ assignee: 'unassigned' });
    expect(courtLink('denied', TODAY, 2, false)).toMatchObject({ href: null });
    expect(courtLink('pending', TODAY, 2, false).href).toBe('/matters?activity=court_pending');
  });
});
