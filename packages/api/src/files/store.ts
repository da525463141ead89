// Uploaded files on disk under the data folder, named by the SHA-256 of their bytes: the same file
// uploaded twice is stored once, and a name never says anything about its content.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface FileStore {
  save(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  open(sha256: string): Readable;
  /**
   * Erases the file unless `stillReferenced` (asked after this store's saves of the same bytes have
   * finished, none starting meanwhile) says a row names it: the same bytes may be attached elsewhere.
   * Called once the row that named it has been blanked and committed.
   */
  removeUnlessReferenced(sha256: string, stillReferenced: () => Promise<boolean>): Promise<boolean>;
  /**
   * Erases every stored file (and every write left half-done) last changed more than `olderThanMs`
   * ago that `referenced` does not name: files whose erasure a crash interrupted after the commit.
   * Returns how many went.
   */
  sweep(referenced: (sha256s: string[]) => Promise<Set<string>>, olderThanMs: number): Promise<number>;
}

const HASH = /^[0-9a-f]{64}$/;

export function diskFileStore(root: string): FileStore {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  // Saves and erasures of the same bytes take turns in this process: an erasure never runs between
  // an upload's check that the file is there and its row's commit (the upload saves again after it).
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = <T>(sha256: string, work: () => Promise<T>): Promise<T> => {
    const before = turns.get(sha256) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => {},
      () => {},
    );
    turns.set(sha256, settled);
    void settled.then(() => {
      if (turns.get(sha256) === settled) turns.delete(sha256);
    });
    return mine;
  };
  return {
    async save(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      await inTurn(sha256, async () => {
        if (existsSync(target)) return;
        // Owner-only (0700 folders, 0600 files), as backups are: the umask can only take bits away.
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
        // Write beside, then rename: a crash never leaves a half-written file under the real name.
        const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
        await writeFile(partial, bytes, { mode: 0o600 });
        await rename(partial, target);
      });
      return { sha256, size: bytes.byteLength };
    },
    open(sha256) {
      if (!HASH.test(sha256)) throw new Error('Not a file hash');
      return createReadStream(pathOf(sha256));
    },
    removeUnlessReferenced(sha256, stillReferenced) {
      if (!HASH.test(sha256)) throw new Error('Not a file hash');
      return inTurn(sha256, async () => {
        if (await stillReferenced()) return false;
        await rm(pathOf(sha256), { force: true });
        return true;
      });
    },
    async sweep(referenced, olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      const folders = await readdir(root).catch(() => [] as string[]);
      for (const folder of folders) {
        if (!/^[0-9a-f]{2}$/.test(folder)) continue;
        const names = await readdir(join(root, folder)).catch(() => [] as string[]);
        const old: string[] = [];
        for (const name of names) {
          const info = await stat(join(root, folder, name)).catch(() => null);
          if (info?.isFile() && info.mtimeMs < cutoff) old.push(name);
        }
        const hashes = old.filter((name) => HASH.test(name));
        const kept = hashes.length > 0 ? await referenced(hashes) : new Set<string>();
        for (const name of old) {
          // A half-written upload (".partial") is never named by a row.
          if (kept.has(name)) continue;
          if (HASH.test(name)) {
            const gone = await this.removeUnlessReferenced(name, async () =>
              (await referenced([name])).has(name),
            );
            if (gone) removed++;
          } else if (name.endsWith('.partial')) {
            await rm(join(root, folder, name), { force: true });
            removed++;
          }
        }
      }
      return removed;
    },
  };
}
