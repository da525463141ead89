// Which server runs on a data folder, for restore to ask before it writes there. A restore under a
// running server is lost: the server keeps the database file it opened (moved aside, say, to empty
// the folder) and writes there, while it answers as if nothing had happened.
//
// The server listens, for as long as it runs, on a Unix socket in Linux's abstract namespace named
// after its data folder and its SQLite file; restore connects to the one its settings name. No file
// holds it, so moving the folder's files aside (or removing them) does not let it go, and it goes
// with the process, however that ends: nothing stale is left to remove by hand. Other systems have no
// abstract namespace: there nothing is held, and restore cannot tell.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { isPostgresUrl } from '@relief-desk/db';
import type { Config } from './config.ts';

const SUPPORTED = process.platform === 'linux';

/** What the server holds, and restore asks about: the data folder, and a SQLite file outside it. */
function placesOf(config: Pick<Config, 'DATA_DIR' | 'databaseUrl'>): string[] {
  const places = [resolve(config.DATA_DIR)];
  if (!isPostgresUrl(config.databaseUrl)) places.push(resolve(config.databaseUrl));
  // The same folder reached through a symbolic link is the same folder.
  for (const place of [...places]) {
    try {
      places.push(realpathSync(place));
    } catch {
      // Not there (yet): its path is all there is.
    }
  }
  return [...new Set(places)];
}

/** The socket's name for a place: a hash, so that any path fits the 107 bytes a name may have. */
const socketName = (place: string) =>
  `\0relief-desk-server-${createHash('sha256').update(place).digest('hex').slice(0, 40)}`;

export interface DataFolderHold {
  release(): Promise<void>;
}

/**
 * Held by the server from before it opens the database until it has closed it: each connection is
 * told the process id and closed. A name another process holds already (a second server on the same
 * folder: several on one PostgreSQL database share their uploads folder) is left to it.
 */
export async function holdDataFolder(
  config: Pick<Config, 'DATA_DIR' | 'databaseUrl'>,
): Promise<DataFolderHold> {
  const servers: Server[] = [];
  if (SUPPORTED)
    for (const place of placesOf(config)) {
      const server = createServer((socket) => socket.end(`${process.pid}\n`));
      const listening = await new Promise<boolean>((done, fail) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
          error.code === 'EADDRINUSE' ? done(false) : fail(error),
        );
        server.listen(socketName(place), () => done(true));
      });
      if (!listening) continue;
      // Never what keeps the process alive.
      server.unref();
      servers.push(server);
    }
  return {
    release: async () => {
      await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
    },
  };
}

/**
 * The process id of a server running on the data folder or SQLite file the settings name, or null
 * when none is (or this system cannot tell).
 */
export async function serverOnDataFolder(
  config: Pick<Config, 'DATA_DIR' | 'databaseUrl'>,
): Promise<{ pid: number | null } | null> {
  if (!SUPPORTED) return null;
  for (const place of placesOf(config)) {
    const found = await new Promise<{ pid: number | null } | null>((done) => {
      const socket = connect(socketName(place));
      let said = '';
      let connected = false;
      // A server that took the connection but does not answer is still a server.
      socket.setTimeout(2_000, () => socket.destroy());
      socket.on('connect', () => {
        connected = true;
      });
      socket.on('data', (chunk) => {
        said += String(chunk);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (!connected) return done(null);
        const pid = Number.parseInt(said.trim(), 10);
        done({ pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null });
      });
    });
    if (found) return found;
  }
  return null;
}
