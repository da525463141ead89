// The name an uploaded file is stored and downloaded under: its extension is the type read from its
// bytes, invisible direction marks and control characters are gone, and it is never too long.
import { describe, expect, it } from 'vitest';
import { MAX_FILENAME_BYTES, storedFilename } from './files.ts';

describe('storedFilename', () => {
  it.each([
    // [what the browser sent, the type read from the bytes, what is stored]
    ['scan.pdf', 'application/pdf', 'scan.pdf'],
    ['RAP sheet – Núñez.pdf', 'application/pdf', 'RAP sheet – Núñez.pdf'],
    ['Report.PDF', 'application/pdf', 'Report.PDF'],
    ['evil.html', 'application/pdf', 'evil.pdf'],
    ['evil.svg', 'image/png', 'evil.png'],
    ['invoice.pdf.exe', 'application/pdf', 'invoice.pdf.pdf'],
    ['scan', 'application/pdf', 'scan.pdf'],
    ['scan.', 'application/pdf', 'scan.pdf'],
    ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
    ['photo.JPG', 'image/jpeg', 'photo.JPG'],
    ['photo.png', 'image/jpeg', 'photo.jpg'],
    ['photo.jpg', 'image/png', 'photo.png'],
    ['ID card', 'image/jpeg', 'ID card.jpg'],
    // A dot followed by digits or words with spaces is part of the name, not an extension.
    ['Notes v1.2', 'application/pdf', 'Notes v1.2.pdf'],
    ['Smith, J. 2024', 'application/pdf', 'Smith, J. 2024.pdf'],
    ['Decl. of service', 'application/pdf', 'Decl. of service.pdf'],
    // Folders the browser or a forged request put in front are dropped.
    ['C:\\Users\\ana\\Desktop\\order.pdf', 'application/pdf', 'order.pdf'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    // Names that are nothing but an extension, dots, spaces or removed characters.
    ['', 'application/pdf', 'document.pdf'],
    ['.pdf', 'application/pdf', 'document.pdf'],
    ['.htaccess', 'image/png', 'document.png'],
    ['..hidden report', 'application/pdf', 'hidden report.pdf'],
    ['...', 'application/pdf', 'document.pdf'],
    ['   ', 'image/png', 'document.png'],
    ['\u202E\u2066\u0000', 'application/pdf', 'document.pdf'],
    // Quotes would break the download's header.
    ['"quoted".pdf', 'application/pdf', 'quoted.pdf'],
  ] as const)('stores %j (%s) as %j', (given, type, stored) => {
    expect(storedFilename(given, type)).toBe(stored);
  });

  it('removes every bidirectional override, embedding, isolate and mark, so the name reads as it is', () => {
    // "evil‮fdp.exe" shows as "evilexe.pdf" in a right-to-left override.
    expect(storedFilename('evil\u202Efdp.exe', 'application/pdf')).toBe('evilfdp.pdf');
    const marks = [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ];
    for (const mark of marks) {
      const stored = storedFilename(`order${mark}gpj.pdf`, 'application/pdf');
      expect(stored, `U+${mark.codePointAt(0)?.toString(16).toUpperCase()}`).toBe('ordergpj.pdf');
    }
    // Right-to-left text itself is kept: a name in Arabic or Hebrew is a name.
    expect(storedFilename('طلب.pdf', 'application/pdf')).toBe('طلب.pdf');
    expect(storedFilename('צו בית משפט.pdf', 'application/pdf')).toBe('צו בית משפט.pdf');
  });

  it('removes control characters (C0, DEL, C1) and line breaks, and keeps one space between words', () => {
    const controls = [
      ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
      '\u007F',
      ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
      '\u2028',
      '\u2029',
    ];
    for (const control of controls) {
      const stored = storedFilename(`court${control}order.pdf`, 'application/pdf');
      expect(stored, `U+${control.codePointAt(0)?.toString(16)}`).toBe('courtorder.pdf');
    }
    expect(storedFilename('signed\r\nSet-Cookie: rd_session=x\r\n.pdf', 'application/pdf')).toBe(
      'signedSet-Cookie: rd_session=x.pdf',
    );
    expect(storedFilename('  many    spaces\u00A0here .pdf', 'application/pdf')).toBe('many spaces here.pdf');
  });

  it('drops half a surrogate pair but keeps whole characters outside the basic plane', () => {
    expect(storedFilename('broken\uD800name.pdf', 'application/pdf')).toBe('brokenname.pdf');
    expect(storedFilename('receipt 🧾.pdf', 'application/pdf')).toBe('receipt 🧾.pdf');
    // The stored name can always be written in the download's header.
    expect(() => encodeURIComponent(storedFilename('a\uDC00b', 'image/png'))).not.toThrow();
  });

  it('composes accents the same way whichever way the browser sent them', () => {
    expect(storedFilename('Nu\u0301n\u0303ez.pdf', 'application/pdf')).toBe('Núñez.pdf');
  });

  it(`is never longer than ${MAX_FILENAME_BYTES} bytes in UTF-8, cut between characters, and keeps its extension`, () => {
    for (const [given, type] of [
      ['a'.repeat(5_000), 'application/pdf'],
      [`${'ñ'.repeat(3_000)}.pdf`, 'application/pdf'],
      [`${'🧾'.repeat(1_000)}.html`, 'image/png'],
      [`${'x'.repeat(300)}.jpeg`, 'image/jpeg'],
      [`${'語'.repeat(199)}`, 'image/jpeg'],
    ] as const) {
      const stored = storedFilename(given, type);
      expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
      expect(Buffer.byteLength(stored)).toBeGreaterThan(MAX_FILENAME_BYTES - 5);
      expect(stored).toMatch(/\.(pdf|png|jpe?g)$/);
      expect(stored).not.toContain('\uFFFD');
      expect(() => encodeURIComponent(stored)).not.toThrow();
    }
    expect(storedFilename(`${'x'.repeat(300)}.jpeg`, 'image/jpeg').endsWith('.jpeg')).toBe(true);
  });

  it('gives every name, however odd, a clean name with the right extension', () => {
    const pieces = [
      'a',
      ' ',
      '.',
      '/',
      '\\',
      '"',
      '\u202E',
      '\u0000',
      'ñ',
      '🧾',
      '\uD800',
      'pdf',
      'html',
      '\n',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2_000; n++) {
      const given = Array.from(
        { length: Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      const stored = storedFilename(given, 'application/pdf');
      expect(stored, JSON.stringify(given)).toMatch(/^[^\p{Cc}\p{Cs}"/\\\u202A-\u202E\u2066-\u2069]+\.pdf$/u);
      expect(stored.startsWith(' ') || stored.startsWith('.'), JSON.stringify(given)).toBe(false);
    }
  });
});
