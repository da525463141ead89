// The queue's current view as a CSV download: GET /api/queues/export.csv?view=<the view as JSON>.
// Streamed page by page (every row of the view), with the same session and role checks as the API;
// the export is written to the audit log before the first row leaves.
import { Readable } from 'node:stream';
import { AppError, type Context, exportViewCsv, resolveSession } from '@relief-desk/api';
import { matterViewSchema } from '@relief-desk/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Context;

export function registerExportRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.get<{ Querystring: { view?: string } }>('/api/queues/export.csv', async (request, reply) => {
    const ctx = contextFor(request, reply);
    const user = ctx.sessionToken ? await resolveSession(ctx.db, ctx.clock, ctx.sessionToken) : null;
    if (!user)
      return reply
        .code(401)
        .send({ error: { message: 'Your session has ended. Sign in again to continue.' } });
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.query.view ?? '{}');
    } catch {
      parsed = null;
    }
    const view = matterViewSchema.safeParse(parsed);
    if (!view.success) return reply.code(400).send({ error: { message: 'That view cannot be exported.' } });
    const rows = exportViewCsv({ ...ctx, user }, view.data);
    try {
      // The first chunk runs the role check and writes the audit row, before any header is sent.
      const first = await rows.next();
      const rest = async function* () {
        if (!first.done) yield first.value;
        yield* rows;
      };
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="matters-${view.data.queue}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rest()));
    } catch (error) {
      if (error instanceof AppError) return reply.code(403).send({ error: { message: error.message } });
      throw error;
    }
  });
}
