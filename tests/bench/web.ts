// `pnpm bench:web`: how fast the web app loads on a phone on a slow network. Builds the web app for
// production into a temporary folder (as `pnpm start` builds it; a build left by the browser tests is
// a development build of React, so it is not reused), reads from the build's manifest the JavaScript
// each page needs before it can draw (raw and gzip bytes), then starts the real server on that build
// and a temporary demo database, signs in and runs Lighthouse (mobile preset: simulated slow 4G and a
// 4x slower CPU) on sign-in, the case queue, a matter page and the dashboard, printing the
// performance and accessibility scores beside the budgets. Exits 1 when a budget is missed.
//
// `pnpm bench:web --ci`: only the JavaScript budgets, from the manifest (a build and a few seconds, no
// browser). `--runs N` (default 3): Lighthouse runs per page; the median performance score counts,
// and the lowest accessibility score. `--dist DIR`: measure the build in DIR instead of building.
// `--reports DIR`: keep each run's Lighthouse report (JSON) in DIR. `--pages queue,matter`: only those.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse, { type Result as LighthouseResult } from 'lighthouse';
import { startServer } from '../e2e/support/server.ts';

const webDir = resolve(import.meta.dirname, '../../apps/web');

/** Budgets: kB are 1,000 bytes. Initial JavaScript (gzip) per page: sign-in and the queue, a matter. */
const INITIAL_JS_GZIP_BUDGET = 170_000;
const MATTER_JS_GZIP_BUDGET = 190_000;
const PERFORMANCE_BUDGET = 0.9;
const ACCESSIBILITY_BUDGET = 1;

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface PageUnderTest {
  name: string;
  /** The module the router loads for the page, as the manifest names it. */
  module: string;
  signedIn: boolean;
  /** Gzip bytes of initial JavaScript the page may need, if it has a budget. */
  jsBudget?: number;
}

const PAGES: PageUnderTest[] = [
  {
    name: 'sign-in',
    module: 'src/features/auth/SignInPage.tsx',
    signedIn: false,
    jsBudget: INITIAL_JS_GZIP_BUDGET,
  },
  {
    name: 'queue',
    module: 'src/features/queues/QueuePage.tsx',
    signedIn: true,
    jsBudget: INITIAL_JS_GZIP_BUDGET,
  },
  {
    name: 'matter',
    module: 'src/features/matters/MatterPage.tsx',
    signedIn: true,
    jsBudget: MATTER_JS_GZIP_BUDGET,
  },
  { name: 'dashboard', module: 'src/features/dashboard/DashboardPage.tsx', signedIn: true },
];

const SIGN_IN_AS = { email: 'supervisor@example.org', password: 'relief-desk-demo' };

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

// ---------------------------------------------------------------------------------------------------
// The build and its manifest

/** A production build of the web app in `outDir`, whatever NODE_ENV the caller runs under. */
function build(outDir: string): void {
  const started = Date.now();
  execFileSync('pnpm', ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'pipe',
  });
  console.log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

const manifestOf = (distDir: string) => join(distDir, '.vite', 'manifest.json');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface PageScripts {
  files: string[];
  raw: number;
  gzip: number;
  /** Gzip bytes of the chunks the page imports after it draws (the matter page's lower panels). */
  laterGzip: number;
}

/**
 * The scripts a browser must fetch and run before a page can draw when it is opened directly: the
 * entry and what it imports, then the page's own chunk (loaded by the router) and what that imports.
 */
function initialScripts(distDir: string, manifest: Manifest, pageModule: string): PageScripts {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`Expected one entry in the manifest, found ${entries.length}.`);
  for (const [key] of entries) visit(key);
  const entryFiles = new Set(files);
  // Before route splitting the page is part of the entry and has no chunk of its own.
  const pageChunks = new Set<string>();
  if (manifest[pageModule]?.isDynamicEntry) {
    visit(pageModule);
    const collect = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || pageChunks.has(key) || entryFiles.has(chunk.file)) return;
      pageChunks.add(key);
      for (const imported of chunk.imports ?? []) collect(imported);
    };
    collect(pageModule);
  }
  const initial = new Set(files);
  const js = [...files].filter((file) => file.endsWith('.js'));
  const bytesOf = (file: string) => readFileSync(join(distDir, file));
  const gzipOf = (file: string) => gzipSync(bytesOf(file), { level: 9 }).length;
  const raw = js.reduce((sum, file) => sum + bytesOf(file).length, 0);
  const gzip = js.reduce((sum, file) => sum + gzipOf(file), 0);
  // What the page's own chunks import dynamically, and what that needs, beyond the initial files.
  files.clear();
  for (const key of pageChunks) for (const dynamic of manifest[key]?.dynamicImports ?? []) visit(dynamic);
  const later = [...files].filter((file) => file.endsWith('.js') && !initial.has(file));
  return { files: js, raw, gzip, laterGzip: later.reduce((sum, file) => sum + gzipOf(file), 0) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

// ---------------------------------------------------------------------------------------------------
// Lighthouse

interface Chrome {
  port: number;
  stop(): Promise<void>;
}

/** Chromium with its DevTools port open, in a profile of its own. */
async function launchChrome(executable: string): Promise<Chrome> {
  const profile = mkdtempSync(join(tmpdir(), 'relief-desk-lighthouse-'));
  const child: ChildProcess = spawn(
    executable,
    [...CHROME_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((done, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Chromium did not open DevTools:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk) => {
      output += chunk;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Chromium exited (${code}):\n${output}`));
    });
  });
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

interface PageRun {
  performance: number;
  accessibility: number;
  metrics: Record<string, string>;
  scriptTransfer: number;
  failedAudits: string[];
  /** Lighthouse's measure of this machine's CPU speed at the time (a busy machine scores lower). */
  benchmarkIndex: number;
}

async function runLighthouse(
  executable: string,
  url: string,
  extraHeaders: Record<string, string>,
  reportDir: string | undefined,
  reportName: string,
): Promise<PageRun> {
  const chrome = await launchChrome(executable);
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      hostname: '127.0.0.1',
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders,
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}.`);
    const lhr: LighthouseResult = result.lhr;
    if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
    const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
    const requests = (lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] })
      ?.items;
    const scriptTransfer = (requests ?? [])
      .filter((r) => r.resourceType === 'Script')
      .reduce((sum, r) => sum + Number(r.transferSize ?? 0), 0);
    const failedAudits = Object.values(lhr.categories)
      .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0))
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 0.9)
      .map((audit) => {
        const items = (audit?.details as { items?: { node?: { snippet?: string } }[] })?.items ?? [];
        const nodes = items.flatMap((item) => (item.node?.snippet ? [item.node.snippet] : [])).slice(0, 3);
        return `${audit?.id} (${audit?.score})${audit?.displayValue ? `: ${audit.displayValue}` : ''}${nodes.map((n) => `\n               ${n}`).join('')}`;
      });
    if (reportDir) writeFileSync(join(reportDir, `${reportName}.json`), JSON.stringify(lhr));
    return {
      performance: lhr.categories.performance?.score ?? 0,
      accessibility: lhr.categories.accessibility?.score ?? 0,
      metrics: {
        FCP: metric('first-contentful-paint'),
        LCP: metric('largest-contentful-paint'),
        TBT: metric('total-blocking-time'),
        CLS: metric('cumulative-layout-shift'),
        SI: metric('speed-index'),
      },
      scriptTransfer,
      failedAudits,
      benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
    };
  } finally {
    await chrome.stop();
  }
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(SIGN_IN_AS),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie)
    throw new Error(`Signing in failed: ${response.status} ${await response.text()}`);
  return cookie;
}

async function someMatterId(base: string, cookie: string): Promise<string> {
  const input = encodeURIComponent(JSON.stringify({ queue: 'all', limit: 1 }));
  const response = await fetch(`${base}/trpc/matters.list?input=${input}`, { headers: { cookie } });
  const body = (await response.json()) as { result?: { data?: { items?: { id: string }[] } } };
  const id = body.result?.data?.items?.[0]?.id;
  if (!id) throw new Error(`The queue listed no matter: ${JSON.stringify(body).slice(0, 300)}`);
  return id;
}

/** Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART): try again. */
async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`             (retrying: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const ci = process.argv.includes('--ci');
  const runs = Number(argValue('--runs') ?? 3);
  const reportDir = argValue('--reports');
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1.');

  const given = argValue('--dist');
  const distDir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'relief-desk-web-'));
  try {
    if (!given) build(distDir);
    if (!existsSync(manifestOf(distDir)))
      throw new Error(`No manifest at ${manifestOf(distDir)}: build with \`vite build --manifest\`.`);
    return await measure(distDir, ci, runs, reportDir);
  } finally {
    if (!given) rmSync(distDir, { recursive: true, force: true });
  }
}

async function measure(
  distDir: string,
  ci: boolean,
  runs: number,
  reportDir: string | undefined,
): Promise<number> {
  const manifest = JSON.parse(readFileSync(manifestOf(distDir), 'utf8')) as Manifest;
  const misses: string[] = [];

  console.log('Initial JavaScript per page (gzip budget, where a page has one)');
  for (const page of PAGES) {
    const scripts = initialScripts(distDir, manifest, page.module);
    const over = page.jsBudget !== undefined && scripts.gzip > page.jsBudget;
    if (over && page.jsBudget !== undefined)
      misses.push(`${page.name}: initial JS ${kB(scripts.gzip)} gzip > ${kB(page.jsBudget)}`);
    const verdict =
      page.jsBudget === undefined ? '' : `  ≤ ${kB(page.jsBudget)}: ${over ? 'OVER BUDGET' : 'ok'}`;
    console.log(
      `  ${page.name.padEnd(10)} ${kB(scripts.raw).padStart(10)} raw ${kB(scripts.gzip).padStart(10)} gzip` +
        `  ${scripts.files.length} file(s)${verdict}` +
        (scripts.laterGzip > 0 ? `  (+ ${kB(scripts.laterGzip)} gzip loaded later by the page)` : ''),
    );
  }

  if (!ci) {
    const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
    if (!existsSync(chrome)) throw new Error(`No Chromium at ${chrome}: set CHROME_PATH.`);
    const server = await startServer({ WEB_DIST_DIR: distDir });
    try {
      const cookie = await signIn(server.url);
      const matterId = await someMatterId(server.url, cookie);
      const paths: Record<string, string> = {
        'sign-in': '/sign-in',
        queue: '/matters',
        matter: `/matters/${matterId}`,
        dashboard: '/dashboard',
      };
      console.log(
        `\nLighthouse 12 (mobile preset), median of ${runs} run(s) per page ` +
          `(budgets: performance ≥ ${PERFORMANCE_BUDGET}, accessibility ${ACCESSIBILITY_BUDGET}); ` +
          `load average ${loadavg()
            .map((n) => n.toFixed(1))
            .join(' ')} on ${availableParallelism()} CPUs`,
      );
      const only = argValue('--pages')?.split(',');
      for (const page of PAGES.filter((p) => !only || only.includes(p.name))) {
        const url = `${server.url}${paths[page.name]}`;
        const results: PageRun[] = [];
        // The machine's load (1-minute average) as each run starts: other work on the cores lowers scores.
        const loads: string[] = [];
        for (let i = 0; i < runs; i++) {
          loads.push((loadavg()[0] ?? 0).toFixed(1));
          results.push(
            await withRetries(() =>
              runLighthouse(
                chrome,
                url,
                page.signedIn ? { Cookie: cookie } : {},
                reportDir,
                `${page.name}-${i + 1}`,
              ),
            ),
          );
        }
        const performance = median(results.map((r) => r.performance));
        const accessibility = Math.min(...results.map((r) => r.accessibility));
        const typical = results.find((r) => r.performance === performance) ?? results[0];
        if (performance < PERFORMANCE_BUDGET) misses.push(`${page.name}: performance ${performance}`);
        if (accessibility < ACCESSIBILITY_BUDGET) misses.push(`${page.name}: accessibility ${accessibility}`);
        console.log(
          `  ${page.name.padEnd(10)} performance ${performance.toFixed(2)}` +
            // Each run's LCP and TBT beside its score: on a busy machine they move more than the code does.
            ` (runs: ${results.map((r, i) => `${r.performance.toFixed(2)} at load ${loads[i]} (LCP ${r.metrics.LCP}, TBT ${r.metrics.TBT})`).join(', ')})` +
            `  accessibility ${accessibility.toFixed(2)}` +
            `  scripts transferred ${kB(typical?.scriptTransfer ?? 0)}`,
        );
        if (typical) {
          console.log(
            `             ${Object.entries(typical.metrics)
              .map(([k, v]) => `${k} ${v}`)
              .join('  ')}  (CPU benchmark index ${typical.benchmarkIndex})`,
          );
          for (const audit of typical.failedAudits) console.log(`             flagged: ${audit}`);
        }
      }
    } finally {
      await server.stop();
    }
  }

  console.log(misses.length === 0 ? '\nAll budgets met.' : `\nBudgets missed:\n  ${misses.join('\n  ')}`);
  return misses.length === 0 ? 0 : 1;
}

process.exitCode = await main();
