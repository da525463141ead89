// The HTTP face of Relief Desk: the tRPC API under /trpc, the staff web app, and security headers.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import {
  type Clock,
  type Context,
  diskFileStore,
  REQUEST_KEY_HEADER,
  requestKeyFrom,
} from '@relief-desk/api';
import type { AppDatabase } from '@relief-desk/db';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Config } from '../config.ts';
import { registerLetterRoutes } from '../outbox/letter-routes.ts';
import { isPublicPagePath, refusePublicRequest, registerPublicPages } from '../public/routes.ts';
import {
  answerMalformedRequests,
  cleanAddressParams,
  MAX_PATH_LENGTH,
  ownOrigin,
  recordRoutes,
  refuseAddress,
  refuseForgedRequests,
  refuseLongPaths,
  routedAddress,
  trustedProxies,
} from './edge.ts';
import { registerExportRoutes } from './export.ts';
import { registerFileRoutes, UPLOAD_ROUTE, UPLOAD_TOO_LARGE } from './files.ts';
import { registerFilingRoutes } from './filing-routes.ts';
import { identifyUser, registerLifecycle } from './lifecycle.ts';
import { registerPartnerApi } from './partner-api.ts';
import { registerTrpcRoute } from './trpc-route.ts';
import { registerCompression, registerWebApp } from './web-app.ts';

export const SESSION_COOKIE = 'rd_session';

const SECURITY_HEADERS = {
  // No inline styles or scripts. React and the charts set styles through the DOM (element.style),
  // which CSP does not govern; the built app's CSS is a file.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

export async function buildServer(options: {
  config: Config;
  database: AppDatabase;
  clock: Clock;
  /** False: tRPC's handler answers every request, queries too (the reference trpc-queries.ts is tested against). */
  trpcDirect?: boolean;
}): Promise<FastifyInstance> {
  const { config, database, clock } = options;
  const publicPage = { owns: isPublicPagePath, refuse: refusePublicRequest };
  // Every answer's headers: from the onSend hook, and for the router's own refusals, which skip hooks.
  // People open the desk over HTTPS: said by the request (TLS here, or a trusted proxy's header), by
  // COOKIE_SECURE, or by an https PUBLIC_ORIGIN (the address people open, when the server cannot tell)
  // for requests to that address's host; the same server opened by another address over plain HTTP
  // (http://10.0.0.5:3000 inside the office) keeps a cookie the browser will send back.
  const httpsHost = config.PUBLIC_ORIGIN?.startsWith('https:') ? new URL(config.PUBLIC_ORIGIN).host : null;
  const servedOverHttps = (request: FastifyRequest) =>
    config.COOKIE_SECURE ||
    request.protocol === 'https' ||
    (httpsHost !== null && request.host === httpsHost);
  const withSecurityHeaders = (request: FastifyRequest, reply: FastifyReply) => {
    // A public form page asks for same-origin: browsers then send its Origin with the form's post.
    const formPage = reply.getHeader('referrer-policy') === 'same-origin';
    reply.headers(SECURITY_HEADERS);
    if (formPage) reply.header('referrer-policy', 'same-origin');
    // Browsers remember to use HTTPS only from an HTTPS answer; behind a TLS proxy COOKIE_SECURE or an
    // https PUBLIC_ORIGIN says so.
    if (servedOverHttps(request))
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const address = routedAddress(request);
    if (address.startsWith('/trpc') || address.startsWith('/api/')) reply.header('cache-control', 'no-store');
  };
  const app = Fastify({
    trustProxy: trustedProxies(config.TRUST_PROXY),
    // The router's own refusals of an address (a parameter too long, a malformed one) before any hook:
    // answered as the long-path hook answers, a page on the public pages' addresses. It goes out
    // without the onSend hook, so it sets the security headers itself.
    frameworkErrors: (error, request, reply) => {
      withSecurityHeaders(request, reply);
      void refuseAddress(request, reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400, publicPage);
    },
    bodyLimit: 1024 * 1024,
    // A tRPC batch names its procedures in one path parameter ("a,b,c"): fastify's router turns a
    // parameter longer than 100 characters into 404. Long paths are refused before routing (414).
    routerOptions: { maxParamLength: MAX_PATH_LENGTH },
    // fastify's own request lines carry the address as sent (a query string may hold a name): the
    // lifecycle writes one line per request instead, with the route's pattern.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });

  recordRoutes(app);
  // First: every request is counted (for a graceful stop) and logged, whatever answers it.
  registerLifecycle(app, {
    db: database.db,
    folders: [
      ...(database.dialect === 'sqlite' ? [dirname(config.databaseUrl)] : []),
      config.filesDir,
      config.backupDir,
    ],
    databaseReplaced: database.fileReplaced,
  });
  answerMalformedRequests(app, {
    tooLargeMessage: (request) => (request.routeOptions.url === UPLOAD_ROUTE ? UPLOAD_TOO_LARGE : null),
  });
  refuseLongPaths(app, publicPage);
  cleanAddressParams(app);
  // Only JSON bodies outside the tRPC and upload scopes, which set their own: no form posts.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (request, reply) => withSecurityHeaders(request, reply));

  // Before any route: it compresses the responses of the routes registered after it.
  await registerCompression(app);
  await app.register(fastifyCookie);
  // After the cookie plugin: a refusal names the person whose session cookie came with it.
  refuseForgedRequests(app, {
    db: database.db,
    clock,
    publicOrigin: config.PUBLIC_ORIGIN,
    sessionCookie: SESSION_COOKIE,
    publicPage,
  });

  const files = diskFileStore(config.filesDir);
  const contextFor = (req: FastifyRequest, res: FastifyReply): Context => {
    const secure = servedOverHttps(req);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure } as const;
    return {
      db: database.db,
      dialect: database.dialect,
      clock,
      files,
      log: {
        error: (message, detail) => req.log.error({ err: detail }, message),
        user: (userId) => identifyUser(req, userId),
      },
      ip: req.ip,
      maxSessionsPerUser: config.MAX_SESSIONS_PER_USER,
      sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
      webOrigin: config.PUBLIC_ORIGIN ?? ownOrigin(req),
      publicOrigin: config.PUBLIC_ORIGIN ?? null,
      userAgent: req.headers['user-agent'] ?? '',
      sessionToken: req.cookies[SESSION_COOKIE] ?? null,
      requestKey: requestKeyFrom(req.headers[REQUEST_KEY_HEADER]),
      cookies: {
        // No Expires or Max-Age: the cookie ends with the browser. The session's idle and absolute
        // limits are kept on the server, whatever the browser does.
        set: (token) => {
          res.setCookie(SESSION_COOKIE, token, cookieOptions);
        },
        clear: () => {
          res.clearCookie(SESSION_COOKIE, cookieOptions);
        },
      },
    };
  };

  await registerTrpcRoute(app, contextFor, { direct: options.trpcDirect ?? true });
  await registerFileRoutes(app, contextFor);
  registerExportRoutes(app, contextFor);
  registerLetterRoutes(app, contextFor);
  registerFilingRoutes(app, contextFor);
  registerPartnerApi(app, contextFor);
  registerPublicPages(app, contextFor);

  if (!(await registerWebApp(app, config.WEB_DIST_DIR)))
    app.log.warn(`No built web app at ${config.WEB_DIST_DIR}: run "pnpm --filter @relief-desk/web build".`);

  return app;
}
