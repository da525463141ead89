// CSV downloads, streamed page by page with the same session and role checks as the API, each
// written to the audit log before the first row leaves: the queue's current view
// (GET /api/queues/export.csv?view=<the view as JSON>) and the filtered audit log
// (GET /api/audit/export.csv?filters=<the filters as JSON>).
import { Readable } from 'node:stream';
import { type AuthedContext, exportAuditCsv, exportViewCsv } from '@relief-desk/api';
import { auditFiltersSchema, californiaDate, matterViewSchema } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { authed, type ContextFor, sendRouteError } from './route-support.ts';

export function registerExportRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.get<{ Querystring: { view?: string } }>('/api/queues/export.csv', async (request, reply) => {
    let ctx: AuthedContext;
    try {
      ctx = await authed(contextFor(request, reply));
    } catch (error) {
      return sendRouteError(reply, request, error, 'Export');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.query.view ?? '{}');
    } catch {
      parsed = null;
    }
    const view = matterViewSchema.safeParse(parsed);
    if (!view.success) return reply.code(400).send({ error: { message: 'That view cannot be exported.' } });
    const rows = exportViewCsv(ctx, view.data);
    try {
      // The first chunk runs the role check and writes the audit row, before any header is sent.
      const first = await rows.next();
      const rest = async function* () {
        if (!first.done) yield first.value;
        yield* rows;
      };
      // The day in California, where the office is (not UTC's, which turns over at 4 or 5 pm).
      const day = californiaDate(ctx.clock.now());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="matters-${view.data.queue}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rest()));
    } catch (error) {
      return sendRouteError(reply, request, error, 'Export');
    }
  });

  app.get<{ Querystring: { filters?: unknown } }>('/api/audit/export.csv', async (request, reply) => {
    let ctx: AuthedContext;
    try {
      ctx = await authed(contextFor(request, reply));
    } catch (error) {
      return sendRouteError(reply, request, error, 'Audit log export');
    }
    let parsed: unknown = null;
    const text = request.query.filters ?? '{}';
    try {
      if (typeof text === 'string') parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const filters = auditFiltersSchema.safeParse(parsed);
    if (!filters.success)
      return reply
        .code(400)
        .send({ error: { message: 'Those filters cannot be exported.', appCode: 'BAD_INPUT' } });
    const rows = exportAuditCsv(ctx, filters.data);
    try {
      // The first chunk runs the role check, checks the filters' records and writes the audit row,
      // before any header is sent.
      const first = await rows.next();
      const rest = async function* () {
        if (!first.done) yield first.value;
        yield* rows;
      };
      const day = californiaDate(ctx.clock.now());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rest()));
    } catch (error) {
      return sendRouteError(reply, request, error, 'Audit log export');
    }
  });
}
