import type { AppRouter } from '@relief-desk/api';
import { createTRPCClient, type Operation, retryLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { describe, expect, it } from 'vitest';
import { mutationRetries, requestKeyHeaders, requestKeyLink } from './requestKeys.ts';

type Answer = 'ok' | 'no answer' | 'still running' | 'database busy' | 'refused';

const APP_CODES: Record<Exclude<Answer, 'ok' | 'no answer'>, string> = {
  'still running': 'REQUEST_IN_PROGRESS',
  'database busy': 'UNAVAILABLE',
  refused: 'VERSION_CONFLICT',
};

/**
 * A client whose "server" answers from a script and notes the Idempotency-Key of every request, and
 * the wait the client chose before each retry (not waited, so the test runs at once). A busy
 * database's answer names a wait of 2 s, as the server's Retry-After does.
 */
function clientAnswering(script: Answer[]) {
  const sent: { path: string; key: string | undefined }[] = [];
  const waits: number[] = [];
  const server: TRPCLink<AppRouter> =
    () =>
    ({ op }: { op: Operation }) =>
      observable((observer) => {
        sent.push({ path: op.path, key: requestKeyHeaders({ op })['Idempotency-Key'] });
        const answer = script.shift() ?? 'ok';
        if (answer === 'ok') {
          observer.next({ result: { type: 'data', data: { ok: true } } });
          observer.complete();
        } else if (answer === 'no answer') observer.error(new TRPCClientError('Failed to fetch'));
        else
          observer.error(
            TRPCClientError.from(
              {
                error: {
                  code: -32009,
                  message: answer,
                  data: { appCode: APP_CODES[answer] },
                },
              },
              answer === 'database busy'
                ? { meta: { response: new Response(null, { status: 503, headers: { 'retry-after': '2' } }) } }
                : {},
            ),
          );
      });
  const retries = mutationRetries();
  const retryDelayMs = (attempt: number) => {
    waits.push(retries.retryDelayMs(attempt));
    return 0;
  };
  const client = createTRPCClient<AppRouter>({
    links: [requestKeyLink(), retryLink({ retry: retries.retry, retryDelayMs }), server],
  });
  return { client, sent, waits };
}

const note = (text: string) => ({ matterId: 'M1', text });

describe('request keys in the web client', () => {
  it('gives every mutation call a fresh key, and queries none', async () => {
    const { client, sent } = clientAnswering([]);
    await client.matters.addNote.mutate(note('One.'));
    await client.matters.addNote.mutate(note('One.'));
    await client.matters.calendar.query();
    expect(sent[0]?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent[1]?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
    expect(sent[2]?.key).toBeUndefined();
  });

  it('retries a mutation that got no answer (or was still running) with the same key', async () => {
    const { client, sent, waits } = clientAnswering(['no answer', 'still running', 'ok']);
    expect(await client.matters.addNote.mutate(note('Retried.'))).toEqual({ ok: true });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    // No wait named: half a second, then a second.
    expect(waits).toEqual([500, 1000]);
  });

  it('retries a mutation the database could not take just then, with the same key', async () => {
    const { client, sent, waits } = clientAnswering(['database busy', 'no answer', 'database busy', 'ok']);
    await expect(client.matters.addNote.mutate(note('Busy.'))).rejects.toThrow('database busy');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    // Each retry waits as long as the answer before it asked: Retry-After 2 s, or half a second and a
    // second when none was named.
    expect(waits).toEqual([2000, 1000]);
    // Pressed again with the same details: the same key, and this time it is saved.
    expect(await client.matters.addNote.mutate(note('Busy.'))).toEqual({ ok: true });
    expect(sent[3]?.key).toBe(sent[0]?.key);
  });

  it('reuses the key when the person presses again with the same details after no answer', async () => {
    const { client, sent } = clientAnswering(['no answer', 'no answer', 'no answer', 'ok', 'ok']);
    await expect(client.matters.addNote.mutate(note('Dropped.'))).rejects.toThrow('Failed to fetch');
    await client.matters.addNote.mutate(note('Dropped.'));
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    // Answered: the next press is a new action.
    await client.matters.addNote.mutate(note('Dropped.'));
    expect(sent[4]?.key).not.toBe(sent[3]?.key);
  });

  it('uses a new key after the server answered a refusal, and for different details', async () => {
    const { client, sent } = clientAnswering(['refused', 'no answer', 'no answer', 'no answer', 'ok']);
    await expect(client.matters.addNote.mutate(note('Refused.'))).rejects.toThrow('refused');
    await expect(client.matters.addNote.mutate(note('Refused.'))).rejects.toThrow('Failed to fetch');
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
    await client.matters.addNote.mutate(note('Something else.'));
    expect(sent[4]?.key).not.toBe(sent[1]?.key);
  });
});
