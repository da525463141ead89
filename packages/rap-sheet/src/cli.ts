// `pnpm --silent rap-sheet < sheet.txt` (or `< sheet.pdf`): the RAP sheet on stdin, the record as
// JSON on stdout (exit 0). Input that is neither text nor a PDF, or a PDF that cannot be read, prints
// { "errors": [{ "path", "message" }] } on stderr (exit 2). `--full` prints the whole record instead.
import { buffer } from 'node:stream/consumers';
import { summarize } from './contract.ts';
import { decodeText, InvalidInput } from './input.ts';
import { parseRapSheet } from './parse.ts';
import { isPdf, PdfReadError, pageOfLine, readPdfText } from './pdf.ts';
import type { Warning } from './types.ts';

const EXIT_INVALID_INPUT = 2;
const EXIT_INTERNAL_ERROR = 1;

async function readInput(
  data: Uint8Array,
): Promise<{ text: string; pageOf?: (line: number) => number | null }> {
  if (!isPdf(data)) return { text: decodeText(data) };
  // Libraries must not write to stdout, which carries the JSON.
  const log = console.log;
  const info = console.info;
  console.log = console.error;
  console.info = console.error;
  try {
    try {
      const pdf = await readPdfText(data);
      if (pdf.text.trim() === '') {
        throw new InvalidInput([
          { path: '', message: 'The PDF holds no text, and OCR found none on its pages.' },
        ]);
      }
      return { text: pdf.text, pageOf: (line) => pageOfLine(pdf.pages, line) };
    } catch (error) {
      if (error instanceof PdfReadError) throw new InvalidInput([{ path: '', message: error.message }]);
      throw error;
    }
  } finally {
    console.log = log;
    console.info = info;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--full');
  if (unknown.length > 0) {
    throw new InvalidInput(
      unknown.map((arg) => ({ path: 'argv', message: `Unknown option ${arg}: the only option is --full.` })),
    );
  }
  const input = await readInput(new Uint8Array(await buffer(process.stdin)));
  const record = parseRapSheet(input.text);
  if (input.pageOf) {
    const pageOf = input.pageOf;
    record.warnings = record.warnings.map((warning): Warning & { page?: number } => {
      const page = warning.line > 0 ? pageOf(warning.line) : null;
      return page === null ? warning : { ...warning, page };
    });
  }
  const output = args.includes('--full') ? record : summarize(record);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof InvalidInput) {
    // One line, so the JSON stays parseable even when a wrapper appends its own line.
    process.stderr.write(`${JSON.stringify({ errors: error.errors })}\n`);
    process.exitCode = EXIT_INVALID_INPUT;
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${JSON.stringify({ errors: [{ path: '', message: `Internal error: ${message}` }] })}\n`,
  );
  process.exitCode = EXIT_INTERNAL_ERROR;
});
