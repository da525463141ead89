// `pnpm test`: every test, as two vitest runs side by side. The browser files run one at a time (each
// drives its own server and Chromium, and two at once only slow each other down into timeouts), then
// the unit files (vitest.config.ts orders them after), while the integration files run beside them on
// two workers: they take longest, so the unit files go with the browser files. One vitest run cannot
// do this: it runs projects with different worker counts one after the other, and the browser files
// alone leave a core idle. Each run's lines are passed on whole, marked with its name; with TEST_REPORT_JSON set,
// the two JSON reports are merged into that one file. Arguments (a file filter, say) go to both runs.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const extra = process.argv.slice(2);
const reportFile = process.env.TEST_REPORT_JSON;

const runs = [
  { name: 'integration', args: ['--project', 'integration*'] },
  { name: 'e2e+unit', args: ['--project', 'e2e', '--project', 'unit'] },
];

/** Passes a stream on line by line, each line marked, so the two runs' lines never mix mid-line. */
function passOn(from, to, mark) {
  let pending = '';
  from.setEncoding('utf8');
  from.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    if (lines.length) to.write(lines.map((line) => `${mark} ${line}\n`).join(''));
  });
  from.on('end', () => {
    if (pending) to.write(`${mark} ${pending}\n`);
  });
}

function run({ name, args }) {
  const report = reportFile ? `${reportFile}.${name}` : undefined;
  // A filter that names files of one run only must not fail the other for finding none.
  const filter = extra.length ? ['--passWithNoTests', ...extra] : [];
  const child = spawn(process.execPath, [vitest, 'run', ...args, ...filter], {
    cwd: root,
    env: {
      ...process.env,
      ...(report ? { TEST_REPORT_JSON: report } : {}),
      FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  passOn(child.stdout, process.stdout, `[${name}]`);
  passOn(child.stderr, process.stderr, `[${name}]`);
  return new Promise((done) => {
    child.on('close', (code, signal) => done({ name, code: code ?? 1, signal, report }));
  });
}

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const results = await Promise.all(runs.map(run));

if (reportFile) {
  // One report, shaped as one vitest run writes it, for CI's closing line (.ci/summarise-tests.mjs).
  // Without both halves there is none, and that line says the run did not finish.
  const reports = results.map((result) => readReport(result.report));
  rmSync(reportFile, { force: true });
  if (reports.every((report) => report !== null)) {
    const sum = (key) => reports.reduce((total, report) => total + (report[key] ?? 0), 0);
    const merged = {
      numTotalTests: sum('numTotalTests'),
      numPassedTests: sum('numPassedTests'),
      numFailedTests: sum('numFailedTests'),
      numPendingTests: sum('numPendingTests'),
      numTodoTests: sum('numTodoTests'),
      numTotalTestSuites: sum('numTotalTestSuites'),
      numPassedTestSuites: sum('numPassedTestSuites'),
      numFailedTestSuites: sum('numFailedTestSuites'),
      success: reports.every((report) => report.success === true),
      testResults: reports.flatMap((report) => report.testResults ?? []),
    };
    writeFileSync(reportFile, JSON.stringify(merged));
  }
  for (const result of results) rmSync(result.report, { force: true });
}

const failed = results.filter((result) => result.code !== 0);
for (const result of failed)
  console.error(`The ${result.name} run failed (${result.signal ?? `exit code ${result.code}`}).`);
process.exit(failed.length ? 1 : 0);
