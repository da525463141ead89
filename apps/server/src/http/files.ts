// Document files over plain HTTP (tRPC carries JSON, not bytes): upload the raw body to a document
// request, and download a file as an attachment. Same session, office and permission checks as the API.
import { openDocumentFile, uploadDocumentFile } from '@relief-desk/api';
import { MAX_UPLOAD_BYTES } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { authed, type ContextFor, sendRouteError } from './route-support.ts';

export async function registerFileRoutes(app: FastifyInstance, contextFor: ContextFor): Promise<void> {
  // Too large a body never reaches the handler: say so in words. Set before the upload scope is
  // registered, or that scope keeps fastify's default handler and its bare 413.
  app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        error: {
          message: 'The file is larger than 20 MB. Scan at a lower resolution, or split it into parts.',
          appCode: 'BAD_INPUT',
        },
      });
    }
    return sendRouteError(reply, request, error, 'File request');
  });

  await app.register(async (scope) => {
    // Any content type arrives as bytes; the type is decided from the bytes themselves.
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES + 1 },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: { documentId: string } }>(
      '/api/documents/:documentId/files',
      { bodyLimit: MAX_UPLOAD_BYTES + 1 },
      async (request, reply) => {
        try {
          const ctx = await authed(contextFor(request, reply));
          const header = request.headers['x-filename'];
          const filename = decodeURIComponent(typeof header === 'string' ? header : 'document');
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const file = await uploadDocumentFile(ctx, {
            documentId: request.params.documentId,
            filename,
            bytes: body,
          });
          return reply.code(201).send(file);
        } catch (error) {
          return sendRouteError(reply, request, error, 'File request');
        }
      },
    );
  });

  app.get<{ Params: { fileId: string } }>('/api/files/:fileId', async (request, reply) => {
    try {
      const ctx = await authed(contextFor(request, reply));
      const file = await openDocumentFile(ctx, request.params.fileId);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    } catch (error) {
      return sendRouteError(reply, request, error, 'File request');
    }
  });
}
