// Uploaded files on disk under the data folder, named by the SHA-256 of their bytes: the same file
// uploaded twice is stored once, and a name never says anything about its content.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface FileStore {
  save(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  open(sha256: string): Readable;
}

export function diskFileStore(root: string): FileStore {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  return {
    async save(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (!existsSync(target)) {
        // Owner-only (0700 folders, 0600 files), as backups are: the umask can only take bits away.
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
        // Write beside, then rename: a crash never leaves a half-written file under the real name.
        const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
        await writeFile(partial, bytes, { mode: 0o600 });
        await rename(partial, target);
      }
      return { sha256, size: bytes.byteLength };
    },
    open(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('Not a file hash');
      return createReadStream(pathOf(sha256));
    },
  };
}
