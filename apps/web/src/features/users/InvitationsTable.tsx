// Invitations not yet accepted: where each stands (waiting, run out, withdrawn, or the address has an
// account now, made elsewhere since), whether its e-mail went out, and sending it again (a new link;
// the old one stops working; not once withdrawn) or withdrawing it.
import { ROLE_LABELS } from '@relief-desk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { emailOutcome, useEmailSetUp } from './emailWords.ts';

const STATE_WORDS = {
  waiting: 'Waiting to be accepted',
  expired: 'Link ran out',
  withdrawn: 'Withdrawn: to invite the address again, use Invite a person',
  has_account: 'The address has an account now (here or in another office): withdraw this invitation',
} as const;
const EMAIL_WORDS = {
  waiting: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Could not be delivered',
} as const;

export function InvitationsTable({
  begin,
  settle,
  onError,
}: {
  /** Called as each change is asked for: the page clears what the last one said. */
  begin: () => void;
  settle: (message: string) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  const trpc = useTRPC();
  const invitations = useQuery(trpc.users.invitations.queryOptions());
  const emailSetUp = useEmailSetUp();
  const resend = useMutation(trpc.users.resendInvitation.mutationOptions({ onMutate: begin }));
  const revoke = useMutation(trpc.users.revokeInvitation.mutationOptions({ onMutate: begin }));
  const busy = resend.isPending || revoke.isPending;
  if (!invitations.data?.length) return null;
  return (
    <section aria-labelledby="invitations-heading" className="panel">
      <h2 id="invitations-heading">Invitations</h2>
      <ScrollRegion label="Invitations table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">E-mail sent</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.data.map((i) => (
              <tr key={i.id}>
                <th scope="row">{i.email}</th>
                <td>
                  {ROLE_LABELS[i.role]}
                  {i.canViewRapSheets && ', may see RAP sheets'}
                </td>
                <td>
                  {STATE_WORDS[i.state]}
                  {i.state === 'waiting' && ` (until ${formatInstant(i.expiresAt)})`}
                </td>
                <td>{i.emailDelivery ? EMAIL_WORDS[i.emailDelivery] : '—'}</td>
                <td className="inline-row">
                  {/* A withdrawn invitation is final (the address is invited anew), and one whose
                      address has an account now can only be withdrawn. */}
                  {(i.state === 'waiting' || i.state === 'expired') && (
                    <BusyButton
                      type="button"
                      className="button"
                      busy={busy}
                      onClick={() =>
                        resend.mutate(
                          { invitationId: i.id, version: i.version },
                          {
                            onSuccess: () =>
                              settle(
                                `The invitation to ${i.email} has a new link; the old one no longer works. ${emailOutcome('The e-mail with it', emailSetUp)}`,
                              ),
                            onError,
                          },
                        )
                      }
                    >
                      Send again <span className="visually-hidden">to {i.email}</span>
                    </BusyButton>
                  )}
                  {i.state !== 'withdrawn' && (
                    <BusyButton
                      type="button"
                      className="button"
                      busy={busy}
                      onClick={() =>
                        revoke.mutate(
                          { invitationId: i.id, version: i.version },
                          { onSuccess: () => settle(`The invitation to ${i.email} was withdrawn.`), onError },
                        )
                      }
                    >
                      Withdraw <span className="visually-hidden">the invitation to {i.email}</span>
                    </BusyButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
