// Control characters in any text of any procedure: every procedure of the router (read from the
// router itself) is called once per text of its input (from the walks' shared input table), with NUL
// and other control characters put into that text. PostgreSQL text cannot hold NUL, so a text that
// reached the database uncleaned answered INTERNAL_SERVER_ERROR there (and was kept on SQLite). No
// call may fail that way; a refusal must name the field it refuses; and afterwards no text kept
// anywhere in the database holds a control character. Text read from a RAP sheet PDF enters the
// records by the import worker, not a procedure's input: a PDF whose text holds them is read too.

import { testDialects } from '@relief-desk/db/testing';
import type { Role } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfReadingAs } from '../../rap-sheet/src/test-support/pdfs.ts';
import { AppError } from './errors.ts';
import { uploadDocumentFile } from './features/documents/files.ts';
import { convictionInput, openMatter } from './features/lifecycle-fixtures.ts';
import { authedContext } from './features/messages/fixtures.ts';
import { runWorker } from './features/rap-import/fixtures.ts';
import { inputsFor, MissingProcedure, procedureAt } from './procedure-fixtures.ts';
import { appRouter, createCaller } from './router.ts';
import { type Records, seedSentinels } from './sentinels.ts';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from './testing.ts';

/** NUL, BEL, ESC, NEL (C1) and the line separator, put into the middle of a text. */
const CONTROLS = '\u0000\u0007\u001b\u0085\u2028';
/** What must never be kept: C0 but tab and line breaks, DEL, C1, U+2028/U+2029, or their JSON escapes. */
const KEPT_CONTROL = /[^\P{Cc}\t\n\r]|[\u2028\u2029]|\\u00(0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])/iu;

// Roles tried in turn until one may call the procedure.
const ROLE_ORDER: Role[] = ['attorney', 'admin', 'supervisor', 'intake'];

type AnyCaller = ReturnType<typeof createCaller>;

type Outcome = { ok: true } | { ok: false; code: string; fields: string[]; message: string };

async function call(caller: AnyCaller, path: string, input: unknown): Promise<Outcome> {
  try {
    await procedureAt(caller, path)(input);
    return { ok: true };
  } catch (error) {
    // A path the router has no procedure at is the walk's fault, never a refusal.
    if (error instanceof MissingProcedure) throw error;
    const e = error as { code?: string; message?: string; cause?: unknown };
    const cause = e.cause as { issues?: { path: PropertyKey[] }[] } | undefined;
    const fields =
      error instanceof AppError
        ? error.fieldErrors.map((f) => f.path)
        : (cause?.issues ?? []).map((i) => i.path.map(String).join('.'));
    return { ok: false, code: e.code ?? 'UNKNOWN', fields, message: e.message ?? String(error) };
  }
}

/** Every text in an input, by its dotted path. */
function textsOf(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => textsOf(v, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => textsOf(v, [...path, k]));
  return [];
}

/** A copy of the input with control characters put into the text at `path`. */
function withControls(input: unknown, path: string[]): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] ?? '';
  const text = String(node[last]);
  node[last] = `${text.slice(0, 1)}${CONTROLS}${text.slice(1)}`;
  return copy;
}

/**
 * Inputs beyond the walks' table, so that texts are written, not only looked up; `fresh` gives the
 * version the write must name, read again before each call.
 */
interface Write {
  path: string;
  input: Record<string, unknown>;
  fresh?: (api: ApiHarness) => Promise<Record<string, unknown>>;
}

function writingInputs(r: Records, table: Record<string, unknown>): Write[] {
  const referral = referralInput();
  const client = { ...referral.client, otherNames: [{ name: 'Pepe Ruiz' }] };
  const withAddress = {
    ...client,
    address: { line1: '1 Main St', line2: 'Apt 2', city: 'Oakland', state: 'CA', postalCode: '94612' },
  };
  return [
    {
      path: 'referrals.record',
      input: {
        ...referral,
        client: withAddress,
        source: { kind: 'partner', detail: 'Partner Org' },
        note: 'Two old cases.\nCall after 5.',
      },
    },
    { path: 'matters.addNote', input: { matterId: r.hearingMatterId, text: 'A note.\nSecond line.' } },
    { path: 'partnerKeys.create', input: { name: 'Walk partner' } },
    // Search terms and filters: looked up, never kept, but PostgreSQL refuses NUL in a comparison too.
    { path: 'matters.list', input: { queue: 'all', search: 'Maria Nunez' } },
    { path: 'queues.viewCount', input: { queue: 'all', search: '2026-00001' } },
    { path: 'audit.list', input: { person: r.userId, client: r.clientId, limit: 50 } },
    { path: 'arrests.add', input: { matterId: r.hearingMatterId, arrest: arrestInput() } },
    {
      path: 'convictions.add',
      input: { matterId: r.hearingMatterId, conviction: convictionInput({ caseNumber: 'AB-123' }) },
    },
    {
      path: 'rapImports.start',
      input: {
        matterId: r.hearingMatterId,
        source: { kind: 'text', name: 'Pasted text', text: 'RAP SHEET\nCNT:01' },
      },
    },
    {
      path: 'offices.saveProfile',
      input: {
        ...(table['offices.saveProfile'] as Record<string, unknown>),
        letterSignerName: 'Ana Ruiz',
        letterSignerTitle: 'Director',
      },
      fresh: async (api) => ({
        version: (
          await api.database.db
            .selectFrom('offices')
            .select('version')
            .where('id', '=', api.officeIds.alameda)
            .executeTakeFirstOrThrow()
        ).version,
      }),
    },
    {
      path: 'clients.update',
      input: { clientId: r.clientId, version: 0, client: withAddress },
      fresh: async (api) => ({
        version: (
          await api.database.db
            .selectFrom('clients')
            .select('version')
            .where('id', '=', r.clientId)
            .executeTakeFirstOrThrow()
        ).version,
      }),
    },
  ];
}

const arrestInput = () => ({
  arrestDate: '2015-03-04',
  arrestAgency: 'Oakland Police Department',
  code: 'PC',
  section: '484(a)',
  offenseDescription: 'Petty theft',
  level: 'misdemeanor',
  disposition: 'dismissed',
  dispositionDate: '2015-06-01',
});

/** Every text kept in the database that holds a control character, as table.column: value. */
async function keptControls(api: ApiHarness): Promise<string[]> {
  const db = api.database.db;
  const tables =
    api.database.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
        ).rows
      : (
          await sql<{ name: string }>`select name from sqlite_master
            where type = 'table' and name not like 'sqlite_%'`.execute(db)
        ).rows;
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        if (value === null || Buffer.isBuffer(value) || value instanceof Uint8Array) continue;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (text && KEPT_CONTROL.test(text))
          found.push(`${name}.${column}: ${JSON.stringify(text).slice(0, 160)}`);
      }
  }
  return found;
}

describe.each(testDialects())('control characters in every text of every procedure (%s)', (dialect) => {
  let api: ApiHarness;
  let records: Records;
  const callers = {} as Record<Role, AnyCaller>;
  const internalLog: string[] = [];

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    records = (await seedSentinels(api)).alameda;
    for (const role of ROLE_ORDER) {
      const signIn = api.context();
      await createCaller(signIn).auth.signIn({ email: `${role}@alameda.test`, password: TEST_PASSWORD });
      callers[role] = createCaller(
        api.context({
          sessionToken: signIn.cookieJar.token,
          log: { error: (m, d) => internalLog.push(`${m} ${String(d)}`) },
        }),
      );
    }
  }, 120_000);
  afterAll(async () => api?.destroy());

  it('no text with control characters gives an internal error, a refusal names its field, nothing keeps them', async () => {
    const table = inputsFor(records);
    const paths = Object.keys(appRouter._def.procedures);
    expect(
      paths.filter((p) => !(p in table)),
      'procedures with no input in procedure-fixtures.ts',
    ).toEqual([]);
    // Signing out, or ending other sessions, would end the callers' sessions; neither takes text.
    const cases: Write[] = [
      ...paths
        .filter((p) => !p.startsWith('auth.signOut'))
        .map((path) => ({ path, input: table[path] as Record<string, unknown> })),
      ...writingInputs(records, table),
    ];

    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    let calls = 0;
    const deepCalls = new Set<string>();
    for (const { path, input, fresh } of cases) {
      for (const field of textsOf(input)) {
        const variant = { ...(withControls(input, field) as object), ...(fresh ? await fresh(api) : {}) };
        const fieldName = field.join('.');
        let outcome: Outcome = { ok: false, code: 'FORBIDDEN', fields: [], message: '' };
        let role: Role | undefined;
        for (const r of ROLE_ORDER) {
          role = r;
          outcome = await call(callers[r], path, variant);
          calls++;
          // Reached, not answered "no procedure on this path" (what cutting the path to two parts did).
          if (path.split('.').length > 2 && (outcome.ok || !outcome.message.startsWith('No procedure found')))
            deepCalls.add(path);
          if (outcome.ok || outcome.code !== 'FORBIDDEN') break;
        }
        const key = outcome.ok ? 'ok' : outcome.code;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (outcome.ok) continue;
        if (outcome.code === 'INTERNAL_SERVER_ERROR') {
          problems.push(`${path} ${fieldName}: internal error (${outcome.message})`);
          continue;
        }
        if (outcome.code !== 'BAD_REQUEST' || !role) continue;
        // A refusal may name only this field, or fields the unchanged input is refused for too.
        const baseline = await call(callers[role], path, input);
        const before = new Set(baseline.ok ? [] : baseline.fields);
        // (A list's refusal may name the list: "convictionIds" for convictionIds.0.)
        const others = outcome.fields.filter(
          (f) => f !== fieldName && !fieldName.startsWith(`${f}.`) && !before.has(f),
        );
        if (
          others.length > 0 ||
          (outcome.fields.length === 0 && (baseline.ok || baseline.code !== 'BAD_REQUEST'))
        )
          problems.push(
            `${path} ${fieldName}: refused without naming the field (${outcome.fields.join(', ') || outcome.message})`,
          );
      }
    }
    const kept = await keptControls(api);
    console.log(
      `control characters (${dialect}): ${cases.length} procedures and inputs, ${calls} calls, outcomes ${JSON.stringify(outcomes)}; ${problems.length} problems; ${kept.length} texts kept with them`,
    );
    expect(problems).toEqual([]);
    expect(internalLog).toEqual([]);
    expect(kept).toEqual([]);
    // The walk can fail: texts were written, not only refused.
    expect(outcomes.ok ?? 0).toBeGreaterThan(20);
    // Procedures nested deeper than group.name (auth.mfa.*) were called too, each with a text.
    const deepWithText = cases.filter((c) => c.path.split('.').length > 2 && textsOf(c.input).length > 0);
    expect([...deepCalls].sort()).toEqual([...new Set(deepWithText.map((c) => c.path))].sort());
    expect(deepCalls.size).toBeGreaterThan(0);
  }, 600_000);

  it('a RAP sheet PDF whose text holds control characters is read, proposed and accepted without them', async () => {
    // Byte codes 1, 2 and 3 read as NUL, BEL and ESC: in the name, the case number, the charge's code
    // and description, and the sentence's and a comment's free text.
    const pdf = pdfReadingAs(
      [
        'CII/A07070707',
        'DOB/19840307     SEX/F',
        'NAM/01 NU\u0001NEZ, MA\u0002RIA JOSE',
        '* * * *',
        'COURT:                NAM:01',
        '20150415  CASC ALAMEDA',
        '',
        'CNT:01     #15CR\u0003007234',
        '  459 P\u0001C-BURG\u0002LARY:SECOND DEGREE',
        '*DISPO:CONVICTED',
        '   CONV STATUS:FELONY',
        '   SEN: 036 MONTHS PROB\u0003ATION, 180 DAYS JAIL',
        '   COM: SENTENCE \u0001READ ALOUD',
        '* * * END OF MESSAGE * * *',
      ],
      { 1: '\u0000', 2: '\u0007', 3: '\u001b' },
    );
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const request = await attorney.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-20',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename: 'rap.pdf',
      bytes: Buffer.from(pdf),
    });
    const started = await attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } });
    // The walk's own imports wait before this one: the worker reads them all (half a minute and
    // more on a busy machine, hence the longer time allowed).
    let read = 0;
    while ((await runWorker(api)) !== null) read++;
    expect(read).toBeGreaterThan(0);
    expect((await attorney.rapImports.list({ matterId }))[0]).toMatchObject({
      id: started.id,
      state: 'ready',
    });
    const review = await attorney.rapImports.review({ importId: started.id });
    expect(review.personRecord).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'NUNEZ, MARIA JOSE' })]),
    );
    const [proposal] = review.proposals;
    expect(review.proposals).toHaveLength(1);
    expect(proposal?.fields).toMatchObject({ caseNumber: '15CR007234', code: 'PC', section: '459' });
    expect(proposal?.description).toBe('BURGLARY:SECOND DEGREE');
    expect(proposal?.source.map((l) => l.text.trim())).toEqual(
      expect.arrayContaining(['SEN: 036 MONTHS PROBATION, 180 DAYS JAIL', 'COM: SENTENCE READ ALOUD']),
    );
    // The sheet's person is not the test client: staff say they checked it is the client's.
    expect(review.otherPerson).not.toBeNull();
    await attorney.rapImports.accept({
      importId: started.id,
      version: review.import.version,
      personFactsVersion: review.personFactsVersion,
      confirmOtherPerson: true,
      convictions: review.proposals.map((p) => ({
        key: p.key,
        decision: 'accept' as const,
        // biome-ignore lint/suspicious/noExplicitAny: the proposal's gaps are filled by the test.
        conviction: { ...(p.fields as any), wobbler: 'yes', endDate: '2018-04-15' },
      })),
      arrests: [],
      personFacts: [],
    });
    const matter = await attorney.matters.get({ matterId });
    expect(matter.convictions?.map((c) => [c.fields.caseNumber, c.fields.section])).toEqual([
      ['15CR007234', '459'],
    ]);
    expect(await keptControls(api)).toEqual([]);
  }, 90_000);

  it('a name typed with a composed or a decomposed accent is kept the same, and found by either', async () => {
    const composed = 'Jos\u00e9 Ibarra Ord\u00f3\u00f1ez';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const intake = await api.signedIn('alameda.intake');
    const base = referralInput();
    const recorded = await intake.referrals.record({
      ...base,
      client: { ...base.client, legalName: decomposed, otherNames: [], dateOfBirth: '1966-06-16' },
    });
    const stored = await api.database.db
      .selectFrom('clients')
      .select('legal_name')
      .where('id', '=', recorded.clientId)
      .executeTakeFirstOrThrow();
    expect(stored.legal_name).toBe(composed);

    for (const typed of [composed, decomposed, 'jose ibarra', 'Ord\u006f\u0301\u00f1ez']) {
      const page = await intake.matters.list({ queue: 'all', search: typed });
      expect(
        page.items.map((m) => m.clientName),
        `search ${JSON.stringify(typed)}`,
      ).toEqual([composed]);
    }
    // The duplicate check at New referral offers the person, whichever form is typed.
    for (const typed of [composed, decomposed]) {
      const matches = await intake.referrals.findPossibleClients({
        legalName: typed,
        dateOfBirth: '1966-06-16',
      });
      expect(matches.map((m) => m.details.legalName)).toEqual([composed]);
    }
  });
});
