// The signed orders received since the court outcome was sent, which the outcome told the client would
// follow: said so, with what the client will get and one button to send them (e-mail attaches them, a
// letter encloses them, a text message only says so). On a closed matter too; each order goes once.
// Only for staff with the RAP sheet permission (the server refuses others): the orders are criminal
// history. Sent, the panel goes: the focus moves to the word that they were sent, where it stood.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { formatInstant } from '../../ui/format.ts';
import { useMatter } from '../matters/useMatter.ts';
import { useRefreshMessages } from './useMessages.ts';

export function SignedOrderCopies({ matterId }: { matterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshMessages(matterId);
  const offered = useQuery({ ...trpc.messages.signedOrderCopies.queryOptions({ matterId }), staleTime: 0 });
  const queryKey = trpc.messages.signedOrderCopies.queryKey({ matterId });
  // An order attached (or a request set back) under Documents changes what is offered: asked again.
  const signedOrderRequests = JSON.stringify(
    useMatter(matterId)
      .data?.documents.filter((d) => d.kind === 'signed_order')
      .map((d) => [d.id, d.version]) ?? [],
  );
  const seen = useRef(signedOrderRequests);
  useEffect(() => {
    if (seen.current === signedOrderRequests) return;
    seen.current = signedOrderRequests;
    void queryClient.invalidateQueries({ queryKey: trpc.messages.signedOrderCopies.queryKey({ matterId }) });
  }, [signedOrderRequests, queryClient, trpc, matterId]);
  const [sentWord, setSentWord] = useState<string | null>(null);
  const send = useMutation(
    trpc.messages.sendSignedOrderCopies.mutationOptions({
      onSuccess: async (_, input) => {
        setSentWord(
          input.fileIds.length > 1
            ? 'The signed orders were sent to the client.'
            : 'The signed order was sent to the client.',
        );
        await Promise.all([refresh(), queryClient.invalidateQueries({ queryKey })]);
      },
      // Refused (sent meanwhile, the orders changed): what is offered now is read again.
      onError: () => void queryClient.invalidateQueries({ queryKey }),
    }),
  );
  const data = offered.data;
  const error = offered.error ?? send.error;
  if (!data || data.orders.length === 0)
    return (
      <>
        {sentWord && (
          // The button pressed went with the panel: without this the focus would drop to the page.
          <div tabIndex={-1} ref={focusOnMount}>
            <Alert tone="success">{sentWord}</Alert>
          </div>
        )}
        {error && <Alert tone="error">{describeError(error).message}</Alert>}
      </>
    );
  const many = data.orders.length > 1;
  const when = data.outcomeSentAt ? formatInstant(data.outcomeSentAt) : '';

  return (
    <section aria-labelledby="signed-order-copies-heading" className="subpanel">
      <h3 id="signed-order-copies-heading">{many ? 'Signed orders to send' : 'Signed order to send'}</h3>
      {error && <Alert tone="error">{describeError(error).message}</Alert>}
      <p>
        {data.promised
          ? `The court’s outcome, sent ${when}, told the client we would send them a copy of the signed order when it came.`
          : `The court’s outcome was sent ${when}; the client has no copy of ${many ? 'these signed orders' : 'this signed order'} yet.`}{' '}
        {many ? `${data.orders.length} signed orders have` : 'The signed order has'} come since:
      </p>
      <ul>
        {data.orders.map((o) => (
          <li key={o.fileId}>
            {o.filename} <span className="muted small">(attached {formatInstant(o.uploadedAt)})</span>
          </li>
        ))}
      </ul>
      {data.messages.length > 0 && (
        <details>
          <summary>What the client will get</summary>
          {data.messages.map((m) => (
            <div key={m.channel}>
              <h4>
                {m.channel === 'email'
                  ? 'E-mail, with the order attached'
                  : m.channel === 'letter'
                    ? 'Letter, with the order enclosed'
                    : 'Text message'}
                {/* Written in the client's language, which the page around it is not: read out in it. */}
                {m.subject && m.channel !== 'sms' && (
                  <>
                    : <span lang={data.language}>{m.subject}</span>
                  </>
                )}
              </h4>
              <p className="message-copy" lang={data.language}>
                {m.text}
              </p>
            </div>
          ))}
        </details>
      )}
      {data.sendRefusal ? (
        <Alert tone="info">{data.sendRefusal}</Alert>
      ) : (
        <BusyButton
          type="button"
          className="button button--primary"
          busy={send.isPending}
          onClick={() => {
            setSentWord(null);
            send.mutate({
              matterId,
              version: data.version,
              fileIds: data.orders.map((o) => o.fileId),
              writtenIn: data.language,
            });
          }}
        >
          {many ? 'Send the signed orders' : 'Send the signed order'}
        </BusyButton>
      )}
    </section>
  );
}
