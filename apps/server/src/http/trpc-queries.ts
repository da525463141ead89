// Queries sent with GET, alone or batched (the web app batches up to three), answered by calling their
// procedures directly: the answer tRPC's fetch handler gives, byte for byte (trpc-queries.int.test.ts
// compares the two over every query of the router), without the web Request, Headers, URL, Response,
// abort signals and body stream the handler makes for each request. Those cost about a third of a
// first page's server CPU (docs/queue-benchmark.md, "Queries answered directly"). Anything else goes to
// the handler as before: mutations, HEAD, streamed answers (trpc-accept, JSON lines), connection
// parameters, a path that names no query, input that is not JSON, a content type other than JSON.
import { appRouter, type Context } from '@relief-desk/api';
import type { AnyTRPCProcedure, TRPCError } from '@trpc/server';
import { getHTTPStatusCode, type ResponseMeta, type TRPCRequestInfo } from '@trpc/server/http';
import {
  getErrorShape,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  TRPCError as TRPCErrorClass,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';

/** What the handler is given besides the request (trpc-route.ts): the same for both ways. */
export interface QueryAnswerOptions {
  createContext: (info: TRPCRequestInfo) => Context;
  responseMeta: (meta: { errors: TRPCError[] }) => ResponseMeta;
}

/** The answer to send: status, headers and the JSON text as bytes. */
export interface DirectAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Characters the URL parser removes, trims or ends the query at: the handler reads such a query. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const UNREAD_AS_SENT = /[\u0000-\u0020#]/;

/** A Content-Type's media type, lower-cased, without its parameters. */
const mediaType = (header: string) => (header.split(';')[0] ?? '').trim().toLowerCase();

/** No request is ever cancelled mid-way (trpc-route.ts says why): one signal that never aborts. */
const NEVER_ABORTED = new AbortController().signal;

const config = appRouter._def._config;

type Call = TRPCRequestInfo['calls'][number] & { procedure: AnyTRPCProcedure };

/** Returned data tRPC would stream, which a plain answer refuses (tRPC's own test, isDataStream). */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some((v) => isPromise(v) || isAsyncIterable(v));
}

const streamRefused = () =>
  new TRPCErrorClass({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });

/**
 * The calls a GET names, with their input, or null when the request is not one answered here: the
 * handler then answers (or refuses) it as it always did.
 */
async function queryCalls(
  path: string,
  search: URLSearchParams,
): Promise<{ isBatchCall: boolean; calls: Call[] } | null> {
  if (search.has('connectionParams')) return null;
  const isBatchCall = search.get('batch') === '1';
  const paths = isBatchCall ? path.split(',') : [path];
  const procedures: AnyTRPCProcedure[] = [];
  for (const each of paths) {
    const procedure = (await getProcedureAtPath(appRouter, each)) as AnyTRPCProcedure | null;
    if (procedure?._def.type !== 'query') return null;
    procedures.push(procedure);
  }
  let sent: unknown;
  const text = search.get('input');
  if (text) {
    try {
      sent = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (isBatchCall && sent !== undefined && !isObject(sent)) return null;
  const deserialize = (value: unknown) => config.transformer.input.deserialize(value);
  const inputs = procedures.map((_, index) => {
    if (sent === undefined) return undefined;
    if (!isBatchCall) return deserialize(sent);
    const input = (sent as Record<number, unknown>)[index];
    return input === undefined ? undefined : deserialize(input);
  });
  const calls = procedures.map((procedure, batchIndex) => {
    const input = inputs[batchIndex];
    return {
      batchIndex,
      path: paths[batchIndex] ?? '',
      procedure,
      getRawInput: async () => input,
      result: () => input,
    };
  });
  return { isBatchCall, calls };
}

/**
 * The answer to a GET of queries, or null for the handler to answer. `query` is the address's query
 * string as sent (without "?"); `headers` the request's.
 */
export async function answerQueries(
  path: string,
  query: string,
  headers: Record<string, string | string[] | undefined>,
  options: QueryAnswerOptions,
): Promise<DirectAnswer | null> {
  // What the handler would read differently: a streamed answer, a content type other than JSON
  // (the handler reads some with parsers of their own), and a query its URL parser would change: a
  // "#" (the end of the query), a second "?" at its start (a key named "?input"), tabs, line breaks,
  // spaces and other control characters (removed or trimmed). The handler answers those as before.
  if (headers['trpc-accept'] !== undefined) return null;
  const accept = headers.accept;
  if (typeof accept === 'string' ? accept.includes('application/jsonl') : accept !== undefined) return null;
  const type = headers['content-type'];
  if (type !== undefined && (typeof type !== 'string' || mediaType(type) !== 'application/json')) return null;
  if (query.startsWith('?') || UNREAD_AS_SENT.test(query)) return null;
  const named = await queryCalls(path, new URLSearchParams(query));
  if (!named) return null;
  const { isBatchCall, calls } = named;
  const info: TRPCRequestInfo = {
    isBatchCall,
    accept: null,
    calls,
    type: 'query',
    connectionParams: null,
    signal: NEVER_ABORTED,
    url: null,
  };

  let ctx: Context | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = options.createContext(info);
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  // Every call runs at once, as the handler runs them; a context that failed fails each.
  const results = await Promise.all(
    calls.map(async (call): Promise<{ error: TRPCError } | { data: unknown }> => {
      try {
        if (ctxError) throw ctxError;
        const data: unknown = await call.procedure({
          path: call.path,
          getRawInput: call.getRawInput,
          ctx,
          type: 'query',
          signal: NEVER_ABORTED,
          batchIndex: call.batchIndex,
        });
        if (isBatchCall && isDataStream(data)) return { error: streamRefused() };
        return { data };
      } catch (cause) {
        return { error: getTRPCErrorFromUnknown(cause) };
      }
    }),
  );

  const shapeOf = (error: TRPCError, call: Call | undefined) =>
    getErrorShape({ config, ctx, error, input: call?.result(), path: call?.path, type: 'query' });
  const first = results[0];
  // One call's data that would stream: the handler refuses the whole answer, naming no call.
  if (!isBatchCall && first && 'data' in first && isDataStream(first.data)) {
    const error = streamRefused();
    const refusal = { error: shapeOf(error, undefined) };
    return answerOf(refusal, refusal, [error], options);
  }
  const answers = results.map((result, index) =>
    'error' in result ? { error: shapeOf(result.error, calls[index]) } : { result: { data: result.data } },
  );
  const errors = results.flatMap((result) => ('error' in result ? [result.error] : []));
  // The status is read from every answer (207 when they differ), as a list even for one call.
  return answerOf(isBatchCall ? answers : answers[0], answers, errors, options);
}

/**
 * The answer as the handler makes it: its status from `statusFrom`, its headers with those the
 * response meta adds (through a Headers, as the handler's: appended or set alike), `payload` as JSON.
 */
function answerOf(
  payload: unknown,
  statusFrom: unknown,
  errors: TRPCError[],
  options: QueryAnswerOptions,
): DirectAnswer {
  const headers = new Headers([
    ['vary', 'trpc-accept, accept'],
    ['content-type', 'application/json'],
  ]);
  const meta = options.responseMeta({ errors });
  if (meta.headers instanceof Headers) for (const [name, value] of meta.headers) headers.append(name, value);
  else
    for (const [name, value] of Object.entries(meta.headers ?? {})) {
      if (Array.isArray(value)) for (const each of value) headers.append(name, each);
      else if (typeof value === 'string') headers.set(name, value);
    }
  return {
    status: meta.status || getHTTPStatusCode(statusFrom as Parameters<typeof getHTTPStatusCode>[0]),
    headers: [...headers],
    body: Buffer.from(JSON.stringify(transformTRPCResponse(config, payload as never))),
  };
}
