// The audit log as a supervisor reads it: every action the server writes, named for people and
// grouped, each row told as a sentence ("Rosa Delgado opened María Núñez’s matter 2026-00042"), and
// the filters of the log page (person, client, matter, action, California days, outcome), which the
// page keeps in its address, the API validates and the CSV export reads. The wording names who did
// what to which record, never what a record says: no sections, case numbers or decisions.
import { z } from 'zod';
import { COUNTIES } from './counties.ts';
import { isoDateSchema, isRealDate } from './dates.ts';
import { DOCUMENT_STATUS_LABELS, type DocumentKind } from './documents.ts';
import { PETITION_STATUS_LABELS } from './petitions.ts';
import type { ClientDetails } from './referrals.ts';
import { ROLE_LABELS } from './roles.ts';
import { STAGE_LABELS, type Stage } from './stages.ts';
import { singleLine } from './text.ts';

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  ok: 'Done',
  denied: 'Refused',
  failed: 'Failed',
};

/** The groups of actions the filter offers, in its order. */
export const AUDIT_ACTION_GROUPS = {
  signIn: 'Signing in and sessions',
  clients: 'Clients and referrals',
  matters: 'Matters, notes and documents',
  eligibility: 'Convictions, eligibility and petitions',
  messages: 'Messages and letters',
  reports: 'Audit log and exports',
  settings: 'Office settings and accounts',
} as const;
export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUPS;
export const AUDIT_ACTION_GROUP_IDS = Object.keys(AUDIT_ACTION_GROUPS) as [
  AuditActionGroup,
  ...AuditActionGroup[],
];

/**
 * How one action reads. `label`: the action's name in the filter and the log's Action column.
 * `did`: what the person did, after their name; {matter}, {client}, {user} and {document} stand
 * for the record the row names (a link where the record is this office's). `failed`: what failed,
 * after "Name: ". `read`: a look that changes nothing; a person's reads of one matter a few minutes
 * apart show as one visit.
 */
export interface AuditWording {
  group: AuditActionGroup;
  label: string;
  did: string;
  failed?: string;
  read?: true;
  /**
   * What the person did as the row's detail tells it, in place of `did` (the same placeholders):
   * which step of a sign-in passed, what a setting was changed to. Null where the detail does not
   * tell it (a row written before the detail held it): `did` then. Only closed-set labels and
   * numbers are written into the words; what a person typed (an address) comes in by placeholder:
   * {invitee}, or {detail:a.b} for a text the row's detail holds at that path.
   */
  tell?: (detail: AuditDetail, reader: AuditReader) => string | null;
}

/** A row's detail column, as read back (any shape: rows of older versions stay as written). */
export type AuditDetail = Readonly<Record<string, unknown>>;
/** Who reads the row: criminal history is told only to a reader with the RAP sheet permission. */
export interface AuditReader {
  seesRapSheets: boolean;
}

/**
 * A client's details by field, as a correction names them (the timeline, the audit log, a stale
 * save's refusal): "phone, preferred language". Names only: contact details are not written out.
 */
export const CLIENT_DETAIL_FIELD_LABELS = {
  legalName: 'legal name',
  otherNames: 'other names',
  dateOfBirth: 'date of birth',
  phone: 'phone',
  email: 'e-mail',
  address: 'address',
  preferredLanguage: 'preferred language',
  contact: 'contact preferences',
  consentToText: 'consent to texts',
} as const satisfies Record<keyof ClientDetails, string>;
export type ClientDetailField = keyof typeof CLIENT_DETAIL_FIELD_LABELS;

/** Words joined as a sentence says them: "phone", "phone and e-mail", "phone, e-mail and address". */
export function listInWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The fields a row's detail names, in the form's order, in words ("phone and preferred language"); null for none. */
export function clientFieldWords(fields: unknown): string | null {
  if (!Array.isArray(fields)) return null;
  const named = (Object.keys(CLIENT_DETAIL_FIELD_LABELS) as ClientDetailField[]).filter((f) =>
    fields.includes(f),
  );
  return named.length > 0 ? listInWords(named.map((f) => CLIENT_DETAIL_FIELD_LABELS[f])) : null;
}

const w = (
  group: AuditActionGroup,
  label: string,
  did: string,
  more: Pick<AuditWording, 'failed' | 'read' | 'tell'> = {},
): AuditWording => ({ group, label, did, ...more });
const READ = { read: true } as const;

/** A value of a closed set as its label, or null: only labels the code holds go into the words. */
function labelIn(labels: Readonly<Record<string, string>>, value: unknown): string | null {
  return typeof value === 'string' && Object.hasOwn(labels, value) ? (labels[value] ?? null) : null;
}
const quotedLabel = (labels: Readonly<Record<string, string>>, value: unknown) => {
  const label = labelIn(labels, value);
  return label === null ? null : `“${label}”`;
};
const flag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
/** A change from one value to another: both known, or nothing to tell. */
const change = <T>(d: AuditDetail, read: (value: unknown) => T | null) => {
  const from = read(d.from);
  const to = read(d.to);
  return from === null || to === null ? null : { from, to };
};
const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
/** An invitation's e-mails stopped in the outbox before they were sent (users.revokeInvitation, resend). */
const emailsStopped = (d: AuditDetail) => {
  const n = count(d.emailsStopped);
  return !n
    ? ''
    : n === 1
      ? '; its e-mail not yet sent was stopped'
      : `; its ${n} e-mails not yet sent were stopped`;
};

/** A detail's value that is an object (a nested change), or null. */
const record = (value: unknown): AuditDetail | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as AuditDetail) : null;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** Counties as the code lists them: only a known county is written into the words. */
const counties = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((c): c is string => (COUNTIES as readonly string[]).includes(c)) : [];

/**
 * What an office profile's save changed (offices.saveProfile), from its detail's `changes`: each field
 * of the letterhead from what to what. What an administrator typed (a name, an address) comes into
 * the words by `{detail:…}` placeholders, never as template text. Null for a row written before the
 * detail held the changes.
 */
function profileChanges(d: AuditDetail): string | null {
  const changes = record(d.changes);
  if (!changes) return null;
  const told: string[] = [];
  const field = (key: string, noun: string) => {
    const c = record(changes[key]);
    if (!c || text(c.to) === null) return;
    told.push(
      text(c.from)
        ? `${noun} from “{detail:changes.${key}.from}” to “{detail:changes.${key}.to}”`
        : `${noun} set to “{detail:changes.${key}.to}”`,
    );
  };
  field('name', 'the name');
  field('address', 'the address');
  field('phone', 'the phone');
  field('email', 'the e-mail');
  const signer = record(changes.letterSigner);
  if (signer) {
    const who = (side: 'from' | 'to') => {
      const s = record(signer[side]);
      if (!s || !text(s.name)) return 'each letter’s sender';
      return text(s.title)
        ? `{detail:changes.letterSigner.${side}.name}, {detail:changes.letterSigner.${side}.title}`
        : `{detail:changes.letterSigner.${side}.name}`;
    };
    told.push(`who signs letters from ${who('from')} to ${who('to')}`);
  }
  const added = counties(d.countiesAdded);
  const removed = counties(d.countiesRemoved);
  if (added.length > 0) told.push(`counties added: ${added.join(', ')}`);
  if (removed.length > 0) told.push(`counties removed: ${removed.join(', ')}`);
  return told.length === 0
    ? 'saved the office profile with no change'
    : `changed the office profile: ${told.join('; ')}`;
}

/** The client update limits from what to what (queues.setLimits); a row of before: what they were set to. */
function limitChanges(d: AuditDetail): string | null {
  const limits = (value: unknown) => {
    const l = record(value);
    const due = l ? count(l.clientUpdateDays) : null;
    const overdue = l ? count(l.clientUpdateOverdueDays) : null;
    return due === null || overdue === null ? null : { due, overdue };
  };
  const said = (l: { due: number; overdue: number }) =>
    `a client update due after ${days(l.due)} without one, overdue after ${days(l.overdue)}`;
  const from = limits(d.from);
  const to = limits(d.to) ?? limits(d);
  if (!to) return null;
  if (!from) return `set the client update limits: ${said(to)}`;
  if (from.due === to.due && from.overdue === to.overdue)
    return `saved the client update limits with no change: ${said(to)}`;
  const was = (a: number, b: number) => (a === b ? ' (unchanged)' : ` (was ${days(a)})`);
  return `changed the client update limits: a client update due after ${days(to.due)} without one${was(from.due, to.due)}, overdue after ${days(to.overdue)}${was(from.overdue, to.overdue)}`;
}

/**
 * Every action the server writes to the audit log: each procedure of the API (a refusal by role is
 * written under the procedure's name) and the actions written by routes, the command line and the
 * outbox worker. A test collects the action names from the code and fails on one missing here.
 */
export const AUDIT_ACTIONS = {
  // Signing in and sessions
  // A session is made only by a sign-in that completes: the password step of a person with a second
  // factor makes none (its second step is auth.signInSecondFactor, or never comes).
  'auth.signIn': w('signIn', 'Sign in', 'signed in', {
    failed: 'failed sign-in',
    tell: (d) =>
      d.next === 'second_factor'
        ? 'passed the password step; asked for a second factor'
        : d.secondFactor === 'to_set_up'
          ? 'signed in, only to set up a second factor'
          : null,
  }),
  'auth.signInSecondFactor': w('signIn', 'Sign in: second factor', 'signed in with a second factor', {
    failed: 'failed second factor at sign-in',
  }),
  'auth.passkeySignInOptions': w('signIn', 'Start a passkey sign-in', 'started signing in with a passkey'),
  'auth.requestSignInLink': w('signIn', 'Ask for a sign-in link', 'asked for a sign-in link by e-mail'),
  'auth.useSignInLink': w('signIn', 'Open a sign-in link', 'opened a sign-in link', {
    tell: (d) => (d.next === 'second_factor' ? 'opened a sign-in link; asked for a second factor' : null),
  }),
  'auth.sessionStatus': w('signIn', 'Check the session', 'checked their session'),
  'auth.stayActive': w('signIn', 'Stay signed in', 'chose to stay signed in'),
  'auth.signOut': w('signIn', 'Sign out', 'signed out'),
  'auth.me': w('signIn', 'Load their account', 'loaded their account'),
  'auth.sessions': w('signIn', 'List their sessions', 'listed their sessions'),
  'auth.endSession': w('signIn', 'End a session', 'ended one of their sessions'),
  'auth.endOtherSessions': w('signIn', 'End their other sessions', 'ended their other sessions'),
  'auth.changePassword': w('signIn', 'Change their password', 'changed their password', {
    failed: 'failed to confirm their current password',
  }),
  'passwordResets.details': w(
    'signIn',
    'Open a password link',
    'opened a link to choose a new password',
    READ,
  ),
  'passwordResets.setPassword': w(
    'signIn',
    'Choose a new password',
    'chose a new password with a link an administrator sent',
  ),
  'auth.mfa.status': w('signIn', 'Read their second factors', 'read their second-factor settings'),
  'auth.mfa.reauthenticate': w('signIn', 'Confirm who they are', 'confirmed who they are again', {
    failed: 'failed to confirm who they are',
  }),
  'auth.mfa.reauthenticationOptions': w(
    'signIn',
    'Start confirming who they are',
    'started confirming who they are with a passkey',
  ),
  'auth.mfa.startTotp': w(
    'signIn',
    'Start adding an authenticator app',
    'started adding an authenticator app',
  ),
  'auth.mfa.confirmTotp': w('signIn', 'Add an authenticator app', 'added an authenticator app'),
  'auth.mfa.passkeyOptions': w('signIn', 'Start adding a passkey', 'started adding a passkey'),
  'auth.mfa.addPasskey': w('signIn', 'Add a passkey', 'added a passkey'),
  'auth.mfa.removeFactor': w('signIn', 'Remove a second factor', 'removed a second factor'),
  'auth.mfa.newRecoveryCodes': w('signIn', 'Make new recovery codes', 'made new recovery codes'),
  'http.crossOriginRefused': w('signIn', 'Request from another site', 'sent a request from another site'),

  // Clients and referrals
  'referrals.findPossibleClients': w(
    'clients',
    'Look for an existing client',
    'looked for an existing client at intake',
    READ,
  ),
  'referrals.record': w('clients', 'Record a referral', 'recorded a referral for {client}', {
    // A matter passed on by another office (detail.passedOnBy, its id): written under the person who
    // passed it on; passed on again while this office works it, no new matter (the row is the matter's).
    tell: (d) =>
      typeof d.passedOnBy !== 'string'
        ? null
        : d.passedOnAgain === true && !Array.isArray(d.matterIds)
          ? 'passed {client} on to this office again, for {matter}, already open here: no new matter'
          : d.passedOnAgain === true
            ? 'passed {client} on to this office again: a new matter'
            : 'passed {client} on to this office',
  }),
  'clients.get': w('clients', 'Open a client’s record', 'opened {client}’s record', READ),
  'clients.update': w('clients', 'Correct a client’s details', 'corrected {client}’s details', {
    tell: (d) => {
      const fields = clientFieldWords(d.fields);
      return fields ? `corrected {client}’s ${fields}` : null;
    },
  }),
  'clients.duplicates': w(
    'clients',
    'Check for duplicate records',
    'checked {client} for duplicate records',
    READ,
  ),
  'clients.mergePreview': w(
    'clients',
    'Compare two records',
    'compared {client} with another record to merge',
    READ,
  ),
  'clients.merge': w('clients', 'Merge two records', 'merged another record into {client}'),
  'clients.undoMerge': w('clients', 'Undo a merge', 'undid a merge into {client}'),
  'partnerApi.referrals.create': w('clients', 'Referral from a partner', 'sent a referral', {
    // The matters the referral opened (detail.matterIds, the first linked as {matter}); a call sent
    // again with its Idempotency-Key is answered as the first was and records nothing.
    tell: (d) => {
      if (d.replayed === true)
        return 'sent a referral again (the same Idempotency-Key): answered as before, nothing new recorded';
      const matters = Array.isArray(d.matterIds) ? d.matterIds.length : 0;
      if (matters === 0) return null;
      return matters === 1
        ? 'sent a referral: {matter}'
        : `sent a referral: {matter} and ${matters - 1} more`;
    },
  }),
  'applications.submit': w('clients', 'Online application', 'sent an online application', {
    // Recorded, but not confirmed to the applicant (detail.notSent, as apply.ts writes it): staff are
    // to contact them, so the log says so rather than reading like a confirmed application.
    tell: (d) =>
      typeof d.notSent === 'string' && Object.hasOwn(APPLICATION_NOT_SENT, d.notSent)
        ? `sent an online application, recorded but not confirmed to them: ${APPLICATION_NOT_SENT[d.notSent]}`
        : null,
  }),
  'applications.viewStatus': w(
    'clients',
    'Open an applicant’s status page',
    'opened {client}’s status page',
    READ,
  ),
  'applications.requestStatusLink': w('clients', 'Ask for a new status link', 'asked for a new status link'),

  // Matters, notes and documents
  'matters.list': w('matters', 'Search or list matters', 'listed matters', READ),
  'matters.get': w('matters', 'Open a matter', 'opened {matter}', READ),
  'matters.moveStage': w('matters', 'Move a matter’s stage', 'moved {matter} to {stage}', {
    tell: (d) => {
      const from = quotedLabel(STAGE_LABELS, d.from);
      return from ? `moved {matter} from ${from} to {stage}` : null;
    },
  }),
  'matters.passOn': w(
    'matters',
    'Pass a matter on to another office',
    'passed {matter} on to another office',
  ),
  // Another office's person, composing or sending "transferred" (or any update on a matter passed on):
  // on the receiving office's log.
  'matters.passedOnStillWorked': w(
    'matters',
    'Read whether a matter passed on is still worked',
    'read whether this office still works {matter}, passed on to it',
    READ,
  ),
  'matters.addNote': w('matters', 'Add a note', 'added a note to {matter}'),
  'matters.markReferralNote': w(
    'matters',
    'Mark a referral’s note',
    'marked the referral’s note on {matter}',
    {
      tell: (d) =>
        flag(d.aboutRecord) === null
          ? null
          : d.aboutRecord
            ? 'marked the referral’s note on {matter} as about the criminal record'
            : 'marked the referral’s note on {matter} as not about the criminal record',
    },
  ),
  'matters.markTimelineNote': w(
    'matters',
    'Mark a note on the timeline',
    'marked a note on the timeline of {matter}',
    {
      tell: (d) =>
        flag(d.aboutRecord) === null
          ? null
          : d.aboutRecord
            ? 'marked a note on the timeline of {matter} as about the criminal record'
            : 'marked a note on the timeline of {matter} as not about the criminal record',
    },
  ),
  'matters.logCall': w('matters', 'Log a call', 'logged a call on {matter}'),
  'matters.calendar': w('matters', 'Read the calendar', 'read the calendar', {
    ...READ,
    tell: (d) =>
      typeof d.from === 'string' && isRealDate(d.from) && typeof d.to === 'string' && isRealDate(d.to)
        ? `read the calendar from ${d.from} to ${d.to}`
        : null,
  }),
  'matters.listCourtOutcomes': w(
    'matters',
    'List matters by the court’s decision',
    'listed matters by the court’s decision',
    READ,
  ),
  'queues.counts': w('matters', 'Read the queue counts', 'read the queue counts', READ),
  'queues.viewCount': w('matters', 'Count a list of matters', 'counted a list of matters', READ),
  // detail.together: how many matters went at once (rows from before it say "with others").
  'queues.bulkAssign': w('matters', 'Assign matters together', 'assigned {matter} with others at once', {
    tell: (d) =>
      typeof d.assigneeId === 'string'
        ? `assigned {matter}${withOthers(d)} to {assignee}`
        : d.together === 1
          ? 'left {matter} unassigned'
          : null,
  }),
  'queues.bulkMoveStage': w('matters', 'Move matters together', 'moved {matter} with others at once', {
    tell: (d) => {
      const to = quotedLabel(STAGE_LABELS, d.to);
      return to ? `moved {matter}${withOthers(d)} to ${to}` : null;
    },
  }),
  'queues.bulkAddNote': w(
    'matters',
    'Add a note to matters together',
    'added a note to {matter} with others at once',
    { tell: (d) => `added a note to {matter}${withOthers(d)}` },
  ),
  'dashboard.get': w('matters', 'Read the dashboard', 'read the dashboard', READ),
  'documents.request': w('matters', 'Request a document', 'requested {document} for {matter}'),
  'documents.update': w(
    'matters',
    'Update a document request',
    'updated the request for {document} of {matter}',
    {
      tell: (d) => {
        const status = change(d, (v) => quotedLabel(DOCUMENT_STATUS_LABELS, v));
        return status && status.from !== status.to
          ? `marked the request for {document} of {matter} ${status.to} (it was ${status.from})`
          : null;
      },
    },
  ),
  'documents.recordReminder': w(
    'matters',
    'Record a document reminder',
    'recorded a reminder for {document} of {matter}',
  ),
  'documents.upload': w('matters', 'Attach a file', 'attached {document} to {matter}'),
  'documents.download': w('matters', 'Open a file', 'viewed {document} of {matter}', READ),
  'documents.removeFile': w(
    'matters',
    'Remove a file attached by mistake',
    'removed {document} from {matter}',
  ),

  // Convictions, eligibility and petitions
  'rapImports.start': w('eligibility', 'Read a RAP sheet', 'started reading a RAP sheet into {matter}'),
  'rapImports.list': w('eligibility', 'See RAP sheet imports', 'saw the RAP sheet imports of {matter}', READ),
  'rapImports.review': w(
    'eligibility',
    'Review a RAP sheet import',
    'reviewed what a RAP sheet import proposes for {matter}',
    READ,
  ),
  'rapImports.cancel': w(
    'eligibility',
    'Cancel reading a RAP sheet',
    'cancelled reading a RAP sheet for {matter}',
  ),
  'rapImports.accept': w(
    'eligibility',
    'Accept a RAP sheet import',
    'accepted convictions from a RAP sheet into {matter}',
  ),
  'rapImports.discard': w(
    'eligibility',
    'Discard a RAP sheet import',
    'discarded a RAP sheet import read into {matter}, erasing its text and file',
  ),
  'convictions.add': w('eligibility', 'Enter a conviction', 'entered a conviction on {matter}'),
  'convictions.edit': w('eligibility', 'Correct a conviction', 'corrected a conviction on {matter}'),
  'convictions.remove': w('eligibility', 'Remove a conviction', 'removed a conviction from {matter}'),
  'convictions.history': w(
    'eligibility',
    'Read a conviction’s earlier versions',
    'read a conviction’s earlier versions on {matter}',
    READ,
  ),
  'arrests.list': w('eligibility', 'Read the arrests', 'read the arrests recorded on {matter}', READ),
  'arrests.add': w('eligibility', 'Enter an arrest', 'entered an arrest on {matter}'),
  'arrests.edit': w('eligibility', 'Correct an arrest', 'corrected an arrest on {matter}'),
  'arrests.remove': w('eligibility', 'Remove an arrest', 'removed an arrest from {matter}'),
  'arrests.recordDecision': w(
    'eligibility',
    'Record an arrest relief decision',
    'recorded a decision on arrest relief on {matter}',
  ),
  'arrests.decisionHistory': w(
    'eligibility',
    'Read an arrest’s decisions',
    'read the decisions on arrest relief on {matter}',
    READ,
  ),
  'decisions.record': w(
    'eligibility',
    'Record an eligibility decision',
    'recorded an eligibility decision on {matter}',
  ),
  'decisions.acceptSuggestions': w(
    'eligibility',
    'Accept suggested decisions',
    'accepted suggested eligibility decisions on {matter}',
  ),
  'decisions.history': w(
    'eligibility',
    'Read a conviction’s decisions',
    'read the eligibility decisions on {matter}',
    READ,
  ),
  'eligibility.suggestions': w(
    'eligibility',
    'Read the eligibility suggestions',
    'read the eligibility suggestions of {matter}',
    READ,
  ),
  'eligibility.savePersonFacts': w(
    'eligibility',
    'Save the facts about the person',
    'saved the facts about {client} for eligibility',
  ),
  'eligibility.reviewList': w('eligibility', 'Read the rules review', 'read the rules review list', READ),
  'petitions.create': w('eligibility', 'Draft a petition', 'drafted a petition on {matter}'),
  'petitions.createForArrest': w(
    'eligibility',
    'Draft a petition to seal an arrest',
    'drafted a petition to seal an arrest on {matter}',
  ),
  // A petition's status (filed, decided) is criminal history: told only to a reader who may see it.
  'petitions.update': w('eligibility', 'Update a petition', 'updated a petition on {matter}', {
    tell: (d, reader) => {
      const status = reader.seesRapSheets ? change(d, (v) => quotedLabel(PETITION_STATUS_LABELS, v)) : null;
      return status && status.from !== status.to
        ? `changed the status of a petition on {matter} from ${status.from} to ${status.to}`
        : null;
    },
  }),
  'petitions.setCourthouse': w(
    'eligibility',
    'Choose a petition’s courthouse',
    'chose the courthouse of a petition on {matter}',
  ),
  'petitions.setProsecutor': w(
    'eligibility',
    'Choose a petition’s prosecutor',
    'chose the prosecutor to serve a petition on {matter}',
  ),
  'packets.check': w(
    'eligibility',
    'Check a petition packet',
    'checked the petition packet on {matter}',
    READ,
  ),
  'packets.prepare': w('eligibility', 'Prepare a petition packet', 'prepared a petition packet on {matter}'),
  'packets.saveDeclaration': w(
    'eligibility',
    'Save a declaration',
    'saved a declaration for a petition on {matter}',
  ),
  'packets.saveArrestingAgency': w(
    'eligibility',
    'Name the arresting agency',
    'named the arresting agency to serve a petition on {matter}',
  ),
  'packets.download': w(
    'eligibility',
    'Open a petition packet',
    'opened a petition packet of {matter}',
    READ,
  ),
  'filings.overview': w('eligibility', 'Read the filings', 'read the petitions ready to file', READ),
  'filings.createRun': w('eligibility', 'Start a filing run', 'started a filing run'),
  'filings.run': w('eligibility', 'Open a filing run', 'opened a filing run', READ),
  'filings.printRun': w('eligibility', 'Print a filing run', 'printed a filing run'),
  'filings.exportCsv': w('eligibility', 'Export a filing run', 'exported a filing run to CSV'),
  'filings.recordFiled': w(
    'eligibility',
    'Record petitions filed',
    'recorded petitions filed with the court',
  ),

  // Messages and letters
  'messages.composeStatus': w(
    'messages',
    'Preview a status update',
    'previewed a status update for {matter}',
    READ,
  ),
  'messages.sendStatus': w('messages', 'Send a status update', 'sent a status update on {matter}'),
  'messages.logStatus': w('messages', 'Log a status given', 'logged a status given on {matter}'),
  'messages.composeOutcome': w(
    'messages',
    'Preview the court outcome message',
    'previewed the court outcome message for {matter}',
    READ,
  ),
  'messages.sendOutcome': w('messages', 'Send the court outcome', 'sent the court outcome on {matter}'),
  'messages.signedOrderCopies': w(
    'messages',
    'Preview the signed order copy',
    'previewed the copy of the signed order for {matter}',
    READ,
  ),
  'messages.sendSignedOrderCopies': w(
    'messages',
    'Send the signed order',
    'sent the client a copy of the signed order on {matter}',
  ),
  'messages.forMatter': w('messages', 'Read a matter’s messages', 'read the messages of {matter}', READ),
  'messages.list': w('messages', 'Read a matter’s messages', 'read the messages of {matter}', READ),
  'messages.deliveryStatus': w('messages', 'Read the delivery status', 'read the delivery status', READ),
  'messages.deliveryProblems': w(
    'messages',
    'Read the delivery problems',
    'read the delivery problems',
    READ,
  ),
  'messages.lettersToPrint': w('messages', 'List the letters to print', 'listed the letters to print', READ),
  'messages.confirmPrinted': w('messages', 'Confirm letters printed', 'confirmed letters printed'),
  'messages.retry': w('messages', 'Send a message again', 'sent a message on {matter} again'),
  'messages.leaveUnsent': w('messages', 'Leave a message unsent', 'left a message on {matter} unsent'),
  'messages.stopSending': w(
    'messages',
    'Stop a message before it is sent',
    'stopped a message on {matter} before it was sent',
  ),
  'messages.withdrawLetter': w(
    'messages',
    'Take a letter out of the print queue',
    'took a letter on {matter} out of the print queue',
  ),
  'messages.resendVia': w(
    'messages',
    'Send by another channel',
    'sent a message on {matter} by another channel',
  ),
  'messages.followUp': w('messages', 'Follow-up reminder', 'sent a follow-up reminder on {matter}'),
  // Written by the outbox worker: an e-mail or text message no longer right when its turn came.
  'messages.held': w(
    'messages',
    'Message held: no longer right',
    'held a message on {matter}: no longer right, not sent',
  ),
  'letters.print': w('messages', 'Print a letter', 'printed a letter on {matter}'),
  'letters.printMailingRun': w('messages', 'Print a mailing run', 'printed a mailing run of letters'),
  'letters.confirmPrinted': w('messages', 'Mark letters printed', 'marked letters printed for mailing'),

  // Audit log and exports
  'audit.list': w('reports', 'Read the audit log', 'read the audit log', READ),
  'audit.people': w(
    'reports',
    'List the people in the audit log',
    'listed the people in the audit log',
    READ,
  ),
  'audit.disclosures': w(
    'reports',
    'Read a disclosure report',
    'read the disclosure report of {client}',
    READ,
  ),
  'audit.export': w('reports', 'Export the audit log', 'exported the audit log to CSV', {
    failed: 'the audit log export failed',
  }),
  'queues.export': w('reports', 'Export a queue', 'exported a queue to CSV', {
    failed: 'a queue export failed',
  }),
  'queues.exportCourtOutcomes': w(
    'reports',
    'Export matters by the court’s decision',
    'exported matters by the court’s decision to CSV',
  ),

  // Office settings and accounts
  'offices.signInSettings': w('settings', 'Read the sign-in settings', 'read the sign-in settings', READ),
  'offices.setMfaRequired': w(
    'settings',
    'Require a second factor',
    'changed whether a second factor is required',
    {
      tell: (d) =>
        flag(d.to) === true
          ? 'required a second factor of everyone in the office'
          : flag(d.to) === false
            ? 'stopped requiring a second factor of everyone in the office'
            : null,
    },
  ),
  'offices.profile': w('settings', 'Read the office profile', 'read the office profile', READ),
  'offices.openMattersByCounty': w(
    'settings',
    'Read open matters by county',
    'read how many open matters each county has',
    READ,
  ),
  'offices.saveProfile': w('settings', 'Change the office profile', 'changed the office profile', {
    tell: profileChanges,
  }),
  'offices.documentDueDays': w('settings', 'Read document due days', 'read the document due days', READ),
  'offices.setDocumentDueDays': w('settings', 'Change document due days', 'changed the document due days', {
    tell: (d) => {
      const noun = typeof d.kind === 'string' ? labelIn(DOCUMENT_NOUNS, d.kind) : null;
      const from = count(d.from);
      const to = count(d.days);
      return noun && from !== null && to !== null
        ? `changed the days given for ${noun} from ${days(from)} to ${days(to)}`
        : null;
    },
  }),
  'queues.limits': w('settings', 'Read the client update limits', 'read the client update limits', READ),
  'queues.setLimits': w('settings', 'Change the client update limits', 'changed the client update limits', {
    tell: limitChanges,
  }),
  'messages.templates': w('settings', 'Read the message templates', 'read the message templates', READ),
  'messages.saveTemplate': w('settings', 'Change a message template', 'changed a message template'),
  'templates.save': w('settings', 'Change a message template', 'changed a message template'),
  'messages.followUpSettings': w(
    'settings',
    'Read the follow-up settings',
    'read the follow-up settings',
    READ,
  ),
  'messages.saveFollowUpSettings': w(
    'settings',
    'Change the follow-up settings',
    'changed the follow-up settings',
  ),
  'users.listColleagues': w('settings', 'List colleagues', 'listed their colleagues', READ),
  'users.list': w('settings', 'List the accounts', 'listed the office’s accounts', READ),
  'users.setRapSheetAccess': w(
    'settings',
    'Change the RAP sheet permission',
    'changed the RAP sheet permission of {user}',
    {
      tell: (d) =>
        flag(d.to) === true
          ? 'granted {user} the RAP sheet permission'
          : flag(d.to) === false
            ? 'withdrew the RAP sheet permission from {user}'
            : null,
    },
  ),
  'users.unlock': w('settings', 'Unlock an account', 'unlocked {user}’s account'),
  'users.endSessions': w('settings', 'End a person’s sessions', 'ended {user}’s sessions'),
  'users.setActive': w('settings', 'Disable or enable an account', '{enabled} {user}’s account'),
  'users.resetFactors': w('settings', 'Reset a person’s second factors', 'reset {user}’s second factors'),
  'users.sendPasswordReset': w(
    'settings',
    'Send a password link',
    'sent {user} a link to choose a new password',
  ),
  'users.setRole': w('settings', 'Change a person’s role', 'changed {user}’s role', {
    tell: (d) => {
      const role = change(d, (v) => labelIn(ROLE_LABELS, v));
      if (!role) return null;
      const rap =
        d.rapSheets && typeof d.rapSheets === 'object' ? change(d.rapSheets as AuditDetail, flag) : null;
      const permission =
        rap && rap.from !== rap.to
          ? rap.to
            ? ', and so granted them the RAP sheet permission'
            : ', and so withdrew their RAP sheet permission'
          : '';
      return `changed {user}’s role from ${role.from} to ${role.to}${permission}`;
    },
  }),
  'users.invitations': w('settings', 'List the invitations', 'listed the office’s invitations', READ),
  'users.invite': w('settings', 'Invite a person', 'invited {invitee} by e-mail', {
    tell: (d) => {
      const role = labelIn(ROLE_LABELS, d.role);
      const rap = flag(d.canViewRapSheets);
      if (!role) return null;
      return `invited {invitee} as ${role}${
        rap === true
          ? ', with the RAP sheet permission'
          : rap === false
            ? ', without the RAP sheet permission'
            : ''
      }`;
    },
  }),
  'users.resendInvitation': w(
    'settings',
    'Send an invitation again',
    'sent the invitation to {invitee} again',
    {
      tell: (d) =>
        flag(d.wasRevoked) === null
          ? null
          : `sent the ${d.wasRevoked ? 'withdrawn ' : ''}invitation to {invitee} again, with a new link${emailsStopped(d)}`,
    },
  ),
  'users.revokeInvitation': w('settings', 'Withdraw an invitation', 'withdrew the invitation to {invitee}', {
    tell: (d) => (count(d.emailsStopped) ? `withdrew the invitation to {invitee}${emailsStopped(d)}` : null),
  }),
  'invitations.details': w('settings', 'Open an invitation', 'opened their invitation', READ),
  'invitations.accept': w(
    'settings',
    'Accept an invitation',
    'accepted their invitation and set up their account',
    {
      tell: (d) =>
        count(d.emailsStopped)
          ? `accepted their invitation and set up their account${emailsStopped(d)}`
          : null,
    },
  ),
  'cli.createAdmin': w('settings', 'Create an administrator', 'created the administrator account of {user}'),
  'cli.resetPassword': w(
    'signIn',
    'Set a password on the server',
    'set a new password for {user} with the reset-password command',
  ),
  'courtSettings.get': w('settings', 'Read the court settings', 'read the court settings', READ),
  'courtSettings.saveCounty': w(
    'settings',
    'Change a county’s court settings',
    'changed a county’s court settings',
  ),
  'courtSettings.setStateBarNumber': w(
    'settings',
    'Set a State Bar number',
    'set the State Bar number of {user}',
  ),
  'partnerKeys.list': w('settings', 'List partner API keys', 'listed the partner API keys', READ),
  'partnerKeys.create': w('settings', 'Create a partner API key', 'created {partnerKey}'),
  'partnerKeys.revoke': w('settings', 'Revoke a partner API key', 'revoked {partnerKey}', {
    tell: (d) => (d.alreadyRevoked === true ? 'revoked {partnerKey}, which was already revoked' : null),
  }),
} as const satisfies Record<string, AuditWording>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The wording of an action; one the table lacks (written by an older version) reads by its name. */
export function auditWordingOf(action: string): AuditWording {
  return isAuditAction(action)
    ? AUDIT_ACTIONS[action]
    : { group: 'settings', label: action, did: `did “${action}”` };
}

/** The actions of a group, in the table's order. */
export function auditActionsOf(group: AuditActionGroup): AuditAction[] {
  return AUDIT_ACTION_NAMES.filter((action) => AUDIT_ACTIONS[action].group === group);
}

/**
 * The actions that read as this one (the same group and name: a procedure and the action it writes,
 * such as messages.forMatter and messages.list): filtering by one shows them all.
 */
export function auditActionsLike(action: AuditAction): AuditAction[] {
  const { group, label } = AUDIT_ACTIONS[action];
  return AUDIT_ACTION_NAMES.filter(
    (a) => AUDIT_ACTIONS[a].group === group && AUDIT_ACTIONS[a].label === label,
  );
}

/** The filter's choices: each group with its actions, one per name. */
export function auditActionChoices(): {
  group: AuditActionGroup;
  label: string;
  actions: { action: AuditAction; label: string }[];
}[] {
  return AUDIT_ACTION_GROUP_IDS.map((group) => {
    const seen = new Set<string>();
    const actions = auditActionsOf(group).flatMap((action) => {
      const { label } = AUDIT_ACTIONS[action];
      if (seen.has(label)) return [];
      seen.add(label);
      return [{ action, label }];
    });
    return { group, label: AUDIT_ACTION_GROUPS[group], actions };
  });
}

/** Reads of one matter by one person at most this far apart are one visit. */
export const AUDIT_VISIT_GAP_MINUTES = 5;

/**
 * Rows naming no office that every office's administrators see: sign-ins naming no account, requests
 * refused with no session, partner requests with no live key. None is about an office's record.
 */
export const NO_OFFICE_ENTITY_TYPES = [
  'sign_in_account',
  'sign_in',
  'address',
  'request',
  'partner_api_key',
] as const;

// ---- Filters ----

const filterShape = {
  /** A person of the office (user id), or "unknown": sign-ins naming no account (administrators). */
  person: singleLine().min(1).max(64).nullable().default(null),
  client: singleLine().min(1).max(64).nullable().default(null),
  matter: singleLine().min(1).max(64).nullable().default(null),
  action: z.enum(AUDIT_ACTION_NAMES).nullable().default(null),
  actionGroup: z.enum(AUDIT_ACTION_GROUP_IDS).nullable().default(null),
  /** First and last California day, both included. */
  from: isoDateSchema.nullable().default(null),
  to: isoDateSchema.nullable().default(null),
  outcome: z.enum(AUDIT_OUTCOMES).nullable().default(null),
};

type FilterValues = { from: string | null; to: string | null; action: unknown; actionGroup: unknown };

function checkFilters(value: FilterValues, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last day must not be before the first day.' });
  if (value.action !== null && value.actionGroup !== null)
    ctx.addIssue({ code: 'custom', path: ['action'], message: 'Choose one action or one group of actions.' });
}

/** The log page's filters: the page's form, its address, the list and the CSV export all read these. */
export const auditFiltersSchema = z.object(filterShape).superRefine(checkFilters);
export type AuditFilters = z.output<typeof auditFiltersSchema>;
export type AuditFiltersInput = z.input<typeof auditFiltersSchema>;

export const listAuditInputSchema = z
  .object({
    ...filterShape,
    cursor: singleLine().max(512).nullable().default(null),
    /** Lines: single rows and visits. */
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkFilters);
export type ListAuditInput = z.input<typeof listAuditInputSchema>;

export const NO_AUDIT_FILTERS: AuditFilters = auditFiltersSchema.parse({});

/** The URL parameters of each filter (`/audit?person=…&forClient=…&group=…&from=…`). */
const URL_KEYS = {
  person: 'person',
  // Not "client": the disclosure report on the same page keeps its client there.
  client: 'forClient',
  matter: 'matter',
  action: 'action',
  actionGroup: 'group',
  from: 'from',
  to: 'to',
  outcome: 'outcome',
} as const satisfies Record<keyof AuditFilters, string>;

/** The address parameters the log's filters (and its page cursor) use: others on the page are left alone. */
export const AUDIT_LOG_URL_KEYS: readonly string[] = [...Object.values(URL_KEYS), 'cursor'];

function idOf(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed.length > 0 && trimmed.length <= 64 ? trimmed : null;
}

/** The filters an address names; a value the schema would refuse is dropped, not sent. */
export function auditFiltersFromUrl(params: URLSearchParams): AuditFilters {
  const action = params.get(URL_KEYS.action);
  const group = params.get(URL_KEYS.actionGroup);
  const outcome = params.get(URL_KEYS.outcome);
  const day = (key: string) => {
    const value = params.get(key);
    return value !== null && isRealDate(value) ? value : null;
  };
  const from = day(URL_KEYS.from);
  const to = day(URL_KEYS.to);
  const chosenAction = action !== null && isAuditAction(action) ? action : null;
  return {
    person: idOf(params.get(URL_KEYS.person)),
    client: idOf(params.get(URL_KEYS.client)),
    matter: idOf(params.get(URL_KEYS.matter)),
    action: chosenAction,
    actionGroup:
      chosenAction === null && group !== null && Object.hasOwn(AUDIT_ACTION_GROUPS, group)
        ? (group as AuditActionGroup)
        : null,
    from,
    to: from && to && to < from ? null : to,
    outcome: (AUDIT_OUTCOMES as readonly string[]).includes(outcome ?? '') ? (outcome as AuditOutcome) : null,
  };
}

/** The address parameters of the filters (only those set), in a stable order. */
export function auditFiltersToUrl(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, name] of Object.entries(URL_KEYS) as [keyof AuditFilters, string][]) {
    const value = filters[key];
    if (value !== null) params.set(name, value);
  }
  return params;
}

// ---- Sentences ----

/** A piece of a sentence: text, linked to the record it names when that record is this office's. */
export interface AuditSentencePart {
  text: string;
  link?: { type: 'matter' | 'client' | 'person'; id: string };
}

/** The detail.reason of a status update refused because the matter's records do not back it. */
export const UNBACKED_STATUS = 'unbacked_status';

/** Why a refusal happened, as the server works it out from the row and the records it names. */
export type AuditRefusal =
  /** Someone of another office tried this office's record (the row is this office's copy). */
  | { reason: 'thisOffice' }
  /**
   * A record not found in the reader's office: another office's, or none at all, said alike, so the
   * log of the office that tried does not tell whether another office's id exists (the office that
   * holds the record learns of the attempt on its own log: thisOffice).
   */
  | { reason: 'notFound'; noun: string }
  | { reason: 'role' }
  | { reason: 'rapSheetPermission' }
  | { reason: 'secondFactorNotSetUp' }
  | { reason: 'crossSite' }
  | { reason: 'network' }
  | { reason: 'locked' }
  | { reason: 'disabled' }
  | { reason: 'selection' }
  /** A status update the matter's records do not back (what it would tell the client is untrue). */
  | { reason: 'unbackedStatus' }
  /** Nobody changes their own role, account or RAP sheet permission. */
  | { reason: 'ownAccount' }
  /** The office keeps an active administrator. */
  | { reason: 'lastAdministrator' }
  /** A one-time link refused, and why (the row's detail.reason, as its writer put it). */
  | { reason: 'link'; link: AuditLink; state: string }
  /** A partner's call refused, by the code it was answered with (detail.refused) or detail.reason. */
  | { reason: 'partnerCall'; code: string }
  /** Something done on the office's public pages refused, and why (the row's detail.reason). */
  | { reason: 'publicPages'; why: string }
  | { reason: 'other' };

/**
 * The procedures a person who is not signed in calls with a one-time link from an e-mail, by the link
 * they hold. Their rows name the link's office (and the account it is for, when it has one), never a
 * signed-in person: whoever acted is the link's holder, not the server.
 */
export const AUDIT_LINK_ACTIONS = {
  'invitations.details': 'invitation',
  'invitations.accept': 'invitation',
  'passwordResets.details': 'password',
  'passwordResets.setPassword': 'password',
  'auth.useSignInLink': 'signIn',
} as const satisfies Partial<Record<AuditAction, string>>;
export type AuditLink = (typeof AUDIT_LINK_ACTIONS)[keyof typeof AUDIT_LINK_ACTIONS];
export const auditLinkOf = (action: string): AuditLink | null =>
  Object.hasOwn(AUDIT_LINK_ACTIONS, action)
    ? AUDIT_LINK_ACTIONS[action as keyof typeof AUDIT_LINK_ACTIONS]
    : null;

/** Why a link was refused, by the reasons its writer records (a reason not here is told otherwise). */
const LINK_REFUSALS: Record<AuditLink, Readonly<Record<string, string>>> = {
  invitation: {
    unknown: 'an invitation link that matches no invitation',
    used: 'the invitation was already accepted',
    expired: 'the invitation had run out',
    withdrawn: 'the invitation was withdrawn',
    has_account: 'the address already had an account in this office',
    has_account_elsewhere: 'the address already had an account in another office',
    sender_cannot_invite: 'the administrator who sent it could no longer give this account',
  },
  password: {
    unknown: 'a password link that matches no link sent',
    used: 'the password link was already used',
    expired: 'the password link had run out',
  },
  signIn: {
    unusable: 'a sign-in link that was used, had run out or matches no link sent',
    second_factor_required: 'the office requires a second factor, and the account has none',
  },
};

/** Why an online application's confirmation was not sent (detail.notSent), in words. */
const APPLICATION_NOT_SENT: Readonly<Record<string, string>> = {
  'PUBLIC_ORIGIN is not set': 'the server’s public address (PUBLIC_ORIGIN) is not set',
  'the letter cannot be printed': 'the confirmation letter cannot be printed',
  'too many messages to one phone number or e-mail address':
    'their phone number or e-mail address was sent as many status links in the last hour as any one is',
};

/**
 * Why something done on the office's public pages (an application, a status page, a new status link)
 * was refused, by the reason its writer records (applications/*.ts).
 */
const APPLICATION_REFUSALS: Readonly<Record<string, string>> = {
  'hidden field filled in': 'a field people cannot see was filled in, as automated forms do',
  'too many applications from one address': 'too many applications from one network address in an hour',
  'the same form was sent again with changes':
    'the same form was sent again with changes, which were not added (staff see them on the matter)',
  'confirmations not sent: too many messages to one phone number or e-mail address':
    'no confirmation was sent (the application was recorded): its phone number or e-mail address was sent as many status links in the last hour as any one is',
  'too many requests from one address': 'too many requests for a new status link from one network address',
  'too many links asked for one phone number or e-mail address':
    'too many new status links asked for one phone number or e-mail address in an hour',
  'unknown link': 'a status link that matches no link sent',
  'link expired': 'the status link had run out',
};

/** Whether the log has words for this refusal on the public pages. */
export const isApplicationRefusal = (why: unknown): why is string =>
  typeof why === 'string' && Object.hasOwn(APPLICATION_REFUSALS, why);

/**
 * Why a partner's call was refused when it was not for the referral's fields (the row's
 * detail.reason): what was wrong with the request itself, as the partner was told.
 */
const PARTNER_REQUEST_PROBLEMS = {
  body_too_large:
    'the body was larger than the largest referral needs; the partner was told to send one referral a request',
  wrong_content_type:
    'the body was not sent as JSON (another Content-Type); the partner was told to send application/json',
  wrong_charset:
    'the body was declared in a character set other than UTF-8; the partner was told to send UTF-8',
  not_utf8: 'the body was not UTF-8 text; the partner was told to send JSON encoded in UTF-8',
  not_json: 'the body was not valid JSON; the partner was told where it breaks',
  empty_body: 'the body was empty; the partner was told to send the referral as a JSON object',
  no_idempotency_key: 'it came without an Idempotency-Key header; the partner was told to send one',
  bad_idempotency_key:
    'its Idempotency-Key header was not in the form the API takes; the partner was told the form',
} as const;
/** A partner's call refused for the request itself, not the referral's fields (detail.reason). */
export type PartnerRefusalReason = keyof typeof PARTNER_REQUEST_PROBLEMS;

/** Why a partner's call was refused, in words, by the code it was answered with. */
const PARTNER_REFUSALS: Readonly<Record<string, string>> = {
  ...PARTNER_REQUEST_PROBLEMS,
  RATE_LIMITED: 'the key sent more calls a minute than a key may; the partner was told when to try again',
  BAD_INPUT: 'the referral was incomplete or not valid; the partner was told which fields to fix',
  REQUEST_IN_PROGRESS: 'the same referral (its Idempotency-Key) was still being recorded',
  REQUEST_KEY_REUSED: 'an Idempotency-Key already used for another referral came with different content',
  FORBIDDEN: 'the key may not do this',
  NOT_FOUND: 'it named something that does not exist',
  'no key': 'it came with no API key',
  'unknown or revoked key': 'its API key is unknown or was revoked',
};

/** Whether the log has words for a link refused for this reason. */
export const isAuditLinkRefusal = (link: AuditLink, state: unknown): state is string =>
  typeof state === 'string' && Object.hasOwn(LINK_REFUSALS[link], state);

/** What a row says, with the records it names resolved within the reader's office. */
export interface AuditRowFacts {
  action: string;
  outcome: AuditOutcome;
  /** The person who acted; `office` is set when they belong to another office. */
  actor: { id: string; name: string; office: string | null } | null;
  /** Who acted when no person did: a sign-in naming no account, the command line, the server. */
  noActor:
    | 'unknownAccount'
    | 'notSignedIn'
    | 'commandLine'
    | 'partnerKey'
    | 'formerAccount'
    | 'publicPages'
    | 'server';
  matter: { id: string; reference: string; clientId: string; clientName: string } | null;
  client: { id: string; name: string } | null;
  user: { id: string; name: string } | null;
  document: DocumentKind | null;
  /** A stage a matter moved to (matters.moveStage). */
  stage: string | null;
  /** An account enabled (true) or disabled (false) (users.setActive). */
  enabled: boolean | null;
  refusal: AuditRefusal | null;
  /** The row's detail, for the wording's `tell`; none: the row reads by `did`. */
  detail?: AuditDetail;
  /** Who reads the row (no reader given: one without the RAP sheet permission). */
  reader?: AuditReader;
  /** The address an invitation the row names was sent to (an invitation of the reader's office). */
  invitee?: string | null;
  /** The person a row's detail names as given work (queues.bulkAssign), of the reader's office. */
  assignee?: { id: string; name: string } | null;
  /**
   * The partner API key a row is about or was sent with, of the reader's office: its name and the
   * first characters the keys page shows (two keys may share a name).
   */
  partnerKey?: { name: string; prefix: string } | null;
}

const DOCUMENT_NOUNS: Record<DocumentKind, string> = {
  rap_sheet: 'the RAP sheet',
  updated_rap_sheet: 'the updated RAP sheet',
  court_docket: 'the court docket',
  probation_proof: 'the proof of probation',
  payment_proof: 'the proof of payment',
  photo_id: 'the photo ID',
  declaration_mc031: 'the declaration (MC-031)',
  letter_of_support: 'a letter of support',
  fee_waiver: 'the fee waiver',
  signed_order: 'the signed court order',
  other: 'a document',
};

/** The record an entity type names, as a refusal speaks of it: "a matter not found in this office". */
/**
 * What an audit row can be about: its entity_type. Writers are held to this list (a misspelled type
 * would be a row the log cannot name, and a refusal whose owning office is never told); the column
 * itself stays text, as the log keeps rows of types a later version may retire.
 */
export const AUDIT_ENTITY_TYPES = [
  'address',
  'arrest',
  'client',
  'client_merge',
  'conviction',
  'counter',
  'document_file',
  'document_request',
  'eligibility_decision',
  'filing_run',
  'invitation',
  'matter',
  'message',
  'message_template',
  'office',
  'outbox',
  'partner_api_key',
  'passkey',
  'petition',
  'procedure',
  'queue',
  'rap_import',
  'rap_sheet_data',
  'request',
  'session',
  'sign_in',
  'sign_in_account',
  'status_link',
  'user',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
const ENTITY_TYPES: ReadonlySet<string> = new Set(AUDIT_ENTITY_TYPES);
/** For a row read back: whether its entity_type is one this version writes. */
export const isAuditEntityType = (type: string): type is AuditEntityType => ENTITY_TYPES.has(type);

/** The records the log names with a noun ("a RAP sheet import not found in this office"); others it tells otherwise. */
export const AUDIT_ENTITY_NOUNS: Readonly<Partial<Record<AuditEntityType, string>>> = {
  matter: 'matter',
  client: 'client',
  conviction: 'conviction',
  arrest: 'arrest',
  petition: 'petition',
  filing_run: 'filing run',
  rap_import: 'RAP sheet import',
  invitation: 'invitation',
  eligibility_decision: 'eligibility decision',
  document_request: 'document request',
  document_file: 'document',
  message: 'message',
  outbox: 'message',
  message_template: 'message template',
  user: 'account',
  session: 'session',
  client_merge: 'merge',
  passkey: 'passkey',
  rap_sheet_data: 'record',
};

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const NO_ACTOR_NAMES: Record<AuditRowFacts['noActor'], string> = {
  unknownAccount: 'Unknown account',
  notSignedIn: 'Someone not signed in',
  commandLine: 'The command line',
  partnerKey: 'A partner’s API key',
  formerAccount: 'A former account',
  publicPages: 'Someone on the office’s public pages',
  server: 'Relief Desk',
};

/** A partner API key as the log names it: “Intake, Bay Legal” (rdp_AbC123…). */
export const partnerKeyWords = (key: { name: string; prefix: string }) => `“${key.name}” (${key.prefix}…)`;

/** Who acted, as the log names them: "Rosa Delgado", "Grace Liu of Golden Gate Legal Aid", "Unknown account". */
export function auditActorName(facts: Pick<AuditRowFacts, 'actor' | 'noActor' | 'partnerKey'>): string {
  if (!facts.actor && facts.noActor === 'partnerKey' && facts.partnerKey)
    return `The partner API key ${partnerKeyWords(facts.partnerKey)}`;
  if (!facts.actor) return NO_ACTOR_NAMES[facts.noActor];
  return facts.actor.office ? `${facts.actor.name} of ${facts.actor.office}` : facts.actor.name;
}

function actorParts(facts: Pick<AuditRowFacts, 'actor' | 'noActor' | 'partnerKey'>): AuditSentencePart[] {
  // A person of another office is no link: this office's log has nothing else of theirs.
  if (facts.actor && !facts.actor.office)
    return [{ text: facts.actor.name, link: { type: 'person', id: facts.actor.id } }];
  return [{ text: auditActorName(facts) }];
}

function matterParts(matter: NonNullable<AuditRowFacts['matter']>): AuditSentencePart[] {
  return [
    { text: matter.clientName, link: { type: 'client', id: matter.clientId } },
    { text: '’s ' },
    { text: `matter ${matter.reference}`, link: { type: 'matter', id: matter.id } },
  ];
}

function clientParts(facts: AuditRowFacts): AuditSentencePart[] {
  const client =
    facts.client ?? (facts.matter ? { id: facts.matter.clientId, name: facts.matter.clientName } : null);
  return client ? [{ text: client.name, link: { type: 'client', id: client.id } }] : [{ text: 'a client' }];
}

/** The predicate of a wording with its placeholders filled in. */
function fill(template: string, facts: AuditRowFacts): AuditSentencePart[] {
  const parts: AuditSentencePart[] = [];
  for (const piece of template.split(/(\{\w+\}|\{detail:[\w.]+\})/)) {
    if (piece === '') continue;
    switch (piece) {
      case '{matter}':
        parts.push(...(facts.matter ? matterParts(facts.matter) : [{ text: 'a matter' }]));
        break;
      case '{client}':
        parts.push(...clientParts(facts));
        break;
      case '{user}':
        parts.push(
          facts.user
            ? { text: facts.user.name, link: { type: 'person', id: facts.user.id } }
            : { text: 'an account' },
        );
        break;
      case '{document}':
        parts.push({ text: facts.document ? DOCUMENT_NOUNS[facts.document] : 'a document' });
        break;
      case '{stage}':
        parts.push({
          text:
            facts.stage && Object.hasOwn(STAGE_LABELS, facts.stage)
              ? `“${STAGE_LABELS[facts.stage as Stage]}”`
              : 'another stage',
        });
        break;
      case '{partnerKey}':
        parts.push({
          text: facts.partnerKey
            ? `the partner API key ${partnerKeyWords(facts.partnerKey)}`
            : 'a partner API key',
        });
        break;
      case '{invitee}':
        parts.push({ text: facts.invitee ?? 'a person' });
        break;
      case '{assignee}':
        parts.push(
          facts.assignee
            ? { text: facts.assignee.name, link: { type: 'person', id: facts.assignee.id } }
            : { text: 'a person' },
        );
        break;
      case '{enabled}':
        parts.push({
          text: facts.enabled === true ? 'enabled' : facts.enabled === false ? 'disabled' : 'changed',
        });
        break;
      default:
        parts.push({ text: piece.startsWith('{detail:') ? detailText(facts.detail, piece) : piece });
    }
  }
  return parts;
}

/**
 * The text a `{detail:a.b}` placeholder names in the row's detail, on one line (an address's lines
 * joined by commas). Put in as a part of its own, so nothing in it is read as a placeholder.
 */
function detailText(detail: AuditDetail | undefined, placeholder: string): string {
  let value: unknown = detail;
  for (const key of placeholder.slice('{detail:'.length, -1).split('.'))
    value = record(value) && Object.hasOwn(record(value) as object, key) ? (value as AuditDetail)[key] : null;
  return typeof value === 'string' ? value.split(/\s*\n\s*/).join(', ') : '…';
}

/** The record a row names, for a refusal about it: the matter, else the client or account. */
function recordParts(facts: AuditRowFacts): AuditSentencePart[] {
  if (facts.matter) return matterParts(facts.matter);
  if (facts.client) return clientParts(facts);
  if (facts.user) return [{ text: facts.user.name, link: { type: 'person', id: facts.user.id } }];
  return [{ text: 'a record' }];
}

function refusalParts(facts: AuditRowFacts, refusal: AuditRefusal): AuditSentencePart[] {
  switch (refusal.reason) {
    case 'thisOffice':
      return [...recordParts(facts), { text: ' is this office’s' }];
    case 'notFound':
      return [{ text: `${article(refusal.noun)} not found in this office` }];
    case 'role':
      return [{ text: `their role does not allow “${auditWordingOf(facts.action).label}”` }];
    case 'rapSheetPermission':
      return [{ text: 'it needs the RAP sheet permission' }];
    case 'secondFactorNotSetUp':
      return [{ text: 'they have not set up a second factor' }];
    case 'crossSite':
      return [{ text: 'a request from another site' }];
    case 'network':
      return [{ text: 'too many failed sign-ins from their network' }];
    case 'locked':
      return [{ text: 'the account is locked after failed sign-ins' }];
    case 'disabled':
      return [{ text: 'the account is disabled' }];
    case 'selection':
      return [{ text: 'a selected matter could not take it' }];
    case 'unbackedStatus':
      return [
        { text: `${auditWordingOf(facts.action).label}: the records of ` },
        ...recordParts(facts),
        { text: ' do not back it' },
      ];
    case 'ownAccount':
      return [{ text: `${auditWordingOf(facts.action).label}: it is their own account` }];
    case 'lastAdministrator':
      return [...recordParts(facts), { text: ' is the office’s last active administrator' }];
    case 'link':
      return [{ text: LINK_REFUSALS[refusal.link][refusal.state] ?? auditWordingOf(facts.action).label }];
    case 'publicPages':
      return [{ text: APPLICATION_REFUSALS[refusal.why] ?? auditWordingOf(facts.action).label }];
    case 'partnerCall':
      return [
        {
          text: Object.hasOwn(PARTNER_REFUSALS, refusal.code)
            ? (PARTNER_REFUSALS[refusal.code] ?? '')
            : `${auditWordingOf(facts.action).label}, answered ${refusal.code}`,
        },
      ];
    case 'other': {
      const why =
        stageMoveRefusedBecause(facts.detail, facts.reader) ??
        rapSheetKeptRefusedBecause(facts.detail, facts.reader) ??
        refusedBecause(facts.detail);
      return facts.matter || facts.client || facts.user
        ? [{ text: `${auditWordingOf(facts.action).label}, ` }, ...recordParts(facts), ...why]
        : [{ text: auditWordingOf(facts.action).label }, ...why];
    }
  }
}

/**
 * Why a refused change was refused, by the reason the server put on its row (a stale save, bad input,
 * a rate limit…): "Edit client details, María Núñez: it had been changed since they opened it".
 * Field names only: the row never holds what was typed.
 */
const REFUSED_BECAUSE: Readonly<Record<string, string>> = {
  version_conflict: 'someone had saved a change to it since they opened it; nothing was saved',
  bad_input: 'what was entered needed correcting; nothing was saved',
  not_found: 'what it named was not found',
  forbidden: 'it was not allowed',
  rate_limited: 'too many tries in a short time',
  request_key_reused: 'the same request was sent again with different content',
  request_in_progress: 'the same request was still being answered',
  reauthentication_required: 'they had not confirmed it was them',
  closed_request: 'the document request was closed (cancelled or waived)',
};

/**
 * Why a stage move was refused, as the server put it on the row (detail.stageMove): the facts that
 * stopped it, not the message shown, which can count convictions and arrests.
 */
export type StageMoveRefusal = { from: Stage; to: Stage } & (
  | { because: 'stage_rules' | 'decided_eligible' | 'needs_more_info' }
  | { because: 'undecided'; convictions: number; arrests: number }
);

const countOf = (n: unknown, noun: string) =>
  typeof n === 'number' && n > 0 ? `${n} ${noun}${n === 1 ? '' : 's'}` : null;

/**
 * A refused stage move in the log's words: "…: it could not move to “Not eligible”: 2 convictions had
 * no eligibility decision yet; nothing was saved". How many convictions and arrests only for a reader
 * with the RAP sheet permission. Null for a row that is no stage move's.
 */
function stageMoveRefusedBecause(
  detail: AuditDetail | undefined,
  reader: AuditReader | undefined,
): AuditSentencePart[] | null {
  const move = record(detail?.stageMove);
  const to = move ? quotedLabel(STAGE_LABELS, move.to) : null;
  if (!move || !to) return null;
  const counted = [countOf(move.convictions, 'conviction'), countOf(move.arrests, 'arrest')].filter(Boolean);
  const why: Record<string, string> = {
    stage_rules: `${to} cannot follow where the matter was, or its petitions and orders do not allow it yet`,
    decided_eligible: 'a conviction or arrest is decided eligible',
    needs_more_info: 'a conviction or arrest still needs more information',
    undecided:
      reader?.seesRapSheets && counted.length > 0
        ? `${counted.join(' and ')} had no eligibility decision yet`
        : 'a conviction or arrest had no eligibility decision yet',
  };
  const because =
    typeof move.because === 'string' && Object.hasOwn(why, move.because) ? why[move.because] : null;
  if (!because) return null;
  return [{ text: `: it could not move to ${to}: ${because}; nothing was saved` }];
}

/**
 * A refused discard of a RAP sheet import records were entered from, in the log's words: "…: 1
 * conviction entered from that RAP sheet is still on the matter, so the sheet is kept as its source
 * …; nothing was discarded", with what to do. How many only for a reader with the RAP sheet
 * permission. Null for a row that is no such refusal's.
 */
function rapSheetKeptRefusedBecause(
  detail: AuditDetail | undefined,
  reader: AuditReader | undefined,
): AuditSentencePart[] | null {
  if (detail?.reason !== 'rap_sheet_is_source') return null;
  const convictions = typeof detail.convictions === 'number' ? detail.convictions : 0;
  const arrests = typeof detail.arrests === 'number' ? detail.arrests : 0;
  const counted = [countOf(convictions, 'conviction'), countOf(arrests, 'arrest')].filter(Boolean);
  const one = convictions + arrests === 1;
  const entered =
    reader?.seesRapSheets && counted.length > 0
      ? `${counted.join(' and ')} entered from that RAP sheet ${one ? 'is' : 'are'} still on the matter, so the sheet is kept as ${one ? 'its' : 'their'} source`
      : `${[convictions > 0 && 'convictions', arrests > 0 && 'arrests'].filter(Boolean).join(' and ') || 'records'} entered from that RAP sheet are still on the matter, so the sheet is kept as their source`;
  const todo = `if it is another person’s, remove those ${
    convictions > 0 && arrests > 0 ? 'records' : convictions > 0 ? 'convictions' : 'arrests'
  } from the matter first, then discard the sheet`;
  return [{ text: `: ${entered}; ${todo}; nothing was discarded` }];
}

function refusedBecause(detail: AuditDetail | undefined): AuditSentencePart[] {
  const reason = detail?.reason;
  if (typeof reason !== 'string' || !Object.hasOwn(REFUSED_BECAUSE, reason)) return [];
  const fields = Array.isArray(detail?.fields)
    ? detail.fields.filter((f): f is string => typeof f === 'string').slice(0, 5)
    : [];
  const text = REFUSED_BECAUSE[reason] ?? '';
  // Bad input names its fields beside the words about them: "needed correcting (email); nothing…".
  if (reason === 'bad_input' && fields.length > 0)
    return [{ text: `: ${text.replace('; ', ` (${fields.join(', ')}); `)}` }];
  return [{ text: `: ${text}` }];
}

/** " with others at once", unless the row says its matter went alone (detail.together of 1). */
function withOthers(detail: Record<string, unknown>): string {
  return detail.together === 1 ? '' : ' with others at once';
}

/** The row as one sentence: "Rosa Delgado opened María Núñez’s matter 2026-00042". */
export function auditSentence(facts: AuditRowFacts): AuditSentencePart[] {
  const wording = auditWordingOf(facts.action);
  const who = actorParts(facts);
  if (facts.outcome === 'denied')
    return join([
      ...who,
      { text: ' was refused: ' },
      ...refusalParts(facts, facts.refusal ?? { reason: 'other' }),
    ]);
  if (facts.outcome === 'failed')
    return join([...who, { text: `: ${wording.failed ?? `failed: “${wording.label}”`}` }]);
  return join([...who, { text: ' ' }, ...fill(auditDid(wording, facts), facts)]);
}

/** What the person did, as the row's detail tells it where the wording reads it. */
function auditDid(wording: AuditWording, facts: AuditRowFacts): string {
  if (!wording.tell || !facts.detail) return wording.did;
  return wording.tell(facts.detail, facts.reader ?? { seesRapSheets: false }) ?? wording.did;
}

/** A visit: "Rosa Delgado visited María Núñez’s matter 2026-00042 (4 reads)". */
export function auditVisitSentence(
  facts: Pick<AuditRowFacts, 'actor' | 'noActor' | 'matter'> & { count: number },
): AuditSentencePart[] {
  const who = actorParts(facts);
  const matter = facts.matter ? matterParts(facts.matter) : [{ text: 'a matter' }];
  return join([...who, { text: ' visited ' }, ...matter, { text: ` (${facts.count} reads)` }]);
}

/** Adjacent plain texts as one part. */
function join(parts: AuditSentencePart[]): AuditSentencePart[] {
  const out: AuditSentencePart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && !last.link && !part.link) out[out.length - 1] = { text: last.text + part.text };
    else out.push(part);
  }
  return out;
}

/** The sentence as plain text (for the CSV export and for tests). */
export function auditSentenceText(parts: readonly AuditSentencePart[]): string {
  return parts.map((p) => p.text).join('');
}

const CALIFORNIA_STAMP = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/**
 * An instant as California's wall clock, for a file, with its offset from UTC: "2026-11-28T10:00:05-08:00".
 * The offset tells the two 1:30 AMs of the night the clocks go back apart (-07:00, then -08:00), and a
 * spreadsheet or script reads the stamp as the instant it was.
 */
export function californiaStamp(instant: Date | string): string {
  const parts = Object.fromEntries(
    CALIFORNIA_STAMP.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  // "GMT-08:00"; UTC itself reads "GMT".
  const zone = parts.timeZoneName ?? 'GMT';
  const offset = zone === 'GMT' ? '+00:00' : zone.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
