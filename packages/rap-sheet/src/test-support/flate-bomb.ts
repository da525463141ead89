// A valid one-page PDF whose content stream is `mb` megabytes of spaces packed with FlateDecode into
// about a thousandth of that: what an outside tester uploaded to hold the server (4 GB in 4 MB). The
// stream is one megabyte packed once and repeated (each part ends the packing's memory, so parts join),
// so a test makes it in milliseconds.
import zlib from 'node:zlib';

const MB = 1024 * 1024;

/** Adler-32 of `n` bytes of value `c`, as the zlib stream ends with it. */
function adler32OfRepeated(c: number, n: number): number {
  const mod = 65521n;
  const a = (1n + BigInt(c) * BigInt(n)) % mod;
  const b = (BigInt(n) + (BigInt(c) * BigInt(n) * BigInt(n + 1)) / 2n) % mod;
  return Number((b << 16n) | a);
}

export function flateBombPdf(mb: number): Buffer {
  const part = zlib.deflateRawSync(Buffer.alloc(MB, 0x20), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32OfRepeated(0x20, mb * MB));
  const stream = Buffer.concat([
    Buffer.from([0x78, 0x9c]),
    ...Array.from({ length: mb }, () => part),
    // The last block: empty, marked final.
    Buffer.from([0x03, 0x00]),
    trailer,
  ]);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.length;
  };
  const object = (body: string | Buffer[]) => {
    offsets.push(length);
    const id = offsets.length;
    if (typeof body === 'string') add(Buffer.from(`${id} 0 obj${body}endobj\n`, 'latin1'));
    else
      for (const chunk of [Buffer.from(`${id} 0 obj`, 'latin1'), ...body, Buffer.from('endobj\n')])
        add(chunk);
  };
  add(Buffer.from('%PDF-1.4\n', 'latin1'));
  object('<</Type/Catalog/Pages 2 0 R>>');
  object('<</Type/Pages/Kids[3 0 R]/Count 1>>');
  object('<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>');
  object([
    Buffer.from(`<</Length ${stream.length}/Filter/FlateDecode>>stream\n`, 'latin1'),
    stream,
    Buffer.from('\nendstream\n', 'latin1'),
  ]);
  const xref = length;
  add(
    Buffer.from(
      `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}` +
        `trailer<</Size ${offsets.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}
