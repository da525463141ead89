// The tRPC API under /trpc: each request handed to tRPC's fetch handler, its answer sent in one piece.
import { appRouter, type Context } from '@relief-desk/api';
import { longestRapAcceptBody } from '@relief-desk/domain';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptOnlyJson } from './edge.ts';
import { refuseBatchedSignIn, retryAfter } from './sign-in.ts';
import { answerQueries } from './trpc-queries.ts';

const TRPC_PREFIX = '/trpc';

/**
 * The server's 1 MiB, or the longest body a procedure is sent if longer: a RAP sheet review saved
 * with every proposal one import may make, each edited to the longest its form takes (about 1.8 MiB).
 * Any import that reaches review can then be saved.
 */
export const TRPC_BODY_LIMIT = Math.max(1024 * 1024, Math.ceil(longestRapAcceptBody() / 1024) * 1024);

/** tRPC reads the path and the query of the address it is given, never its host. */
const ADDRESS_BASE = 'http://relief-desk.invalid';

/** The address tRPC reads: the routed procedure path (tRPC decodes it once) and the query as sent. */
function addressFor(path: string, sent: string): URL {
  const query = sent.indexOf('?');
  return new URL(
    `${TRPC_PREFIX}/${encodeURIComponent(path)}${query === -1 ? '' : sent.slice(query)}`,
    ADDRESS_BASE,
  );
}

/**
 * Registers /trpc/:path (a batch names its procedures in the one parameter, "a,b,c").
 *
 * The request given to tRPC carries no abort signal. In Node 20 a Request made to follow a signal
 * (as tRPC's own Fastify adapter made it) is tied to it through weak references, which only a full
 * garbage collection clears, so every answer's request and what hangs from it outlived the young
 * generation and piled up in the old one (measured in docs/queue-benchmark.md, "The server's memory
 * between full collections"). tRPC still joins the request's own signal with `AbortSignal.any`, which
 * does the same on a smaller scale.
 * Nothing the web app asks for streams and there are no subscriptions, so a client that goes away
 * leaves nothing running to stop; an answer streamed on request (JSON lines) ends with its request.
 *
 * tRPC is given the procedure path fastify routed, cleaned and logs (`params.path`), not the address
 * as sent: "/%74rpc/auth.me" is routed here as "/trpc/auth.me", and tRPC must read the same path.
 *
 * Queries sent with GET are answered by calling them directly (trpc-queries.ts), as the handler would
 * answer them; `direct: false` leaves every request to the handler, the reference the direct answers
 * are tested against.
 */
export async function registerTrpcRoute(
  app: FastifyInstance,
  contextFor: (request: FastifyRequest, reply: FastifyReply) => Context,
  { direct = true }: { direct?: boolean } = {},
): Promise<void> {
  await app.register(async (scope) => {
    acceptOnlyJson(scope);
    // tRPC reads the body itself: it arrives as text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.all<{ Params: { path: string } }>(
      `${TRPC_PREFIX}/:path`,
      { bodyLimit: TRPC_BODY_LIMIT },
      async (request, reply) => {
        const createContext = (info: TRPCRequestInfo) => {
          refuseBatchedSignIn(info);
          return contextFor(request, reply);
        };
        if (direct && request.method === 'GET') {
          const at = request.url.indexOf('?');
          const answer = await answerQueries(
            request.params.path,
            at === -1 ? '' : request.url.slice(at + 1),
            request.headers,
            { createContext, responseMeta: retryAfter },
          );
          if (answer) {
            reply.code(answer.status);
            for (const [name, value] of answer.headers) reply.header(name, value);
            return answer.body;
          }
        }
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) {
          if (Array.isArray(value)) for (const each of value) headers.append(name, each);
          else if (value !== undefined) headers.append(name, value);
        }
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const answer = await fetchRequestHandler({
          endpoint: TRPC_PREFIX,
          req: new Request(addressFor(request.params.path, request.url), {
            method: request.method,
            headers,
            body: hasBody ? ((request.body as string | undefined) ?? '') : undefined,
          }),
          router: appRouter,
          createContext: ({ info }) => createContext(info),
          responseMeta: retryAfter,
        });
        reply.code(answer.status);
        for (const [name, value] of answer.headers) reply.header(name, value);
        const type = answer.headers.get('content-type') ?? '';
        // A streamed answer (JSON lines, asked for with trpc-accept) goes on as a stream.
        if (!type.startsWith('application/json') || answer.headers.has('transfer-encoding'))
          return answer.body;
        // One JSON text, as bytes: compressed in one call and sent in one write with its length.
        return Buffer.from(await answer.arrayBuffer());
      },
    );
  });
}
