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

  it('reads an offense date: Prop 47 for an earlier offense convicted after it took effect; one after the conviction is refused', () => {
    const felony = { code: 'HS', section: '11350(a)', level: 'felony', convictionDate: '2015-03-02' };
    const prop47 = (offenseDate: string | null) => {
      const run = runCli(JSON.stringify(record({ conviction: { ...felony, offenseDate } })));
      expect(run.status).toBe(0);
      return JSON.parse(run.stdout).results[0].remedies.find(
        (r: { remedy: string }) => r.remedy === 'prop47',
      );
    };
    expect(prop47('2014-10-01').determination).toBe('eligible_mandatory');
    expect(prop47(null)).toMatchObject({
      determination: 'needs_more_info',
      reasons: [{ code: 'missing_offense_date' }],
    });
    const refused = runCli(JSON.stringify(record({ conviction: { ...felony, offenseDate: '2015-03-03' } })));
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.stderr).errors).toEqual([
      {
        path: 'convictions.0.offenseDate',
        message:
          'offenseDate 2015-03-03 is after convictionDate 2015-03-02; the offense comes first: check both dates, or use null if unknown',
      },
    ]);
  }, 30_000);

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
