// Printed letters over plain HTTP (a PDF is bytes, not JSON): one letter, or the office's whole
// print queue as one mailing run. Same session and office checks as the API; printing is audited
// and marks the letters sent.
import { printLetter, printMailingRun } from '@relief-desk/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authed, type ContextFor, sendRouteError } from '../http/route-support.ts';

async function sendPdf(
  request: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<{ bytes: Uint8Array; filename: string }>,
) {
  try {
    const pdf = await render();
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${pdf.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf.bytes));
  } catch (error) {
    return sendRouteError(reply, request, error, 'Printing letters');
  }
}

export function registerLetterRoutes(app: FastifyInstance, contextFor: ContextFor): void {
  app.get<{ Params: { messageId: string } }>('/api/letters/:messageId/pdf', (request, reply) =>
    sendPdf(request, reply, async () =>
      printLetter(await authed(contextFor(request, reply)), request.params.messageId),
    ),
  );
  app.get('/api/letters/mailing-run/pdf', (request, reply) =>
    sendPdf(request, reply, async () => printMailingRun(await authed(contextFor(request, reply)))),
  );
}
