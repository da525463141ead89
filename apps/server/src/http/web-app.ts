// Sending the web app fast: compressed text, hashed files cached for good, the page itself revalidated.
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Files under /assets carry a hash of their content in their name: a new build gets new names. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else the app is made of (index.html): kept, but checked with the server before use. */
export const REVALIDATE_CACHE = 'no-cache';

/**
 * Brotli or gzip, as the browser accepts, for every text response of a route registered after this
 * (API answers, CSV exports); files the build already compressed are sent as they are. Compressed
 * request bodies are not accepted: nothing the app sends needs them.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    globalDecompression: false,
    // An answer up to this size is compressed in one call rather than through a stream (the plugin's
    // default on a machine of two cores is 16 kB, less than a page of 50 rows): a few tenths of a
    // millisecond, against the stream's chunks and writes, which cost more than the compressing.
    syncThreshold: SYNC_COMPRESSION_LIMIT,
    zlibOptions: { level: ANSWER_GZIP_LEVEL },
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: ANSWER_BROTLI_QUALITY } },
  });
}

// Levels for answers compressed as they are sent (the web app's own files are compressed at their
// best by the build and sent as they are; smaller ones, under the plugin's 1 kB threshold, not at
// all). On a 25.5 kB queue page, gzip 6 -> 3 took 240 -> 99 µs for 3,287 -> 3,607 B and brotli
// 4 -> 3 took ~200 -> 109 µs for 3,296 -> 3,440 B: a tenth more bytes, on a link where 300 B is
// nothing, for half the server's time per answer.
/** gzip level for API answers and exports (zlib's default is 6). */
export const ANSWER_GZIP_LEVEL = 3;
/** Brotli quality for API answers and exports (the plugin's default is 4). */
export const ANSWER_BROTLI_QUALITY = 3;

/** Bytes of an answer compressed in one call; larger ones (a long CSV export) stream. */
const SYNC_COMPRESSION_LIMIT = 256 * 1024;

/**
 * The built web app from `distDir`: the .br or .gz file the build wrote beside each script and
 * stylesheet when the browser accepts it, hashed assets cached for a year, index.html for any other
 * page address (the app routes in the browser). No dotfiles (the build manifest) and no source maps.
 * False when there is no build.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, 'index.html'))) return false;
  const assetsDir = join(distDir, 'assets') + sep;
  await app.register(fastifyStatic, {
    root: distDir,
    index: 'index.html',
    preCompressed: true,
    dotfiles: 'ignore',
    allowedPath: (pathname) => !pathname.endsWith('.map'),
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(assetsDir) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    },
  });
  // The web app routes in the browser: any other page address gets the app itself. A file that is
  // not there (an old build's script asked for by a page cached before a deploy) is a 404, never
  // the page sent as that file.
  app.setNotFoundHandler((request, reply) => {
    if (
      request.method === 'GET' &&
      !request.url.startsWith('/trpc') &&
      !request.url.startsWith('/api/') &&
      !namesAFile(request.url)
    )
      return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'Not found' });
  });
  return true;
}

/** An address of a file rather than a page: under /assets/, or whose last segment has an extension. */
export function namesAFile(url: string): boolean {
  const pathname = url.split(/[?#]/, 1)[0] ?? '';
  return pathname.startsWith('/assets/') || /\.[^/.]+$/.test(pathname);
}
