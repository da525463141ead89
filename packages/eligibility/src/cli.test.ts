// The CLI contract: result JSON on stdout with exit 0; invalid JSON or input exits 2 with
// { errors: [{ path, message }] } on stderr.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arrest, record } from './test-support.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function runCli(stdin: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx/esm', 'src/cli.ts'], {
    cwd: packageDir,
    input: stdin,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each test starts Node with the TypeScript loader: seconds on a busy machine, not the unit default.
describe('eligibility CLI', { timeout: 60_000 }, () => {
  it('valid input: exit 0 and only the result JSON on stdout', () => {
    const run = runCli(JSON.stringify(record()));
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.rulesVersion).toBe('ca-2024.10');
    expect(result.results[0].remedies[0]).toMatchObject({
      remedy: 'pc1203.4',
      determination: 'eligible_mandatory',
    });
  });

  it('keeps its exact shape without arrests, and adds arrestResults only when arrests are sent', () => {
    const plain = JSON.parse(runCli(JSON.stringify(record())).stdout);
    expect(Object.keys(plain)).toEqual(['rulesVersion', 'asOf', 'results']);
    const withArrests = JSON.parse(runCli(JSON.stringify(record({ arrests: [arrest()] }))).stdout);
    expect(Object.keys(withArrests)).toEqual(['rulesVersion', 'asOf', 'results', 'arrestResults']);
    expect(withArrests.arrestResults[0]).toMatchObject({ arrestId: 'a1' });
    expect(withArrests.results).toEqual(plain.results);
  }, 20_000);

  it('invalid JSON: exit 2 and one error at path ""', () => {
    const run = runCli('{ not json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [{ path: '', message: expect.stringContaining('not valid JSON') }],
    });
  });

  it('schema errors: exit 2 with dotted paths and fix-it messages', () => {
    const run = runCli(JSON.stringify(record({ conviction: { level: 'violation' } })));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      errors: [
        { path: 'convictions.0.level', message: 'level must be one of: felony, misdemeanor, infraction' },
      ],
    });
  });

  it('empty stdin is invalid JSON', () => {
    const run = runCli('');
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stderr).errors[0].path).toBe('');
  });

  it('through `pnpm --silent eligibility` at the repository root', () => {
    const ok = spawnSync('pnpm', ['--silent', 'eligibility'], {
      cwd: repoRoot,
      input: JSON.stringify(record()),
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).asOf).toBe('2026-11-28');
    const bad = spawnSync('pnpm', ['--silent', 'eligibility'], {
      cwd: repoRoot,
      input: '[]',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    // The whole of stderr is the JSON object: nothing from pnpm around it.
    expect(JSON.parse(bad.stderr)).toEqual({ errors: [{ path: '', message: expect.any(String) }] });
  });
});
