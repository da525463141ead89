// The server's life as a load balancer and an operator see it: /healthz (the process answers),
// /readyz (the database answers, its file is still the one opened, its migrations are current and its
// folders have room to write; 503 with the reason otherwise, and while shutting down), one log line per request, and a graceful stop that finishes the requests in
// flight, within a grace period, before the process exits.
import { statfs } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { dirname } from 'node:path';
import { appRouter } from '@relief-desk/api';
import { type Db, migrationState } from '@relief-desk/db';
import type { ErrorCode } from '@relief-desk/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routedAddress } from './edge.ts';

/** The stable code of a 503: the server is stopping (or its database cannot take the request). */
export const UNAVAILABLE = 'UNAVAILABLE' satisfies ErrorCode;

/** For a request the grace period ran out on: it may have been saved, or not. */
export const CUT_OFF_MESSAGE =
  'Relief Desk restarted before it could finish this request, so it may or may not have been saved. Check, then try again in a minute.';
/** For every request once the SQLite file at the database's path is no longer the one the server opened. */
export const DATABASE_REPLACED_MESSAGE =
  'The database was moved or replaced while Relief Desk was running, so nothing can be shown or saved until Relief Desk is restarted. Nothing was changed: tell your administrator.';
/** For a request that arrived after the grace period: nothing was done. */
export const STOPPING_MESSAGE = 'Relief Desk is restarting. Nothing was changed: try again in a minute.';

export interface DrainReport {
  /** Requests that were in flight when the drain began, or arrived during it, and finished. */
  finished: number;
  /** Requests still running when the grace period ran out, answered 503 (or cut, if already answering). */
  cutOff: number;
}

export interface Lifecycle {
  /** True once a drain has begun: /readyz answers 503 so load balancers send no more. */
  readonly draining: boolean;
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Stops accepting connections and waits up to graceMs for the requests in flight; answers those
   * still running 503 (CUT_OFF_MESSAGE), then closes every connection. Requests that arrive on an
   * open connection meanwhile are answered, with Connection: close.
   */
  drain(graceMs: number): Promise<DrainReport>;
}

const lifecycles = new WeakMap<FastifyInstance, Lifecycle>();

/**
 * Free space a disk the server writes to needs for it to be ready. Every request that reads a client
 * writes an audit row, so on a full disk hardly anything works: the load balancer and the operator
 * should hear it from /readyz before staff hear it from every page.
 */
export const READY_MIN_FREE_BYTES = 64 * 1024 * 1024;

/** The first folder whose disk has less than minFree bytes free, said for the operator; null if none. */
async function folderShortOfSpace(folders: readonly string[], minFree: number): Promise<string | null> {
  for (const folder of new Set(folders)) {
    const free = await freeBytes(folder);
    if (free !== null && free < minFree)
      return `The disk of ${folder} has ${megabytes(free)} free, less than the ${megabytes(minFree)} the server needs to write records and files. Free space on that disk.`;
  }
  return null;
}

/** Free space for this process on the disk holding folder (or its nearest existing parent). */
async function freeBytes(folder: string): Promise<number | null> {
  for (let at = folder; ; at = dirname(at)) {
    try {
      const stats = await statfs(at);
      return stats.bavail * stats.bsize;
    } catch (error) {
      // Not made yet (uploads and backups folders are made on first use): its parent's disk.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) return null;
    }
  }
}

const megabytes = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/** The lifecycle registerLifecycle set up on this server. */
export function lifecycleOf(app: FastifyInstance): Lifecycle {
  const lifecycle = lifecycles.get(app);
  if (!lifecycle) throw new Error('registerLifecycle was not called on this server');
  return lifecycle;
}

const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/**
 * What a log line names as the route: the route's pattern, never the address as sent (a query string
 * may hold a name or a date of birth). For the API, the procedures called, when they all exist.
 */
export function routeOf(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return '(no route)';
  if (pattern.endsWith('/trpc/:path')) {
    const path = (request.params as { path?: unknown }).path;
    const names = typeof path === 'string' ? path.split(',') : [];
    if (names.length > 0 && names.length <= 20 && names.every((name) => PROCEDURES.has(name)))
      return pattern.replace(':path', names.join(','));
  }
  return pattern;
}

const userIds = new WeakMap<FastifyRequest, string>();

/** Names the signed-in person (by id only) on the request's log line. */
export function identifyUser(request: FastifyRequest, userId: string): void {
  userIds.set(request, userId);
}

/** A 503 in the shape the caller reads: tRPC's error shape under /trpc, the routes' shape elsewhere. */
function unavailableBody(request: FastifyRequest, message: string): unknown {
  if (routedAddress(request).startsWith('/trpc/'))
    return {
      error: {
        message,
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, appCode: UNAVAILABLE, fieldErrors: [] },
      },
    };
  return { error: { message, appCode: UNAVAILABLE } };
}

function sendUnavailable(request: FastifyRequest, reply: FastifyReply, message: string) {
  return reply
    .code(503)
    .header('connection', 'close')
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(unavailableBody(request, message)));
}

/**
 * Adds /healthz, /readyz, the request log and the in-flight count to the server. Call it first, so
 * every request (including ones refused by later hooks) is counted and logged.
 */
export function registerLifecycle(
  app: FastifyInstance,
  options: {
    db: Db;
    readyTimeoutMs?: number;
    /** The folders the server writes to (the SQLite file's, uploads, backups): each must have room. */
    folders?: readonly string[];
    /** Free space each folder's disk needs for the server to be ready. */
    minFreeBytes?: number;
    /** SQLite: why the file at the database's path is no longer the one opened, or null (AppDatabase.fileReplaced). */
    databaseReplaced?: () => string | null;
  },
): Lifecycle {
  const open = new Map<ServerResponse, { request: FastifyRequest; reply: FastifyReply }>();
  let draining = false;
  let refusing = false;
  let finished = 0;
  const cutOff = new Set<ServerResponse>();
  let onSettled: (() => void) | null = null;

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const res = reply.raw;
    open.set(res, { request, reply });
    res.once('close', () => {
      open.delete(res);
      if (draining) {
        if (!cutOff.has(res)) finished++;
        onSettled?.();
      }
    });
    // After the grace period only the health checks are answered (/readyz says why it is not ready).
    const path = request.url.split('?')[0];
    const probe = path === '/healthz' || path === '/readyz';
    if (refusing && !probe) return sendUnavailable(request, reply, STOPPING_MESSAGE);
    // What it would show or save is no longer the data folder's: refused until a restart opens the
    // file now at the path (/readyz says so to the operator).
    if (!probe && options.databaseReplaced?.())
      return sendUnavailable(request, reply, DATABASE_REPLACED_MESSAGE);
    // While draining, each connection carries this last request and closes.
    if (draining) reply.header('connection', 'close');
  });

  // One line per request: who (by id), which route, how it ended and how long it took; never the
  // address as sent, a body, a name or a cookie. Health checks only at debug level.
  app.addHook('onResponse', async (request, reply) => {
    const line = {
      reqId: request.id,
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: userIds.get(request) ?? null,
    };
    if (line.route === '/healthz' || line.route === '/readyz') app.log.debug(line, 'request');
    else app.log.info(line, 'request');
  });

  app.get('/healthz', async () => ({ ok: true }));

  const readyTimeoutMs = options.readyTimeoutMs ?? 2_000;
  app.get('/readyz', async (request, reply) => {
    const notReady = (reason: string) => reply.code(503).send({ ready: false, reason });
    if (draining) return notReady('The server is shutting down.');
    const replaced = options.databaseReplaced?.();
    if (replaced)
      return notReady(
        `${replaced} The server still reads and writes the file it opened, which is no longer there: restart it, to open the file now at that path.`,
      );
    let timer: NodeJS.Timeout | undefined;
    try {
      const state = await Promise.race([
        migrationState(options.db),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${readyTimeoutMs} ms`)),
            readyTimeoutMs,
          );
        }),
      ]);
      if (state.pending.length > 0)
        return notReady(`The database's migrations have not all run (${state.pending.join(', ')}).`);
      if (state.unknown.length > 0)
        return notReady(
          `The database has migrations this server does not know (${state.unknown.join(', ')}): it is older than the database.`,
        );
      const short = await folderShortOfSpace(
        options.folders ?? [],
        options.minFreeBytes ?? READY_MIN_FREE_BYTES,
      );
      if (short) return notReady(short);
      return { ready: true };
    } catch (error) {
      request.log.warn({ err: error }, 'Readiness check: the database did not answer');
      return notReady('The database cannot be reached.');
    } finally {
      clearTimeout(timer);
    }
  });

  const lifecycle: Lifecycle = {
    get draining() {
      return draining;
    },
    inFlight: () => open.size,
    async drain(graceMs) {
      draining = true;
      const server = app.server;
      for (const { reply } of open.values()) if (!reply.sent) reply.header('connection', 'close');
      // Stop accepting connections. http.Server#close would also drop idle keep-alive connections at
      // once, racing a request a client may be sending on one; those close once nothing is in flight.
      if (server.listening) NetServer.prototype.close.call(server);

      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, graceMs);
        function done() {
          clearTimeout(timer);
          onSettled = null;
          resolve();
        }
        onSettled = () => {
          if (open.size === 0) done();
        };
        // From the next turn of the event loop: requests already in the sockets are read first.
        setImmediate(() => onSettled?.());
      });

      refusing = true;
      for (const [res, { request, reply }] of open) {
        cutOff.add(res);
        // The route may still answer later; that answer is dropped, and so is fastify's warning about
        // it (which would name the address as sent).
        const quiet = app.log.child({}, { level: 'silent' });
        request.log = quiet;
        reply.log = quiet;
        if (!reply.raw.headersSent) sendUnavailable(request, reply, CUT_OFF_MESSAGE);
        else reply.raw.destroy();
      }
      server.closeIdleConnections();
      // Let the 503s go out, then close whatever is left.
      if (open.size > 0)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 1_000);
          function done() {
            clearTimeout(timer);
            onSettled = null;
            resolve();
          }
          onSettled = () => {
            if (open.size === 0) done();
          };
        });
      server.closeAllConnections();
      return { finished, cutOff: cutOff.size };
    },
  };
  lifecycles.set(app, lifecycle);
  return lifecycle;
}
