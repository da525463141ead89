// Saving a RAP sheet review over HTTP: the longest review the screen can save (every proposal one
// import may make, each edited to the longest its form takes) is a body the API takes, and reaches
// the procedure; a longer one is refused as too large. The limit does not depend on the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { longestRapAccept, longestRapAcceptBody } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { TRPC_BODY_LIMIT } from '../http/trpc-route.ts';
import { sessionCookieOf } from '../test-support/session.ts';

describe('saving a RAP sheet review over HTTP', () => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    api = await createApiHarness('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-rap-accept-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const save = async (body: string) =>
    app.inject({
      method: 'POST',
      url: '/trpc/rapImports.accept',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      cookies: { [SESSION_COOKIE]: await sessionCookieOf(app, 'attorney@alameda.test') },
      payload: body,
    });

  it('regression: the longest review the screen can save reaches the procedure; a longer body is refused as too large', async () => {
    // The server took 1 MiB: a review of 500 convictions and 500 arrests, edited, could be larger.
    const longest = JSON.stringify(longestRapAccept());
    expect(Buffer.byteLength(longest)).toBe(longestRapAcceptBody());
    expect(Buffer.byteLength(longest)).toBeGreaterThan(1024 * 1024);
    const answered = await save(longest);
    // The procedure read it: the import it names is not there.
    expect([answered.statusCode, answered.json().error.data.appCode]).toEqual([404, 'NOT_FOUND']);
    const tooLong = await save(`${longest}${' '.repeat(TRPC_BODY_LIMIT - Buffer.byteLength(longest) + 1)}`);
    expect(tooLong.statusCode).toBe(413);
  });
});
