// A filing run over plain HTTP (a PDF and a CSV are not JSON): the run as one PDF, streamed while it
// is drawn, and the clerk's list as CSV. POST, because both are audited, though they change nothing.
// Same session and office checks as the API; every packet is checked before the first byte leaves (a
// run the court papers cannot print is refused 400, naming the matters to correct), and the run is put
// on record then.
import { filingRunCsv, printFilingRun } from '@relief-desk/api';
import type { FastifyInstance } from 'fastify';
import { attachmentNamed } from './content-disposition.ts';
import { asSignedIn, type ContextFor, recordIdIn, sendRouteError } from './route-support.ts';

export function registerFilingRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.post<{ Params: { runId: string } }>(
    '/api/filing-runs/:runId/pdf',
    { config: { onRecordAs: 'filings.printRun' } },
    async (request, reply) => {
      try {
        const run = await asSignedIn(request, contextFor(request, reply), (ctx) =>
          printFilingRun(ctx, recordIdIn(request.params, 'runId', 'a filing run')),
        );
        // An unexpected failure while drawing ends the download early (the headers are gone by
        // then), and is logged.
        run.stream.on('error', (error) => request.log.error({ err: error }, 'Printing a filing run failed'));
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', attachmentNamed(run.filename))
          .header('cache-control', 'private, no-store')
          .header('x-petition-count', String(run.petitions))
          .send(run.stream);
      } catch (error) {
        return sendRouteError(reply, request, error, 'Printing a filing run');
      }
    },
  );

  app.post<{ Params: { runId: string } }>(
    '/api/filing-runs/:runId/csv',
    { config: { onRecordAs: 'filings.exportCsv' } },
    async (request, reply) => {
      try {
        const list = await asSignedIn(request, contextFor(request, reply), (ctx) =>
          filingRunCsv(ctx, recordIdIn(request.params, 'runId', 'a filing run')),
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachmentNamed(list.filename))
          .header('cache-control', 'private, no-store')
          .send(list.csv);
      } catch (error) {
        return sendRouteError(reply, request, error, 'The filing run’s list');
      }
    },
  );
}
