import { describe, expect, it } from 'vitest';
import { attachmentNamed } from './content-disposition.ts';

// Regression: "O'Brien (copy).pdf" went out as filename*=UTF-8''O'Brien%20(copy).pdf, which Chromium ignores.
describe('attachmentNamed', () => {
  it.each([
    ["O'Brien (copy).pdf", `filename="O'Brien (copy).pdf"`, "filename*=UTF-8''O%27Brien%20%28copy%29.pdf"],
    ['Say "hi"!*.pdf', `filename="Say _hi_!*.pdf"`, "filename*=UTF-8''Say%20%22hi%22%21%2A.pdf"],
    [
      'RAP sheet – Núñez.pdf',
      `filename="RAP sheet _ Nunez.pdf"`,
      "filename*=UTF-8''RAP%20sheet%20%E2%80%93%20N%C3%BA%C3%B1ez.pdf",
    ],
    ['王小明.pdf', `filename="___.pdf"`, "filename*=UTF-8''%E7%8E%8B%E5%B0%8F%E6%98%8E.pdf"],
    [
      'mailing-run-2026-12-03.pdf',
      `filename="mailing-run-2026-12-03.pdf"`,
      "filename*=UTF-8''mailing-run-2026-12-03.pdf",
    ],
  ])('%s', (name, plain, encoded) => {
    const header = attachmentNamed(name);
    expect(header).toBe(`attachment; ${plain}; ${encoded}`);
    // Only RFC 8187 attr-char is left unencoded, and it decodes to the name as stored.
    const value = header.split("''")[1] ?? '';
    expect(value).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(value)).toBe(name);
    // The plain name is a quoted-string of printable ASCII.
    expect(/filename="([^"]*)"/.exec(header)?.[1]).toMatch(/^[\x20-\x7e]*$/);
  });
});
