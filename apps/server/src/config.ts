// Every setting the server reads, from the environment, validated once here and nowhere else.
import { join, resolve } from 'node:path';
import { z } from 'zod';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'Use true or false.' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Where the SQLite file, uploads and backups live. */
  DATA_DIR: z.string().default(join(repositoryRoot, 'data')),
  /** postgres://user:pass@host:port/db to use PostgreSQL; unset for the embedded SQLite file. */
  // An empty value (DATABASE_URL= in an env file) means unset, not an anonymous temporary database.
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  /** Fill an empty database with demo offices, users and clients. Turn off for real deployments. */
  SEED_DEMO_DATA: flag(true),
  /** Mark the session cookie Secure even when requests arrive over plain HTTP (behind a TLS proxy). */
  COOKIE_SECURE: flag(false),
  /** Trust X-Forwarded-* headers from a reverse proxy (for client addresses and HTTPS detection). */
  TRUST_PROXY: flag(false),
  /** The built web app to serve. */
  WEB_DIST_DIR: z.string().default(join(repositoryRoot, 'apps', 'web', 'dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.output<typeof environmentSchema> & { databaseUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`The server's settings are not valid:\n${problems}`);
  }
  const config = parsed.data;
  return {
    ...config,
    DATA_DIR: resolve(config.DATA_DIR),
    databaseUrl: config.DATABASE_URL ?? join(resolve(config.DATA_DIR), 'relief-desk.sqlite'),
  };
}
