// CSV downloads, streamed page by page with the same session and role checks as the API, each
// written to the audit log before the first row leaves: the queue's current view
// (GET /api/queues/export.csv?view=<the view as JSON>) and the filtered audit log
// (GET /api/audit/export.csv?filters=<the filters as JSON>).
import { Readable } from 'node:stream';
import { type AuthedContext, exportAuditCsv, exportViewCsv, fieldErrorsOf } from '@relief-desk/api';
import { auditFiltersSchema, californiaDate, type FieldError, matterViewSchema } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { attachmentNamed } from './content-disposition.ts';
import { authed, type ContextFor, sendRouteError } from './route-support.ts';

interface CsvExport<Schema extends z.ZodType> {
  path: string;
  /** What the download is on record as (the audit rows its rows function writes say so). */
  action: 'queues.export' | 'audit.export';
  /** The query parameter that carries the choice as JSON. */
  parameter: string;
  schema: Schema;
  /** What the download is called in errors: "Export", "Audit log export". */
  label: string;
  /** Said before why: "That view cannot be exported". */
  refusal: string;
  rows(ctx: AuthedContext, choice: z.infer<Schema>): AsyncGenerator<string>;
  /** The file's name without the day and extension. */
  fileName(choice: z.infer<Schema>): string;
}

function registerCsvExport<Schema extends z.ZodType>(
  app: FastifyInstance,
  contextFor: ContextFor,
  download: CsvExport<Schema>,
): void {
  const route = { config: { onRecordAs: download.action } };
  app.get<{ Querystring: Record<string, unknown> }>(download.path, route, async (request, reply) => {
    let ctx: AuthedContext;
    try {
      ctx = await authed(request, contextFor(request, reply));
    } catch (error) {
      return sendRouteError(reply, request, error, download.label);
    }
    let parsed: unknown;
    const text = request.query[download.parameter] ?? '{}';
    try {
      parsed = typeof text === 'string' ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const refuse = (reason: string, fieldErrors: FieldError[]) =>
      reply.code(400).send({
        error: { message: `${download.refusal}: ${reason}`, appCode: 'BAD_INPUT', fieldErrors },
      });
    if (parsed === undefined)
      return refuse(
        `the address does not hold the ${download.parameter} as JSON: export from the page again.`,
        [{ path: download.parameter, message: `Give ${download.parameter} as JSON.` }],
      );
    const choice = download.schema.safeParse(parsed);
    // As the API says it beside the page's fields: which filter, and how to put it right.
    if (!choice.success) {
      const fieldErrors = fieldErrorsOf(choice.error);
      return refuse(
        fieldErrors.map((f) => (f.path ? `the filter “${f.path}”: ${f.message}` : f.message)).join(' '),
        fieldErrors,
      );
    }
    const rows = download.rows(ctx, choice.data);
    try {
      // The first chunk runs the role check, checks the records chosen and writes the audit row,
      // before any header is sent.
      const first = await rows.next();
      const rest = async function* () {
        if (!first.done) yield first.value;
        yield* rows;
      };
      // The day in California, where the office is (not UTC's, which turns over at 4 or 5 pm).
      const day = californiaDate(ctx.clock.now());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentNamed(`${download.fileName(choice.data)}-${day}.csv`))
        .header('cache-control', 'no-store')
        .send(Readable.from(rest()));
    } catch (error) {
      return sendRouteError(reply, request, error, download.label);
    }
  });
}

export function registerExportRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  registerCsvExport(app, contextFor, {
    path: '/api/queues/export.csv',
    action: 'queues.export',
    parameter: 'view',
    schema: matterViewSchema,
    label: 'Export',
    refusal: 'That view cannot be exported',
    rows: exportViewCsv,
    fileName: (view) => `matters-${view.queue}`,
  });
  registerCsvExport(app, contextFor, {
    path: '/api/audit/export.csv',
    action: 'audit.export',
    parameter: 'filters',
    schema: auditFiltersSchema,
    label: 'Audit log export',
    refusal: 'Those filters cannot be exported',
    rows: exportAuditCsv,
    fileName: () => 'audit-log',
  });
}
