// Where a link e-mailed or texted to anyone points (a staff invitation, sign-in or password link, an
// applicant's status link), and the one-time token staff links end in. PUBLIC_ORIGIN when it is set.
// Otherwise the request's own origin, but for an anonymous request (a locked account's owner asking
// for a sign-in link, an online application, a request for a new status link) only when it is a
// loopback address: anyone can send a request with a Host header of their choosing, and a link built
// from it would carry the recipient's token to the requester's site. An administrator's request
// comes from their own browser, whose Host header they did not forge.
import { randomBytes } from 'node:crypto';
import type { Context } from '../../context.ts';
import { hashToken } from './sessions.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function linkOrigin(ctx: Context, requester: 'signed_in' | 'anonymous'): string | null {
  if (ctx.publicOrigin) return ctx.publicOrigin;
  if (!ctx.webOrigin) return null;
  const origin = new URL(ctx.webOrigin);
  if (requester === 'signed_in' || LOOPBACK.has(origin.hostname)) return origin.origin;
  return null;
}

/** A link to a page of the web app with the token in the fragment: never sent to a server or logged. */
export function tokenLink(origin: string, path: string, token: string): string {
  return `${origin}${path}#${token}`;
}

/**
 * A staff link's one-time token: 256 random bits, URL-safe (43 characters), for the link only; its
 * SHA-256 is what is kept, with when it runs out. Invitations, sign-in links and password resets.
 */
export function newLinkToken(now: Date, lifetimeMs: number) {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
  };
}
