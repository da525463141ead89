// A matter taken to "Outcome to send" through the API as an attorney would, and its outcome sent:
// the setting of the browser tests about what the client is told once the court has ruled.
import type { ApiCall } from './api.ts';

export const COURT = 'Superior Court of California, County of Alameda';

/** A California day `days` from now, as the server's dates are. */
export const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });

export type Outcome = 'granted' | 'denied';

export interface AtOutcome {
  matterId: string;
  petitionId: string;
  convictionId: string;
  caseNumber: string;
}

/**
 * A client referred, one conviction added, its petition filed and decided (`outcome`), and the matter
 * moved to "Outcome to send", all through the API as the attorney would.
 */
export async function matterAtOutcome(
  call: ApiCall,
  client: { legalName: string; dateOfBirth: string; email: string; language: 'en' | 'es' },
  caseNumber: string,
  outcome: Outcome,
): Promise<AtOutcome> {
  const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
    existingClient: null,
    client: {
      legalName: client.legalName,
      otherNames: [],
      dateOfBirth: client.dateOfBirth,
      phone: '(510) 555-0172',
      email: client.email,
      address: { line1: '1400 Broadway', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
      preferredLanguage: client.language,
      contact: { email: true, sms: false, letter: false, phone: true },
      consentToText: false,
    },
    counties: ['Alameda'],
    source: { kind: 'phone', detail: '' },
    receivedOn: dayFromNow(-60),
    note: '',
  });
  const matterId = recorded.matters[0]?.id;
  if (!matterId) throw new Error(`The referral was not recorded: ${JSON.stringify(recorded)}`);
  const { id: convictionId } = await call<{ id: string }>('convictions.add', {
    matterId,
    conviction: {
      caseNumber,
      county: 'Alameda',
      court: COURT,
      code: 'PC',
      section: '647(f)',
      level: 'misdemeanor',
      wobbler: 'no',
      convictionDate: '2015-03-02',
      sentenceKind: 'probation',
      mandatorySupervision: 'unknown',
      endDate: '2018-03-02',
      probationOutcome: 'completed',
      valueOver950: 'no',
      reliefGrantedRemedy: null,
      reliefGrantedOn: null,
    },
  });
  const petition = await call<{ id: string; version: number }>('petitions.create', {
    matterId,
    remedy: 'pc1203.4',
    convictionIds: [convictionId],
    formSet: 'cr180_cr181',
    court: COURT,
  });
  const filed = await call<{ version: number }>('petitions.update', {
    petitionId: petition.id,
    version: petition.version,
    status: 'filed',
    court: COURT,
    filedOn: dayFromNow(-40),
    outcomes: [{ convictionId, outcome: null }],
  });
  const moveTo = async (to: string) => {
    const matter = await call<{ version: number }>('matters.get', { matterId }, 'GET');
    await call('matters.moveStage', { matterId, version: matter.version, to });
  };
  for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file', 'awaiting_decision'])
    await moveTo(to);
  await call('petitions.update', {
    petitionId: petition.id,
    version: filed.version,
    status: 'decided',
    court: COURT,
    filedOn: dayFromNow(-40),
    decidedOn: dayFromNow(-2),
    outcomes: [{ convictionId, outcome }],
  });
  await moveTo('outcome_to_send');
  return { matterId, petitionId: petition.id, convictionId, caseNumber };
}

interface Composition {
  language: string;
  fingerprint: string;
  orderAwaited: boolean;
  messages: { channel: string; subject: string; text: string }[];
}

/** Sends the outcome as the preview wrote it (the signed order awaited: closing says why). */
export async function sendOutcome(call: ApiCall, matterId: string) {
  const composed = await call<Composition>('messages.composeOutcome', { matterId }, 'GET');
  const matter = await call<{ version: number }>('matters.get', { matterId }, 'GET');
  await call('messages.sendOutcome', {
    matterId,
    version: matter.version,
    messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    writtenIn: composed.language,
    fingerprint: composed.fingerprint,
    closeNote: composed.orderAwaited ? 'The court mails the signed order; the client gets a copy then.' : '',
  });
}

/** Waits until `check` gives a value (a mail arrived, say), up to `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
