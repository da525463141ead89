// The audit log's words and filters: rows read as sentences a supervisor can follow, with the records
// they name linked, and the filters travel in the page's address and back unchanged.
import { describe, expect, it } from 'vitest';
import {
  type AuditRowFacts,
  auditActionChoices,
  auditActionsLike,
  auditFiltersFromUrl,
  auditFiltersSchema,
  auditFiltersToUrl,
  auditSentence,
  auditSentenceText,
  auditVisitSentence,
  californiaStamp,
} from './audit-log.ts';

const rosa = { id: 'u-rosa', name: 'Rosa Delgado', office: null };
const matter = { id: 'm-42', reference: '2026-00042', clientId: 'c-maria', clientName: 'María Núñez' };
const facts = (overrides: Partial<AuditRowFacts>): AuditRowFacts => ({
  action: 'matters.get',
  outcome: 'ok',
  actor: rosa,
  noActor: 'server',
  matter: null,
  client: null,
  user: null,
  document: null,
  stage: null,
  enabled: null,
  refusal: null,
  ...overrides,
});
const said = (f: Partial<AuditRowFacts>) => auditSentenceText(auditSentence(facts(f)));

describe('audit rows as sentences', () => {
  it('names who did what to which record, each record a link', () => {
    expect(auditSentence(facts({ action: 'documents.download', matter, document: 'rap_sheet' }))).toEqual([
      { text: 'Rosa Delgado', link: { type: 'person', id: 'u-rosa' } },
      { text: ' viewed the RAP sheet of ' },
      { text: 'María Núñez', link: { type: 'client', id: 'c-maria' } },
      { text: '’s ' },
      { text: 'matter 2026-00042', link: { type: 'matter', id: 'm-42' } },
    ]);
    expect(said({ action: 'matters.moveStage', matter, stage: 'eligibility_review' })).toBe(
      'Rosa Delgado moved María Núñez’s matter 2026-00042 to “Eligibility review”',
    );
    expect(said({ action: 'clients.update', client: { id: 'c-maria', name: 'María Núñez' } })).toBe(
      'Rosa Delgado corrected María Núñez’s details',
    );
    expect(
      said({ action: 'users.setActive', user: { id: 'u-d', name: 'Daniel Okafor' }, enabled: false }),
    ).toBe('Rosa Delgado disabled Daniel Okafor’s account');
    // A record not resolved in the reader's office is named by its kind only.
    expect(said({ action: 'matters.addNote' })).toBe('Rosa Delgado added a note to a matter');
  });

  it('says why a refusal happened, and who tried from another office', () => {
    const daniel = { id: 'u-d', name: 'Daniel Okafor', office: null };
    // Another office's record and one that does not exist are said alike: the log does not tell which.
    expect(said({ actor: daniel, outcome: 'denied', refusal: { reason: 'notFound', noun: 'matter' } })).toBe(
      'Daniel Okafor was refused: a matter not found in this office',
    );
    expect(
      said({
        actor: daniel,
        outcome: 'denied',
        refusal: { reason: 'notFound', noun: 'eligibility decision' },
      }),
    ).toBe('Daniel Okafor was refused: an eligibility decision not found in this office');
    expect(
      said({ action: 'audit.list', actor: daniel, outcome: 'denied', refusal: { reason: 'role' } }),
    ).toBe('Daniel Okafor was refused: their role does not allow “Read the audit log”');
    const outsider = { id: 'u-g', name: 'Grace Liu', office: 'Golden Gate Legal Aid' };
    const attempt = auditSentence(
      facts({ actor: outsider, outcome: 'denied', matter, refusal: { reason: 'thisOffice' } }),
    );
    expect(auditSentenceText(attempt)).toBe(
      'Grace Liu of Golden Gate Legal Aid was refused: María Núñez’s matter 2026-00042 is this office’s',
    );
    // No link to a person of another office.
    expect(attempt[0]).toEqual({ text: 'Grace Liu of Golden Gate Legal Aid was refused: ' });
  });

  it('tells failures and rows with no person', () => {
    expect(said({ action: 'auth.signIn', outcome: 'failed', actor: null, noActor: 'unknownAccount' })).toBe(
      'Unknown account: failed sign-in',
    );
    expect(said({ action: 'auth.signIn', outcome: 'failed' })).toBe('Rosa Delgado: failed sign-in');
    expect(said({ action: 'matters.addNote', outcome: 'failed' })).toBe('Rosa Delgado: failed: “Add a note”');
    expect(
      said({
        action: 'cli.createAdmin',
        actor: null,
        noActor: 'commandLine',
        user: { id: 'u-s', name: 'Sam Whitaker' },
      }),
    ).toBe('The command line created the administrator account of Sam Whitaker');
    expect(said({ action: 'some.futureAction' })).toBe('Rosa Delgado did “some.futureAction”');
  });

  it('says “signed in” only of a sign-in that made a session', () => {
    // A person with a second factor: the password step makes no session, and the second may never come.
    const passwordStep = { step: 'password', next: 'second_factor' };
    expect(said({ action: 'auth.signIn', detail: passwordStep })).toBe(
      'Rosa Delgado passed the password step; asked for a second factor',
    );
    expect(said({ action: 'auth.signInSecondFactor', detail: {} })).toBe(
      'Rosa Delgado signed in with a second factor',
    );
    expect(said({ action: 'auth.signIn', detail: {} })).toBe('Rosa Delgado signed in');
    expect(said({ action: 'auth.signIn', detail: { secondFactor: 'to_set_up' } })).toBe(
      'Rosa Delgado signed in, only to set up a second factor',
    );
    expect(said({ action: 'auth.useSignInLink', detail: { next: 'second_factor' } })).toBe(
      'Rosa Delgado opened a sign-in link; asked for a second factor',
    );
    // A failure reads as one whatever its detail.
    expect(said({ action: 'auth.signIn', outcome: 'failed', detail: passwordStep })).toBe(
      'Rosa Delgado: failed sign-in',
    );
  });

  it('says what a change changed, and whom it was about, from the row’s detail', () => {
    const daniel = { id: 'u-d', name: 'Daniel Okafor' };
    const rap = (to: boolean) =>
      said({ action: 'users.setRapSheetAccess', user: daniel, detail: { from: !to, to } });
    expect(rap(true)).toBe('Rosa Delgado granted Daniel Okafor the RAP sheet permission');
    expect(rap(false)).toBe('Rosa Delgado withdrew the RAP sheet permission from Daniel Okafor');
    expect(
      said({
        action: 'users.setRole',
        user: daniel,
        detail: { from: 'attorney', to: 'supervisor', rapSheets: { from: true, to: true } },
      }),
    ).toBe('Rosa Delgado changed Daniel Okafor’s role from Attorney to Supervisor');
    expect(
      said({
        action: 'users.setRole',
        user: daniel,
        detail: { from: 'intake', to: 'attorney', rapSheets: { from: false, to: true } },
      }),
    ).toBe(
      'Rosa Delgado changed Daniel Okafor’s role from Intake to Attorney, and so granted them the RAP sheet permission',
    );
    const mfa = (to: boolean) => said({ action: 'offices.setMfaRequired', detail: { from: !to, to } });
    expect(mfa(true)).toBe('Rosa Delgado required a second factor of everyone in the office');
    expect(mfa(false)).toBe('Rosa Delgado stopped requiring a second factor of everyone in the office');
    expect(
      said({
        action: 'users.invite',
        invitee: 'ana@example.org',
        detail: { role: 'attorney', canViewRapSheets: false },
      }),
    ).toBe('Rosa Delgado invited ana@example.org as Attorney, without the RAP sheet permission');
    expect(said({ action: 'users.revokeInvitation', invitee: 'ana@example.org', detail: {} })).toBe(
      'Rosa Delgado withdrew the invitation to ana@example.org',
    );
    expect(
      said({ action: 'users.resendInvitation', invitee: 'ana@example.org', detail: { wasRevoked: true } }),
    ).toBe('Rosa Delgado sent the withdrawn invitation to ana@example.org again, with a new link');
    expect(
      said({
        action: 'matters.moveStage',
        matter,
        stage: 'eligibility_review',
        detail: { from: 'gathering_records' },
      }),
    ).toBe(
      'Rosa Delgado moved María Núñez’s matter 2026-00042 from “Gathering records” to “Eligibility review”',
    );
    expect(
      said({
        action: 'offices.setDocumentDueDays',
        detail: { kind: 'rap_sheet', days: 21, from: 14 },
      }),
    ).toBe('Rosa Delgado changed the days given for the RAP sheet from 14 days to 21 days');
    expect(
      said({
        action: 'queues.bulkAssign',
        matter,
        assignee: daniel,
        detail: { assigneeId: 'u-d' },
      }),
    ).toBe('Rosa Delgado assigned María Núñez’s matter 2026-00042 with others at once to Daniel Okafor');
    // One matter alone (the matter page's assignee control goes through the same procedure).
    expect(
      said({
        action: 'queues.bulkAssign',
        matter,
        assignee: daniel,
        detail: { assigneeId: 'u-d', together: 1 },
      }),
    ).toBe('Rosa Delgado assigned María Núñez’s matter 2026-00042 to Daniel Okafor');
    expect(said({ action: 'queues.bulkAssign', matter, detail: { assigneeId: null, together: 1 } })).toBe(
      'Rosa Delgado left María Núñez’s matter 2026-00042 unassigned',
    );
    expect(said({ action: 'queues.bulkMoveStage', matter, detail: { to: 'closed', together: 3 } })).toBe(
      'Rosa Delgado moved María Núñez’s matter 2026-00042 with others at once to “Closed”',
    );
    // An invitation's e-mail still waiting, stopped when it was withdrawn or sent again.
    expect(
      said({ action: 'users.revokeInvitation', invitee: 'ana@example.org', detail: { emailsStopped: 1 } }),
    ).toBe('Rosa Delgado withdrew the invitation to ana@example.org; its e-mail not yet sent was stopped');
    expect(
      said({
        action: 'users.resendInvitation',
        invitee: 'ana@example.org',
        detail: { wasRevoked: false, emailsStopped: 1 },
      }),
    ).toBe(
      'Rosa Delgado sent the invitation to ana@example.org again, with a new link; its e-mail not yet sent was stopped',
    );
    // An address is filled in as a record is, never read as a placeholder.
    expect(said({ action: 'users.revokeInvitation', invitee: '{matter}@example.org', detail: {} })).toBe(
      'Rosa Delgado withdrew the invitation to {matter}@example.org',
    );
    // The office profile: what was typed comes in as typed (a placeholder in it stays text), an
    // address on one line; a row of before the detail held the changes reads as before.
    expect(
      said({
        action: 'offices.saveProfile',
        matter,
        detail: {
          changes: {
            name: { from: 'Legal Aid', to: 'Legal Aid {matter} {detail:changes.name.from}' },
            address: { from: '', to: '1 Main St\nOakland, CA 94612' },
          },
          countiesAdded: ['Marin', 'Atlantis'],
          countiesRemoved: [],
        },
      }),
    ).toBe(
      'Rosa Delgado changed the office profile: the name from “Legal Aid” to “Legal Aid {matter} {detail:changes.name.from}”; the address set to “1 Main St, Oakland, CA 94612”; counties added: Marin',
    );
    expect(said({ action: 'offices.saveProfile', detail: { countiesAdded: ['Marin'] } })).toBe(
      'Rosa Delgado changed the office profile',
    );
    // The client update limits: from → to, and a row of before (the limits set, no "from").
    expect(
      said({
        action: 'queues.setLimits',
        detail: {
          from: { clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
          to: { clientUpdateDays: 14, clientUpdateOverdueDays: 30 },
        },
      }),
    ).toBe(
      'Rosa Delgado changed the client update limits: a client update due after 14 days without one (unchanged), overdue after 30 days (was 42 days)',
    );
    expect(
      said({ action: 'queues.setLimits', detail: { clientUpdateDays: 1, clientUpdateOverdueDays: 2 } }),
    ).toBe(
      'Rosa Delgado set the client update limits: a client update due after 1 day without one, overdue after 2 days',
    );
    // A value the code has no label for is not written into the words: the plain wording is.
    expect(said({ action: 'users.setRole', user: daniel, detail: { from: 'attorney', to: 'x<b>' } })).toBe(
      'Rosa Delgado changed Daniel Okafor’s role',
    );
  });

  it('tells a petition’s new status only to a reader with the RAP sheet permission', () => {
    const detail = { from: 'filed', to: 'decided' };
    expect(said({ action: 'petitions.update', matter, detail, reader: { seesRapSheets: true } })).toBe(
      'Rosa Delgado changed the status of a petition on María Núñez’s matter 2026-00042 from “Filed” to “Decided”',
    );
    for (const reader of [{ seesRapSheets: false }, undefined])
      expect(said({ action: 'petitions.update', matter, detail, reader })).toBe(
        'Rosa Delgado updated a petition on María Núñez’s matter 2026-00042',
      );
  });

  it('tells a visit with its count of reads', () => {
    expect(auditSentenceText(auditVisitSentence({ actor: rosa, noActor: 'server', matter, count: 4 }))).toBe(
      'Rosa Delgado visited María Núñez’s matter 2026-00042 (4 reads)',
    );
  });
});

describe('the audit log’s filters', () => {
  it('travel in the address and back', () => {
    const filters = auditFiltersSchema.parse({
      person: 'u-rosa',
      client: 'c-maria',
      matter: 'm-42',
      actionGroup: 'eligibility',
      from: '2026-11-01',
      to: '2026-11-28',
      outcome: 'denied',
    });
    const params = auditFiltersToUrl(filters);
    expect(params.toString()).toBe(
      'person=u-rosa&forClient=c-maria&matter=m-42&group=eligibility&from=2026-11-01&to=2026-11-28&outcome=denied',
    );
    expect(auditFiltersFromUrl(params)).toEqual(filters);
  });

  it('drop from an address what the schema would refuse', () => {
    expect(
      auditFiltersFromUrl(
        new URLSearchParams('action=matters.delete&group=nope&from=2026-02-30&to=x&outcome=maybe'),
      ),
    ).toEqual(auditFiltersSchema.parse({}));
    // An action wins over a group; a last day before the first is dropped.
    expect(
      auditFiltersFromUrl(
        new URLSearchParams('action=matters.get&group=matters&from=2026-11-10&to=2026-11-01'),
      ),
    ).toMatchObject({ action: 'matters.get', actionGroup: null, from: '2026-11-10', to: null });
  });

  it('refuse, with the field to fix, a last day before the first and an action with a group', () => {
    const result = auditFiltersSchema.safeParse({
      from: '2026-11-10',
      to: '2026-11-01',
      action: 'matters.get',
      actionGroup: 'matters',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['to', 'The last day must not be before the first day.'],
      ['action', 'Choose one action or one group of actions.'],
    ]);
  });

  it('offer each action once by its name, and find the actions that read the same', () => {
    const messages = auditActionChoices().find((c) => c.group === 'messages');
    const labels = messages?.actions.map((a) => a.label) ?? [];
    expect(new Set(labels).size).toBe(labels.length);
    expect(auditActionsLike('messages.list')).toEqual(['messages.forMatter', 'messages.list']);
    expect(auditActionsLike('matters.get')).toEqual(['matters.get']);
  });

  it('writes instants on California’s clock for a file, with the offset that makes each one instant', () => {
    expect(californiaStamp('2026-11-28T18:00:05.000Z')).toBe('2026-11-28T10:00:05-08:00');
    expect(californiaStamp('2026-07-01T06:30:00.000Z')).toBe('2026-06-30T23:30:00-07:00');
  });

  it('tells apart the two 1:59 AMs of the night the clocks go back, each read back as its instant', () => {
    const daylight = '2026-11-01T08:59:03.000Z';
    const standard = '2026-11-01T09:59:03.000Z';
    expect(californiaStamp(daylight)).toBe('2026-11-01T01:59:03-07:00');
    expect(californiaStamp(standard)).toBe('2026-11-01T01:59:03-08:00');
    expect(new Date(californiaStamp(daylight)).toISOString()).toBe(daylight);
    expect(new Date(californiaStamp(standard)).toISOString()).toBe(standard);
  });
});
