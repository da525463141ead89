// What the users page may say about an e-mail it has just put in the outbox (an invitation, a password
// link, word of a second-factor reset): "on its way" only when the server has e-mail set up, so the
// outbox is sending it; without it the e-mail waits, unsent, as the banner at the top says. Read from
// the same answer as that banner (messages.deliveryStatus), never assumed.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';

/** true: e-mail goes out; false: it waits, unsent; undefined: not known (yet). */
export type EmailSetUp = boolean | undefined;

/** `email` is the subject of the sentence: "An e-mail telling them", "The invitation to kim@…". */
export function emailOutcome(email: string, setUp: EmailSetUp): string {
  if (setUp === true) return `${email} is on its way.`;
  if (setUp === false) return `${email} is waiting to be sent: e-mail is not set up on the server.`;
  return `${email} is in the outbox.`;
}

/** Whether e-mail is set up on the server, as the delivery banner knows it. */
export function useEmailSetUp(): EmailSetUp {
  const trpc = useTRPC();
  return useQuery(trpc.messages.deliveryStatus.queryOptions()).data?.email.configured;
}
