// Passing a matter at "Referred out" on to the office of the desk that serves its county: that office
// gets a referral of its own (its client, its matter in New referrals), with who the client is and
// how to reach them but nothing else of the sending office's; the sending matter says so on its page,
// timeline and audit log; and every refusal (a stage, an office, a second time, a stale page, another
// office's matter) leaves both offices as they were. On both databases.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { giveOfficesLetterheads } from '../messages/fixtures.ts';

describe.each(testDialects())('passing a matter on to another office (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  let n = 0;
  /** A birth date of each referral's own. */
  const birthOf = (k: number) => `19${60 + k}-0${1 + (k % 9)}-1${k % 10}`;
  /** A referral recorded by Alameda's intake for one county, with a note only Alameda should read. */
  async function referredFor(county: 'San Francisco' | 'Alameda' | 'Modoc') {
    n++;
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: `Renée Ocampo ${'ABCDEFGHIJ'[n]}`,
          otherNames: [{ name: `Renee Campos ${'ABCDEFGHIJ'[n]}` }],
          dateOfBirth: birthOf(n),
          preferredLanguage: 'es',
        },
        counties: [county],
        note: 'Two old possession cases; the 2009 one was a felony.',
      }),
    );
    const matter = recorded.matters[0];
    if (!matter) throw new Error('no matter');
    return matter;
  }

  /** What Bay Area Legal Aid holds: its matters with their clients, as stored. */
  const bayHolds = () =>
    api.database.db
      .selectFrom('matters as m')
      .innerJoin('clients as c', 'c.id', 'm.client_id')
      .select([
        'm.id',
        'm.county',
        'm.stage',
        'm.referral_source',
        'm.referral_source_detail',
        'm.referral_note',
        'c.legal_name',
        'c.other_names',
        'c.date_of_birth',
        'c.phone',
        'c.email',
        'c.preferred_language',
        'c.consent_to_text',
        'c.contact_sms',
        'c.contact_email',
        'c.contact_phone',
      ])
      .where('m.office_id', '=', api.officeIds.bayLegal)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute();

  /** Bay Area Legal Aid's audit log, as its supervisor reads it. */
  const theirLog = async () => {
    const page = await (await api.signedIn('bayLegal.supervisor')).audit.list({ limit: 200 });
    return page.lines.flatMap((l) => l.entries).map((e) => auditSentenceText(e.sentence));
  };

  const auditOf = (action: string, entityId?: string) => {
    let query = api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'actor_id', 'outcome', 'detail', 'entity_id'])
      .where('action', '=', action);
    if (entityId) query = query.where('entity_id', '=', entityId);
    return query.execute();
  };

  it('hands the client and the county to the office serving it, and only then may the client be told so', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const referred = await referredFor('San Francisco');
    const before = await caller.matters.get({ matterId: referred.id });
    expect(before).toMatchObject({
      stage: 'referred_out',
      referredTo: 'Bay Area Legal Aid',
      passedOnAt: null,
    });
    expect(before.passOnOffices).toEqual([{ id: api.officeIds.bayLegal, name: 'Bay Area Legal Aid' }]);
    const held = await bayHolds();
    // The receiving office's dashboard counts referrals by source, this week's last.
    const bySource = async () =>
      (await (await api.signedIn('bayLegal.supervisor')).dashboard.get()).weeks.at(-1)?.receivedBySource;
    const countedBefore = await bySource();

    const answer = await caller.matters.passOn({
      matterId: referred.id,
      version: before.version,
      officeId: api.officeIds.bayLegal,
      clientAgreed: true,
    });
    expect(answer).toEqual({ version: before.version + 1, passedOnTo: 'Bay Area Legal Aid' });

    expect(await bySource()).toEqual({ ...countedBefore, passedOn: (countedBefore?.passedOn ?? 0) + 1 });
    // Bay Area Legal Aid holds one more matter: this client, this county, in its New referrals.
    const now = await bayHolds();
    expect(now).toHaveLength(held.length + 1);
    const theirs = now.at(-1);
    expect(theirs).toMatchObject({
      county: 'San Francisco',
      stage: 'referral_received',
      // From another office of the desk: not a partner organisation, in its counts by source.
      referral_source: 'another_office',
      referral_source_detail: 'passed on by Alameda County Public Defender',
      // The sending office's note stays with it.
      referral_note: '',
      legal_name: `Renée Ocampo ${'ABCDEFGHIJ'[n]}`,
      other_names: JSON.stringify([`Renee Campos ${'ABCDEFGHIJ'[n]}`]),
      date_of_birth: birthOf(n),
      phone: referralInput().client.phone,
      email: referralInput().client.email,
      preferred_language: 'es',
      // The client agreed to texts from Alameda: Bay Area Legal Aid asks for its own agreement.
      consent_to_text: 0,
      contact_sms: 0,
      contact_email: 1,
      contact_phone: 1,
    });
    const bay = await api.signedIn('bayLegal.intake');
    const queue = await bay.matters.list({ queue: 'new_referrals', limit: 200 });
    expect(queue.items.map((m) => m.id)).toContain(theirs?.id);
    // On their audit log under the person of Alameda who passed it on, named with their office.
    const recorded = (await auditOf('referrals.record')).filter(
      (row) => row.office_id === api.officeIds.bayLegal && row.detail.includes(api.officeIds.alameda),
    );
    expect(recorded).toHaveLength(1);
    const [passedBy] = await auditOf('matters.passOn', referred.id);
    expect(passedBy?.actor_id).toBeTruthy();
    expect(recorded[0]).toMatchObject({ actor_id: passedBy?.actor_id, outcome: 'ok' });
    expect(await theirLog()).toContainEqual(
      expect.stringMatching(/^.+ of Alameda County Public Defender passed .+ on to this office$/),
    );

    // The sending matter: passed on, nothing more to pass on, on its timeline and audit log.
    const after = await caller.matters.get({ matterId: referred.id });
    expect(after).toMatchObject({ version: before.version + 1, referredTo: 'Bay Area Legal Aid' });
    expect(after.passedOnAt).toBe(api.clock.now().toISOString());
    expect(after.passOnOffices).toEqual([]);
    expect(after.timeline[0]).toMatchObject({
      kind: 'referred_out',
      summary:
        'Passed on to Bay Area Legal Aid, which serves San Francisco County, with the client’s agreement.',
      actorName: expect.any(String),
    });
    const onRecord = await auditOf('matters.passOn', referred.id);
    expect(onRecord).toHaveLength(1);
    expect(onRecord[0]).toMatchObject({ office_id: api.officeIds.alameda, outcome: 'ok' });
    expect(JSON.parse(onRecord[0]?.detail ?? '{}')).toEqual({
      toOfficeId: api.officeIds.bayLegal,
      clientAgreed: true,
    });

    // Passed on once: a second time is refused, and Bay Area Legal Aid gets nothing more.
    await expect(
      caller.matters.passOn({
        matterId: referred.id,
        version: after.version,
        officeId: api.officeIds.bayLegal,
        clientAgreed: true,
      }),
    ).rejects.toThrow('This matter has already been passed on to another office.');
    expect(await bayHolds()).toHaveLength(now.length);
  });

  it('a client who chose texts alone is reached by phone by the office it is passed on to', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Tomasa Texto',
          otherNames: [],
          dateOfBirth: '1966-06-16',
          contact: { email: false, sms: true, letter: false, phone: false },
          consentToText: true,
        },
        counties: ['San Francisco'],
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    await passOnAs(matterId, (await intake.matters.get({ matterId })).version);
    const { passed_on_to_matter_id } = await storedOf(matterId);
    const { client_id } = await storedOf(passed_on_to_matter_id ?? '');
    const bay = await api.signedIn('bayLegal.attorney');
    const { client } = await bay.clients.get({ clientId: client_id });
    expect(client.details).toMatchObject({
      consentToText: false,
      contact: { email: false, sms: false, letter: false, phone: true },
    });
    // A record that office can save as it is.
    await bay.clients.update({ clientId: client_id, version: client.version, client: client.details });
  });

  it('refuses a stale page, a stage other than Referred out, an office not serving the county, and a county no office serves, writing nothing', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const held = (await bayHolds()).length;
    const refusedWith = async (
      input: { matterId: string; version: number; officeId: string; clientAgreed?: boolean },
      message: string | RegExp,
    ) => {
      const before = await caller.matters.get({ matterId: input.matterId });
      await expect(caller.matters.passOn({ clientAgreed: true, ...input } as never)).rejects.toThrow(message);
      const after = await caller.matters.get({ matterId: input.matterId });
      expect(after.version, String(message)).toBe(before.version);
      expect(after.passedOnAt).toBeNull();
    };

    const served = await referredFor('San Francisco');
    const { version } = await caller.matters.get({ matterId: served.id });
    await refusedWith(
      { matterId: served.id, version: version + 1, officeId: api.officeIds.bayLegal, clientAgreed: true },
      /changed|saved|newer|reload/i,
    );
    // Without the client's agreement, nothing is passed on.
    await refusedWith(
      { matterId: served.id, version, officeId: api.officeIds.bayLegal, clientAgreed: false },
      'Ask the client first: pass the matter on only once they agree that office may have their details.',
    );
    // Not an office serving San Francisco: the one that does is named.
    await refusedWith(
      { matterId: served.id, version, officeId: api.officeIds.alameda },
      'Choose an office that serves San Francisco County: Bay Area Legal Aid.',
    );
    await refusedWith({ matterId: served.id, version, officeId: 'no-such-office' }, /Choose an office/);

    // Our own county, moved to Referred out by hand: no other office of the desk serves it.
    const ours = await referredFor('Alameda');
    const open = await caller.matters.get({ matterId: ours.id });
    await refusedWith(
      { matterId: ours.id, version: open.version, officeId: api.officeIds.bayLegal, clientAgreed: true },
      'Only a matter at “Referred out” can be passed on: move it there first.',
    );
    await caller.matters.moveStage({ matterId: ours.id, version: open.version, to: 'referred_out' });
    const out = await caller.matters.get({ matterId: ours.id });
    expect(out.passOnOffices).toEqual([]);
    await refusedWith(
      { matterId: ours.id, version: out.version, officeId: api.officeIds.bayLegal, clientAgreed: true },
      'No other office of the desk serves Alameda County: tell the client yourself whom to contact, such as the public defender of that county.',
    );

    const nowhere = await referredFor('Modoc');
    const unserved = await caller.matters.get({ matterId: nowhere.id });
    expect(unserved.passOnOffices).toEqual([]);
    await refusedWith(
      {
        matterId: nowhere.id,
        version: unserved.version,
        officeId: api.officeIds.bayLegal,
        clientAgreed: true,
      },
      /^No other office of the desk serves Modoc County/,
    );
    expect(await bayHolds()).toHaveLength(held);
  });

  it('another office cannot pass on, or learn of, a matter that is not theirs', async () => {
    const referred = await referredFor('San Francisco');
    const alameda = await api.signedIn('alameda.attorney');
    const { version } = await alameda.matters.get({ matterId: referred.id });
    const held = (await bayHolds()).length;
    const bay = await api.signedIn('bayLegal.attorney');
    await expect(
      bay.matters.passOn({
        matterId: referred.id,
        version,
        officeId: api.officeIds.bayLegal,
        clientAgreed: true,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await bayHolds()).toHaveLength(held);
    expect((await alameda.matters.get({ matterId: referred.id })).passedOnAt).toBeNull();
  });

  it('ten passes of one matter at once, as from ten tabs: one passes it on, and that office gets one referral', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const referred = await referredFor('San Francisco');
    const { version } = await caller.matters.get({ matterId: referred.id });
    const held = (await bayHolds()).length;
    const tries = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        caller.matters.passOn({
          matterId: referred.id,
          version,
          officeId: api.officeIds.bayLegal,
          clientAgreed: true,
        }),
      ),
    );
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    for (const t of tries)
      if (t.status === 'rejected') expect(t.reason).toMatchObject({ appCode: 'VERSION_CONFLICT' });
    expect(await bayHolds()).toHaveLength(held + 1);
    // One pass on record, and each of the nine refused as stale.
    const rows = await auditOf('matters.passOn', referred.id);
    expect(rows.filter((r) => r.outcome === 'ok')).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === 'denied').map((r) => JSON.parse(r.detail).reason)).toEqual(
      Array(9).fill('version_conflict'),
    );
    const after = await caller.matters.get({ matterId: referred.id });
    expect(after.version).toBe(version + 1);
    expect(after.timeline.filter((e) => e.summary.startsWith('Passed on to'))).toHaveLength(1);
  });

  it('an edit of the client committed while a pass waits sends the client as edited, not as first read', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const referred = await referredFor('San Francisco');
    const { version, client } = await caller.matters.get({ matterId: referred.id });
    const held = (await bayHolds()).length;
    let passing: Promise<unknown> = Promise.resolve();
    // Another member of staff saves a new phone number; the pass starts before that save commits.
    await api.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('clients').set({ phone: '(415) 555-0199' }).where('id', '=', client.id).execute();
      passing = caller.matters.passOn({
        matterId: referred.id,
        version,
        officeId: api.officeIds.bayLegal,
        clientAgreed: true,
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await passing;
    const now = await bayHolds();
    expect(now).toHaveLength(held + 1);
    expect(now.at(-1)).toMatchObject({ county: 'San Francisco', phone: '(415) 555-0199' });
  });

  it('a merge undone while a pass waits, moving the matter to another record, refuses the pass: no details of the wrong person go', async () => {
    const caller = await api.signedIn('alameda.attorney');
    const referred = await referredFor('San Francisco');
    const other = await referredFor('Modoc');
    const { version, client } = await caller.matters.get({ matterId: referred.id });
    const { client: otherClient } = await caller.matters.get({ matterId: other.id });
    const held = (await bayHolds()).length;
    let passing: Promise<unknown> = Promise.resolve();
    // As undoing a merge does: both records written, the matter moved back to the other one, its
    // version unchanged.
    await api.database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('clients')
        .set({ updated_at: new Date().toISOString() })
        .where('id', '=', client.id)
        .execute();
      await trx
        .updateTable('matters')
        .set({ client_id: otherClient.id })
        .where('id', '=', referred.id)
        .execute();
      passing = caller.matters
        .passOn({ matterId: referred.id, version, officeId: api.officeIds.bayLegal, clientAgreed: true })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const answer = (await passing) as { message?: string };
    if (dialect === 'postgres') {
      // The pass read the matter before the undo committed: refused, nothing sent.
      expect(answer).toMatchObject({
        message: expect.stringContaining('reload the page, then pass the matter on'),
      });
      expect(await bayHolds()).toHaveLength(held);
    } else {
      // SQLite runs the pass after the undo: the matter is the other record's, whose details go.
      const now = await bayHolds();
      expect(now).toHaveLength(held + 1);
      expect(now.at(-1)?.legal_name).toBe(otherClient.details.legalName);
    }
  });

  /** A matter's column as stored, of the sending or the receiving office. */
  const storedOf = async (matterId: string) =>
    api.database.db
      .selectFrom('matters')
      .select(['client_id', 'passed_on_to_matter_id'])
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();

  /** Alameda's attorney passes the matter, as of this version, on to the office, the client agreeing. */
  const passOnAs = async (matterId: string, version: number, officeId = api.officeIds.bayLegal) =>
    (await api.signedIn('alameda.attorney')).matters.passOn({
      matterId,
      version,
      officeId,
      clientAgreed: true,
    });

  /** Brings a matter passed on back, and refers it out again: passed on to nobody now. */
  async function broughtBackAndReferredOut(matterId: string) {
    const caller = await api.signedIn('alameda.attorney');
    const passed = await caller.matters.get({ matterId });
    await caller.matters.moveStage({ matterId, version: passed.version, to: 'referral_received' });
    const back = await caller.matters.get({ matterId });
    expect(back).toMatchObject({ referredTo: null, passedOnAt: null, passOnOffices: [] });
    await caller.matters.moveStage({ matterId, version: back.version, to: 'referred_out' });
    const out = await caller.matters.get({ matterId });
    expect(out).toMatchObject({ referredTo: null, passedOnAt: null });
    expect(out.passOnOffices.map((o) => o.name)).toContain('Bay Area Legal Aid');
    return out;
  }

  /** Passes the matter on to Bay Area Legal Aid, brings it back and refers it out again. */
  async function passedOnAndBroughtBack(matterId: string) {
    const caller = await api.signedIn('alameda.attorney');
    await passOnAs(matterId, (await caller.matters.get({ matterId })).version);
    const { passed_on_to_matter_id: theirs } = await storedOf(matterId);
    return { caller, out: await broughtBackAndReferredOut(matterId), theirs: theirs ?? '' };
  }

  const bayClients = () =>
    api.database.db
      .selectFrom('clients')
      .select(['id', 'legal_name'])
      .where('office_id', '=', api.officeIds.bayLegal)
      .execute();

  it('a matter passed on again while that office still works it goes to that matter: nothing recorded twice there', async () => {
    const referred = await referredFor('San Francisco');
    const { caller, out, theirs } = await passedOnAndBroughtBack(referred.id);
    const [matters, clients] = [(await bayHolds()).length, (await bayClients()).length];
    await passOnAs(referred.id, out.version);
    // No second client and no second matter of the person in that office.
    expect(await bayHolds()).toHaveLength(matters);
    expect(await bayClients()).toHaveLength(clients);
    const again = await caller.matters.get({ matterId: referred.id });
    expect(again).toMatchObject({ referredTo: 'Bay Area Legal Aid', passedOnAt: expect.any(String) });
    // The sending office reads nothing of what that office works: the same sentence as the first pass.
    expect(again.timeline.map((e) => e.summary).filter((s) => s.startsWith('Passed on'))).toEqual([
      'Passed on to Bay Area Legal Aid, which serves San Francisco County, with the client’s agreement.',
      'Passed on to Bay Area Legal Aid, which serves San Francisco County, with the client’s agreement.',
    ]);
    // That office's matter says so on its timeline and its audit log; the sending office's note stays home.
    const bay = await api.signedIn('bayLegal.attorney');
    const theirMatter = await bay.matters.get({ matterId: theirs });
    const told = theirMatter.timeline.find((e) => e.summary.includes('passed this client on to us again'));
    expect(told?.summary).toMatch(
      /^Alameda County Public Defender passed this client on to us again on .+, with the client’s agreement, for San Francisco County\. This matter is already open for that county, so no new matter was recorded: continue here\.$/,
    );
    expect(JSON.stringify(theirMatter)).not.toContain('the 2009 one was a felony');
    const [firstPass, secondPass] = await auditOf('matters.passOn', referred.id);
    expect(secondPass?.actor_id).toBeTruthy();
    expect(await auditOf('referrals.record', theirs)).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        actor_id: secondPass?.actor_id,
        detail: JSON.stringify({ passedOnBy: api.officeIds.alameda, passedOnAgain: true }),
      }),
    ]);
    expect(firstPass).toBeTruthy();
    expect(await theirLog()).toContainEqual(
      expect.stringMatching(
        /^.+ of Alameda County Public Defender passed .+ on to this office again, for .+’s matter \d{4}-\d+, already open here: no new matter$/,
      ),
    );
    // Linked to that matter, a "transferred" update holds while that office works it.
    await expect(
      caller.messages.composeStatus({
        matterId: referred.id,
        statusType: 'transferred',
        cantProceedReason: null,
        courtDate: null,
        nextSteps: [],
      }),
    ).resolves.toBeTruthy();
  });

  it('a matter passed on again after that office closed its matter is a new matter of the client it holds', async () => {
    const referred = await referredFor('San Francisco');
    const { caller, out, theirs } = await passedOnAndBroughtBack(referred.id);
    // That office closes its matter (the person withdrew), and knows the person by a corrected name.
    const bay = await api.signedIn('bayLegal.attorney');
    const theirMatter = await bay.matters.get({ matterId: theirs });
    await bay.matters.moveStage({
      matterId: theirs,
      version: theirMatter.version,
      to: 'withdrawn',
      note: 'Withdrew.',
    });
    const { client_id: bayClientId } = await storedOf(theirs);
    const { client: bayClient } = await bay.clients.get({ clientId: bayClientId });
    await bay.clients.update({
      clientId: bayClientId,
      version: bayClient.version,
      client: {
        ...bayClient.details,
        legalName: `${bayClient.details.legalName}-Ruiz`,
        consentToText: true,
        contact: { ...bayClient.details.contact, sms: true },
      },
    });
    const clients = (await bayClients()).length;
    const held = await bayHolds();

    await passOnAs(referred.id, out.version);
    expect(await bayClients()).toHaveLength(clients);
    const now = await bayHolds();
    expect(now).toHaveLength(held.length + 1);
    const [newMatter] = await api.database.db
      .selectFrom('matters')
      .select(['id', 'client_id', 'stage', 'referral_source'])
      .where('office_id', '=', api.officeIds.bayLegal)
      .where(
        'id',
        'not in',
        held.map((m) => m.id),
      )
      .execute();
    expect(newMatter).toMatchObject({
      client_id: bayClientId,
      stage: 'referral_received',
      referral_source: 'another_office',
    });
    const { passed_on_to_matter_id } = await storedOf(referred.id);
    expect(passed_on_to_matter_id).toBe(newMatter?.id);
    // That office's client stays as its staff recorded it (the corrected name, its own consent to
    // texts); what was sent and differs is a note on the new matter for them to check.
    const { client: after } = await bay.clients.get({ clientId: bayClientId });
    const { client: sending } = await caller.clients.get({
      clientId: (await caller.matters.get({ matterId: referred.id })).client.id,
    });
    expect(after.details).toEqual({
      ...bayClient.details,
      legalName: `${bayClient.details.legalName}-Ruiz`,
      consentToText: true,
      contact: { ...bayClient.details.contact, sms: true },
    });
    // Its own client, so no likely match is flagged on the new matter; nothing says its client's
    // details were written anew.
    const fresh = await bay.matters.get({ matterId: newMatter?.id ?? '' });
    expect(fresh.timeline.map((e) => e.kind)).not.toContain('possible_duplicate');
    expect(fresh.timeline.map((e) => e.summary)).toContain(
      `Alameda County Public Defender passed this client on with these details, which differ from this client’s: legal name ${sending.details.legalName}. They were not written over this client’s details (they may have come from a form anyone can fill in): check them with the client before using them, and correct the client’s details if they are right.`,
    );
    const closed = await bay.matters.get({ matterId: theirs });
    expect(closed.timeline.map((e) => e.summary).filter((s) => s.includes('written as sent'))).toEqual([]);
  });

  it('a matter passed on again goes to the client that office merged the person into', async () => {
    const referred = await referredFor('San Francisco');
    const { out, theirs } = await passedOnAndBroughtBack(referred.id);
    const { client_id: passedClient } = await storedOf(theirs);
    // That office knew the person already, under another record, and merges the two.
    const bay = await api.signedIn('bayLegal.intake');
    const known = await bay.referrals.record(
      referralInput({
        client: { ...referralInput().client, legalName: 'Renata Ocampo', dateOfBirth: '1955-05-05' },
        counties: ['Contra Costa'],
      }),
    );
    const supervisor = await api.signedIn('bayLegal.supervisor');
    const preview = await supervisor.clients.mergePreview({
      survivingClientId: known.clientId,
      mergedClientId: passedClient,
    });
    await supervisor.clients.merge({
      survivingClient: { id: known.clientId, version: preview.surviving.client.version },
      mergedClient: { id: passedClient, version: preview.merged.client.version },
    });
    const clients = (await bayClients()).length;
    await passOnAs(referred.id, out.version);
    // The matter moved with the merge and is still open: it is the one passed on to, on the survivor.
    expect(await bayClients()).toHaveLength(clients);
    const { passed_on_to_matter_id } = await storedOf(referred.id);
    expect(passed_on_to_matter_id).toBe(theirs);
    const { client_id } = await storedOf(theirs);
    expect(client_id).toBe(known.clientId);
  });

  it('a matter passed on to a third office in between still goes to the client the second holds', async () => {
    // A third office serving the county, as a second legal-aid office of San Francisco would.
    const third = 'third-office-sf';
    await api.database.db
      .insertInto('offices')
      .values({
        id: third,
        name: 'Mission Legal Clinic',
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    await api.database.db
      .insertInto('office_counties')
      .values({ office_id: third, county: 'San Francisco' })
      .execute();
    try {
      const referred = await referredFor('San Francisco');
      const { out, theirs } = await passedOnAndBroughtBack(referred.id);
      expect(out.passOnOffices.map((o) => o.name).sort()).toEqual([
        'Bay Area Legal Aid',
        'Mission Legal Clinic',
      ]);
      // To the third office, brought back, to Bay Area Legal Aid again.
      await passOnAs(referred.id, out.version, third);
      const outAgain = await broughtBackAndReferredOut(referred.id);
      const [matters, clients] = [(await bayHolds()).length, (await bayClients()).length];
      await passOnAs(referred.id, outAgain.version);
      expect([(await bayHolds()).length, (await bayClients()).length]).toEqual([matters, clients]);
      const { passed_on_to_matter_id } = await storedOf(referred.id);
      expect(passed_on_to_matter_id).toBe(theirs);
    } finally {
      // Other tests here pass on to the only office serving the county.
      await api.database.db.deleteFrom('office_counties').where('office_id', '=', third).execute();
    }
  });
});
