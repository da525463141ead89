// One matter: the client, the matter's facts, and its timeline, newest first.
import { addressOnOneLine, languageLabel, REFERRAL_SOURCE_LABELS, STAGE_LABELS } from '@relief-desk/domain';
import { lazy, type ReactNode, Suspense, startTransition, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { Alert } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { ClientRecordNote } from '../clients/ClientRecordNote.tsx';
import { AssigneeControl } from './AssigneeControl.tsx';
import { DeadlineList } from './DeadlineList.tsx';
import { ReferralNoteMark } from './ReferralNoteMark.tsx';
import { StagePanel } from './StagePanel.tsx';
import { useMatter, usePanelReads, useRefreshMatter } from './useMatter.ts';

// Below the first screen, and the client form opened on request: chunks of their own (with the form
// library they use). The top of the page (the matter, the client, the stage) does not wait for them on
// a phone, and draws in one short task instead of one long one. Once it is drawn, every panel's chunk
// is asked for without waiting for the one before (loadPanels): React asks for the next lazy panel
// only when the one before it is in, one round trip after another. Each is asked for in a task of its
// own: asking for a chunk adds a preload link per file it needs, and adding them all in one task held
// a phone's main thread for 50-100 ms.
const panelChunks = {
  documents: () => import('../documents/DocumentsPanel.tsx'),
  rapSheet: () => import('../rap-import/RapSheetPanel.tsx'),
  convictions: () => import('../convictions/ConvictionsPanel.tsx'),
  arrests: () => import('../arrests/ArrestsPanel.tsx'),
  petitions: () => import('../petitions/PetitionsPanel.tsx'),
  messages: () => import('../messages/MessagesPanel.tsx'),
  notes: () => import('./NotesPanel.tsx'),
  timeline: () => import('./TimelinePanel.tsx'),
};
const loadPanels = () => {
  const loads = Object.values(panelChunks);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loadFrom = (i: number) => {
    timer = setTimeout(() => {
      void loads[i]?.().catch(() => undefined);
      if (i + 1 < loads.length) loadFrom(i + 1);
    });
  };
  loadFrom(0);
  return () => clearTimeout(timer);
};
const DocumentsPanel = lazy(() => panelChunks.documents().then((m) => ({ default: m.DocumentsPanel })));
const RapSheetPanel = lazy(() => panelChunks.rapSheet().then((m) => ({ default: m.RapSheetPanel })));
const ConvictionsPanel = lazy(() => panelChunks.convictions().then((m) => ({ default: m.ConvictionsPanel })));
const ArrestsPanel = lazy(() => panelChunks.arrests().then((m) => ({ default: m.ArrestsPanel })));
const PetitionsPanel = lazy(() => panelChunks.petitions().then((m) => ({ default: m.PetitionsPanel })));
const MessagesPanel = lazy(() => panelChunks.messages().then((m) => ({ default: m.MessagesPanel })));
const NotesPanel = lazy(() => panelChunks.notes().then((m) => ({ default: m.NotesPanel })));
const TimelinePanel = lazy(() => panelChunks.timeline().then((m) => ({ default: m.TimelinePanel })));
const EditClientForm = lazy(() =>
  import('../clients/EditClientForm.tsx').then((m) => ({ default: m.EditClientForm })),
);

export function MatterPage() {
  const { matterId = '' } = useParams();
  const matter = useMatter(matterId);
  const refresh = useRefreshMatter(matterId);
  const [editingClient, setEditingClient] = useState(false);
  const editClientButton = useRef<HTMLButtonElement>(null);
  const title = matter.data
    ? `Matter ${matter.data.reference}: ${matter.data.client.details.legalName}`
    : 'Matter';
  const heading = usePageHeading<HTMLHeadingElement>(title);
  useEffect(loadPanels, []);
  usePanelReads(matter.data);

  if (matter.error) {
    return (
      <section>
        <h1 ref={heading} tabIndex={-1}>
          Matter not available
        </h1>
        <Alert tone="error">{describeError(matter.error).message}</Alert>
        <Link to="/matters">Back to the case queue</Link>
      </section>
    );
  }
  if (!matter.data) return <p className="loading">Loading…</p>;
  const m = matter.data;
  const c = m.client.details;
  const contactWays = [
    c.contact.email && 'e-mail',
    c.contact.sms && 'text messages',
    c.contact.letter && 'letters',
    c.contact.phone && 'phone calls',
  ].filter(Boolean);

  return (
    <section className="matter">
      <p>
        <Link to="/matters">← Case queue</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <div className="matter__grid">
        <section aria-labelledby="matter-facts" className="panel">
          <h2 id="matter-facts">Matter</h2>
          <dl className="facts">
            <dt>Stage</dt>
            <dd>
              <span className={`stage stage--${m.stage}`}>{STAGE_LABELS[m.stage]}</span>
              {m.referredTo && (m.passedOnAt ? <>: passed on to {m.referredTo}</> : <>: not passed on yet</>)}
            </dd>
            <dt>County</dt>
            <dd>{m.county}</dd>
            <dt>Assignee</dt>
            <dd>
              <AssigneeControl matter={m} />
            </dd>
            <dt>Received</dt>
            <dd>
              {formatDate(m.receivedOn)} by {REFERRAL_SOURCE_LABELS[m.source.kind].toLowerCase()}
              {m.source.detail && ` (${m.source.detail})`}
            </dd>
            {m.referralNote && (
              <>
                <dt>Note</dt>
                <dd>{m.referralNote}</dd>
              </>
            )}
            {m.referralRecordNote && (
              <>
                <dt>Note about the criminal record</dt>
                <dd>{m.referralRecordNote}</dd>
              </>
            )}
          </dl>
          {(m.referralNote || m.referralRecordNote) && (
            <ReferralNoteMark matter={m} seesCriminalHistory={m.convictions !== null} />
          )}
        </section>

        <section aria-labelledby="client-facts" className="panel">
          <h2 id="client-facts">Client</h2>
          <dl className="facts">
            <dt>Legal name</dt>
            <dd>{c.legalName}</dd>
            {c.otherNames.length > 0 && (
              <>
                <dt>Other names</dt>
                <dd>{c.otherNames.map((o) => o.name).join(', ')}</dd>
              </>
            )}
            <dt>Date of birth</dt>
            <dd>{formatDate(c.dateOfBirth)}</dd>
            <dt>Language</dt>
            <dd>{languageLabel(c.preferredLanguage)}</dd>
            <dt>Phone</dt>
            <dd>{c.phone || '—'}</dd>
            <dt>E-mail</dt>
            <dd>{c.email || '—'}</dd>
            <dt>Address</dt>
            <dd>{c.address.line1 ? addressOnOneLine(c.address) : '—'}</dd>
            <dt>Contact by</dt>
            <dd>
              {contactWays.join(', ') || '—'}
              {c.contact.sms && !c.consentToText && ' (no consent to text yet)'}
            </dd>
          </dl>
          {editingClient ? (
            <Suspense
              fallback={
                <p className="loading" role="status">
                  Loading the form…
                </p>
              }
            >
              <EditClientForm
                client={m.client}
                onDone={async (saved) => {
                  if (saved) await refresh();
                  setEditingClient(false);
                  // The button comes back when the form goes: focus it once it is on the page.
                  setTimeout(() => refocus(editClientButton.current), 0);
                }}
              />
            </Suspense>
          ) : (
            <button
              ref={editClientButton}
              type="button"
              className="button button--quiet"
              onClick={() => setEditingClient(true)}
            >
              Edit client details
            </button>
          )}
          <ClientRecordNote clientId={m.client.id} />
          {m.otherMatters.length > 0 && (
            <>
              <h3>Other matters for this person</h3>
              <ul>
                {m.otherMatters.map((o) => (
                  <li key={o.id}>
                    <Link to={`/matters/${o.id}`}>
                      Matter {o.reference}, {o.county}
                    </Link>{' '}
                    — {STAGE_LABELS[o.stage]}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>

      <StagePanel matter={m} />
      {m.deadlines.length > 0 && (
        <section aria-labelledby="deadlines-heading" className="panel">
          <h2 id="deadlines-heading">Deadlines</h2>
          <DeadlineList deadlines={m.deadlines} showMatter={false} />
        </section>
      )}
      <OneAtATime key={m.id}>
        {[
          <DocumentsPanel key="documents" matter={m} />,
          m.convictions !== null && <RapSheetPanel key="rap-sheet" matter={m} />,
          <ConvictionsPanel key="convictions" matter={m} />,
          <ArrestsPanel key="arrests" matter={m} />,
          <PetitionsPanel key="petitions" matter={m} />,
          <MessagesPanel
            key="messages"
            matterId={m.id}
            stage={m.stage}
            seesCriminalHistory={m.convictions !== null}
          />,
          <NotesPanel key="notes" matterId={m.id} />,
          <TimelinePanel key="timeline" matter={m} seesCriminalHistory={m.convictions !== null} />,
        ]}
      </OneAtATime>
    </section>
  );
}

/**
 * The panels below the top, added one at a time, in order, each in a render of its own once the one
 * before it is drawn (and its chunk is in): adding them all at once was one task of 170-310 ms on a
 * phone. Each comes in below the last, so nothing above it moves as they arrive.
 */
function OneAtATime({ children }: { children: ReactNode[] }) {
  const parts = children.filter(Boolean);
  const [shown, setShown] = useState(0);
  useEffect(() => {
    // A transition: while the next panel's chunk loads, the page stays as it is, and a click wins.
    if (shown < parts.length) startTransition(() => setShown(shown + 1));
  }, [shown, parts.length]);
  return (
    <>
      {parts.slice(0, shown)}
      {shown < parts.length && (
        <p className="loading" role="status">
          Loading the rest of the matter…
        </p>
      )}
    </>
  );
}
