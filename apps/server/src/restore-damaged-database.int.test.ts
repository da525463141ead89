// A backup whose database.sqlite matches its checksum yet is no database (random bytes, a file cut
// short: damaged before its manifest was written) is refused by restore before anything is written,
// rather than restored as a success that only the server's next start finds unusable.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, createBackup, type Manifest, restoreBackup } from './backup.ts';
import { loadConfig } from './config.ts';

const root = mkdtempSync(join(tmpdir(), 'relief-desk-restore-damaged-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A backup of a migrated database, its database.sqlite replaced and its checksum made to match. */
async function backupWithDatabase(name: string, damage: (bytes: Buffer) => Buffer): Promise<string> {
  const backup = join(root, name);
  await createBackup(loadConfig({ DATA_DIR: join(root, 'source') }), backup);
  const file = join(backup, 'database.sqlite');
  const damaged = damage(readFileSync(file));
  writeFileSync(file, damaged);
  const manifestPath = join(backup, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  for (const entry of manifest.files)
    if (entry.path === 'database.sqlite') {
      entry.bytes = damaged.byteLength;
      entry.sha256 = createHash('sha256').update(damaged).digest('hex');
    }
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return backup;
}

describe('restore of a backup whose database matches its checksum but is no database', () => {
  beforeAll(async () => {
    mkdirSync(join(root, 'source'));
    const database = openDatabase(join(root, 'source', 'relief-desk.sqlite'));
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
  });

  it.each([
    ['random bytes', (bytes: Buffer) => randomBytes(bytes.byteLength)],
    ['cut short', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.byteLength / 8))],
    ['empty', () => Buffer.alloc(0)],
  ])('is refused when it is %s, and the data folder is left as it was', async (name, damage) => {
    const backup = await backupWithDatabase(name.replace(' ', '-'), damage);
    const dataDir = join(root, `restored-${name.replace(' ', '-')}`);
    const restoring = restoreBackup(loadConfig({ DATA_DIR: dataDir }), backup);
    await expect(restoring).rejects.toBeInstanceOf(BackupError);
    await expect(restoring).rejects.toThrow(
      /^The backup is damaged: its database\.sqlite is not a usable database \(.+\), although it matches its checksum\. Nothing was restored: restore another backup\.$/,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('restores the same backup undamaged', async () => {
    const backup = await backupWithDatabase('undamaged', (bytes) => bytes);
    const dataDir = join(root, 'restored-undamaged');
    await restoreBackup(loadConfig({ DATA_DIR: dataDir }), backup);
    expect(existsSync(join(dataDir, 'relief-desk.sqlite'))).toBe(true);
  });
});
