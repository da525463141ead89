// Telling RAP sheet text from other input: what the CLI accepts on standard input.

export interface InputError {
  path: string;
  message: string;
}

export class InvalidInput extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors[0]?.message ?? 'Invalid input');
  }
}

const BINARY_SIGNATURES: Array<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a TIFF image', [0x49, 0x49, 0x2a, 0x00]],
  ['a TIFF image', [0x4d, 0x4d, 0x00, 0x2a]],
  ['a ZIP archive or an Office document', [0x50, 0x4b, 0x03, 0x04]],
  ['an Office document', [0xd0, 0xcf, 0x11, 0xe0]],
];

/** The input as text, or why it is not text. */
export function decodeText(data: Uint8Array): string {
  for (const [what, signature] of BINARY_SIGNATURES) {
    if (signature.every((byte, at) => data[at] === byte)) {
      throw new InvalidInput([
        { path: '', message: `The input is ${what}, not RAP sheet text or a PDF: give the text or the PDF.` },
      ]);
    }
  }
  if (data.includes(0)) {
    throw new InvalidInput([
      {
        path: '',
        message: 'The input is binary data, not RAP sheet text or a PDF: give the text or the PDF.',
      },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Not UTF-8: read as Windows-1252, which is what older systems export.
    text = new TextDecoder('windows-1252').decode(data);
  }
  const controls = countControls(text);
  if (controls > Math.max(4, text.length * 0.01)) {
    throw new InvalidInput([
      {
        path: '',
        message: 'The input is binary data, not RAP sheet text or a PDF: give the text or the PDF.',
      },
    ]);
  }
  if (text.trim() === '') {
    throw new InvalidInput([
      { path: '', message: 'The input is empty: give the RAP sheet text or PDF on standard input.' },
    ]);
  }
  return text.replace(/^\uFEFF/, '');
}

/** Control characters other than tab, line feed, vertical tab, form feed and carriage return. */
function countControls(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if ((code < 32 && (code < 9 || code > 13)) || code === 127) count++;
  }
  return count;
}
