// Every route in the server's route table and every tRPC procedure in the router, sent malformed
// requests signed in (as a supervisor, and as an administrator) and anonymously: bodies that are not JSON or of the wrong type, inputs
// with every field wrong in turn, huge strings, nulls and arrays, long paths, bad percent-encodings,
// odd headers and bad tRPC batch parameters. Not one may be answered 5xx. Both lists are read from the
// running server and the router, so a route or a procedure is fuzzed the day it is added.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRouter } from '@relief-desk/api';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '@relief-desk/api/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { routesOf } from './edge.ts';
import { TRPC_BODY_LIMIT } from './trpc-route.ts';

const ORIGIN = 'http://localhost';
const HUGE = 'x'.repeat(100_000);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** Bodies no route should choke on, each with the content types it is sent as. */
const BODIES: [string, string | Buffer][] = [
  ['invalid JSON', '{"a":'],
  ['empty', ''],
  ['null', 'null'],
  ['an array', '[]'],
  ['a string', '"x"'],
  ['a number', '-1e309'],
  ['an object of nulls', '{"messageIds":null,"json":null,"0":null}'],
  ['an array of arrays', JSON.stringify(Array.from({ length: 50 }, () => [[[]]]))],
  ['nested deep', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
  ['a huge string', JSON.stringify(HUGE)],
  ['NUL and a bad escape', '{"a":"\\u0000\\uD800","b":"\\x"}'],
  ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28])],
  ['a PDF', PDF],
  // Over the limit of every route that takes JSON, the API's (TRPC_BODY_LIMIT) the largest.
  ['over the size limit', `"${'y'.repeat(TRPC_BODY_LIMIT)}"`],
];
/** The bodies sent with every content type (the others go as JSON). */
const ALL_TYPES = ['invalid JSON', 'empty', 'a PDF', 'over the size limit'];
const CONTENT_TYPES: (string | null)[] = [
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'multipart/form-data; boundary=----fuzz',
  'application/x-www-form-urlencoded',
  'application/pdf',
  'application/octet-stream',
  'a/b/c;;;=',
  null,
];
/** Values each field of an input is replaced with in turn. */
const WRONG_VALUES: unknown[] = [
  null,
  HUGE,
  -1,
  1e308,
  1.5,
  true,
  [],
  {},
  '',
  '\u0000%ZZ\u202E\uFFFF',
  [HUGE, null],
  { json: null },
];
/** What a path parameter is replaced with. */
const PARAM_VALUES = [
  'x',
  'x'.repeat(5_000),
  '%ZZ',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '%E2%80%AE',
  '-1',
  'null',
];
const ODD_HEADERS: Record<string, string>[] = [
  { 'x-filename': '%E0%A4%A' },
  { 'x-filename': '%' },
  { 'x-filename': 'Ã©Ã¨\u00ff.html' },
  { 'x-filename': encodeURIComponent(`${'\u202E'.repeat(50)}${HUGE.slice(0, 8_000)}`) },
  { origin: 'null' },
  { origin: 'http://[::1' },
  { cookie: `${SESSION_COOKIE}=%ZZ; ${SESSION_COOKIE}=x; =; ;;` },
  { 'content-type': 'application/json; charset=nope; boundary' },
  { accept: 'application/json;q=x, */*;q=-1', 'accept-encoding': 'gzip;q=2, br;q=nope' },
  { range: 'bytes=999999999-', 'if-none-match': '"x"' },
  { 'trpc-accept': 'application/jsonl', 'x-forwarded-proto': 'gopher', 'x-forwarded-host': '%ZZ' },
];

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def | null => (schema as { _zod?: { def?: Def } } | null)?._zod?.def ?? null;

/** A plausible input for a zod schema: the shape each wrong value is put into. */
function sample(schema: unknown, ids: Record<string, string>, key = '', depth = 0): unknown {
  const def = defOf(schema);
  if (!def || depth > 6) return null;
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, unknown>).map(([k, v]) => [
          k,
          sample(v, ids, k, depth + 1),
        ]),
      );
    case 'string': {
      if (ids[key]) return ids[key];
      if (/(On|Date|Birth|From|To)$/.test(key) || def.format === 'date') return '2026-11-28';
      if (/email/i.test(key)) return 'fuzz@example.org';
      return 'x';
    }
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'array':
      return [sample(def.element, ids, key, depth + 1)];
    case 'tuple':
      return (def.items as unknown[]).map((item) => sample(item, ids, key, depth + 1));
    case 'union':
      return sample((def.options as unknown[])[0], ids, key, depth + 1);
    case 'pipe':
      return sample(def.in, ids, key, depth + 1);
    case 'lazy':
      return sample((def.getter as () => unknown)(), ids, key, depth + 1);
    case 'intersection':
      return {
        ...(sample(def.left, ids, key, depth + 1) as object),
        ...(sample(def.right, ids, key, depth + 1) as object),
      };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return sample(def.innerType, ids, key, depth + 1);
    default:
      return null;
  }
}

/** The input with each field (and each field of a field that is an object) wrong in turn. */
function* wrongInputs(input: unknown): Generator<unknown> {
  yield input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return;
  for (const [key, value] of Object.entries(input)) {
    const { [key]: _, ...without } = input as Record<string, unknown>;
    yield without;
    for (const wrong of WRONG_VALUES) yield { ...input, [key]: wrong };
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [inner] of Object.entries(value))
        for (const wrong of [null, HUGE, [], 1e308])
          yield { ...input, [key]: { ...(value as object), [inner]: wrong } };
  }
}

type Who = 'supervisor' | 'admin' | 'anonymous';

describe('fuzzing every route and procedure', () => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  // The supervisor holds every permission but administration, which the administrator holds.
  const sessions: Record<Who, string> = { supervisor: '', admin: '', anonymous: '' };
  const ids: Record<string, string> = {};

  async function signIn(who: 'supervisor' | 'admin'): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: ORIGIN },
      payload: { email: `${who}@alameda.test`, password: TEST_PASSWORD },
    });
    return response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
  }

  beforeAll(async () => {
    api = await createApiHarness('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-fuzz-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    sessions.supervisor = await signIn('supervisor');
    sessions.admin = await signIn('admin');
    const session = sessions.supervisor;
    // Real records, so inputs that name them reach past "not found".
    const recorded = await app.inject({
      method: 'POST',
      url: '/trpc/referrals.record',
      headers: { origin: ORIGIN },
      cookies: { [SESSION_COOKIE]: session },
      payload: referralInput(),
    });
    ids.matterId = recorded.json().result.data.matters[0].id;
    const requested = await app.inject({
      method: 'POST',
      url: '/trpc/documents.request',
      headers: { origin: ORIGIN },
      cookies: { [SESSION_COOKIE]: session },
      payload: { matterId: ids.matterId, kind: 'rap_sheet', requestedFrom: 'doj', requestedOn: '2026-11-28' },
    });
    ids.documentId = requested.json().result.data.id;
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // About 35,000 requests: under a minute alone, three or more beside CI's other run on a busy day. The
  // test is about the answers (it prints its time); the limit only stops a hang.
  it('answers no malformed request with a 5xx', { timeout: 600_000 }, async () => {
    const started = Date.now();
    let sent = 0;
    const failures: string[] = [];
    const send = async (who: Who, options: InjectOptions) => {
      sent += 1;
      const describe = `${who}: ${options.method} ${String(options.url).slice(0, 120)} ${JSON.stringify(options.headers ?? {}).slice(0, 160)}`;
      try {
        const response = await app.inject({
          ...options,
          cookies: sessions[who] ? { [SESSION_COOKIE]: sessions[who] } : {},
        });
        if (response.statusCode >= 500)
          failures.push(`${response.statusCode} ${describe} → ${response.body.slice(0, 200)}`);
      } catch (error) {
        failures.push(`threw ${describe}: ${String(error).slice(0, 200)}`);
      }
    };
    // A procedure may sign the session out (auth.signOut takes no input): sign in again before the next.
    const keepSignedIn = async (who: 'supervisor' | 'admin') => {
      const me = await app.inject({
        method: 'GET',
        url: '/trpc/auth.me',
        cookies: { [SESSION_COOKIE]: sessions[who] },
      });
      if (me.statusCode === 401) sessions[who] = await signIn(who);
    };

    // 1. The route table, as the server built it.
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(5);
    const methodsOf = new Map<string, Set<string>>();
    for (const { method, url } of routes) methodsOf.set(url, (methodsOf.get(url) ?? new Set()).add(method));
    for (const [url, methods] of methodsOf) {
      const urls = PARAM_VALUES.map((value) => url.replace(/:\w+/g, value).replace(/\*$/, value));
      urls.push(`${url.replace(/:\w+/g, 'x').replace(/\*$/, 'x')}/${'y'.repeat(5_000)}`);
      const queries = [
        '',
        '?view=%ZZ',
        '?view=%7B',
        `?view=${HUGE.slice(0, 20_000)}`,
        '?view=%7B%7D&view=%5B%5D',
        '?view=%7B%22queue%22%3A%22all%22%2C%22search%22%3A%22%25%22%7D',
        '?view=%7B%22queue%22%3A%22all%22%2C%22cursor%22%3A%22%25%25%22%7D',
        '?batch=1&input=%ZZ',
        '?input=%7B&batch=x',
        '?%ZZ=%ZZ&&=&a[b]=c',
      ];
      for (const who of ['supervisor', 'anonymous'] as const) {
        for (const method of [...methods, 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND']) {
          for (const path of urls)
            await send(who, { method: method as 'GET', url: path, headers: { origin: ORIGIN } });
          const first = urls[0] ?? url;
          for (const query of queries)
            await send(who, {
              method: method as 'GET',
              url: `${first}${query}`,
              headers: { origin: ORIGIN },
            });
          for (const headers of ODD_HEADERS)
            await send(who, {
              method: method as 'GET',
              url: first.replace(/\/x(\/|$)/, `/${ids.documentId}$1`),
              headers: { origin: ORIGIN, 'content-type': 'application/pdf', ...headers },
              ...(method === 'GET' || method === 'HEAD' ? {} : { payload: PDF }),
            });
          if (method === 'GET' || method === 'HEAD') continue;
          // Every body as JSON, and every content type with the bodies that tell types apart.
          const pairs = [
            ...BODIES.map(([, body]) => ['application/json', body] as const),
            ...CONTENT_TYPES.flatMap((type) =>
              BODIES.filter(([what]) => ALL_TYPES.includes(what)).map(([, body]) => [type, body] as const),
            ),
          ];
          for (const [contentType, body] of pairs)
            await send(who, {
              method: method as 'POST',
              url: first.replace(/\/x(\/|$)/, `/${ids.documentId}$1`),
              headers: { origin: ORIGIN, ...(contentType ? { 'content-type': contentType } : {}) },
              payload: body,
            });
        }
      }
    }
    const routeRequests = sent;

    // 2. Every procedure of the router, by its own input schema.
    const procedures = (
      appRouter as unknown as {
        _def: { procedures: Record<string, { _def: { type: string; inputs: unknown[] } }> };
      }
    )._def.procedures;
    expect(Object.keys(procedures).length).toBeGreaterThan(20);
    for (const [path, procedure] of Object.entries(procedures)) {
      const query = procedure._def.type === 'query';
      const input = sample(procedure._def.inputs[0], ids);
      const asGet = (raw: string) => ({ method: 'GET' as const, url: `/trpc/${path}?input=${raw}` });
      const asPost = (raw: string | Buffer, contentType = 'application/json') => ({
        method: 'POST' as const,
        url: `/trpc/${path}`,
        headers: { origin: ORIGIN, 'content-type': contentType },
        payload: raw,
      });
      for (const who of ['supervisor', 'anonymous'] as const) {
        // Raw malformed requests, both ways (the wrong one is answered 405).
        for (const [, body] of BODIES) {
          await send(who, asPost(body));
          if (typeof body === 'string' && body.length < 20_000)
            await send(who, asGet(encodeURIComponent(body)));
        }
        for (const raw of ['%ZZ', '%', '%7B', '%00', '%E0%A4%A']) await send(who, asGet(raw));
        for (const batch of [
          '?batch=1&input=%ZZ',
          '?batch=1&input=%7B',
          '?batch=1&input=%5B%5D',
          '?batch=1&input=null',
          '?batch=1',
          '?batch=x&input=%7B%7D',
          `?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input, 1: null, 99: HUGE.slice(0, 1_000) }))}`,
        ]) {
          await send(who, { method: 'GET', url: `/trpc/${path}${batch}` });
          await send(who, { method: 'GET', url: `/trpc/${path},${path},nope${batch}` });
          await send(who, {
            method: 'POST',
            url: `/trpc/${path}${batch}`,
            headers: { origin: ORIGIN, 'content-type': 'application/json' },
            payload: JSON.stringify({ 0: input, 1: HUGE }),
          });
        }
        if (who === 'anonymous')
          await send(
            who,
            query
              ? asGet(encodeURIComponent(JSON.stringify(input) ?? ''))
              : asPost(JSON.stringify(input) ?? ''),
          );
      }
      // Each field wrong in turn, signed in as someone the procedure lets in (past the role check,
      // into the input): the supervisor, or the administrator for administration.
      const call = (who: Who, value: unknown) => {
        const json = JSON.stringify(value) ?? 'null';
        return send(who, query ? asGet(encodeURIComponent(json)) : asPost(json));
      };
      const probe = await app.inject({
        ...(query
          ? asGet(encodeURIComponent(JSON.stringify(input) ?? 'null'))
          : asPost(JSON.stringify(input) ?? 'null')),
        cookies: { [SESSION_COOKIE]: sessions.supervisor },
      });
      const who = probe.statusCode === 403 ? 'admin' : 'supervisor';
      for (const wrong of wrongInputs(input)) await call(who, wrong);
      await keepSignedIn('supervisor');
      await keepSignedIn('admin');
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests (${routeRequests} to ${methodsOf.size} routes, ${sent - routeRequests} to ${Object.keys(procedures).length} procedures) in ${seconds} s, ${failures.length} answered 5xx`,
    );
    expect(failures).toEqual([]);
  });
});
