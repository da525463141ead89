// Printed letters over plain HTTP (a PDF is bytes, not JSON): one letter, or the letters waiting in
// the print queue as one mailing run. POST, because printing is audited, though it changes nothing
// else: the letters stay in the print queue until staff confirm they came off the printer
// (messages.confirmPrinted). Same session and office checks as the API. A mailing run leaves out the
// letters that cannot be printed as they are: their ids are in x-letters-left-out, so that what is
// confirmed printed is what was in the PDF (the page lists them with why, from lettersToPrint).
import { AppError, printLetter, printMailingRun } from '@relief-desk/api';
import { letterIdsInputSchema } from '@relief-desk/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentNamed } from '../http/content-disposition.ts';
import { asSignedIn, type ContextFor, recordIdIn, sendRouteError } from '../http/route-support.ts';

async function sendPdf(
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<{
    bytes: Uint8Array;
    filename: string;
    messageIds: string[];
    leftOut?: { messageId: string }[];
  }>,
) {
  try {
    const pdf = await render();
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachmentNamed(pdf.filename))
      .header('cache-control', 'private, no-store')
      .header('x-letter-count', String(pdf.messageIds.length))
      .header('x-letters-left-out', (pdf.leftOut ?? []).map((l) => l.messageId).join(','))
      .send(Buffer.from(pdf.bytes));
  } catch (error) {
    return sendRouteError(reply, request, error, 'Printing letters');
  }
}

export function registerLetterRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.post<{ Params: { messageId: string } }>(
    '/api/letters/:messageId/pdf',
    { config: { onRecordAs: 'letters.print' } },
    (request, reply) =>
      sendPdf(request, reply, () =>
        asSignedIn(request, contextFor(request, reply), (ctx) =>
          printLetter(ctx, recordIdIn(request.params, 'messageId', 'a letter')),
        ),
      ),
  );
  // The body names the letters ({ "messageIds": [...] }, from messages.lettersToPrint), so the
  // confirmation that follows marks exactly the letters that were printed, not ones queued since.
  app.post<{ Body: unknown }>(
    '/api/letters/mailing-run/pdf',
    { config: { onRecordAs: 'letters.printMailingRun' } },
    (request, reply) =>
      sendPdf(request, reply, () =>
        asSignedIn(request, contextFor(request, reply), (ctx) => {
          const input = letterIdsInputSchema.safeParse(request.body);
          if (!input.success)
            throw new AppError('BAD_INPUT', 'Name the letters to print: { "messageIds": [...] }.', {
              fieldErrors: input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            });
          return printMailingRun(ctx, input.data);
        }),
      ),
  );
}
