// Keyset cursors for views: the last row's sort values (one to three), opaque to the client.
import { badInput } from '../../errors.ts';

export type SortValue = string | number | null;

export function encodeViewCursor(values: SortValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeViewCursor(cursor: string): SortValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length >= 1 &&
      parsed.length <= 3 &&
      parsed.every((v): v is SortValue => v === null || typeof v === 'string' || typeof v === 'number')
    )
      return parsed;
  } catch {
    // Falls through to the error below.
  }
  throw badInput('cursor', 'That page link is no longer valid. Go back to the first page.');
}
