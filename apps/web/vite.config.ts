import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip as gzipCallback } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/**
 * Writes a .br (brotli, best) and a .gz (gzip, best) beside every text file of the build, once, so
 * the server sends them as they are instead of compressing on each request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'relief-desk:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // In the thread pool, all files at once: brotli at its best takes a while on a large file.
    async writeBundle(_options, bundle) {
      const texts = Object.keys(bundle).filter(
        (fileName) => /\.(js|css|html|svg|json)$/.test(fileName) && !fileName.startsWith('.vite/'),
      );
      await Promise.all(
        texts.map(async (fileName) => {
          const path = join(outDir, fileName);
          const bytes = await readFile(path);
          if (bytes.length < 1024) return;
          const brotliOptions = {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          };
          const [br, gz] = await Promise.all([brotli(bytes, brotliOptions), gzip(bytes, { level: 9 })]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

// `pnpm dev`: the server (API_PORT, 3000 by default) answers everything that is not the web app
// itself: the API, the file, letter, export and partner routes under /api, the health checks and
// the public referral and status pages.
const server = `http://localhost:${process.env.API_PORT ?? 3000}`;
const SERVER_ROUTES = ['/trpc', '/api', '/healthz', '/readyz', '/apply', '/status'];

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(SERVER_ROUTES.map((route) => [route, server])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in the build: the server would publish them with the app.
    sourcemap: false,
    // .vite/manifest.json: which chunks each page loads, read by `pnpm bench:web` for its budgets.
    manifest: true,
    rolldownOptions: {
      // A zod schema made at the top of a module (packages/domain) and not used by a chunk's code is
      // left out of that chunk: the app's entry no longer carries zod, only the pages that check forms.
      // The domain's text helpers that build a schema are named too (a schema with a field made by one
      // was kept, and built as each page started), and so are date formats and collators no page uses.
      treeshake: {
        manualPureFunctions: ['z', 'singleLine', 'multiLine', 'Intl.DateTimeFormat', 'Intl.Collator'],
      },
      output: {
        codeSplitting: {
          groups: [
            // The domain's and the app's small modules that most pages use (labels, dates, form fields,
            // formats) in one chunk fetched beside the entry, instead of a dozen chunks of a kilobyte or
            // two each that a page asks for only once its own chunk is in: on a phone's network every
            // one of those waits its turn for a connection and a round trip. Not the convictions',
            // arrests' and decisions' schemas: building them takes a phone a while, and only the pages
            // that record those need them. Nor the checks of input (which bring zod): they go with the
            // pages that check forms.
            {
              name: 'shared',
              test: (id) =>
                /packages[\\/]domain[\\/]src|apps[\\/]web[\\/]src[\\/](ui|lib)[\\/]/.test(id) &&
                !/packages[\\/]domain[\\/]src[\\/](arrests|convictions|decisions|petitions|input-words)\.ts$/.test(
                  id,
                ) &&
                !/apps[\\/]web[\\/]src[\\/]lib[\\/]checkInput\.ts$/.test(id),
              minShareCount: 4,
            },
          ],
        },
      },
    },
  },
});
