// The partner API: organisations the office works with send referrals from their own systems.
// POST /api/v1/referrals takes a key an office administrator made (Authorization: Bearer <key>) and
// an Idempotency-Key header; GET /api/v1/openapi.json describes it, generated from the same schema.
import {
  AppError,
  PARTNER_CALLS_WITHOUT_KEY_PER_HOUR,
  type PartnerReferralAnswer,
  requestKeyFrom,
  submitPartnerReferral,
  UnreadableBody,
} from '@relief-desk/api';
import { PARTNER_REQUESTS_PER_MINUTE, type PartnerRefusalReason } from '@relief-desk/domain';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyLimitFor, referralJsonSchema } from './partner-schema.ts';
import type { ContextFor } from './route-support.ts';
import { sendRouteError, setRetryAfter } from './route-support.ts';

/**
 * The largest body the API reads: the largest referral the schema takes, every character of every
 * field at its longest written as JSON may write it (a \uXXXX escape, two for a character outside
 * the BMP, as Python's json.dumps writes non-ASCII), with room for a pretty-printer's spacing.
 * Worked out from the schema, so a referral within every field's limit is never refused as too large.
 */
export const PARTNER_BODY_LIMIT = bodyLimitFor(referralJsonSchema());

export function registerPartnerApi(app: FastifyInstance, contextFor: ContextFor): void {
  // Its own scope: the body is read, and a body that cannot be is refused, in a program's terms
  // rather than the web app's ("Reload the page").
  app.register(async (scope) => {
    readBodiesForPrograms(scope, contextFor);
    registerRoutes(scope, contextFor);
  });
}

/**
 * What a partner's program is told of a body the server cannot read: what is wrong with it (where the
 * JSON breaks, that it is empty or not JSON, that it is too large), not the web app's "Reload the page".
 * Such a call is answered as any other: its key checked, counted against it, and on record.
 */
function readBodiesForPrograms(scope: FastifyInstance, contextFor: ContextFor): void {
  const parseSafely = scope.getDefaultJsonParser('error', 'error');
  // What the parser refused, told apart from refusals of the hooks before it (too many calls…), with
  // the status that says it and the reason the audit log gives.
  const unreadable = new WeakMap<AppError, { status: number; reason: PartnerRefusalReason }>();
  const refused = (message: string, reason: PartnerRefusalReason, status = 400) => {
    const error = new AppError('BAD_INPUT', message);
    unreadable.set(error, { status, reason });
    return error;
  };
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Another character set is refused, not read as UTF-8: a name would be saved misspelt.
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8')
      return done(
        refused(
          `The body is declared as ${charset}: send JSON encoded in UTF-8, with the header Content-Type: application/json; charset=utf-8 (or no charset).`,
          'wrong_charset',
          415,
        ),
        undefined,
      );
    // Bytes that are not UTF-8 (Latin-1's ñ as F1) are refused rather than read as U+FFFD: the
    // referral would be saved with "Pe\uFFFDa" for a name.
    let text: string;
    try {
      text = typeof body === 'string' ? body : strictUtf8.decode(body);
    } catch {
      return done(
        refused(
          'The body is not UTF-8: send JSON encoded in UTF-8 (a name such as "Peña" as its UTF-8 bytes, or as "Pe\\u00f1a").',
          'not_utf8',
        ),
        undefined,
      );
    }
    if (text.trim() === '')
      return done(refused('The body is empty: send the referral as a JSON object.', 'empty_body'), undefined);
    parseSafely(request, text, (error, parsed) => {
      if (!error) return done(null, parsed);
      // The safe parser says only that it failed: JSON.parse says where (or the parser refused a
      // "__proto__" or "constructor" key, which no referral has).
      let where = 'it has a "__proto__" or "constructor.prototype" key, which the API does not take';
      try {
        JSON.parse(text);
      } catch (cause) {
        where = cause instanceof Error ? cause.message : String(cause);
      }
      done(refused(`The body is not valid JSON: ${where}.`, 'not_json'), undefined);
    });
  });
  const refuse = async (request: FastifyRequest, reply: FastifyReply, body: UnreadableBody) => {
    try {
      await submitPartnerReferral(contextFor(request, reply), {
        authorization: request.headers.authorization,
        idempotencyKey: requestKeyFrom(request.headers['idempotency-key']),
        body,
      });
    } catch (error) {
      const status = error === body.refusal ? body.status : undefined;
      return sendPartnerError(reply, request, error, status);
    }
    throw new Error('An unreadable body was answered as a referral.');
  };
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const how = unreadable.get(error);
      return how
        ? refuse(request, reply, new UnreadableBody(error, how.status, how.reason))
        : sendPartnerError(reply, request, error);
    }
    if (error.statusCode === 415)
      return refuse(
        request,
        reply,
        new UnreadableBody(
          new AppError('BAD_INPUT', 'Send the body as JSON, with the header Content-Type: application/json.'),
          415,
          'wrong_content_type',
        ),
      );
    if (error.statusCode === 413)
      return refuse(
        request,
        reply,
        new UnreadableBody(
          new AppError(
            'BAD_INPUT',
            `The body is larger than the ${Math.floor(PARTNER_BODY_LIMIT / 1024)} KB the API takes, more than the largest referral needs: send one referral a request.`,
          ),
          413,
          'body_too_large',
        ),
      );
    // Anything else as every other address answers it.
    throw error;
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The charset a Content-Type header names, in lower case, or null when it names none. */
export function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? (match[2] ?? '').toLowerCase() : null;
}

function registerRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.post('/api/v1/referrals', { bodyLimit: PARTNER_BODY_LIMIT }, async (request, reply) => {
    try {
      const { answer, replayed } = await submitPartnerReferral(contextFor(request, reply), {
        authorization: request.headers.authorization,
        idempotencyKey: requestKeyFrom(request.headers['idempotency-key']),
        body: request.body,
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(answer satisfies PartnerReferralAnswer);
    } catch (error) {
      return sendPartnerError(reply, request, error);
    }
  });

  let document: unknown = null;
  app.get('/api/v1/openapi.json', async (_request, reply) => {
    document ??= openApiDocument();
    return reply.type('application/json').send(document);
  });

  // Any other address or method under /api/v1/: told in the API's own shape ({error: {message,
  // appCode}}), which a partner's program reads for every refusal, not the web server's.
  const elsewhere = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = API_ROUTES[path];
    if (allowed) reply.header('allow', allowed);
    return reply.code(allowed ? 405 : 404).send({
      error: allowed
        ? {
            message: `${path} takes ${allowed} only, not ${request.method}.`,
            appCode: 'METHOD_NOT_ALLOWED',
          }
        : {
            message: `There is nothing at ${path}: the partner API has POST /api/v1/referrals and GET /api/v1/openapi.json (which describes it).`,
            appCode: 'NOT_FOUND',
          },
    });
  };
  app.all('/api/v1/*', elsewhere);
  // /api/v1 itself and other versions (/api/v2/referrals) are the API's addresses too: a program
  // that has the version wrong is told so in the API's shape, not the web app's.
  app.all('/api/v1', elsewhere);
  app.all(OTHER_VERSIONS, elsewhere);
  app.all(`${OTHER_VERSIONS}/*`, elsewhere);
}

/** /api/v2, /api/v3…: versions the API does not have (yet), answered as its other addresses are. */
const OTHER_VERSIONS = '/api/:version(^v\\d+$)';

/**
 * Whether a route (as registered) is one of the partner API's: not cookie-authenticated, so exempt
 * from the Origin check (edge.ts).
 */
export const isPartnerApiRoute = (routed: string): boolean =>
  routed === '/api/v1' || routed.startsWith('/api/v1/') || routed.startsWith(OTHER_VERSIONS);

/** The API's addresses and the method each takes. */
const API_ROUTES: Partial<Record<string, string>> = {
  '/api/v1/referrals': 'POST',
  '/api/v1/openapi.json': 'GET',
};

/** How long a partner's program waits before retrying a request whose key is still being processed. */
const IN_PROGRESS_RETRY_SECONDS = 2;

/** What a partner's system is told for refusals the API words for a person on a page. */
const FOR_PARTNERS: Partial<Record<string, string>> = {
  REQUEST_KEY_REUSED:
    'This Idempotency-Key was already used with a different body, so this referral was not recorded. Send a new referral with a new Idempotency-Key; reuse a key only to retry the same body.',
  REQUEST_IN_PROGRESS: `A request with this Idempotency-Key is still being processed. Retry after Retry-After seconds with the same Idempotency-Key and body: the referral is recorded once, and the retry gets its answer.`,
};

export function sendPartnerError(
  reply: FastifyReply,
  request: FastifyRequest,
  error: unknown,
  status?: number,
) {
  if (!(error instanceof AppError)) return sendRouteError(reply, request, error, 'Partner referral');
  if (error.appCode === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
  setRetryAfter(reply, error);
  // The first request with the key is still running: a program is told when to retry.
  if (error.appCode === 'REQUEST_IN_PROGRESS' && !error.retryAfterSeconds)
    reply.header('retry-after', String(IN_PROGRESS_RETRY_SECONDS));
  return reply.code(status ?? getHTTPStatusCodeFromError(error)).send({
    error: {
      message: FOR_PARTNERS[error.appCode] ?? error.message,
      appCode: error.appCode,
      ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
    },
  });
}

/** OpenAPI 3.1: the request body is the domain's schema (JSON Schema 2020-12), as partners send it. */
export function openApiDocument(): Record<string, unknown> {
  const referral = referralJsonSchema();
  const error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'appCode'],
        properties: {
          message: { type: 'string', description: 'Safe to show a person.' },
          appCode: { type: 'string', description: 'Stable: BAD_INPUT, UNAUTHENTICATED, RATE_LIMITED, …' },
          fieldErrors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
  const refusal = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relief Desk partner API',
      version: '1.0.0',
      description:
        'Send referrals to a public defender office that uses Relief Desk. The office gives you an API key; it works for that office only.',
    },
    servers: [{ url: '/' }],
    security: [{ partnerKey: [] }],
    paths: {
      '/api/v1/referrals': {
        post: {
          operationId: 'createReferral',
          summary: 'Refer a person to the office',
          description:
            'Opens one matter per county. A county the office does not serve is referred to the office that does. Send a new Idempotency-Key for each referral, and the same one when you retry it.',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description:
                '8 to 128 letters, digits, dots, colons, dashes or underscores, unique per referral (a UUID will do). Kept for at least 24 hours.',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Referral' } } },
          },
          responses: {
            '201': {
              description:
                'Received. A retry with the same key and body answers the same, with the header Idempotent-Replayed: true.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ReferralReceived' } } },
            },
            '400': refusal(
              'The body is not valid (see fieldErrors), is empty, is not JSON or not UTF-8, or the Idempotency-Key header is missing or not in the form it takes.',
            ),
            '401': refusal('No API key, or one that is not known or was revoked.'),
            '404': refusal('No such address under /api/v1/ (appCode NOT_FOUND).'),
            '405': refusal('The address takes another method (appCode METHOD_NOT_ALLOWED; see Allow).'),
            '409': refusal(
              'A request with this Idempotency-Key is still being processed: retry after Retry-After seconds with the same Idempotency-Key and body.',
            ),
            '413': refusal(
              `The body is larger than ${Math.floor(PARTNER_BODY_LIMIT / 1024)} KiB, more than the largest referral the schema takes (every character written as a \\u escape) needs.`,
            ),
            '415': refusal(
              'The body is not sent as JSON (Content-Type: application/json), or declares a charset other than utf-8.',
            ),
            '422': refusal('This Idempotency-Key was already used with a different body.'),
            '429': refusal(
              `More than ${PARTNER_REQUESTS_PER_MINUTE} requests this minute with this key, or more than ${PARTNER_CALLS_WITHOUT_KEY_PER_HOUR} this hour from one address without a live key: wait for Retry-After seconds.`,
            ),
            '503': refusal(
              'The office’s database could not take the request just then: retry after Retry-After seconds with the same Idempotency-Key.',
            ),
          },
        },
      },
    },
    components: {
      securitySchemes: { partnerKey: { type: 'http', scheme: 'bearer', description: 'rdp_…' } },
      schemas: {
        Referral: referral,
        ReferralReceived: {
          type: 'object',
          required: ['matters'],
          properties: {
            matters: {
              type: 'array',
              items: {
                type: 'object',
                required: ['reference', 'county', 'status', 'referredTo'],
                properties: {
                  reference: {
                    type: 'string',
                    description: 'The office’s matter reference, e.g. 2026-00042.',
                  },
                  county: { type: 'string' },
                  status: { type: 'string', enum: ['received', 'referred_out'] },
                  referredTo: {
                    type: ['string', 'null'],
                    description: 'The office serving that county, when it is another one.',
                  },
                },
              },
            },
          },
        },
        Error: error,
      },
    },
  };
}
