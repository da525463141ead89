// The Content-Disposition of every download: the file's name as RFC 8187 encodes it (filename*), which
// browsers prefer, and before it a plain-ASCII filename="…" for readers that take only that (RFC 6266
// section 4.3; the web app's own download code reads it). Only attr-char is left as it is in
// filename*: encodeURIComponent leaves ' ( ) * ! too, and Chromium then ignored the whole parameter,
// so a name like "O'Brien (copy).pdf" was lost.

/** A value encoded per RFC 8187: every byte outside attr-char as %XX of its UTF-8. */
export function rfc8187(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The name in printable ASCII for a quoted-string: accents dropped, anything else (and " or \) as _. */
export function asciiFilename(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** `attachment; filename="…"; filename*=UTF-8''…` for a file's name (any script, any punctuation). */
export const attachmentNamed = (filename: string) =>
  `attachment; filename="${asciiFilename(filename)}"; filename*=UTF-8''${rfc8187(filename)}`;
