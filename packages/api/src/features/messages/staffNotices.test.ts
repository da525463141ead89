// The expiry a staff e-mail gives its link names California's zone: on the night the clocks go back,
// an invitation made at 1:30 AM daylight time and one made an hour later, at 1:30 AM standard time,
// expire at the same clock time a day later, and only PDT or PST says which.
import { describe, expect, it } from 'vitest';
import { invitationNotice, passwordResetNotice } from './staffNotices.ts';

const invitationExpiring = (expiresAt: string) =>
  invitationNotice({
    officeName: 'Alameda County Public Defender',
    inviterName: 'Rosa Delgado',
    roleLabel: 'Intake',
    canViewRapSheets: false,
    link: 'https://relief-desk.example/invitation#token',
    expiresAt,
  }).body;

const resetExpiring = (expiresAt: string) =>
  passwordResetNotice({
    officeName: 'Alameda County Public Defender',
    adminName: 'Rosa Delgado',
    link: 'https://relief-desk.example/reset#token',
    expiresAt,
  }).body;

describe('a staff e-mail’s link expiry', () => {
  it('names PDT or PST, so the two 1:30 AMs of the night the clocks go back read apart', () => {
    expect(invitationExpiring('2026-11-01T08:30:00.000Z')).toContain(
      'The link works once, until Nov 1, 2026, 1:30 AM PDT (California time).',
    );
    expect(invitationExpiring('2026-11-01T09:30:00.000Z')).toContain(
      'The link works once, until Nov 1, 2026, 1:30 AM PST (California time).',
    );
    expect(resetExpiring('2026-11-01T08:30:00.000Z')).toContain(
      'The link works once, until Nov 1, 2026, 1:30 AM PDT (California time).',
    );
    expect(resetExpiring('2026-11-01T09:30:00.000Z')).toContain(
      'The link works once, until Nov 1, 2026, 1:30 AM PST (California time).',
    );
  });
});
