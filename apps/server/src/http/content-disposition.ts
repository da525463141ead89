// The Content-Disposition of a download: the file's name as RFC 8187 encodes it (filename*). Only
// attr-char is left as it is: encodeURIComponent leaves ' ( ) * ! too, and Chromium then ignores the
// whole parameter, so a name like "O'Brien (copy).pdf" was lost.

/** A value encoded per RFC 8187: every byte outside attr-char as %XX of its UTF-8. */
export function rfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** "attachment; filename*=UTF-8''…" for a file's name as stored (any script, any punctuation). */
export const attachmentNamed = (filename: string) => `attachment; filename*=UTF-8''${rfc8187(filename)}`;
