// Every attempt on another office's record is on record in both offices: the one that tried (as
// always) and the one that owns the record, so its supervisors see who tried, from where.
import { verifyAuditChains } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import {
  convictionInput,
  filedPetition,
  openMatter,
  petitionInput,
  refusal,
  type Who,
} from '../lifecycle-fixtures.ts';

describe.each(testDialects())('refusals of another office’s records (%s)', (dialect) => {
  let api: ApiHarness;
  /** Alameda's records that Bay Area Legal Aid's staff try to reach. */
  let alameda: {
    matterId: string;
    clientId: string;
    convictionId: string;
    petitionId: string;
    documentId: string;
  };
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const matterId = await openMatter(api, 'alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const { id: convictionId } = await attorney.convictions.add({ matterId, conviction: convictionInput() });
    const { id: petitionId } = await attorney.petitions.create(petitionInput(matterId, [convictionId]));
    const intake = await api.signedIn('alameda.intake');
    const { id: documentId } = await intake.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    const matter = await api.database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    alameda = { matterId, clientId: matter.client_id, convictionId, petitionId, documentId };
  });
  afterAll(async () => api.destroy());

  /** The denied rows a call leaves, wherever they were written. */
  async function deniedRowsOf(call: () => Promise<unknown>) {
    const last = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    await refusal(call());
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'actor_id', 'action', 'entity_type', 'entity_id', 'outcome', 'detail'])
      .where('id', '>', last?.id ?? '')
      .where('outcome', '=', 'denied')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  /** One denied row in the prober's office and one in Alameda's, naming the prober, on the record. */
  async function expectOnRecordInBothOffices(
    who: Who,
    action: string,
    target: { entityType: string; entityId: string },
    call: () => Promise<unknown>,
  ) {
    const rows = await deniedRowsOf(call);
    const prober = api.userIds[who];
    expect(rows.filter((r) => r.office_id === api.officeIds.bayLegal)).toEqual([
      expect.objectContaining({ actor_id: prober, action, outcome: 'denied' }),
    ]);
    expect(rows.filter((r) => r.office_id === api.officeIds.alameda)).toEqual([
      {
        office_id: api.officeIds.alameda,
        actor_id: prober,
        action,
        entity_type: target.entityType,
        entity_id: target.entityId,
        outcome: 'denied',
        detail: { attemptBy: { officeId: api.officeIds.bayLegal, userId: prober } },
      },
    ]);
    expect(rows).toHaveLength(2);
  }

  it('opening, noting on or reading the messages of another office’s matter', async () => {
    const intake = await api.signedIn('bayLegal.intake');
    const matter = { entityType: 'matter', entityId: alameda.matterId };
    await expectOnRecordInBothOffices('bayLegal.intake', 'matters.get', matter, () =>
      intake.matters.get({ matterId: alameda.matterId }),
    );
    await expectOnRecordInBothOffices('bayLegal.intake', 'matters.addNote', matter, () =>
      intake.matters.addNote({ matterId: alameda.matterId, text: 'Hello' }),
    );
    // Refused under the procedure's name (a read that goes through is on record as messages.list).
    await expectOnRecordInBothOffices('bayLegal.intake', 'messages.forMatter', matter, () =>
      intake.messages.forMatter({ matterId: alameda.matterId }),
    );
  });

  it('editing or reading another office’s conviction, its decisions or its petition', async () => {
    const attorney = await api.signedIn('bayLegal.attorney');
    const conviction = { entityType: 'conviction', entityId: alameda.convictionId };
    await expectOnRecordInBothOffices('bayLegal.attorney', 'convictions.edit', conviction, () =>
      attorney.convictions.edit({
        convictionId: alameda.convictionId,
        version: 1,
        conviction: convictionInput({ section: '459' }),
      }),
    );
    await expectOnRecordInBothOffices('bayLegal.attorney', 'decisions.history', conviction, () =>
      attorney.decisions.history({ convictionId: alameda.convictionId, remedy: 'pc1203.4' }),
    );
    await expectOnRecordInBothOffices(
      'bayLegal.attorney',
      'petitions.update',
      { entityType: 'petition', entityId: alameda.petitionId },
      () => attorney.petitions.update(filedPetition(alameda.petitionId, 1, [alameda.convictionId])),
    );
  });

  it('reaching for another office’s criminal history without the RAP sheet permission', async () => {
    // Refused for want of the permission before the office is even looked at: still theirs to know.
    const intake = await api.signedIn('bayLegal.intake');
    await expectOnRecordInBothOffices(
      'bayLegal.intake',
      'convictions.history',
      { entityType: 'rap_sheet_data', entityId: alameda.convictionId },
      () => intake.convictions.history({ convictionId: alameda.convictionId }),
    );
  });

  it('updating another office’s document request', async () => {
    const intake = await api.signedIn('bayLegal.intake');
    await expectOnRecordInBothOffices(
      'bayLegal.intake',
      'documents.update',
      { entityType: 'document_request', entityId: alameda.documentId },
      () =>
        intake.documents.update({
          documentId: alameda.documentId,
          version: 1,
          status: 'received',
          dueOn: '2026-12-28',
          arrivedOn: '2026-11-27',
        }),
    );
  });

  it('granting the RAP sheet permission to another office’s user', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const userId = api.userIds['alameda.intake'];
    await expectOnRecordInBothOffices(
      'bayLegal.admin',
      'users.setRapSheetAccess',
      { entityType: 'user', entityId: userId },
      () => admin.users.setRapSheetAccess({ userId, version: 1, canViewRapSheets: true }),
    );
  });

  it('recording a referral for another office’s client: 404, on record in both offices', async () => {
    const intake = await api.signedIn('bayLegal.intake');
    const client = await api.database.db
      .selectFrom('clients')
      .select('version')
      .where('id', '=', alameda.clientId)
      .executeTakeFirstOrThrow();
    const rows = await deniedRowsOf(async () => {
      const refused = await refusal(
        intake.referrals.record(
          referralInput({
            existingClient: { id: alameda.clientId, version: client.version },
            counties: ['San Francisco'],
          }),
        ),
      );
      expect(refused).toMatchObject({ code: 'NOT_FOUND', appCode: 'NOT_FOUND' });
      throw new Error('refused');
    });
    expect(rows).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        action: 'referrals.record',
        entity_type: 'client',
        entity_id: alameda.clientId,
      }),
      expect.objectContaining({
        office_id: api.officeIds.alameda,
        actor_id: api.userIds['bayLegal.intake'],
        action: 'referrals.record',
        entity_type: 'client',
        entity_id: alameda.clientId,
        detail: { attemptBy: { officeId: api.officeIds.bayLegal, userId: api.userIds['bayLegal.intake'] } },
      }),
    ]);
    // Alameda's client is untouched, and Bay Area Legal Aid opened no matter for them.
    const after = await api.database.db
      .selectFrom('clients')
      .select('version')
      .where('id', '=', alameda.clientId)
      .executeTakeFirstOrThrow();
    expect(after.version).toBe(client.version);
    const matters = await api.database.db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', alameda.clientId)
      .execute();
    expect(matters).toEqual([{ id: alameda.matterId }]);
  });

  it('bulk-assigning to another office’s user: refused, nothing changes, on record in both offices', async () => {
    const own = await openMatter(api, 'bayLegal.intake');
    const supervisor = await api.signedIn('bayLegal.supervisor');
    const assignee = api.userIds['alameda.attorney'];
    const rows = await deniedRowsOf(() =>
      supervisor.queues.bulkAssign({ matters: [{ id: own, version: 1 }], assigneeId: assignee }),
    );
    expect(rows).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        actor_id: api.userIds['bayLegal.supervisor'],
        action: 'queues.bulkAssign',
        entity_type: 'user',
        entity_id: assignee,
        detail: { matterIds: [own] },
      }),
      expect.objectContaining({
        office_id: api.officeIds.alameda,
        actor_id: api.userIds['bayLegal.supervisor'],
        action: 'queues.bulkAssign',
        entity_type: 'user',
        entity_id: assignee,
        detail: {
          attemptBy: { officeId: api.officeIds.bayLegal, userId: api.userIds['bayLegal.supervisor'] },
        },
      }),
    ]);
    const matter = await api.database.db
      .selectFrom('matters')
      .select(['assignee_id', 'version'])
      .where('id', '=', own)
      .executeTakeFirstOrThrow();
    expect(matter).toEqual({ assignee_id: null, version: 1 });
  });

  it('selecting another office’s matter for a bulk action: the owner hears of it, naming its matter', async () => {
    const own = await openMatter(api, 'bayLegal.intake');
    const supervisor = await api.signedIn('bayLegal.supervisor');
    const rows = await deniedRowsOf(async () => {
      const result = await supervisor.queues.bulkMoveStage({
        matters: [
          { id: own, version: 1 },
          { id: alameda.matterId, version: 1 },
        ],
        to: 'gathering_records',
      });
      expect(result.applied).toBe(false);
      throw new Error('refused');
    });
    expect(rows).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        action: 'queues.bulkMoveStage',
        detail: { to: 'gathering_records', matterIds: [own, alameda.matterId], refused: [alameda.matterId] },
      }),
      expect.objectContaining({
        office_id: api.officeIds.alameda,
        actor_id: api.userIds['bayLegal.supervisor'],
        action: 'queues.bulkMoveStage',
        entity_type: 'matter',
        entity_id: alameda.matterId,
      }),
    ]);
  });

  it('creating a petition with another office’s conviction ids: refused, on record in both offices', async () => {
    const own = await openMatter(api, 'bayLegal.intake');
    const attorney = await api.signedIn('bayLegal.attorney');
    const { id: ownConviction } = await attorney.convictions.add({
      matterId: own,
      conviction: convictionInput({ county: 'San Francisco' }),
    });
    const rows = await deniedRowsOf(async () => {
      const refused = await refusal(
        attorney.petitions.create(petitionInput(own, [ownConviction, alameda.convictionId])),
      );
      expect(refused).toMatchObject({
        appCode: 'BAD_INPUT',
        fields: [{ path: 'convictionIds', message: 'Choose convictions of this matter only.' }],
      });
      throw new Error('refused');
    });
    expect(rows).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        action: 'petitions.create',
        entity_type: 'matter',
        entity_id: own,
        detail: { convictionIds: [alameda.convictionId] },
      }),
      expect.objectContaining({
        office_id: api.officeIds.alameda,
        actor_id: api.userIds['bayLegal.attorney'],
        action: 'petitions.create',
        entity_type: 'conviction',
        entity_id: alameda.convictionId,
      }),
    ]);
    const petitions = await api.database.db
      .selectFrom('petitions')
      .select('id')
      .where('matter_id', '=', own)
      .execute();
    expect(petitions).toEqual([]);
  });

  it('a refusal about the office’s own records, or about nothing, stays in that office alone', async () => {
    const intake = await api.signedIn('alameda.intake');
    const own = await deniedRowsOf(() => intake.convictions.history({ convictionId: alameda.convictionId }));
    expect(own.map((r) => [r.office_id, r.action])).toEqual([[api.officeIds.alameda, 'convictions.history']]);
    const nothing = await deniedRowsOf(() => intake.matters.get({ matterId: 'no-such-matter' }));
    expect(nothing.map((r) => r.office_id)).toEqual([api.officeIds.alameda]);
  });

  it('the owning office’s supervisors see the attempts in their audit log, and every chain stays whole', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const page = await supervisor.audit.list({ matter: alameda.matterId, outcome: 'denied', limit: 200 });
    const refused = page.lines.flatMap((l) => l.entries);
    const attempts = refused.filter((e) => e.actorName.endsWith('of Bay Area Legal Aid'));
    expect(attempts.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'matters.get',
        'matters.addNote',
        'messages.forMatter',
        'queues.bulkMoveStage',
      ]),
    );
    // Told as attempts on this office's matter, by a person of the other office (no link to them).
    for (const attempt of attempts) {
      expect(attempt.actorId).toBeNull();
      expect(auditSentenceText(attempt.sentence)).toMatch(
        /^\w+ of Bay Area Legal Aid of Bay Area Legal Aid was refused: Prueba \w+’s matter \S+ is this office’s$/,
      );
    }
    // The rest are the office's own people, refused the RAP sheet data of this matter.
    expect(refused.filter((e) => !attempts.includes(e)).map((e) => auditSentenceText(e.sentence))).toEqual(
      refused
        .filter((e) => !attempts.includes(e))
        .map(() => 'Intake of Alameda County Public Defender was refused: it needs the RAP sheet permission'),
    );
    const reports = await verifyAuditChains(api.database.db);
    expect(reports.map((r) => r.problem)).toEqual(reports.map(() => null));
  });
});
