// The edge every request crosses before a route runs: forged cross-site requests are refused, each
// route takes only the body types it reads, and a malformed request is answered 4xx in the API's words
// (never 500). The route table is recorded as routes are added, so tests can cover every route.
import { auditRefusedRequest, type Clock } from '@relief-desk/api';
import type { Db } from '@relief-desk/db';
import { cleanSingleLine } from '@relief-desk/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPartnerApiRoute } from './partner-api.ts';
import { sendRouteError } from './route-support.ts';

/**
 * The partner API (partner-api.ts) is not cookie-authenticated: a partner's
 * server sends its key in the Authorization header, which a browser never adds to a request another
 * site makes, and the routes never read the session cookie. There is nothing to forge, and partners'
 * servers send no Origin, so these routes are exempt from the Origin check. Matched on the route
 * that will answer, not on the address as sent (isPartnerApiRoute: /api/v1 and other versions too).
 */

/** Methods that must not change anything, and are let through without an Origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a browser says in Sec-Fetch-Site of a request another site started, a sibling subdomain
 * included. 'same-origin' is our own pages; 'none' an address typed, bookmarked or opened from an
 * e-mail; no header at all a client that is not a browser (curl, scripts), which sends no one's cookie.
 */
const FROM_ANOTHER_SITE = new Set(['cross-site', 'same-site']);

/**
 * The staff's data behind the session cookie: the tRPC API and the staff routes under /api (files,
 * exports, letters, filing runs), not the partner API (a key's, server to server). Matched on the
 * route that will answer, as the Origin check is. The public pages (/apply, /status) and the web
 * app's own pages are not among them: a link to them from anywhere must open.
 */
const isStaffData = (routed: string) =>
  routed.startsWith('/trpc/') || (routed.startsWith('/api/') && !isPartnerApiRoute(routed));

/** scheme://host[:port] as a browser writes it in Origin (default ports dropped), or null. */
export function normalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * TRUST_PROXY as fastify's trustProxy. A count trusts that many hops from the server: the peer and the
 * right-most entries of X-Forwarded-For, which the proxies appended, so the address counted is the one
 * the outermost trusted proxy saw, never one the client wrote further left. (fastify's own `true`
 * trusts every entry, the left-most too; its number form trusts none.) A list trusts the peer, and
 * each entry from the right, only while it is one of the proxies'. fastify reads X-Forwarded-Proto and
 * -Host only from a peer the same rule trusts at hop 0.
 */
export function trustedProxies(setting: false | number | readonly string[]) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting === false ? false : [...setting];
}

/** The request's own origin, as the browser saw it: X-Forwarded-Proto/Host count only from a trusted proxy. */
export function ownOrigin(request: FastifyRequest): string | null {
  return request.host ? normalOrigin(`${request.protocol}://${request.host}`) : null;
}

function sendEdgeError(reply: FastifyReply, status: number, appCode: string, message: string) {
  return reply.code(status).send({ error: { message, appCode } });
}

/**
 * A request that could change something (any method but GET, HEAD and OPTIONS) must say it comes
 * from this site: an Origin equal to the request's own origin or the configured public one, or, from
 * a browser that sends no Origin, Sec-Fetch-Site: same-origin. Anything else is refused with 403 and
 * put on record, naming the person whose session cookie came with it.
 *
 * A read is refused too when it carries a session cookie to the staff's data and the browser says
 * another site started it: the cookie is SameSite=Lax, so a link or a redirect on another site (a
 * top-level navigation) sends it, and a read there is not harmless: it is on the audit log and the
 * client's disclosure report as the person's own (an outcome previewed, a CSV exported).
 */
export function refuseForgedRequests(
  app: FastifyInstance,
  options: {
    db: Db;
    clock: Clock;
    publicOrigin: string | undefined;
    sessionCookie: string;
    publicPage: PublicPageRefusal;
  },
): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    if (SAFE_METHODS.has(request.method)) {
      const signedIn = request.cookies[options.sessionCookie] !== undefined;
      if (
        !signedIn ||
        typeof fetchSite !== 'string' ||
        !FROM_ANOTHER_SITE.has(fetchSite) ||
        !isStaffData(request.routeOptions.url ?? '')
      )
        return;
    } else {
      if (isPartnerApiRoute(request.routeOptions.url ?? '')) return;
      if (origin !== undefined) {
        const given = normalOrigin(origin);
        if (given !== null && (given === ownOrigin(request) || given === options.publicOrigin)) return;
      } else if (fetchSite === 'same-origin') {
        return;
      }
    }
    await auditRefusedRequest(
      options.db,
      options.clock,
      { ip: request.ip, sessionToken: request.cookies[options.sessionCookie] ?? null },
      {
        action: 'http.crossOriginRefused',
        method: request.method,
        path: request.url.split('?')[0] ?? '',
        origin: origin ?? null,
        fetchSite: typeof fetchSite === 'string' ? fetchSite : null,
      },
    );
    // The public pages' forms are answered with a page, in the person's language; the rest, the API's JSON.
    if (options.publicPage.owns(pathOf(request.url))) await options.publicPage.refuse(request, reply, 403);
    else
      sendEdgeError(
        reply,
        403,
        'FORBIDDEN',
        SAFE_METHODS.has(request.method)
          ? 'This address was opened from another website, so it was refused: Relief Desk’s records open only from its own pages. Open Relief Desk and go to it from there.'
          : 'This request did not come from Relief Desk’s own pages, so it was refused. Open Relief Desk and try again from there.',
      );
    return reply;
  });
}

/** Longer than any address of the app; the query string (tRPC's batched inputs) is not counted. */
export const MAX_PATH_LENGTH = 1_024;

/** The public pages' own way to refuse a request no route saw: a page in the person's language. */
export interface PublicPageRefusal {
  owns(path: string): boolean;
  refuse(request: FastifyRequest, reply: FastifyReply, status: number): unknown;
}

const pathOf = (url: string) => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/** A refusal of the address itself: a page for the public pages' addresses, the API's JSON for the rest. */
export async function refuseAddress(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 400 | 414,
  publicPage: PublicPageRefusal,
): Promise<FastifyReply> {
  if (publicPage.owns(pathOf(request.url))) await publicPage.refuse(request, reply, status);
  else sendEdgeError(reply, status, 'BAD_INPUT', STATUS_MESSAGES[status] ?? '');
  return reply;
}

/**
 * An address longer than any the app has is answered 414 before a route, or the file server, looks at
 * it (a parameter longer than the router takes is refused by the router itself: `frameworkErrors` in
 * app.ts answers it the same way).
 */
export function refuseLongPaths(app: FastifyInstance, publicPage: PublicPageRefusal): void {
  app.addHook('onRequest', async (request, reply) => {
    if (pathOf(request.url).length <= MAX_PATH_LENGTH) return;
    return refuseAddress(request, reply, 414, publicPage);
  });
}

/**
 * The ids in an address (/api/files/:fileId, …) are cleaned by the rule every text input follows, then
 * checked by their route against the shared schema of record ids (route-support.ts): one that is not
 * an id once cleaned is refused 400 instead of reaching the database (PostgreSQL refuses NUL with an
 * error that answered 500).
 */
export function cleanAddressParams(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | null;
    if (!params || typeof params !== 'object') return;
    for (const [name, value] of Object.entries(params))
      if (typeof value === 'string') params[name] = cleanSingleLine(value);
  });
}

/**
 * The address a request was routed as: the route's pattern where one matched, else the address as
 * sent. "/%74rpc/auth.me" is routed as "/trpc/:path", so it is an API request like "/trpc/auth.me".
 */
export function routedAddress(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url;
}

/** The media type of a request's body, lower-cased without parameters; null when it has none. */
export function mediaTypeOf(request: FastifyRequest): string | null {
  const header = request.headers['content-type'];
  if (typeof header !== 'string') return null;
  return header.split(';')[0]?.trim().toLowerCase() || null;
}

/**
 * tRPC answers GET (queries) and POST (mutations), and reads JSON only: any other method is answered
 * 405, and a form post (urlencoded, multipart, text/plain) or any other body 415, before it is read.
 */
export function acceptOnlyJson(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (request.method !== 'POST') {
      sendEdgeError(reply, 405, 'BAD_INPUT', STATUS_MESSAGES[405] ?? '');
      return reply;
    }
    if (mediaTypeOf(request) === 'application/json') return;
    sendEdgeError(reply, 415, 'BAD_INPUT', 'Send the request as JSON (Content-Type: application/json).');
    return reply;
  });
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request could not be read. Reload the page and try again.',
  403: 'That cannot be opened.',
  404: 'There is nothing at this address.',
  405: 'This address does not take that kind of request.',
  413: 'The request is larger than the server takes.',
  414: 'The address is too long.',
  415: 'This kind of content is not accepted here.',
};

/**
 * Errors no route caught: fastify's own refusals (a body that is not JSON, too large, of a type the
 * route does not take, a bad address) keep their 4xx status with a readable message; anything else is
 * logged and answered 500.
 */
export function answerMalformedRequests(
  app: FastifyInstance,
  options: { tooLargeMessage: (request: FastifyRequest) => string | null },
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendEdgeError(
        reply,
        413,
        'BAD_INPUT',
        options.tooLargeMessage(request) ?? STATUS_MESSAGES[413] ?? '',
      );
    }
    if (status >= 400 && status < 500) {
      const appCode =
        status === 404
          ? 'NOT_FOUND'
          : status === 401
            ? 'UNAUTHENTICATED'
            : status === 403
              ? 'FORBIDDEN'
              : 'BAD_INPUT';
      return sendEdgeError(reply, status, appCode, STATUS_MESSAGES[status] ?? STATUS_MESSAGES[400] ?? '');
    }
    return sendRouteError(reply, request, error, 'Request');
  });
}

export interface RouteEntry {
  method: string;
  url: string;
  /** What a signed-in person's use of it is on record as, where the route is registered with one. */
  onRecordAs?: string;
}

const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Records every route as it is added (call before any is): what routesOf(app) lists. */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    const onRecordAs = route.config?.onRecordAs;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, onRecordAs });
  });
}

/** Every method and address the server answers, as registered (parameters as :name, wildcards as *). */
export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  return routeTables.get(app) ?? [];
}
