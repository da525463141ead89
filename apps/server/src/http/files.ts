// Document files over plain HTTP (tRPC carries JSON, not bytes): upload the raw body to a document
// request, and download a file as an attachment. Same session, office and permission checks as the API.

import { createHash } from 'node:crypto';
import { AppError, openDocumentFile, uploadDocumentFile, withRequestKey } from '@relief-desk/api';
import { MAX_UPLOAD_BYTES } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { attachmentNamed } from './content-disposition.ts';
import { asSignedIn, type ContextFor, recordIdIn, sendRouteError } from './route-support.ts';

/** The file's name, percent-encoded in X-Filename by the web app (headers carry only Latin-1). */
function filenameOf(header: string | string[] | undefined): string {
  if (typeof header !== 'string') return 'document';
  try {
    return decodeURIComponent(header);
  } catch {
    throw new AppError('BAD_INPUT', 'The file name could not be read. Rename the file and try again.');
  }
}

/** A name stored before names were cleaned may hold half a surrogate pair, which cannot be encoded. */
const wellFormed = (name: string) => name.replace(/\p{Cs}/gu, '\uFFFD');

export const UPLOAD_ROUTE = '/api/documents/:documentId/files';
export const UPLOAD_TOO_LARGE =
  'The file is larger than 20 MB. Scan at a lower resolution, or split it into parts.';
/** The types the product stores, and the one a browser is told to send for a file of another name. */
const UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream'];

export async function registerFileRoutes(app: FastifyInstance, contextFor: ContextFor): Promise<void> {
  await app.register(async (scope) => {
    // Only file types arrive, as bytes (anything else, a form post or JSON, is answered 415); what the
    // file is, is decided from the bytes themselves. Too large a body is answered 413 in words by
    // the server's error handler.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      UPLOAD_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES + 1 },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: { documentId: string } }>(
      UPLOAD_ROUTE,
      { bodyLimit: MAX_UPLOAD_BYTES + 1, config: { onRecordAs: 'documents.upload' } },
      async (request, reply) => {
        try {
          const file = await asSignedIn(request, contextFor(request, reply), (ctx) => {
            // Checked, and hashed, only once signed in: an upload without a session is refused before that.
            const documentId = recordIdIn(request.params, 'documentId', 'a document request');
            const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
            const upload = {
              documentId,
              filename: filenameOf(request.headers['x-filename']),
              bytes: body,
            };
            // Sent again with its Idempotency-Key, an upload answers the first one's file.
            const sameUpload = { ...upload, bytes: createHash('sha256').update(body).digest('hex') };
            return withRequestKey(ctx, { procedure: 'documents.upload', input: sameUpload }, (keyed) =>
              uploadDocumentFile(keyed, upload),
            );
          });
          return reply.code(201).send(file);
        } catch (error) {
          return sendRouteError(reply, request, error, 'File request');
        }
      },
    );
  });

  app.get<{ Params: { fileId: string } }>(
    '/api/files/:fileId',
    { config: { onRecordAs: 'documents.download' } },
    async (request, reply) => {
      try {
        const file = await asSignedIn(request, contextFor(request, reply), (ctx) =>
          openDocumentFile(ctx, recordIdIn(request.params, 'fileId', 'a file')),
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.size))
          .header('content-disposition', attachmentNamed(wellFormed(file.filename)))
          .header('cache-control', 'private, no-store')
          .send(file.stream);
      } catch (error) {
        return sendRouteError(reply, request, error, 'File request');
      }
    },
  );
}
