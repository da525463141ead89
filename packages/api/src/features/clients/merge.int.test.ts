import { testDialects } from '@relief-desk/db/testing';
import { type MatterEventKind, WITHHELD } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { CLIENT_REFERENCES, type ClientReference } from './merge.ts';

const MERGE_EVENTS: MatterEventKind[] = ['client_merged', 'client_merge_undone'];
type Row = Record<string, unknown>;

describe.each(testDialects())('merging two records of one person (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /**
   * Every column naming a client, read from the database itself: by name (client_id, *_client_id) and
   * by foreign key to clients. A new table is covered without a word here.
   */
  async function clientColumnsInSchema(): Promise<string[]> {
    const db = api.database.db;
    const found =
      dialect === 'postgres'
        ? await sql<{ t: string; c: string }>`
            select table_name as t, column_name as c from information_schema.columns
            where table_schema = current_schema()
              and (column_name = 'client_id' or column_name like '%!_client_id' escape '!')
            union
            select kcu.table_name as t, kcu.column_name as c
            from information_schema.referential_constraints rc
            join information_schema.key_column_usage kcu
              on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
            join information_schema.constraint_column_usage ccu
              on ccu.constraint_name = rc.unique_constraint_name and ccu.constraint_schema = rc.unique_constraint_schema
            where ccu.table_name = 'clients' and kcu.table_schema = current_schema()`.execute(db)
        : await sql<{ t: string; c: string }>`
            select m.name as t, p.name as c from sqlite_master m, pragma_table_info(m.name) p
            where m.type = 'table' and (p.name = 'client_id' or p.name like '%!_client_id' escape '!')
            union
            select m.name as t, f."from" as c from sqlite_master m, pragma_foreign_key_list(m.name) f
            where m.type = 'table' and f."table" = 'clients'`.execute(db);
    return [...new Set(found.rows.map((r) => `${r.t}.${r.c}`))].sort();
  }

  const refs = Object.keys(CLIENT_REFERENCES) as ClientReference[];
  const movingRefs = refs.filter((r) => CLIENT_REFERENCES[r].startsWith('moves'));

  /** The rows of a table whose column names the client, in a stable order. */
  async function rowsNaming(ref: string, clientId: string): Promise<Row[]> {
    const [table = '', column = ''] = ref.split('.');
    const found =
      await sql<Row>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${clientId}`.execute(
        api.database.db,
      );
    return found.rows
      .map((r) => ({ ...r }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  const sorted = (rows: Row[]) =>
    [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  let pairs = 0;
  /**
   * Rosa Delgado, and a second record of her made by a typo at intake ("Delgada", another phone and
   * e-mail: a possible match only, so nothing stopped it), with two matters, a document request, a
   * note, a logged status message, a conviction, an arrest and her facts for eligibility; and a third person,
   * recorded as not the same person as the second record.
   */
  async function duplicatePair() {
    pairs += 1;
    const dateOfBirth = `1975-06-${String(pairs).padStart(2, '0')}`;
    const base = referralInput().client;
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const kept = await intake.referrals.record(
      referralInput({
        client: {
          ...base,
          legalName: 'Rosa Delgado',
          otherNames: [],
          dateOfBirth,
          phone: '(510) 555-0141',
          email: `rosa${pairs}@example.net`,
        },
        counties: ['Alameda'],
      }),
    );
    const duplicate = await intake.referrals.record(
      referralInput({
        client: {
          ...base,
          legalName: 'Rosa Delgada',
          otherNames: [{ name: 'Rosa D. Ruiz' }],
          dateOfBirth,
          phone: '(510) 555-0142',
          email: `rosa.d${pairs}@example.net`,
        },
        counties: ['Alameda', 'San Francisco'],
      }),
    );
    const matterId = duplicate.matters[0]?.id ?? '';
    await intake.documents.request({
      matterId,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    await intake.matters.addNote({ matterId, text: 'Called; she will bring her ID.' });
    await intake.messages.logStatus({
      choice: { matterId, statusType: 'in_review' },
      note: 'Told on the phone.',
    });
    await attorney.eligibility.savePersonFacts({
      matterId,
      version: 0,
      facts: {
        currentlyCharged: 'no',
        underSupervision: 'no',
        servingSentence: 'no',
        requiredToRegisterPC290: 'no',
        hasSuperstrikePrior: 'no',
      },
    });
    await attorney.arrests.add({
      matterId,
      arrest: {
        arrestDate: '2016-02-03',
        code: 'PC',
        section: '459',
        level: 'felony',
        disposition: 'no_charges',
      },
    });
    const other = await intake.referrals.record(
      referralInput({
        client: {
          ...base,
          legalName: 'Rosa Delgada',
          otherNames: [],
          dateOfBirth,
          phone: '(510) 555-0143',
          email: `other${pairs}@example.net`,
        },
        notSamePersonAs: [{ clientId: duplicate.clientId, reason: 'Her sister: same name, another phone.' }],
      }),
    );
    return {
      kept: kept.clientId,
      keptMatterId: kept.matters[0]?.id ?? '',
      duplicate: duplicate.clientId,
      duplicateMatterIds: duplicate.matters.map((m) => m.id),
      other: other.clientId,
    };
  }

  async function mergeAsSupervisor(survivingClientId: string, mergedClientId: string) {
    const supervisor = await api.signedIn('alameda.supervisor');
    const preview = await supervisor.clients.mergePreview({ survivingClientId, mergedClientId });
    const result = await supervisor.clients.merge({
      survivingClient: { id: survivingClientId, version: preview.surviving.client.version },
      mergedClient: { id: mergedClientId, version: preview.merged.client.version },
    });
    return { preview, result };
  }

  async function undoAsSupervisor(survivingClientId: string, mergeId: string) {
    const supervisor = await api.signedIn('alameda.supervisor');
    const record = await supervisor.clients.get({ clientId: survivingClientId });
    const merge = record.merges.find((m) => m.id === mergeId);
    if (!merge) throw new Error('the merge is not listed');
    return supervisor.clients.undoMerge({
      mergeId,
      survivingClientVersion: record.client.version,
      mergedClientVersion: merge.mergedClient.version,
    });
  }

  it('knows what a merge does with every column that names a client in the schema', async () => {
    expect(await clientColumnsInSchema()).toEqual([...refs].sort());
  });

  it('moves every row naming the merged client to the survivor, table by table, and keeps the merged record, marked', async () => {
    const p = await duplicatePair();
    const before = new Map<string, { kept: Row[]; duplicate: Row[] }>();
    for (const ref of movingRefs)
      before.set(ref, { kept: await rowsNaming(ref, p.kept), duplicate: await rowsNaming(ref, p.duplicate) });
    // The scenario gives every moving table something to move.
    for (const ref of [
      'matters.client_id',
      'messages.client_id',
      'arrests.client_id',
      'client_person_facts.client_id',
    ])
      expect(before.get(ref)?.duplicate.length, ref).toBeGreaterThan(0);
    expect(before.get('client_distinctions.other_client_id')?.duplicate).toHaveLength(1);

    const { preview, result } = await mergeAsSupervisor(p.kept, p.duplicate);
    expect(preview.warnings).toEqual([expect.stringContaining('Both have an open matter in Alameda')]);
    expect(preview.blocked).toBeNull();

    for (const ref of movingRefs) {
      const [, column = ''] = ref.split('.');
      const was = before.get(ref) ?? { kept: [], duplicate: [] };
      expect(await rowsNaming(ref, p.duplicate), `${ref} still names the merged client`).toEqual([]);
      expect(await rowsNaming(ref, p.kept), `${ref} of the survivor`).toEqual(
        sorted([
          ...was.kept,
          // A moved matter also sorts by the survivor's name in the queue.
          ...was.duplicate.map((r) => ({
            ...r,
            [column]: p.kept,
            ...(ref === 'matters.client_id' ? { client_sort_name: 'rosa delgado' } : {}),
          })),
        ]),
      );
    }
    expect(result.moved).toEqual({
      matters: 2,
      messages: 1,
      arrests: 1,
      client_person_facts: 1,
      client_distinctions: 1,
    });

    // The merge record lists exactly the rows it moved.
    const listed = await api.database.db
      .selectFrom('client_merge_rows')
      .select(['table_name', 'column_name', 'row_id'])
      .where('merge_id', '=', result.mergeId)
      .execute();
    const keyOf = (ref: string, row: Row) =>
      String(ref === 'client_person_facts.client_id' ? p.duplicate : row.id);
    expect(listed.map((r) => `${r.table_name}.${r.column_name}:${r.row_id}`).sort()).toEqual(
      movingRefs
        .flatMap((ref) => (before.get(ref)?.duplicate ?? []).map((row) => `${ref}:${keyOf(ref, row)}`))
        .sort(),
    );

    const merged = await api.database.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', p.duplicate)
      .executeTakeFirstOrThrow();
    expect([merged.merged_into_client_id, merged.legal_name]).toEqual([p.kept, 'Rosa Delgada']);

    // The matter page, search and the queue show the survivor, with the matter's records as they were.
    const supervisor = await api.signedIn('alameda.supervisor');
    const matter = await supervisor.matters.get({ matterId: p.duplicateMatterIds[0] ?? '' });
    expect(matter.client.id).toBe(p.kept);
    expect(matter.client.details.legalName).toBe('Rosa Delgado');
    expect(matter.client.details.otherNames.map((o) => o.name)).toEqual(['Rosa Delgada', 'Rosa D. Ruiz']);
    expect(matter.documents).toHaveLength(1);
    expect(matter.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['client_merged', 'note', 'referral_received']),
    );
    expect(matter.otherMatters.map((m) => m.id).sort()).toEqual(
      [p.keptMatterId, p.duplicateMatterIds[1] ?? ''].sort(),
    );
    for (const search of ['Delgada Rosa', 'Ruiz']) {
      const found = await supervisor.matters.list({ queue: 'all', search });
      const rows = found.items.filter((m) => [p.keptMatterId, ...p.duplicateMatterIds].includes(m.id));
      expect(
        rows.map((m) => [m.clientId, m.clientName]),
        search,
      ).toEqual(expect.arrayContaining([[p.kept, 'Rosa Delgado']]));
      expect(
        rows.every((m) => m.clientId === p.kept && m.clientName === 'Rosa Delgado'),
        search,
      ).toBe(true);
    }
    const all = await supervisor.matters.list({ queue: 'all', search: 'Rosa Delgado' });
    expect(all.items.filter((m) => m.clientId === p.duplicate)).toEqual([]);

    // The merged record's id opens the survivor, saying so.
    const opened = await supervisor.clients.get({ clientId: p.duplicate });
    expect(opened.client.id).toBe(p.kept);
    expect(opened.openedMerged).toMatchObject({ id: p.duplicate, legalName: 'Rosa Delgada' });
    expect(opened.matters).toHaveLength(3);
    expect(opened.merges).toEqual([
      expect.objectContaining({
        id: result.mergeId,
        canUndo: true,
        undone: null,
        mergedBy: expect.any(String),
      }),
    ]);

    // It is no longer offered at intake, and a referral cannot be attached to it.
    const intake = await api.signedIn('alameda.intake');
    const offered = await intake.referrals.findPossibleClients({
      legalName: 'Rosa Delgada',
      dateOfBirth: merged.date_of_birth,
    });
    expect(offered.map((c) => c.id)).not.toContain(p.duplicate);
    expect(offered.map((c) => c.id)).toContain(p.kept);
    await expect(
      intake.referrals.record(
        referralInput({
          existingClient: { id: p.duplicate, version: merged.version },
          client: { ...referralInput().client, legalName: 'Rosa Delgada', dateOfBirth: merged.date_of_birth },
          counties: ['Fresno'],
        }),
      ),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [
        { path: 'existingClient', message: expect.stringContaining('was merged into Rosa Delgado') },
      ],
    });

    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome', 'detail', 'actor_id'])
      .where('action', '=', 'clients.merge')
      .where('entity_id', '=', p.kept)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(api.userIds['alameda.supervisor']);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({
      mergeId: result.mergeId,
      mergedClientId: p.duplicate,
      moved: result.moved,
    });
  });

  /** Everything a merge touches, for both clients: to compare before the merge and after undoing it. */
  async function snapshot(p: Awaited<ReturnType<typeof duplicatePair>>) {
    const db = api.database.db;
    const byRef: Record<string, Row[]> = {};
    for (const ref of movingRefs)
      for (const id of [p.kept, p.duplicate]) byRef[`${ref}=${id}`] = await rowsNaming(ref, id);
    const clients = await db
      .selectFrom('clients')
      .select(['id', 'legal_name', 'other_names', 'name_search', 'merged_into_client_id', 'merged_at'])
      .where('id', 'in', [p.kept, p.duplicate])
      .orderBy('id')
      .execute();
    const matterIds = [p.keptMatterId, ...p.duplicateMatterIds];
    const matters = await db
      .selectFrom('matters')
      .select(['id', 'client_id', 'client_sort_name', 'version'])
      .where('id', 'in', matterIds)
      .orderBy('id')
      .execute();
    const search = await db
      .selectFrom('matter_search')
      .selectAll()
      .where('matter_id', 'in', matterIds)
      .orderBy('matter_id')
      .orderBy('token')
      .execute();
    const events = await db
      .selectFrom('matter_events')
      .selectAll()
      .where('matter_id', 'in', matterIds)
      .where('kind', 'not in', MERGE_EVENTS)
      .orderBy('id')
      .execute();
    return { byRef, clients, matters, search, events };
  }

  it('undoing a merge restores exactly what moved, and leaves the merge on record as undone', async () => {
    const p = await duplicatePair();
    const before = await snapshot(p);
    const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
    expect(await snapshot(p)).not.toEqual(before);

    const undone = await undoAsSupervisor(p.kept, result.mergeId);
    expect(undone).toEqual({
      mergedClientId: p.duplicate,
      survivingClientId: p.kept,
      returned: result.moved,
    });
    expect(await snapshot(p)).toEqual(before);

    const merge = await api.database.db
      .selectFrom('client_merges')
      .selectAll()
      .where('id', '=', result.mergeId)
      .executeTakeFirstOrThrow();
    expect([merge.undone_by, merge.undone_at]).toEqual([
      api.userIds['alameda.supervisor'],
      api.clock.now().toISOString(),
    ]);
    const supervisor = await api.signedIn('alameda.supervisor');
    const record = await supervisor.clients.get({ clientId: p.duplicate });
    expect([record.client.id, record.openedMerged]).toEqual([p.duplicate, null]);
    const timeline = (await supervisor.matters.get({ matterId: p.duplicateMatterIds[0] ?? '' })).timeline;
    expect(timeline.slice(0, 2).map((e) => e.kind)).toEqual(['client_merge_undone', 'client_merged']);
    // Undoing twice is refused, saying who undid it.
    await expect(undoAsSupervisor(p.kept, result.mergeId)).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: expect.stringContaining('already undone by Supervisor of Alameda County Public Defender'),
    });
  });

  it('undone, the note on the survivor’s matters about the merged record’s differing contact details is answered', async () => {
    const p = await duplicatePair();
    const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
    const supervisor = await api.signedIn('alameda.supervisor');
    const summaries = async (matterId: string) =>
      (await supervisor.matters.get({ matterId })).timeline.map((e) => e.summary);
    expect((await summaries(p.keptMatterId)).join('\n')).toMatch(/contact details differ and were not kept/);
    await undoAsSupervisor(p.kept, result.mergeId);
    const [latest] = await summaries(p.keptMatterId);
    expect(latest).toMatch(
      /^Merge with Rosa Delgada \(born .+\)’s record undone: the contact details noted at the merge as not kept were that record’s and went back with it\. There is nothing to check with this client about them\.$/,
    );
    // The matters that went back are the merged person’s again: told so once, not about the details.
    const back = await summaries(p.duplicateMatterIds[0] ?? '');
    expect(back.filter((s) => s.includes('nothing to check'))).toEqual([]);
  });

  it('gives back, on undo, messages written since the merge about the matters that go back', async () => {
    const p = await duplicatePair();
    const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
    const intake = await api.signedIn('alameda.intake');
    const matterId = p.duplicateMatterIds[0] ?? '';
    await intake.messages.logStatus({
      choice: { matterId, statusType: 'in_review' },
      note: 'After the merge.',
    });
    const keptMatterMessages = await rowsNaming('messages.client_id', p.kept);
    await undoAsSupervisor(p.kept, result.mergeId);
    const messages = await api.database.db
      .selectFrom('messages')
      .select(['matter_id', 'client_id'])
      .where('matter_id', 'in', [p.keptMatterId, ...p.duplicateMatterIds])
      .execute();
    expect(messages.filter((m) => m.matter_id === matterId).map((m) => m.client_id)).toEqual([
      p.duplicate,
      p.duplicate,
    ]);
    expect(await rowsNaming('messages.client_id', p.kept)).toEqual(
      keptMatterMessages.filter((m) => m.matter_id !== matterId),
    );
  });

  it('refuses to undo a merge after 30 days, saying why, and changes nothing', async () => {
    const start = api.clock.now().toISOString();
    try {
      const p = await duplicatePair();
      const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
      const mergedAt = api.clock.now().getTime();
      const afterMerge = await snapshot(p);

      api.clock.set(new Date(mergedAt + 30 * 24 * 60 * 60 * 1000 + 60_000));
      const supervisor = await api.signedIn('alameda.supervisor');
      const record = await supervisor.clients.get({ clientId: p.kept });
      expect(record.merges[0]).toMatchObject({ id: result.mergeId, canUndo: false });
      await expect(undoAsSupervisor(p.kept, result.mergeId)).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        fieldErrors: [
          {
            path: 'mergeId',
            message: expect.stringMatching(
              /30 days ago\. A merge can be undone for 30 days only: after that/,
            ),
          },
        ],
      });
      expect(await snapshot(p)).toEqual(afterMerge);

      // The last minute of the 30 days still counts.
      api.clock.set(new Date(mergedAt + 30 * 24 * 60 * 60 * 1000 - 60_000));
      await undoAsSupervisor(p.kept, result.mergeId);
      expect((await snapshot(p)).clients.map((c) => c.merged_into_client_id)).toEqual([null, null]);
    } finally {
      api.clock.set(start);
    }
  });

  it('refuses another office’s clients and merges, on record in both offices, and moves nothing', async () => {
    const p = await duplicatePair();
    const before = await snapshot(p);
    const other = await api.signedIn('bayLegal.supervisor');
    const theirs = await (await api.signedIn('bayLegal.intake')).referrals.record(
      referralInput({ counties: ['San Francisco'] }),
    );
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'clients.mergePreview',
        () => other.clients.mergePreview({ survivingClientId: p.kept, mergedClientId: p.duplicate }),
      ],
      [
        'clients.merge',
        () =>
          other.clients.merge({
            survivingClient: { id: p.kept, version: 1 },
            mergedClient: { id: p.duplicate, version: 1 },
          }),
      ],
      [
        'clients.merge',
        () =>
          other.clients.merge({
            survivingClient: { id: theirs.clientId, version: 1 },
            mergedClient: { id: p.duplicate, version: 1 },
          }),
      ],
    ];
    for (const [action, attempt] of attempts) {
      const denied = await rowsOf(action);
      await expect(attempt(), action).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
      const added = (await rowsOf(action)).slice(denied.length);
      expect(added.map((r) => r.office_id).sort(), action).toEqual(
        [api.officeIds.alameda, api.officeIds.bayLegal].sort(),
      );
      expect(
        added.every((r) => r.actor_id === api.userIds['bayLegal.supervisor'] && r.outcome === 'denied'),
      ).toBe(true);
    }
    expect(await snapshot(p)).toEqual(before);
    const theirClient = await api.database.db
      .selectFrom('clients')
      .select(['version', 'merged_into_client_id'])
      .where('id', '=', theirs.clientId)
      .executeTakeFirstOrThrow();
    expect(theirClient).toEqual({ version: 1, merged_into_client_id: null });

    // Undoing an Alameda merge from another office: refused, and Alameda hears of it.
    const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
    const denied = await rowsOf('clients.undoMerge');
    await expect(
      other.clients.undoMerge({ mergeId: result.mergeId, survivingClientVersion: 1, mergedClientVersion: 1 }),
    ).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
    const added = (await rowsOf('clients.undoMerge')).slice(denied.length);
    expect(added.map((r) => [r.office_id, r.entity_id]).sort()).toEqual(
      [
        [api.officeIds.bayLegal, result.mergeId],
        [api.officeIds.alameda, p.kept],
      ].sort(),
    );
  });

  const rowsOf = (action: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'actor_id', 'outcome', 'entity_id'])
      .where('action', '=', action)
      .where('outcome', '=', 'denied')
      .orderBy('id')
      .execute();

  it('refuses a merge or an undo from a stale version of either client, naming who changed it, and moves nothing', async () => {
    const p = await duplicatePair();
    const supervisor = await api.signedIn('alameda.supervisor');
    const preview = await supervisor.clients.mergePreview({
      survivingClientId: p.kept,
      mergedClientId: p.duplicate,
    });
    // Meanwhile an attorney attaches new referrals to both records, changing them.
    const attorney = await api.signedIn('alameda.attorney');
    for (const side of [preview.surviving, preview.merged])
      await attorney.referrals.record(
        referralInput({
          existingClient: { id: side.client.id, version: side.client.version },
          client: side.client.details,
          counties: ['Fresno'],
        }),
      );
    const before = await snapshot(p);
    await expect(
      supervisor.clients.merge({
        survivingClient: { id: p.kept, version: preview.surviving.client.version },
        mergedClient: { id: p.duplicate, version: preview.merged.client.version },
      }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining(
        'Attorney of Alameda County Public Defender changed Rosa Delgada’s record',
      ),
    });
    await expect(
      supervisor.clients.merge({
        survivingClient: { id: p.kept, version: preview.surviving.client.version },
        mergedClient: { id: p.duplicate, version: preview.merged.client.version + 1 },
      }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining(
        'Attorney of Alameda County Public Defender changed Rosa Delgado’s record',
      ),
    });
    expect(await snapshot(p)).toEqual(before);
    expect(
      await api.database.db
        .selectFrom('client_merges')
        .select('id')
        .where('merged_client_id', '=', p.duplicate)
        .execute(),
    ).toEqual([]);

    const { result } = await mergeAsSupervisor(p.kept, p.duplicate);
    const record = await supervisor.clients.get({ clientId: p.kept });
    const afterMerge = await snapshot(p);
    await expect(
      supervisor.clients.undoMerge({
        mergeId: result.mergeId,
        survivingClientVersion: record.client.version - 1,
        mergedClientVersion: record.merges[0]?.mergedClient.version ?? 0,
      }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
    expect(await snapshot(p)).toEqual(afterMerge);
  });

  it('is for supervisors and administrators only', async () => {
    const p = await duplicatePair();
    for (const role of ['intake', 'attorney'] as const) {
      const caller = await api.signedIn(`alameda.${role}`);
      await expect(
        caller.clients.merge({
          survivingClient: { id: p.kept, version: 1 },
          mergedClient: { id: p.duplicate, version: 1 },
        }),
      ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
      await expect(
        caller.clients.mergePreview({ survivingClientId: p.kept, mergedClientId: p.duplicate }),
      ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
    }
    const admin = await api.signedIn('alameda.admin');
    const preview = await admin.clients.mergePreview({
      survivingClientId: p.kept,
      mergedClientId: p.duplicate,
    });
    await admin.clients.merge({
      survivingClient: { id: p.kept, version: preview.surviving.client.version },
      mergedClient: { id: p.duplicate, version: preview.merged.client.version },
    });
  });

  it('does not tell an administrator without the RAP sheet permission how many arrests moved, on merge or undo', async () => {
    const p = await duplicatePair();
    const admin = await api.signedIn('alameda.admin');
    expect((await admin.auth.me()).canViewRapSheets).toBe(false);
    const preview = await admin.clients.mergePreview({
      survivingClientId: p.kept,
      mergedClientId: p.duplicate,
    });
    const merged = await admin.clients.merge({
      survivingClient: { id: p.kept, version: preview.surviving.client.version },
      mergedClient: { id: p.duplicate, version: preview.merged.client.version },
    });
    // The rest of what moved is theirs to know; how many arrests the person has is criminal history.
    expect(merged.moved).toEqual({
      matters: 2,
      messages: 1,
      arrests: WITHHELD,
      client_person_facts: 1,
      client_distinctions: 1,
    });
    const record = await admin.clients.get({ clientId: p.kept });
    const undone = await admin.clients.undoMerge({
      mergeId: merged.mergeId,
      survivingClientVersion: record.client.version,
      mergedClientVersion: record.merges[0]?.mergedClient.version ?? 0,
    });
    expect(undone.returned).toEqual(merged.moved);
    // The merge itself moved them all, and its record keeps the count.
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'clients.merge')
      .where('entity_id', '=', p.kept)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail).moved.arrests).toBe(1);
  });

  it('lists a client’s likely duplicates (a later correction can make one), and none once merged', async () => {
    const p = await duplicatePair();
    const intake = await api.signedIn('alameda.intake');
    // At intake the second record was only a possible match: another phone and e-mail.
    expect((await intake.clients.duplicates({ clientId: p.kept })).likely).toEqual([]);
    // A later referral attached to it corrects its phone to Rosa Delgado's: now it is likely her.
    const shown = await intake.clients.get({ clientId: p.duplicate });
    await intake.referrals.record(
      referralInput({
        existingClient: { id: p.duplicate, version: shown.client.version },
        client: { ...shown.client.details, phone: '(510) 555-0141' },
        counties: ['Fresno'],
      }),
    );
    const duplicates = await intake.clients.duplicates({ clientId: p.kept });
    expect(duplicates.likely).toEqual([
      {
        id: p.duplicate,
        legalName: 'Rosa Delgada',
        dateOfBirth: shown.client.details.dateOfBirth,
        reasons: ['phone'],
      },
    ]);
    // The third person was decided about, so is not listed for the duplicate record either.
    expect((await intake.clients.duplicates({ clientId: p.duplicate })).likely.map((d) => d.id)).toEqual([
      p.kept,
    ]);

    await mergeAsSupervisor(p.kept, p.duplicate);
    // The survivor now carries the name "Rosa Delgada", like the third person; the decision that she is
    // someone else moved with the merge, so she is not offered as a duplicate.
    const after = await intake.clients.duplicates({ clientId: p.kept });
    expect(after.likely).toEqual([]);
    expect(after.notSamePerson.map((d) => [d.other.id, d.reason])).toEqual([
      [p.other, 'Her sister: same name, another phone.'],
    ]);
  });
});
