// The server as the public pages' tests use it: built on a test harness's database and clock, with a
// public origin (links in messages are built on it), and the slug of the Alameda office's form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHarness } from '@relief-desk/api/testing';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { buildServer } from '../http/app.ts';

export const PUBLIC_TEST_ORIGIN = 'http://desk.test';

export interface PublicServer {
  app: FastifyInstance;
  /** The Alameda office's form is at /apply/{slug}. */
  slug: string;
  close: () => Promise<void>;
}

export async function startPublicServer(api: ApiHarness, dirPrefix: string): Promise<PublicServer> {
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const app = await buildServer({
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: PUBLIC_TEST_ORIGIN }),
    database: api.database,
    clock: api.clock,
  });
  const office = await api.database.db
    .selectFrom('offices')
    .select('slug')
    .where('id', '=', api.officeIds.alameda)
    .executeTakeFirstOrThrow();
  return {
    app,
    slug: office.slug ?? '',
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A form as the browser posts it (application/x-www-form-urlencoded), a list as repeated fields. */
export function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}
