// `pnpm --silent eligibility < input.json`: the record on stdin, the result JSON on stdout (exit 0);
// invalid JSON or input prints { "errors": [{ "path", "message" }] } on stderr (exit 2).
import { text } from 'node:stream/consumers';
import { evaluateRecord } from './evaluate.ts';
import { parseEligibilityJson } from './schema.ts';

const EXIT_INVALID_INPUT = 2;
const EXIT_INTERNAL_ERROR = 1;

async function main(): Promise<void> {
  const parsed = parseEligibilityJson(await text(process.stdin));
  if (!parsed.ok) {
    // One line, so the JSON stays parseable even when a wrapper (pnpm) appends its own line.
    process.stderr.write(`${JSON.stringify({ errors: parsed.errors })}\n`);
    process.exitCode = EXIT_INVALID_INPUT;
    return;
  }
  process.stdout.write(`${JSON.stringify(evaluateRecord(parsed.input), null, 2)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${JSON.stringify({ errors: [{ path: '', message: `Internal error: ${message}` }] })}\n`,
  );
  process.exitCode = EXIT_INTERNAL_ERROR;
});
