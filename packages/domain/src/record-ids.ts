// The ids the desk gives its records (packages/db/src/ids.ts makes them: ULID layout, 48 bits of time
// then 80 random bits, in Crockford base32): 26 digits and capital letters, never I, L, O or U. An id
// in an address (a file's, a letter's) is checked against this before anything is looked up.
import { singleLine } from './text.ts';

export const RECORD_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * A record's id, cleaned as every text input is. `what` names the record with its article, e.g.
 * "a file", for the message.
 */
export const recordIdSchema = (what: string) =>
  singleLine().regex(
    RECORD_ID_PATTERN,
    `That address does not name ${what}: the id in it must be 26 letters and digits, as the desk writes it. Open it again from the desk rather than typing or changing the address.`,
  );
