// A letter printed by the server as `pnpm start` builds it: the bundle (one main.js, in a folder of its
// own) draws with the fonts the build copied beside it, so a Vietnamese name prints as written. A font
// that is found from the sources but not from the bundle fails here; so does one of the court papers'
// fonts (drawn the same way) that the build leaves behind.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { openDatabase } from '@relief-desk/db';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type BuiltServer, startBuilt } from '../test-support/built-server.ts';
import { pdfText } from '../test-support/route-walk.ts';
import {
  dataOf,
  freePort,
  HttpSession,
  INTAKE_EMAIL,
  INTAKE_PASSWORD,
  prepareDataDir,
  serverDir,
} from '../test-support/server-process.ts';

const NAME = 'Nguyễn Văn Thắng';

describe('letters printed by the built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-built-fonts-'));
  let server: BuiltServer | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('print a Vietnamese name as written, in the embedded font', async () => {
    await prepareDataDir(dataDir);
    const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    try {
      // A letter needs the office's letterhead.
      await database.db
        .updateTable('offices')
        .set({
          phone: '(510) 555-0100',
          email: 'office@example.org',
          address: '1401 Lakeside Dr\nOakland, CA 94612',
        })
        .execute();
    } finally {
      await database.close();
    }
    server = await startBuilt(
      inject('serverMain'),
      {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        // As a service manager starts `node main.js`: without the NODE_PATH that pnpm sets for tests.
        NODE_PATH: '',
      },
      await freePort(),
    );
    const intake = new HttpSession(server.origin);
    await intake.signIn();
    const base = referralInput();
    const referred = await intake.mutate(
      'referrals.record',
      referralInput({
        client: {
          ...base.client,
          legalName: NAME,
          otherNames: [],
          address: {
            line1: '742 Đường Lê Lợi',
            line2: '',
            city: 'San José',
            state: 'CA',
            postalCode: '95112',
          },
          preferredLanguage: 'vi',
          contact: { email: false, sms: false, letter: true, phone: false },
          consentToText: false,
        },
      }),
      randomUUID(),
    );
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
    const matterId = dataOf<{ matters: { id: string }[] }>(referred).matters[0]?.id ?? '';
    const composed = await intake.query('messages.composeStatus', { matterId, statusType: 'in_review' });
    expect(composed.status, JSON.stringify(composed.body)).toBe(200);
    const sent = await intake.mutate(
      'messages.sendStatus',
      {
        writtenIn: dataOf<{ language: string }>(composed).language,
        choice: { matterId, statusType: 'in_review' },
        messages: dataOf<{ messages: unknown[] }>(composed).messages,
      },
      randomUUID(),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const messageId = dataOf<{ messageIds: string[] }>(sent).messageIds[0] ?? '';

    // The session's cookie, as the web app sends it with a print.
    const signIn = await fetch(`${server.origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: INTAKE_EMAIL, password: INTAKE_PASSWORD }),
    });
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const printed = await fetch(`${server.origin}/api/letters/${messageId}/pdf`, {
      method: 'POST',
      headers: { origin: server.origin, cookie },
    });
    const bytes = new Uint8Array(await printed.arrayBuffer());
    expect(printed.status, `${Buffer.from(bytes).toString()}\n${server.stdout()}${server.stderr()}`).toBe(
      200,
    );
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ').normalize('NFC');
    expect(text).toContain(`${NAME} 742 Đường Lê Lợi San José, CA 95112`);
    expect(text).toContain(`Dear ${NAME},`);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+LiberationSans\b/);
  }, 120_000);

  it('has every font of the letters and the court papers, with its licence, beside main.js', () => {
    const built = join(dirname(inject('serverMain')), 'fonts');
    for (const folder of ['packages/notify/src/letters/fonts', 'packages/petitions/src/fonts']) {
      const source = join(serverDir, '..', '..', folder);
      const files = readdirSync(source);
      expect(files).toContain('LICENSE');
      expect(files.filter((f) => f.endsWith('.ttf')).length).toBeGreaterThan(0);
      for (const file of files)
        expect(readFileSync(join(built, file)).equals(readFileSync(join(source, file)))).toBe(true);
    }
  });
});
