// Attaching a file to a document request (PDF, PNG or JPEG), over plain HTTP: the file is the body.
// Sending the same file to the same request again after no answer sends the same request key, so it
// is attached once. Used by the documents panel and by "Read RAP sheet".
import { ALLOWED_UPLOAD_TYPES } from '@relief-desk/domain';
import { REQUEST_KEY_HEADER, requestAnswered, requestKeyFor } from '../../lib/requestKeys.ts';

/** Uploads the file to the request; its id. Throws an Error with the message to show when refused or unanswered. */
export async function uploadDocumentFile(documentId: string, file: File): Promise<string> {
  const action = `upload\n${documentId}\n${file.name}\n${file.size}\n${file.lastModified}`;
  let response: Response;
  try {
    response = await fetch(`/api/documents/${documentId}/files`, {
      method: 'POST',
      body: file,
      headers: {
        // The server reads the type from the bytes; the header only has to be one it takes.
        'content-type': (ALLOWED_UPLOAD_TYPES as readonly string[]).includes(file.type)
          ? file.type
          : 'application/octet-stream',
        'x-filename': encodeURIComponent(file.name),
        [REQUEST_KEY_HEADER]: requestKeyFor(action),
      },
    });
  } catch {
    throw new Error('The server could not be reached. Check your connection and try again.');
  }
  // Still running (409) or the database could not take it just then (503): the next try is this one again.
  if (response.status !== 409 && response.status !== 503) requestAnswered(action);
  const body = (await response.json().catch(() => null)) as {
    id?: string;
    error?: { message?: string };
  } | null;
  if (!response.ok || !body?.id)
    throw new Error(body?.error?.message ?? 'The file could not be uploaded. Try again.');
  return body.id;
}
