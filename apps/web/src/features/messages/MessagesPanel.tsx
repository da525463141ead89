// The matter's messages to the client: send or log a status update, send the court's outcome (and the
// signed orders that come after it), and see each message's delivery (waiting, sent, printed, or failed with the reason, to retry or print;
// a printed letter is marked sent once staff confirm it came off the printer, and one that should not
// go is taken out of the print queue: a delivery problem then, to write again or send another way;
// an e-mail or text still waiting can be stopped before it goes, a delivery problem too; a problem
// dealt with otherwise is left unsent (withdrawn, no longer a problem);
// an e-mail or text message the outbox held as no longer right reads "Not sent", with why).
import {
  DELIVERY_STATE_LABELS,
  MESSAGE_CHANNEL_LABELS,
  MESSAGE_STATUS_LABELS,
  type Stage,
  statusTellsCriminalHistory,
} from '@relief-desk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';
import { formatInstant } from '../../ui/format.ts';
import { HELD_LABEL } from './deliveryWords.ts';
import { OutcomeForm } from './OutcomeForm.tsx';
import { PrintLetters } from './PrintLetters.tsx';
import { SignedOrderCopies } from './SignedOrderCopies.tsx';
import { StatusUpdateForm } from './StatusUpdateForm.tsx';
import { useRefreshMessages } from './useMessages.ts';

type MessageRow = ApiOutputs['messages']['forMatter'][number];

function describeMessage(m: MessageRow): string {
  if (m.kind === 'outcome') return 'Court outcome';
  if (m.kind === 'application') return 'Online application: confirmation or new status link';
  // Without the RAP sheet permission an update about the record or the court comes without its type.
  const status = m.statusType
    ? MESSAGE_STATUS_LABELS[m.statusType]
    : 'Status update (withheld: needs the RAP sheet permission)';
  if (m.kind === 'follow_up') return `Automatic follow-up: ${status}`;
  if (m.kind === 'logged') return `${status} (logged, not sent)`;
  return status;
}

export function MessagesPanel({
  matterId,
  stage,
  seesCriminalHistory,
}: {
  matterId: string;
  stage: Stage;
  /** The RAP sheet permission: updates about the record or the court are for staff who have it. */
  seesCriminalHistory: boolean;
}) {
  const trpc = useTRPC();
  const messages = useQuery(trpc.messages.forMatter.queryOptions({ matterId }));
  const refresh = useRefreshMessages(matterId);
  const retry = useMutation(trpc.messages.retry.mutationOptions({ onSuccess: () => refresh() }));
  const withdraw = useMutation(trpc.messages.withdrawLetter.mutationOptions({ onSuccess: () => refresh() }));
  const stop = useMutation(trpc.messages.stopSending.mutationOptions({ onSuccess: () => refresh() }));
  const leave = useMutation(trpc.messages.leaveUnsent.mutationOptions({ onSuccess: () => refresh() }));
  const error = retry.error ?? withdraw.error ?? stop.error ?? leave.error;
  // The court outcome, or an update about the record or the court, is stopped or sent again only by
  // staff who may see it (the server refuses others).
  const mayActOn = (m: MessageRow) =>
    seesCriminalHistory || !(m.kind === 'outcome' || statusTellsCriminalHistory(m.statusType));
  /** A button acting on a message's delivery at the version shown, described by the row's message. */
  const action = (
    m: MessageRow,
    mutation: { mutate: (input: { outboxId: string; version: number }) => void; isPending: boolean },
    label: string,
  ) => (
    <BusyButton
      type="button"
      className="button button--quiet"
      aria-describedby={`message-${m.id}`}
      busy={mutation.isPending}
      onClick={() =>
        m.delivery && mutation.mutate({ outboxId: m.delivery.outboxId, version: m.delivery.version })
      }
    >
      {label}
    </BusyButton>
  );
  // After the outcome is sent the form goes with the stage: the messages just sent are under this.
  const heading = useRef<HTMLHeadingElement | null>(null);

  return (
    <section aria-labelledby="messages-heading" className="panel">
      <h2 id="messages-heading" ref={heading} tabIndex={-1}>
        Messages
      </h2>
      {stage === 'outcome_to_send' && (
        <OutcomeForm matterId={matterId} onSent={() => setTimeout(() => refocus(heading.current), 0)} />
      )}
      {/* The signed orders that came after the outcome was sent: criminal history, offered to those who may see it. */}
      {seesCriminalHistory && stage !== 'outcome_to_send' && <SignedOrderCopies matterId={matterId} />}
      <StatusUpdateForm matterId={matterId} seesCriminalHistory={seesCriminalHistory} />
      {error && <Alert tone="error">{describeError(error).message}</Alert>}
      {messages.data && messages.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Messages sent or logged</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Message</th>
                <th scope="col">Channel</th>
                <th scope="col">Delivery</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {messages.data.map((m) => (
                <tr key={m.id} className={m.delivery?.state === 'failed' ? 'row--overdue' : undefined}>
                  <td>{formatInstant(m.createdAt)}</td>
                  {/* Named by the row's actions (aria-describedby): "Retry" alone says not which message. */}
                  <td id={`message-${m.id}`}>
                    {describeMessage(m)}
                    {/* The subject is in the language the message was written in, not the page's. */}
                    {m.subject && (
                      <span className="muted small">
                        {' '}
                        — <span lang={m.language}>{m.subject}</span>
                      </span>
                    )}
                    {m.kind === 'logged' && (m.recordNote ?? m.body) && (
                      <span className="muted small"> — {m.recordNote ?? m.body}</span>
                    )}
                  </td>
                  <td>{m.channel ? MESSAGE_CHANNEL_LABELS[m.channel] : '—'}</td>
                  <td>
                    {m.delivery
                      ? m.delivery.held
                        ? HELD_LABEL
                        : DELIVERY_STATE_LABELS[m.delivery.state]
                      : 'Logged'}
                    {m.delivery?.state === 'pending' &&
                      m.delivery.attempts > 0 &&
                      ` (tried ${m.delivery.attempts}×)`}
                    {/* A sent e-mail keeps a word only when an earlier try may have arrived too. */}
                    {m.delivery?.lastError && (m.delivery.state !== 'sent' || m.channel === 'email') && (
                      <span className="small"> — {m.delivery.lastError}</span>
                    )}
                  </td>
                  <td>
                    {m.channel === 'letter' && (
                      <PrintLetters
                        label="Print letter"
                        prepare={async () => ({ url: `/api/letters/${m.id}/pdf`, messageIds: [m.id] })}
                        confirm={m.delivery?.state === 'printing'}
                        question={() => 'Did the letter print?'}
                        onChanged={() => void refresh()}
                      />
                    )}
                    {m.delivery?.state === 'printing' && action(m, withdraw, 'Take out of the print queue')}
                    {m.delivery?.state === 'pending' &&
                      m.channel !== 'letter' &&
                      mayActOn(m) &&
                      action(m, stop, 'Don’t send')}
                    {/* A message held as no longer right is written again, not retried. */}
                    {m.delivery?.state === 'failed' &&
                      !m.delivery.held &&
                      mayActOn(m) &&
                      action(m, retry, 'Retry')}
                    {m.delivery?.state === 'failed' && mayActOn(m) && action(m, leave, 'Leave unsent')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
