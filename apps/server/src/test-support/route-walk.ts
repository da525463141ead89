// The route table walked with requests aimed at one office's sentinel records (packages/api's
// sentinels.ts): what the HTTP walks of need to know and of removed records call, and how they read
// a PDF's text.
import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Records } from '../../../../packages/api/src/sentinels.ts';

/** A PDF's text as pdf.js reads it (pdfkit writes glyph ids, so the bytes alone say nothing). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages.join('\n');
}

/** An applicant's status link for each office's sentinel clients (the page is the applicant's own). */
export const statusToken = (clientId: string) =>
  createHash('sha256').update(`token ${clientId}`).digest('base64url');
const officeSlug = (r: Records) =>
  r.county === 'Alameda' ? 'alameda-county-public-defender' : 'bay-area-legal-aid';
/** Routes anyone may open: no caller, whatever their permission, may see criminal history there. */
export const isPublicPage = (url: string) => url.startsWith('/apply/') || url.startsWith('/status/');

/** The requests a route gets, aimed at one office's records: its parameters filled from them. */
export function requestsFor(method: string, url: string, r: Records, caseNumber: string): InjectOptions[] {
  const params: Record<string, string> = {
    slug: officeSlug(r),
    token: statusToken(r.outcomeClientId),
    fileId: r.rapSheetFileId,
    messageId: r.letterMessageId,
    documentId: r.documentId,
    runId: r.filingRunId,
  };
  const path = url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x').replace(/\*$/, 'x');
  const m = method as InjectOptions['method'];
  if (url === '/api/queues/export.csv')
    return [{ queue: 'all' }, { queue: 'all', search: caseNumber }].map((view) => ({
      method: m,
      url: `${path}?view=${encodeURIComponent(JSON.stringify(view))}`,
    }));
  // The whole log, the outcome matter's, and that of the matter whose status update the outbox worker
  // held as no longer right (its audit rows and timeline are held.ts's).
  if (url === '/api/audit/export.csv')
    return [{}, { matter: r.outcomeMatterId }, { matter: r.heldMatterId }].map((filters) => ({
      method: m,
      url: `${path}?filters=${encodeURIComponent(JSON.stringify(filters))}`,
    }));
  // A file: the RAP sheet, a petition packet (whose text names the convictions), the court's signed
  // order and a docket.
  if (url === '/api/files/:fileId')
    return [r.rapSheetFileId, r.packetFileId, r.orderFileId, r.docketFileId].map((fileId) => ({
      method: m,
      url: `/api/files/${fileId}`,
    }));
  if (url === '/status/:token')
    return [r.clientId, r.outcomeClientId].map((id) => ({ method: m, url: `/status/${statusToken(id)}` }));
  if (isPublicPage(url) && m === 'POST')
    return [
      {
        method: m,
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `office=${officeSlug(r)}&contact=${encodeURIComponent('maria@example.org')}&legalName=x`,
      },
    ];
  // The outcome letter, and an "in review" letter whose wording staff changed to name a case.
  if (url === '/api/letters/mailing-run/pdf')
    return [r.letterMessageId, r.wordedLetterMessageId].map((id) => ({
      method: m,
      url: path,
      payload: { messageIds: [id] },
    }));
  if (url === '/api/letters/:messageId/pdf')
    return [r.letterMessageId, r.wordedLetterMessageId].map((id) => ({
      method: m,
      url: `/api/letters/${id}/pdf`,
    }));
  // An upload: to the signed-order request, and to the docket's.
  if (url.startsWith('/api/documents/'))
    return [r.documentId, r.docketDocumentId].map((documentId) => ({
      method: m,
      url: url.replace(':documentId', documentId),
      headers: { 'content-type': 'application/pdf', 'x-filename': 'scan.pdf' },
      payload: Buffer.from('%PDF-1.4\n%%EOF\n'),
    }));
  return [{ method: m, url: path }];
}

/**
 * A walk's request as a signed-in person sends it (from the desk's origin, with their session), and
 * what it answers read as text: its bytes (an uploaded file keeps its own) and, for a PDF, the text
 * pdf.js reads from it.
 */
export async function readAnswer(
  app: FastifyInstance,
  request: InjectOptions,
  { origin, cookie }: { origin: string; cookie: Record<string, string> },
): Promise<{ status: number; raw: string; text: string; isPdf: boolean }> {
  const response = await app.inject({ ...request, headers: { origin, ...request.headers }, cookies: cookie });
  const isPdf = response.headers['content-type'] === 'application/pdf' && response.statusCode === 200;
  const raw = response.rawPayload.toString('latin1');
  const text = isPdf ? `${raw}\n${await pdfText(response.rawPayload)}` : raw;
  return { status: response.statusCode, raw, text, isPdf };
}
