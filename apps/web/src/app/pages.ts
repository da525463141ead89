// The pages the navigation offers, each with the permission its procedures need on the server. The
// menu shows a role only what it can use, and a page it cannot use says who it is for. A page reached
// from another page rather than the menu (the users page, from Office settings) is listed too, with
// menu: false, so that it refuses the same way.
import { PERMISSIONS, type Permission, type Role } from '@relief-desk/domain';

export interface SitePage {
  path: string;
  label: string;
  permission: Permission;
  /** False for a page reached from another page, not offered in the menu. */
  menu?: false;
}

export const SITE_PAGES: readonly SitePage[] = [
  { path: '/matters', label: 'Case queue', permission: 'workMatters' },
  { path: '/referrals/new', label: 'New referral', permission: 'workMatters' },
  { path: '/calendar', label: 'Calendar', permission: 'workMatters' },
  { path: '/messages/problems', label: 'Delivery', permission: 'workMatters' },
  { path: '/rules-review', label: 'Rules review', permission: 'decideEligibility' },
  { path: '/filing', label: 'Filing runs', permission: 'decideEligibility' },
  { path: '/dashboard', label: 'Dashboard', permission: 'readAuditLog' },
  { path: '/audit', label: 'Audit log', permission: 'readAuditLog' },
  { path: '/settings', label: 'Office settings', permission: 'administer' },
  { path: '/settings/messages', label: 'Message templates', permission: 'administer' },
  { path: '/settings/users', label: 'Users', permission: 'administer', menu: false },
];

/** An address's path as the pages name it: without a trailing slash (except the root's). */
export const withoutTrailingSlash = (pathname: string) =>
  pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;

/** The page at a path (trailing slash ignored), or undefined for an address that names none. */
export function pageAt(pathname: string): SitePage | undefined {
  const path = withoutTrailingSlash(pathname);
  return SITE_PAGES.find((page) => page.path === path);
}

/** Each role as a group of people, for "This page is for …". */
const ROLE_GROUPS: Record<Role, string> = {
  intake: 'intake staff',
  attorney: 'attorneys',
  supervisor: 'supervisors',
  admin: 'administrators',
};

/** Who may use a permission, in words: "supervisors and administrators". */
export function whoMay(permission: Permission): string {
  const groups = (PERMISSIONS[permission] as readonly Role[]).map((role) => ROLE_GROUPS[role]);
  if (groups.length <= 1) return groups.join('');
  return `${groups.slice(0, -1).join(', ')} and ${groups.at(-1)}`;
}
