// Builds what `pnpm start` runs: the web app (apps/web/dist) and the server as one JavaScript file
// (apps/server/dist/main.js), so production starts plain `node` with no TypeScript loader. The worker
// thread that reads RAP sheet files is a file of its own beside it (rap-sheet-reader.js).
//
//   node --import tsx/esm apps/server/build.ts              build the server
//   node --import tsx/esm apps/server/build.ts --if-needed  build the web app and the server, each
//                                                           only if its sources changed since
//   node --import tsx/esm apps/server/build.ts --outdir DIR build the server into DIR
//
// Our own code and the workspace packages (consumed from source) are bundled; third-party packages
// stay outside the bundle and are imported from where pnpm installed them, by a path relative to the
// output folder (workspace packages' dependencies are not visible from apps/server by name). Files our
// own code reads at run time from beside its module (the fonts PDFs are drawn in) are copied beside
// main.js.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const serverDir = import.meta.dirname;
const root = resolve(serverDir, '../..');
const webDir = join(root, 'apps', 'web');
const BUILD_INFO = 'build-info.json';

interface BuildInfo {
  /** When the build started (ms since the epoch): sources changed after it make the build stale. */
  startedAt: number;
  /** Every file the bundle was made from, relative to the repository root. */
  inputs: string[];
  /** The files copied beside main.js (RUNTIME_FOLDERS), relative to the output folder. */
  copied: string[];
}

/**
 * Third-party packages bundled too: plain ES modules of many small files, which Node loads one by one
 * (kysely alone is hundreds) — in the bundle they cost nothing at start-up. Everything else (native
 * modules, packages that read files beside them) is imported from node_modules.
 */
const BUNDLED = ['kysely', 'zod', '@trpc/server'];
const isPackage = (path: string, name: string) => path === name || path.startsWith(`${name}/`);

/**
 * Folders of files that bundled modules read at run time from beside themselves, as
 * `join(import.meta.dirname, 'fonts')`: in the bundle a module's folder is the output folder, so each
 * is copied there under that name. The fonts letters (Liberation Sans) and court papers (Liberation
 * Serif) are drawn in, with their licence.
 */
const RUNTIME_FOLDERS = [
  { from: 'packages/notify/src/letters/fonts', to: 'fonts' },
  { from: 'packages/petitions/src/fonts', to: 'fonts' },
];

/** Copies RUNTIME_FOLDERS into outdir; returns the sources and the copies (relative to outdir). */
function copyRuntimeFiles(outdir: string): { sources: string[]; copied: string[] } {
  const sources: string[] = [];
  const copiedFrom = new Map<string, string>();
  for (const { from, to } of RUNTIME_FOLDERS) {
    mkdirSync(join(outdir, to), { recursive: true });
    for (const entry of readdirSync(join(root, from), { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const source = join(from, entry.name);
      const copy = join(to, entry.name);
      // Two folders may hold the same file (the fonts' licence), never two files of one name.
      const earlier = copiedFrom.get(copy);
      if (earlier && !readFileSync(join(root, earlier)).equals(readFileSync(join(root, source)))) {
        throw new Error(`${source} and ${earlier} would both be copied to ${copy} in the build.`);
      }
      copyFileSync(join(root, source), join(outdir, copy));
      copiedFrom.set(copy, source);
      sources.push(source);
    }
  }
  return { sources, copied: [...copiedFrom.keys()] };
}

/** Bundles the server into a new temporary folder (for tests and benchmarks); returns its main.js. */
export async function buildServerInNewFolder(
  options: BuildOptions = {},
): Promise<{ main: string; cli: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'relief-desk-build-'));
  await buildServer(outdir, options);
  return { main: join(outdir, 'main.js'), cli: join(outdir, 'cli.js'), outdir };
}

interface BuildOptions {
  /**
   * Also bundle src/cli.ts as cli.js: for tests that run the command line dozens of times, which
   * then start plain `node` instead of paying for the TypeScript loader at each run.
   * `pnpm relief-desk` itself runs src/cli.ts.
   */
  withCli?: boolean;
}

/**
 * Worker threads' scripts, each bundled on its own beside main.js under the name the code that starts
 * it looks for (packages/rap-sheet/src/reader.ts).
 */
const WORKER_ENTRIES = { 'rap-sheet-reader': join(root, 'packages', 'rap-sheet', 'src', 'reader-thread.ts') };

/**
 * Bundles src/main.ts into outdir/main.js (and WORKER_ENTRIES beside it, and src/cli.ts as cli.js when
 * asked); returns the files it was made from.
 */
export async function buildServer(outdir: string, options: BuildOptions = {}): Promise<BuildInfo> {
  const startedAt = Date.now();
  const externalThirdParty: esbuild.Plugin = {
    name: 'third-party-from-node-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'resolving' || isBuiltin(args.path)) return undefined;
        if (args.path.startsWith('@relief-desk/') || BUNDLED.some((name) => isPackage(args.path, name)))
          return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'resolving',
        });
        if (found.errors.length > 0) return { errors: found.errors };
        const path = relative(outdir, found.path).split(sep).join('/');
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: {
      main: join(serverDir, 'src', 'main.ts'),
      ...(options.withCli ? { cli: join(serverDir, 'src', 'cli.ts') } : {}),
      ...WORKER_ENTRIES,
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Resolve third-party packages as Node does: "main" and the export conditions Node uses.
    mainFields: ['main'],
    conditions: [],
    plugins: [externalThirdParty],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    banner: {
      js: '// Built by apps/server/build.ts from the sources of apps/server and packages: edit those, not this.',
    },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => relative(root, resolve(process.cwd(), input)))
    .filter((input) => !input.startsWith('..') && !input.includes('node_modules'));
  const { sources, copied } = copyRuntimeFiles(outdir);
  const info: BuildInfo = {
    startedAt,
    inputs: [...inputs, ...sources, 'apps/server/build.ts', 'pnpm-lock.yaml'],
    copied,
  };
  writeFileSync(join(outdir, BUILD_INFO), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** The newest modification time among these files (relative to the root); Infinity if one is gone. */
function newestChange(files: Iterable<string>): number {
  let newest = 0;
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }
  return newest;
}

function serverIsCurrent(outdir: string): boolean {
  const infoFile = join(outdir, BUILD_INFO);
  const built = ['main', ...Object.keys(WORKER_ENTRIES)].map((name) => join(outdir, `${name}.js`));
  if (!built.every((file) => existsSync(file)) || !existsSync(infoFile)) return false;
  try {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo;
    if (!Array.isArray(info.copied) || !info.copied.every((file) => existsSync(join(outdir, file))))
      return false;
    return newestChange(info.inputs) < info.startedAt;
  } catch {
    return false;
  }
}

/** Files under a folder, relative to the root, leaving out dependencies and build output. */
function filesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path));
    }
  };
  if (existsSync(folder)) walk(folder);
  return found;
}

/** The web app is stale when anything it is built from (its folder, the domain package) is newer. */
function webIsCurrent(): boolean {
  const index = join(webDir, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const sources = [...filesUnder(webDir), ...filesUnder(join(root, 'packages', 'domain')), 'pnpm-lock.yaml'];
  return newestChange(sources) < statSync(index).mtimeMs;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'if-needed': { type: 'boolean', default: false },
      outdir: { type: 'string', default: join(serverDir, 'dist') },
    },
  });
  const outdir = resolve(values.outdir);
  if (values['if-needed']) {
    if (!webIsCurrent()) {
      console.log('Building the web app …');
      try {
        execFileSync('pnpm', ['--filter', '@relief-desk/web', 'build'], { cwd: root, stdio: 'inherit' });
      } catch {
        console.error('The web app did not build (see above), so the server was not started.');
        process.exit(1);
      }
    }
    if (serverIsCurrent(outdir)) return;
  }
  const started = Date.now();
  const info = await buildServer(outdir);
  console.log(
    `Built the server into ${relative(process.cwd(), join(outdir, 'main.js')) || 'main.js'} from ${info.inputs.length} files in ${Date.now() - started} ms.`,
  );
}

// Run as a script (not when a test imports buildServer).
if (process.argv[1] && resolve(process.argv[1]) === resolve(serverDir, 'build.ts')) {
  await main();
}
