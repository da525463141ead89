// Refused changes on the audit log say why, from the reason the server put on the row (a stale save,
// bad input, a closed document request…), and a client correction names the fields it changed:
// names of fields only, never what was typed.
import { describe, expect, it } from 'vitest';
import { type AuditRowFacts, auditSentence, auditSentenceText, clientFieldWords } from './audit-log.ts';

const rosa = { id: 'u-rosa', name: 'Rosa Delgado', office: null };
const matter = { id: 'm-42', reference: '2026-00042', clientId: 'c-maria', clientName: 'María Núñez' };
const facts = (overrides: Partial<AuditRowFacts>): AuditRowFacts => ({
  action: 'matters.moveStage',
  outcome: 'denied',
  actor: rosa,
  noActor: 'server',
  matter: null,
  client: null,
  user: null,
  document: null,
  stage: null,
  enabled: null,
  refusal: { reason: 'other' },
  ...overrides,
});
const said = (f: Partial<AuditRowFacts>) => auditSentenceText(auditSentence(facts(f)));

describe('why a change was refused', () => {
  it('says a stale save was refused because the record had changed since it was opened', () => {
    expect(said({ matter, detail: { reason: 'version_conflict' } })).toBe(
      'Rosa Delgado was refused: Move a matter’s stage, María Núñez’s matter 2026-00042: someone had saved a change to it since they opened it; nothing was saved',
    );
  });

  it('names the fields of bad input, not what was typed, and reads a refusal naming no record', () => {
    expect(
      said({ action: 'queues.setLimits', detail: { reason: 'bad_input', fields: ['clientUpdateDays'] } }),
    ).toMatch(
      /^Rosa Delgado was refused: .+: what was entered needed correcting \(clientUpdateDays\); nothing was saved$/,
    );
  });

  it('says nothing more for a reason it has no words for, as before', () => {
    expect(said({ matter, detail: { reason: 'something_new' } })).toBe(
      'Rosa Delgado was refused: Move a matter’s stage, María Núñez’s matter 2026-00042',
    );
  });

  it('says a file was refused for a closed document request', () => {
    expect(
      said({ action: 'documents.upload', matter, detail: { reason: 'closed_request', status: 'cancelled' } }),
    ).toMatch(/: the document request was closed \(cancelled or waived\)$/);
  });
});

describe('a client correction, by field', () => {
  it('names the fields corrected in the form’s order, and falls back for a row that names none', () => {
    const client = { id: 'c-maria', name: 'María Núñez' };
    expect(
      said({
        action: 'clients.update',
        outcome: 'ok',
        refusal: null,
        client,
        detail: { fields: ['preferredLanguage', 'phone'] },
      }),
    ).toBe('Rosa Delgado corrected María Núñez’s phone and preferred language');
    expect(
      said({ action: 'clients.update', outcome: 'ok', refusal: null, client, detail: { version: 3 } }),
    ).toBe('Rosa Delgado corrected María Núñez’s details');
    expect(clientFieldWords(['email', 'address', 'legalName'])).toBe('legal name, e-mail and address');
    expect(clientFieldWords(['not a field'])).toBeNull();
  });
});
