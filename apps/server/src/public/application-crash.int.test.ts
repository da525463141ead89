// Online applications through crashes: the real server as a child process on a SQLite data folder
// takes applications from several workers at once and is killed with SIGKILL at random moments. An
// application that got no answer is sent again (the same form, the same form key) once the server is
// back, and at the end every form is sent once more. Each form must then be recorded exactly once,
// with its audit row and one confirmation in the outbox: none lost, none twice.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignMissingOfficeSlugs } from '@relief-desk/api';
import { openDatabase, readSqlite } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, prepareDataDir, type ServerProcess, startServer } from '../test-support/server-process.ts';

const CYCLES = 3;
const WORKERS = 6;
const SLUG = 'alameda-county-public-defender';

interface Form {
  name: string;
  body: string;
  address: string;
}

/** A number as a word of two letters or more (0 aa, 1 ab, …, 26 ba): a name on the form holds no digits. */
const inLetters = (n: number) =>
  n
    .toString(26)
    .padStart(2, '0')
    .replace(/[0-9a-p]/g, (digit) => String.fromCharCode(97 + Number.parseInt(digit, 26)));

function newForm(n: number): Form {
  const name = `Crash Applicant ${inLetters(n)} ${inLetters(Number.parseInt(randomUUID().slice(0, 8), 16))}`;
  const params = new URLSearchParams({
    lang: n % 2 ? 'es' : 'en',
    submission: `crash-${randomUUID()}`,
    legalName: name,
    birthMonth: String((n % 12) + 1),
    birthDay: String((n % 28) + 1),
    birthYear: '1980',
    email: `crash${n}@example.org`,
    counties: 'Alameda',
  });
  return { name, body: params.toString(), address: `10.7.${(n >> 8) & 255}.${n & 255}` };
}

describe('online applications through SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-apply-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records every form once, whatever was cut and sent again', async () => {
    await prepareDataDir(dataDir);
    const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    await assignMissingOfficeSlugs(database.db);
    await database.close();
    const port = await freePort();
    const start = async () => {
      server = await startServer(dataDir, port, { TRUST_PROXY: 'true' });
      return server.origin;
    };
    let origin = await start();
    const send = async (form: Form): Promise<number> => {
      const response = await fetch(`${origin}/apply/${SLUG}`, {
        method: 'POST',
        headers: {
          origin,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': form.address,
        },
        body: form.body,
      });
      await response.arrayBuffer();
      return response.status;
    };

    const forms: Form[] = [];
    const acknowledged = new Set<Form>();
    const cut: Form[] = [];
    let running = false;
    const worker = async () => {
      while (running) {
        const form = newForm(forms.length);
        forms.push(form);
        try {
          const status = await send(form);
          if (status === 200) acknowledged.add(form);
          else cut.push(form);
        } catch {
          cut.push(form);
        }
      }
    };
    let retried = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      running = true;
      const workers = Array.from({ length: WORKERS }, worker);
      await new Promise((r) => setTimeout(r, 400 + Math.floor(Math.random() * 900)));
      await server?.kill();
      running = false;
      await Promise.all(workers);
      origin = await start();
      for (const form of cut.splice(0)) {
        retried++;
        expect(await send(form)).toBe(200);
        acknowledged.add(form);
      }
    }
    // Every form once more: each answered as received, none recorded again.
    for (const form of forms) expect(await send(form)).toBe(200);
    await server?.stop();
    server = null;

    const stored = readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => ({
      clients: sqlite.prepare('select legal_name from clients').all() as { legal_name: string }[],
      audits: (
        sqlite
          .prepare(
            `select count(*) as n from audit_log where action = 'applications.submit' and outcome = 'ok'`,
          )
          .get() as { n: number }
      ).n,
      confirmations: (
        sqlite.prepare(`select count(*) as n from messages where kind = 'application'`).get() as { n: number }
      ).n,
    }));
    const names = stored.clients.map((c) => c.legal_name);
    const lost = forms.filter((f) => !names.includes(f.name)).length;
    const twice = names.length - new Set(names).size;
    console.log(
      `application crash test: ${CYCLES} SIGKILLs, ${forms.length} forms sent, ${retried} cut and sent again; ${lost} lost, ${twice} duplicated`,
    );
    expect(acknowledged.size).toBe(forms.length);
    expect(lost).toBe(0);
    expect(twice).toBe(0);
    expect(names).toHaveLength(forms.length);
    expect(stored.audits).toBe(forms.length);
    expect(stored.confirmations).toBe(forms.length);
  }, 240_000);
});
