// The office's delivery problems: messages that could not be delivered, with the reason; staff retry,
// choose another way to reach the client, or leave one unsent once dealt with otherwise. Also the
// print queue's mailing run, and the letters waiting that cannot be printed as they are (left out of
// the run): staff take such a letter out of the print queue, and once the client's details are
// corrected, write it again from them.
import { MESSAGE_CHANNEL_LABELS } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { outboxSummary } from './deliveryWords.ts';
import { PrintLetters } from './PrintLetters.tsx';

export function DeliveryProblemsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Delivery problems');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const problems = useQuery(trpc.messages.deliveryProblems.queryOptions());
  const status = useQuery(trpc.messages.deliveryStatus.queryOptions());
  const waiting = useQuery({
    ...trpc.messages.lettersToPrint.queryOptions(),
    // Letters that print as they are, or that cannot (listed below, to take out of the print queue).
    enabled: (status.data?.lettersToPrint ?? 0) + (status.data?.lettersCannotPrint ?? 0) > 0,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.messages.deliveryProblems.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.messages.deliveryStatus.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.messages.lettersToPrint.queryKey() }),
    ]);
  const retry = useMutation(trpc.messages.retry.mutationOptions({ onSuccess: refresh }));
  const resend = useMutation(trpc.messages.resendVia.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.messages.withdrawLetter.mutationOptions({ onSuccess: refresh }));
  const leave = useMutation(trpc.messages.leaveUnsent.mutationOptions({ onSuccess: refresh }));
  const error = problems.error ?? retry.error ?? resend.error ?? withdraw.error ?? leave.error;
  const cannotPrint = waiting.data?.cannotPrint ?? [];

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Delivery problems
      </h1>
      {error && <Alert tone="error">{describeError(error).message}</Alert>}
      <section aria-labelledby="print-heading" className="panel">
        <h2 id="print-heading">Letters to print</h2>
        {status.data && status.data.lettersToPrint + status.data.lettersCannotPrint > 0 ? (
          <>
            <p>
              {status.data.lettersToPrint} letter(s) wait in the print queue, ready to print. They stay there
              until you confirm they were printed.
            </p>
            {cannotPrint.length > 0 && (
              <>
                <h3 id="cannot-print-heading">Letters that cannot be printed as they are</h3>
                <p>The mailing run leaves them out, and they cannot be marked sent.</p>
                {cannotPrint.some((l) => l.because === 'cannotDraw') && (
                  <p>
                    A letter that cannot be drawn keeps the name, address and text it was written with:
                    correct the client’s details, take the letter out of the print queue, then write it again
                    under Messages not delivered.
                  </p>
                )}
                {cannotPrint.some((l) => l.because === 'recipientChanged') && (
                  <p>
                    A letter whose client’s name or mailing address changed since it was written would go to
                    the old one: take it out of the print queue, then write it again under Messages not
                    delivered, to the client’s details as they are now.
                  </p>
                )}
                {cannotPrint.some((l) => l.because === 'noLongerTrue') && (
                  <p>
                    A letter marked “No longer true” would tell the client something the matter no longer
                    shows (a hearing continued, a decision changed): do not mail it. Take it out of the print
                    queue, then tell the client where things stand now with a new status update from the
                    matter page.
                  </p>
                )}
                <ScrollRegion label="Letters that cannot be printed table">
                  <table className="data-table" aria-labelledby="cannot-print-heading">
                    <thead>
                      <tr>
                        <th scope="col">Matter</th>
                        <th scope="col">Letter</th>
                        <th scope="col">Why</th>
                        <th scope="col">Actions</th>
                      </tr>
                    </thead>
                    <tbody>
                      {cannotPrint.map((l) => (
                        <tr key={l.outboxId}>
                          <td>
                            <Link to={`/matters/${l.matterId}`}>
                              {l.reference} · {l.clientName}
                            </Link>
                          </td>
                          <td lang={l.language}>{l.subject}</td>
                          <td>{l.reason}</td>
                          <td className="actions">
                            <BusyButton
                              type="button"
                              className="button"
                              busy={withdraw.isPending}
                              onClick={() => withdraw.mutate({ outboxId: l.outboxId, version: l.version })}
                            >
                              Take out of the print queue
                            </BusyButton>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </>
            )}
            <PrintLetters
              label="Print the mailing run (one PDF)"
              prepare={async () => {
                const waiting = await queryClient.fetchQuery({
                  ...trpc.messages.lettersToPrint.queryOptions(),
                  staleTime: 0,
                });
                if (waiting.messageIds.length === 0 && waiting.cannotPrint.length > 0)
                  throw new Error(
                    'None of the letters waiting can be printed as they are: see Letters that cannot be printed.',
                  );
                if (waiting.messageIds.length === 0 && waiting.needRapSheetPermission > 0)
                  throw new Error(
                    `The ${waiting.needRapSheetPermission} letter(s) waiting tell clients the court's outcome, which is criminal history: a colleague with the RAP sheet permission prints them.`,
                  );
                return {
                  url: '/api/letters/mailing-run/pdf',
                  body: { messageIds: waiting.messageIds },
                  messageIds: waiting.messageIds,
                };
              }}
              confirm
              question={(count) =>
                count === 1 ? 'Printed the letter?' : `Printed all of them (${count} letters)?`
              }
              onChanged={() => void refresh()}
            />
          </>
        ) : (
          <p>No letters are waiting to be printed.</p>
        )}
      </section>
      <section aria-labelledby="failed-heading" className="panel">
        <h2 id="failed-heading">Messages not delivered</h2>
        {status.data && <p>{outboxSummary(status.data)}</p>}
        {problems.data && problems.data.length > 0 && (
          <ScrollRegion label="Undelivered messages table">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Matter</th>
                  <th scope="col">Message</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {problems.data.map((p) => (
                  <tr key={p.outboxId}>
                    <td>
                      <Link to={`/matters/${p.matterId}`}>
                        {p.reference} · {p.clientName}
                      </Link>
                    </td>
                    <td>
                      {MESSAGE_CHANNEL_LABELS[p.channel]}:{' '}
                      {p.subject ? <span lang={p.language}>{p.subject}</span> : '(text message)'}
                      <span className="muted small"> — failed {formatInstant(p.failedAt)}</span>
                    </td>
                    <td>
                      {p.reason}
                      {p.channel !== 'letter' && ` (${p.attempts} attempt(s))`}
                    </td>
                    <td className="actions">
                      {p.needsRapSheetPermission && (
                        <span className="small">
                          It tells criminal history: a colleague with the RAP sheet permission retries,
                          resends or leaves it unsent.
                        </span>
                      )}
                      {/* Held as no longer right: written again, or sent another way, not retried. */}
                      {!p.held && !p.needsRapSheetPermission && (
                        <button
                          type="button"
                          className="button"
                          onClick={() => retry.mutate({ outboxId: p.outboxId, version: p.version })}
                        >
                          {p.channel === 'letter'
                            ? 'Put back in the print queue'
                            : `Retry ${MESSAGE_CHANNEL_LABELS[p.channel].toLowerCase()}`}
                        </button>
                      )}
                      {p.writeAgain && !p.needsRapSheetPermission && (
                        <button
                          type="button"
                          className="button"
                          onClick={() =>
                            resend.mutate({ outboxId: p.outboxId, version: p.version, channel: p.channel })
                          }
                        >
                          {p.channel === 'letter'
                            ? 'Write the letter again'
                            : `Write the ${MESSAGE_CHANNEL_LABELS[p.channel].toLowerCase()} again to the client’s ${p.channel === 'email' ? 'address' : 'number'} now`}
                        </button>
                      )}
                      {(p.needsRapSheetPermission ? [] : p.otherChannels).map((channel) => (
                        <button
                          key={channel}
                          type="button"
                          className="button button--quiet"
                          onClick={() => resend.mutate({ outboxId: p.outboxId, version: p.version, channel })}
                        >
                          Send by {MESSAGE_CHANNEL_LABELS[channel].toLowerCase()} instead
                        </button>
                      ))}
                      {/* Dealt with otherwise (the client was called, a new message written): closed, never sent. */}
                      {!p.needsRapSheetPermission && (
                        <button
                          type="button"
                          className="button button--quiet"
                          onClick={() => leave.mutate({ outboxId: p.outboxId, version: p.version })}
                        >
                          Leave unsent
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </section>
  );
}
