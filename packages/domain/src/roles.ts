// Staff roles and what each may do. The server checks these on every procedure.
import { z } from 'zod';
import { singleLine } from './text.ts';

export const ROLES = ['intake', 'attorney', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const ROLE_LABELS: Record<Role, string> = {
  intake: 'Intake',
  attorney: 'Attorney',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

export const PERMISSIONS = {
  /** Record referrals and work matters day to day. */
  workMatters: ['intake', 'attorney', 'supervisor', 'admin'],
  /** Record eligibility decisions: attorneys sign off every one (supervisors may too). */
  decideEligibility: ['attorney', 'supervisor'],
  /** Page through the audit log. */
  readAuditLog: ['supervisor', 'admin'],
  /** Merge two records of one person in the office, and undo a merge within 30 days. */
  mergeClients: ['supervisor', 'admin'],
  /** Manage users, offices and office settings. */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * Whether a role sees RAP sheets unless an administrator says otherwise: attorneys and supervisors.
 * A new role brings this default (users.setRole), and the invitation form starts from it.
 */
export const seesRapSheetsByDefault = (role: Role): boolean => role === 'attorney' || role === 'supervisor';

/**
 * Who can give a person without the RAP sheet permission that permission: an administrator of their
 * office, and for an administrator another one (nobody grants or removes their own, users.setRapSheetAccess).
 */
export function rapSheetPermissionFrom(role: Role): string {
  return role === 'admin'
    ? 'Another administrator of your office who holds it can grant it to you: nobody can grant it to themselves.'
    : 'Ask an administrator of your office to grant it to you.';
}

export const setRapSheetAccessInputSchema = z.object({
  userId: singleLine().min(1),
  version: z.number().int().positive(),
  canViewRapSheets: z.boolean(),
});
