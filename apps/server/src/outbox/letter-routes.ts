// Printed letters over plain HTTP (a PDF is bytes, not JSON): one letter, or the office's whole
// print queue as one mailing run. Same session and office checks as the API; printing is audited
// and marks the letters sent.
import {
  AppError,
  type AuthedContext,
  type Context,
  printLetter,
  printMailingRun,
  resolveSession,
} from '@relief-desk/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type ContextFor = (request: FastifyRequest, reply: FastifyReply) => Context;

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
};

async function authed(ctx: Context): Promise<AuthedContext> {
  const user = ctx.sessionToken ? await resolveSession(ctx.db, ctx.clock, ctx.sessionToken) : null;
  if (!user) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
  return { ...ctx, user };
}

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
    if (error instanceof AppError)
      return reply
        .code(STATUS[error.appCode] ?? 400)
        .send({ error: { message: error.message, appCode: error.appCode } });
    request.log.error({ err: error }, 'Printing letters failed');
    return reply
      .code(500)
      .send({ error: { message: 'Something went wrong on our side. Try again.', appCode: 'INTERNAL' } });
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
