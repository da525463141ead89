// The CLI contract: RAP sheet text or a PDF on stdin → the JSON on stdout, exit 0; input that is
// neither text nor a PDF → exit 2 with { errors: [{ path, message }] } on stderr. Run as a child process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { textPdf } from './test-support/pdfs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const corpus = (name: string) => readFileSync(new URL(`../corpus/${name}`, import.meta.url));

function runCli(stdin: string | Uint8Array, args: string[] = []) {
  const run = spawnSync(process.execPath, ['--import', 'tsx/esm', 'src/cli.ts', ...args], {
    cwd: packageDir,
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('rap-sheet CLI', { timeout: 60_000 }, () => {
  it('text on stdin: exit 0 and exactly the contract JSON on stdout', () => {
    const run = runCli(corpus('02-modifications.txt'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output).toEqual(JSON.parse(corpus('02-modifications.expected.json').toString('utf8')));
    expect(Object.keys(output)).toEqual(['person', 'convictions', 'arrests', 'warnings']);
    expect(Object.keys(output.person)).toEqual(['cii', 'dateOfBirth', 'names']);
    expect(Object.keys(output.convictions[0])).toEqual(['date', 'court', 'caseNumber', 'counts']);
    const count = output.convictions[0].counts[0];
    expect(Object.keys(count)).toEqual([
      'code',
      'section',
      'description',
      'level',
      'disposition',
      'sentence',
      'modifications',
    ]);
    expect(Object.keys(count.sentence)).toEqual(['text', 'probationMonths', 'jailDays', 'prisonMonths']);
  });

  it('arrests without a conviction and warnings with their line numbers', () => {
    const clean = JSON.parse(runCli(corpus('01-clean-basic.txt')).stdout);
    expect(clean.arrests).toEqual([
      {
        date: '2003-09-17',
        agency: 'CASO ORANGE',
        counts: [
          {
            code: 'PC',
            section: '484(a)',
            description: 'THEFT OF PERSONAL PROPERTY',
            disposition: 'prosecutor_rejected',
          },
        ],
      },
    ]);
    const scanned = runCli(corpus('04-modifications-scanned.txt'));
    expect(scanned.status).toBe(0);
    expect(JSON.parse(scanned.stdout).warnings).toEqual([
      { line: 63, message: 'Line in a count not recognised', text: "l1 ;; vv ''" },
      {
        line: 64,
        message: 'A charge with no CNT: line before it: read as the next count, its number missing',
        text: '243(E)(1) CP-BATTERY ON SPOUSE/EX SPOUSE/DATE/ETC',
      },
    ]);
  });

  it('text that is not a RAP sheet is still text: exit 0, every line a warning', () => {
    const run = runCli(corpus('06-not-a-rap-sheet.txt'));
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.convictions).toEqual([]);
    expect(output.warnings.map((warning: { line: number }) => warning.line)).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('--full prints the whole record', () => {
    const run = runCli(corpus('03-event-kinds.txt'), ['--full']);
    expect(run.status).toBe(0);
    const record = JSON.parse(run.stdout);
    expect(Object.keys(record)).toEqual(['person', 'cycles', 'registrations', 'warnings']);
    expect(record.registrations[0]).toMatchObject({ code: 'PC', section: '290', pc290: true });
  });

  it('Windows-1252 text (not UTF-8) is read', () => {
    const text = Buffer.concat([corpus('01-clean-basic.txt'), Buffer.from([0x93, 0x20, 0x0a])]);
    const run = runCli(text);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).person.cii).toBe('A09876543');
  });

  it('a PDF with a text layer reads like its text', async () => {
    const text = corpus('02-modifications.txt').toString('utf8');
    const run = runCli(await textPdf(text));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.convictions).toEqual(
      JSON.parse(corpus('02-modifications.expected.json').toString('utf8')).convictions,
    );
    expect(output.warnings).toEqual([]);
  });

  it.each([
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'PNG image'],
    ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), 'JPEG image'],
    ['a ZIP file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), 'ZIP archive'],
    ['binary data', Buffer.from([0x01, 0x02, 0x00, 0xff, 0x10, 0x11, 0x12]), 'binary data'],
    [
      'control characters',
      Buffer.from('\u0001\u0002\u0003\u0004\u0005\u0006CII/A1', 'latin1'),
      'binary data',
    ],
    ['nothing', Buffer.from(''), 'empty'],
    ['blank lines', Buffer.from('\n  \n\t\n'), 'empty'],
  ])('%s: exit 2 and { errors: [{ path, message }] } on stderr', (_what, input, words) => {
    const run = runCli(input);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [{ path: '', message: expect.stringContaining(words) }],
    });
  });

  it('a broken PDF: exit 2 saying the PDF could not be read', () => {
    const run = runCli(Buffer.from('%PDF-1.7\nthis is not really a PDF\n%%EOF\n'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [{ path: '', message: expect.stringContaining('The PDF could not be') }],
    });
  });

  it('a PDF that asks for a password: exit 2 saying to give a copy without it', async () => {
    const pdf = await textPdf(corpus('01-clean-basic.txt').toString('utf8'), 60, {
      userPassword: 'secret',
      ownerPassword: 'owner',
      pdfVersion: '1.7',
    });
    const run = runCli(pdf);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [{ path: '', message: expect.stringContaining('protected by a password') }],
    });
  });

  it('an unknown option: exit 2 naming it', () => {
    const run = runCli('CII/A1\n', ['--pretty']);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [{ path: 'argv', message: 'Unknown option --pretty: the only option is --full.' }],
    });
  });

  it('through `pnpm --silent rap-sheet` at the repository root', () => {
    const ok = spawnSync('pnpm', ['--silent', 'rap-sheet'], {
      cwd: repoRoot,
      input: corpus('01-clean-basic.txt'),
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(
      JSON.parse(corpus('01-clean-basic.expected.json').toString('utf8')),
    );
    const bad = spawnSync('pnpm', ['--silent', 'rap-sheet'], {
      cwd: repoRoot,
      input: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    // The whole of stderr is the JSON object: nothing from pnpm around it.
    expect(JSON.parse(bad.stderr)).toEqual({ errors: [{ path: '', message: expect.any(String) }] });
  });
});
