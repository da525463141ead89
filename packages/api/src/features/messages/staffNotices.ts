// E-mail to staff through the outbox: an invitation, a sign-in link, a notice that one's second
// factors were reset, a link to choose a new password, a notice that one's password changed, and (to
// the office's holders of the RAP sheet permission) a notice that an administrator without it gave it
// to someone. A staff notice is written with its outbox row in the caller's transaction, so it goes
// out if and only if the change commits. It is about the office's accounts: it never names a client
// or a matter and never holds criminal history, and the client message views (delivery status,
// problems, a matter's messages) do not count it.
import { newId, type StaffNoticeKind, type Tx } from '@relief-desk/db';
import { californiaDateTime } from '@relief-desk/domain';

export interface StaffNotice {
  officeId: string;
  /** The person it is for; none for an invitation not yet accepted. */
  userId: string | null;
  invitationId?: string | null;
  kind: StaffNoticeKind;
  recipient: string;
  subject: string;
  body: string;
}

export async function queueStaffNotice(
  tx: Tx,
  notice: StaffNotice,
  now: Date,
): Promise<{ noticeId: string; outboxId: string }> {
  const noticeId = newId(now);
  const outboxId = newId(now);
  const at = now.toISOString();
  await tx
    .insertInto('staff_notices')
    .values({
      id: noticeId,
      office_id: notice.officeId,
      user_id: notice.userId,
      invitation_id: notice.invitationId ?? null,
      kind: notice.kind,
      recipient: notice.recipient,
      subject: notice.subject,
      body: notice.body,
      created_at: at,
    })
    .execute();
  await tx
    .insertInto('outbox')
    .values({
      id: outboxId,
      message_id: null,
      matter_id: null,
      staff_notice_id: noticeId,
      office_id: notice.officeId,
      channel: 'email',
      state: 'pending',
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { noticeId, outboxId };
}

const SIGNATURE = '\n\nRelief Desk\nThis message is about your own account only.';
const DO_NOT_FORWARD = 'Do not forward this e-mail: the link is yours alone.';

/** Whether an invited person will see criminal history, as their invitation says it. */
export function rapSheetAccessSaid(canViewRapSheets: boolean): string {
  return canViewRapSheets
    ? 'You will see RAP sheets (people’s criminal history): the invitation gives you the RAP sheet permission.'
    : 'You will not see RAP sheets (people’s criminal history): the invitation does not give you the RAP sheet permission.';
}

export function invitationNotice(facts: {
  officeName: string;
  inviterName: string;
  roleLabel: string;
  canViewRapSheets: boolean;
  link: string;
  expiresAt: string;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  return {
    kind: 'invitation',
    subject: `You are invited to Relief Desk at ${facts.officeName}`,
    body: [
      `${facts.inviterName} invited you to Relief Desk at ${facts.officeName}, as ${facts.roleLabel}. ${rapSheetAccessSaid(facts.canViewRapSheets)}`,
      '',
      'Open this link to choose your name and password:',
      facts.link,
      '',
      `The link works once, until ${californiaDateTime(facts.expiresAt)} (California time). ${DO_NOT_FORWARD} If you did not expect it, ignore this e-mail.${SIGNATURE}`,
    ].join('\n'),
  };
}

/**
 * What someone who forgot their password does. An administrator of their office sends them a link to
 * choose a new one (users.sendPasswordReset), except to themselves: the office's only administrator
 * needs whoever runs the server to make a second one first.
 */
export function forgotPasswordAdvice(onlyAdministrator: boolean): string {
  return onlyAdministrator
    ? 'Forgot your password? You are the only administrator of your office, and nobody can send themselves a link to choose a new one: ask whoever runs your Relief Desk server to make a second administrator of your office (the create-admin command), who can then send you one.'
    : 'Forgot your password? Ask an administrator of your office to send you a link to choose a new one.';
}

export function signInLinkNotice(facts: {
  /** None when the link could not help (see `refusal`). */
  link: string | null;
  minutes: number;
  needsSecondFactor: boolean;
  /** Why no link was sent, and what to do instead. */
  refusal: string | null;
  /** What to do if the password itself is forgotten: the link does not change it. */
  forgotPassword: string;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  const opening =
    'Your Relief Desk account is locked after failed sign-ins. Someone, perhaps you, asked for a sign-in link.';
  const warning = 'If you did not ask for it, tell your administrator: someone may be trying your account.';
  if (!facts.link)
    return {
      kind: 'sign_in_link',
      subject: 'About your Relief Desk sign-in',
      body: [opening, '', facts.refusal ?? '', '', `${warning}${SIGNATURE}`].join('\n'),
    };
  return {
    kind: 'sign_in_link',
    subject: 'Your Relief Desk sign-in link',
    body:
      [
        opening,
        '',
        facts.needsSecondFactor
          ? 'Open this link, then use your second factor (authenticator app, passkey or recovery code) to sign in:'
          : 'Open this link to unlock your account, then sign in with your password:',
        facts.link,
        '',
        `The link works once, for ${facts.minutes} minutes. ${DO_NOT_FORWARD} ${warning}`,
        '',
        facts.forgotPassword,
      ].join('\n') + SIGNATURE,
  };
}

/** Someone asked for a link for an account that is not locked: nothing to unlock, and no link. */
export function notLockedNotice(facts: {
  forgotPassword: string;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  return {
    kind: 'not_locked',
    subject: 'About your Relief Desk sign-in',
    body: [
      'Someone, perhaps you, asked for a Relief Desk sign-in link. Your account is not locked, so no link is needed: sign in with your password.',
      '',
      `${facts.forgotPassword} If you did not ask, you can ignore this e-mail.${SIGNATURE}`,
    ].join('\n'),
  };
}

/** An administrator sent the person a link to choose a new password (users.sendPasswordReset). */
export function passwordResetNotice(facts: {
  officeName: string;
  adminName: string;
  link: string;
  expiresAt: string;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  return {
    kind: 'password_reset',
    subject: 'Choose a new Relief Desk password',
    body: [
      `${facts.adminName}, an administrator at ${facts.officeName}, sent you a link to choose a new password for Relief Desk:`,
      facts.link,
      '',
      `The link works once, until ${californiaDateTime(facts.expiresAt)} (California time). Your password keeps working until you choose a new one. Then you are signed out everywhere, and sign in with the new password (and your second factor, if you have one).`,
      '',
      `${DO_NOT_FORWARD} If you did not ask for a new password, tell another administrator of your office.${SIGNATURE}`,
    ].join('\n'),
  };
}

/** The person's password changed: by them on their account page, or through an administrator's link. */
export function passwordChangedNotice(facts: {
  through: 'account_page' | 'reset_link' | 'command_line';
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  const how = {
    account_page:
      'Your Relief Desk password was changed on your account page. Your other sessions were ended; the one it was changed in goes on.',
    reset_link:
      'Your Relief Desk password was changed with the link an administrator sent you, and you were signed out everywhere.',
    command_line:
      'Your Relief Desk password was set on the server, by whoever runs it for your office (the reset-password command), and you were signed out everywhere.',
  };
  return {
    kind: 'password_changed',
    subject: 'Your Relief Desk password was changed',
    body: [
      how[facts.through],
      '',
      `If you did not change it, tell an administrator of your office at once: they can disable the account and end its sessions.${SIGNATURE}`,
    ].join('\n'),
  };
}

/** An administrator reset the person's second factors (users.resetFactors). */
export function factorsResetNotice(facts: {
  officeName: string;
  adminName: string;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  return {
    kind: 'factors_reset',
    subject: 'Your Relief Desk sign-in factors were reset',
    body: [
      `${facts.adminName}, an administrator at ${facts.officeName}, reset your second factors for signing in to Relief Desk: your authenticator app, passkeys and recovery codes no longer work, and you were signed out.`,
      '',
      'At your next sign-in you will set up a new second factor.',
      '',
      `If you did not ask for this, tell another administrator of your office at once.${SIGNATURE}`,
    ].join('\n'),
  };
}

/** How an account came to hold the RAP sheet permission, as the notice to its holders says it. */
export type RapSheetGrantWay = 'permission' | 'role' | 'invitation';

/**
 * Told to each supervisor and administrator of the office who holds the RAP sheet permission when an
 * administrator who does not hold it gives it to an account: that administrator cannot see criminal
 * history, the new holder can, and only a second person can tell whether that was agreed (it is how
 * an administrator would give it to a second account of their own).
 */
export function rapSheetGrantNotice(facts: {
  officeName: string;
  adminName: string;
  granteeName: string;
  granteeEmail: string;
  roleLabel: string;
  way: RapSheetGrantWay;
  at: Date;
}): Pick<StaffNotice, 'kind' | 'subject' | 'body'> {
  const how = {
    permission: 'gave the RAP sheet permission to',
    role: `made ${facts.roleLabel} (a role that brings the RAP sheet permission)`,
    invitation: 'invited, with the RAP sheet permission,',
  }[facts.way];
  const who = `${facts.granteeName} (${facts.way === 'role' ? facts.granteeEmail : `${facts.roleLabel}, ${facts.granteeEmail}`})`;
  return {
    kind: 'rap_sheet_granted',
    subject: `RAP sheet permission given to ${facts.granteeName} at ${facts.officeName}`,
    body: [
      `${facts.adminName}, an administrator who does not have the RAP sheet permission, ${
        facts.way === 'invitation' ? `${how} ${who}, who accepted` : `${how} ${who}`
      } on ${californiaDateTime(facts.at.toISOString())} (California time). That account can now read people’s criminal history at ${facts.officeName}.`,
      '',
      'You are told because you hold the permission yourself: an administrator without it can give it, and only someone else can tell whether it was meant. If it was not agreed, withdraw it at Office settings → Users, and read the audit log for what the account has done.',
      '',
      'Relief Desk\nThis message is about your office’s accounts only.',
    ].join('\n'),
  };
}
