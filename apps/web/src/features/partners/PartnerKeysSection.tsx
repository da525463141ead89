// Partner API keys: an administrator makes one per partner organisation that sends referrals from
// its own system (POST /api/v1/referrals). The key is shown once, right after it is made; the office
// keeps only a hash. A key can be revoked at once, for instance when a partner's system is replaced;
// the revoke names the version of the key this page shows, so one from a stale page is refused.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';

const when = (iso: string | null) => (iso ? formatInstant(iso) : 'Never');

export function PartnerKeysSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.partnerKeys.list.queryOptions());
  const [name, setName] = useState('');
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.partnerKeys.list.queryKey() });

  const create = useMutation(
    trpc.partnerKeys.create.mutationOptions({
      onSuccess: async (result) => {
        setMade({ name: result.name, key: result.key });
        setMessage(null);
        setName('');
        await refresh();
      },
      onError: (error) => setMessage({ tone: 'error', text: describeError(error).message }),
    }),
  );
  const revoke = useMutation(
    trpc.partnerKeys.revoke.mutationOptions({
      // The list first, then the word: "Revoked" never shows beside a row that still offers Revoke.
      onSuccess: async () => {
        await refresh();
        setMessage({ tone: 'success', text: 'Revoked: the key no longer works.' });
      },
      // Revoked meanwhile, say: the list shows the key as it is now.
      onError: async (error) => {
        setMessage({ tone: 'error', text: describeError(error).message });
        await refresh();
      },
    }),
  );

  return (
    <section aria-labelledby="partner-keys-heading" className="panel">
      <h2 id="partner-keys-heading">Partner API keys</h2>
      <p className="small">
        A partner organisation’s system can send referrals straight to this office with a key made here.
        Referrals it sends appear in the queue like those staff record. The key is shown only once.
      </p>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {made && (
        <Alert tone="success">
          Key for {made.name}, shown only this once. Copy it now and give it to the partner securely:{' '}
          <code style={{ overflowWrap: 'anywhere' }}>{made.key}</code>
        </Alert>
      )}
      <form
        className="inline-row"
        onSubmit={(event) => {
          event.preventDefault();
          setMade(null);
          create.mutate({ name });
        }}
      >
        <TextField
          label="Partner organisation"
          value={name}
          maxLength={200}
          required
          onChange={(event) => setName(event.target.value)}
        />
        <BusyButton type="submit" className="button" busy={create.isPending}>
          Make a key
        </BusyButton>
      </form>
      {keys.error && <Alert tone="error">{describeError(keys.error).message}</Alert>}
      {keys.data && keys.data.length > 0 && (
        <ScrollRegion label="Partner keys table">
          <table className="data-table">
            <caption className="visually-hidden">The office’s partner API keys</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                <th scope="col">Key begins</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>
                    {when(k.createdAt)} by {k.createdBy}
                  </td>
                  <td>
                    {when(k.lastUsedAt)}
                    {/* A live integration whose calls fail is not an unused key. */}
                    {k.lastCallRefused && <span className="small"> (refused: the audit log says why)</span>}
                  </td>
                  <td>
                    {k.revokedAt ? (
                      `Revoked ${when(k.revokedAt)}`
                    ) : (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={revoke.isPending}
                        onClick={() => {
                          if (
                            window.confirm(
                              `Revoke the key for ${k.name}? Their system can no longer send referrals.`,
                            )
                          )
                            revoke.mutate({ keyId: k.id, version: k.version });
                        }}
                      >
                        Revoke <span className="visually-hidden">the key for {k.name}</span>
                      </BusyButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
