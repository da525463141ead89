// Who each page is for, in the words a refused page uses, read from the domain's permissions.
import { can, ROLES } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { pageAt, SITE_PAGES, whoMay } from './pages.ts';

describe('who a page is for', () => {
  it('names the roles of each permission as groups of people', () => {
    expect(whoMay('readAuditLog')).toBe('supervisors and administrators');
    expect(whoMay('decideEligibility')).toBe('attorneys and supervisors');
    expect(whoMay('administer')).toBe('administrators');
    expect(whoMay('workMatters')).toBe('intake staff, attorneys, supervisors and administrators');
  });

  it('finds a page by its address, with or without a trailing slash, and nothing else', () => {
    expect(pageAt('/dashboard')?.label).toBe('Dashboard');
    expect(pageAt('/settings/messages/')?.label).toBe('Message templates');
    expect(pageAt('/settings/users')?.label).toBe('Users');
    expect(pageAt('/matters/01ABC')).toBeUndefined();
  });

  it('offers every role the case queue, and administrators the settings only', () => {
    for (const role of ROLES) expect(pageAt('/matters') && can(role, 'workMatters')).toBe(true);
    const settings = SITE_PAGES.filter((p) => p.path.startsWith('/settings'));
    for (const role of ROLES)
      for (const page of settings) expect(can(role, page.permission)).toBe(role === 'admin');
  });
});
