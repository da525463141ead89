// What the HTTP benchmarks share: a tRPC client signed in as a person (the web app's own client
// package, cookies kept as a browser keeps them), and the server process's CPU time and memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const serverDir = resolve(import.meta.dirname, '../..');

interface TrpcModule {
  createTRPCClient: (options: unknown) => unknown;
  httpLink: (options: unknown) => unknown;
}

interface SignInClient {
  auth: { signIn: { mutate(input: { email: string; password: string }): Promise<unknown> } };
}

/**
 * A tRPC client of the server at `base`, signed in. `Client` names the procedures the benchmark calls
 * (the AppRouter type lives with the API, the client package with the web app).
 */
export async function signedInClient<Client extends SignInClient>(
  base: string,
  email: string,
  password: string,
): Promise<Client> {
  const require = createRequire(resolve(serverDir, '../web/package.json'));
  const trpc = (await import(pathToFileURL(require.resolve('@trpc/client')).href)) as TrpcModule;
  let cookie = '';
  const client = trpc.createTRPCClient({
    links: [
      trpc.httpLink({
        url: `${base}/trpc`,
        // As a browser on the app's page would: the server refuses a POST without its own Origin.
        headers: () => ({ origin: base, ...(cookie ? { cookie } : {}) }),
        fetch: async (url: string, init: RequestInit) => {
          const response = await fetch(url, init);
          const set = response.headers.get('set-cookie');
          if (set) cookie = set.split(';')[0] ?? '';
          return response;
        },
      }),
    ],
  }) as Client;
  await client.auth.signIn.mutate({ email, password });
  if (!cookie) throw new Error(`Signing in as ${email} set no cookie.`);
  return client;
}

/**
 * The CPU time a process has used, in ms (user and system, from /proc; ticks of 10 ms). Per request it
 * tells the server's own work apart from waiting for a machine busy with other things.
 */
export function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** A process's resident memory now and at its peak, in MB (from /proc). */
export function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
