// How the server sends the web app and its answers: the build's own .br / .gz files as the browser
// accepts them, hashed assets cached for a year and index.html revalidated, API answers compressed,
// and neither source maps nor the build manifest published. Through the real server (buildServer)
// on a build of a few small files in a temporary folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '@relief-desk/api/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from './app.ts';
import { ANSWER_BROTLI_QUALITY, ANSWER_GZIP_LEVEL, IMMUTABLE_CACHE, REVALIDATE_CACHE } from './web-app.ts';

const INDEX = '<!doctype html><html lang="en"><head><title>Relief Desk</title></head><body></body></html>';
const SCRIPT = `export const app = ${JSON.stringify('relief desk '.repeat(400))};\n`;
const MAP = '{"version":3,"sources":["secret/source.ts"],"mappings":""}';

describe('sending the web app', () => {
  let api: ApiHarness;
  let dataDir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await createApiHarness('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-web-app-'));
    const dist = join(dataDir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    mkdirSync(join(dist, '.vite'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js.map'), MAP);
    writeFileSync(join(dist, '.vite', 'manifest.json'), '{"index.html":{"file":"assets/index-Ab12Cd34.js"}}');
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEB_DIST_DIR: dist });
    app = await buildServer({ config, database: api.database, clock: api.clock });
  });
  afterAll(async () => {
    await app?.close();
    await api?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const script = '/assets/index-Ab12Cd34.js';

  it('sends the brotli file the build wrote to a browser that takes brotli, cached for a year', async () => {
    const response = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
    // The security headers go with every answer, files included.
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('sends the gzip file to a browser that takes only gzip, and the file itself to one that takes neither', async () => {
    const gzip = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    expect(gzip.headers['cache-control']).toBe(IMMUTABLE_CACHE);

    const plain = await app.inject({ url: script, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE_CACHE);
  });

  it('has the browser check index.html with the server every time, at its own address and any page address', async () => {
    for (const url of ['/', '/index.html', '/matters', '/matters/01ABC']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe(REVALIDATE_CACHE);
      const body =
        response.headers['content-encoding'] === 'br'
          ? brotliDecompressSync(response.rawPayload).toString()
          : response.body;
      expect(body, url).toBe(INDEX);
    }
  });

  it('publishes neither a source map nor the build manifest', async () => {
    for (const url of [`${script}.map`, '/.vite/manifest.json']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
      expect(response.body, url).not.toContain('secret/source.ts');
      expect(response.body, url).not.toContain('"file"');
      // Addresses of files: not found, rather than the app sent as them.
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toBe(INDEX);
    }
  });

  it('answers 404 for a file that is not there, and the app for any page address', async () => {
    for (const url of [
      '/assets/does-not-exist.js',
      '/assets/index-Old99999.css?v=1',
      '/assets/',
      '/assets/fonts/missing.woff2',
      '/favicon.ico',
      '/robots.txt',
      '/matters/01ABC/report.pdf',
    ]) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('<html');
      expect(response.headers['content-type'], url).not.toMatch(/html/);
    }
    for (const url of ['/matters/123', '/matters?q=03.07.1985', '/clients/01ABC/merge', '/settings/users']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('compresses API answers, which stay uncached', async () => {
    const signIn = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      payload: { email: 'supervisor@alameda.test', password: TEST_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    // A batch of queries, as the web app sends them: an answer of more than a kilobyte.
    const calls = Array.from({ length: 6 }, () => 'auth.me').join(',');
    const url = `/trpc/${calls}?batch=1&input=${encodeURIComponent('{}')}`;
    const plain = await app.inject({ url, headers: { cookie, 'accept-encoding': 'identity' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const compressed = await app.inject({ url, headers: { cookie, 'accept-encoding': 'br, gzip' } });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['cache-control']).toBe('no-store');
    expect(brotliDecompressSync(compressed.rawPayload).toString()).toBe(plain.body);
  });

  it("compresses answers at the quick levels, and sends the build's files as the build compressed them", async () => {
    expect([ANSWER_GZIP_LEVEL, ANSWER_BROTLI_QUALITY]).toEqual([3, 3]);
    const signIn = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      payload: { email: 'supervisor@alameda.test', password: TEST_PASSWORD },
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
    const calls = Array.from({ length: 6 }, () => 'auth.me').join(',');
    const url = `/trpc/${calls}?batch=1&input=${encodeURIComponent('{}')}`;

    const br = await app.inject({ url, headers: { cookie, 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    const brText = brotliDecompressSync(br.rawPayload);
    expect(br.rawPayload).toEqual(
      brotliCompressSync(brText, { params: { [constants.BROTLI_PARAM_QUALITY]: ANSWER_BROTLI_QUALITY } }),
    );

    const gzip = await app.inject({ url, headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const gzipText = gunzipSync(gzip.rawPayload);
    expect(gzip.rawPayload).toEqual(gzipSync(gzipText, { level: ANSWER_GZIP_LEVEL }));
    expect(gzip.rawPayload).not.toEqual(gzipSync(gzipText));

    // The build's own files, byte for byte: not compressed again at the answers' levels.
    const scriptBr = await app.inject({ url: script, headers: { 'accept-encoding': 'br' } });
    expect(scriptBr.rawPayload).toEqual(brotliCompressSync(SCRIPT));
    const scriptGzip = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(scriptGzip.rawPayload).toEqual(gzipSync(SCRIPT));
  });

  it('does not accept a compressed request body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: 'http://localhost', 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ email: 'supervisor@alameda.test', password: TEST_PASSWORD })),
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
