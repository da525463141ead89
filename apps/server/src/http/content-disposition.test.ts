import { describe, expect, it } from 'vitest';
import { attachmentNamed } from './content-disposition.ts';

// Regression: "O'Brien (copy).pdf" went out as filename*=UTF-8''O'Brien%20(copy).pdf, which Chromium ignores.
describe('attachmentNamed', () => {
  it.each([
    ["O'Brien (copy).pdf", "attachment; filename*=UTF-8''O%27Brien%20%28copy%29.pdf"],
    ['Say "hi"!*.pdf', "attachment; filename*=UTF-8''Say%20%22hi%22%21%2A.pdf"],
    ['RAP sheet – Núñez.pdf', "attachment; filename*=UTF-8''RAP%20sheet%20%E2%80%93%20N%C3%BA%C3%B1ez.pdf"],
    ['王小明.pdf', "attachment; filename*=UTF-8''%E7%8E%8B%E5%B0%8F%E6%98%8E.pdf"],
  ])('%s', (name, header) => {
    expect(attachmentNamed(name)).toBe(header);
    // Only RFC 8187 attr-char is left unencoded.
    expect(header.split("''")[1]).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(header.split("''")[1] ?? '')).toBe(name);
  });
});
