// Request keys: every mutation is sent with an Idempotency-Key made once per action, so sending it
// again cannot save twice (the server answers a key it has seen with the first answer). The key is
// kept when no answer came back (the connection dropped, the server restarted) or the server said
// the first request is still running or its database could not take the request just then: this
// client's own retries, and the person pressing the same button again with the same details, reuse it. Any other answer ends the key: the next press is a
// new action with a new key.
import type { AppRouter } from '@relief-desk/api';
import { type Operation, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

export const REQUEST_KEY_HEADER = 'Idempotency-Key';

/** Keys are honoured by the server for 24 hours; a tab reuses one for a retry for less than that. */
const REUSE_FOR_MS = 12 * 60 * 60 * 1000;

/** 128 random bits as hex (crypto.randomUUID needs HTTPS; this works over plain HTTP on a LAN too). */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The request never got an answer from the API: offline, refused, a proxy's error page. */
export function gotNoAnswer(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data === undefined;
}

/**
 * The server asked for the request again later: the first request with this key is still running
 * (409), or the database could not take it just then (503); the same key makes sending it again safe.
 */
export function sendAgainLater(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const appCode = (error.data as { appCode?: string } | undefined)?.appCode;
  return appCode === 'REQUEST_IN_PROGRESS' || appCode === 'UNAVAILABLE';
}

/** JSON with object keys in order: the same details give the same text. */
function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }) ?? 'null'
  );
}

/**
 * Gives each mutation its key in the operation's context (requestKeyHeaders sends it). Put it first,
 * before any retrying link, so every retry of one call carries the same key.
 */
export function requestKeyLink(): TRPCLink<AppRouter> {
  // Keys of calls that got no answer, by what they asked.
  const unanswered = new Map<string, { key: string; at: number }>();
  return () =>
    ({ op, next }) => {
      if (op.type !== 'mutation') return next(op);
      const asked = `${op.path}\n${canonicalJson(op.input)}`;
      const now = Date.now();
      for (const [signature, kept] of unanswered)
        if (now - kept.at > REUSE_FOR_MS) unanswered.delete(signature);
      const key = unanswered.get(asked)?.key ?? newRequestKey();
      return observable((observer) => {
        const subscription = next({ ...op, context: { ...op.context, requestKey: key } }).subscribe({
          next(value) {
            unanswered.delete(asked);
            observer.next(value);
          },
          error(error) {
            if (gotNoAnswer(error) || sendAgainLater(error)) unanswered.set(asked, { key, at: Date.now() });
            else unanswered.delete(asked);
            observer.error(error);
          },
          complete() {
            observer.complete();
          },
        });
        return () => subscription.unsubscribe();
      });
    };
}

/** Keys of requests sent without tRPC (uploads) that got no answer, by action. */
const unansweredActions = new Map<string, string>();

/** The key for a request sent without tRPC: the same action, after no answer, gets the same key. */
export function requestKeyFor(action: string): string {
  const key = unansweredActions.get(action) ?? newRequestKey();
  unansweredActions.set(action, key);
  return key;
}

/** The server answered the action (anything but "still running" or "busy"): its next request is a new one. */
export function requestAnswered(action: string): void {
  unansweredActions.delete(action);
}

/** The header for httpLink's headers option. */
export function requestKeyHeaders({ op }: { op: Operation }): Record<string, string> {
  const key = op.context.requestKey;
  return typeof key === 'string' ? { [REQUEST_KEY_HEADER]: key } : {};
}

/** The wait the answer asked for before sending again (its Retry-After, in seconds) in ms, at most 30 s; or null. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const response = (error.meta as { response?: Response } | undefined)?.response;
  const header = response?.headers?.get('retry-after');
  // The server sends seconds; an HTTP date, or nothing, leaves the wait to the client.
  const seconds = header ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 30) * 1000 : null;
}

/**
 * retryLink's options for mutations: a mutation is sent again (with its key) when no answer came, or
 * the server asked for it later, twice at most; after the wait the server named (Retry-After: a busy
 * database asks for 2 s), or else 0.5 s and then 1 s.
 */
export function mutationRetries() {
  // retryLink asks `retry` with the error and then, at once, `retryDelayMs` with the attempt alone:
  // the wait the error named is handed from the one to the other.
  let named: number | null = null;
  return {
    retry({ op, error, attempts }: { op: Operation; error: unknown; attempts: number }): boolean {
      const again = op.type === 'mutation' && attempts < 3 && (gotNoAnswer(error) || sendAgainLater(error));
      named = again ? retryAfterMs(error) : null;
      return again;
    },
    retryDelayMs(attempt: number): number {
      const wait = named ?? 500 * attempt;
      named = null;
      return wait;
    },
  };
}
