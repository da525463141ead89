// Status updates that would tell a client something untrue, refused through composeStatus on both
// databases. "Transferred" ("that office will contact you") needs another office to hold the matter:
// a referral for a county another office of the desk serves is only recorded as referred out, until
// staff pass it on; a county none serves, or a move to "Referred out" by hand, has none to pass it to. "Granted" and "denied" ("the court granted your petition") need every request
// decided so and nothing left before the court: generated over each mixed case the court can leave.
import { testDialects } from '@relief-desk/db/testing';
import type { MessageStatusType, Outcome } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { convictionInput } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

const COURT = 'Superior Court of California, County of Alameda';
const choiceOf = (statusType: MessageStatusType) => ({
  statusType,
  cantProceedReason: null,
  courtDate: null,
  nextSteps: [],
});

/** Each petition as its requests' outcomes: null, filed and not yet decided. */
type Petitions = (Outcome | null)[][];

/** The mixed cases the court leaves, and the ones where every request went one way. */
const DECISION_CASES: { name: string; petitions: Petitions; granted: boolean; denied: boolean }[] = [
  { name: 'one petition granted', petitions: [['granted']], granted: true, denied: false },
  { name: 'two convictions granted', petitions: [['granted', 'granted']], granted: true, denied: false },
  { name: 'two petitions granted', petitions: [['granted'], ['granted']], granted: true, denied: false },
  { name: 'one petition denied', petitions: [['denied']], granted: false, denied: true },
  { name: 'two petitions denied', petitions: [['denied'], ['denied']], granted: false, denied: true },
  { name: 'granted and continued', petitions: [['granted', 'continued']], granted: false, denied: false },
  { name: 'granted and withdrawn', petitions: [['granted', 'withdrawn']], granted: false, denied: false },
  { name: 'denied and continued', petitions: [['denied', 'continued']], granted: false, denied: false },
  { name: 'denied and withdrawn', petitions: [['denied', 'withdrawn']], granted: false, denied: false },
  {
    name: 'granted, another petition continued',
    petitions: [['granted'], ['continued']],
    granted: false,
    denied: false,
  },
  {
    name: 'granted, another petition still pending',
    petitions: [['granted'], [null]],
    granted: false,
    denied: false,
  },
  {
    name: 'denied, another petition still pending',
    petitions: [['denied'], [null]],
    granted: false,
    denied: false,
  },
];

describe.each(testDialects())('status updates that would be untrue (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const attorney = () => api.signedIn('alameda.attorney');

  /** Whether composing the status is allowed, else the refusal's message. */
  async function compose(matterId: string, statusType: MessageStatusType): Promise<true | string> {
    const caller = await attorney();
    return caller.messages.composeStatus({ matterId, ...choiceOf(statusType) }).then(
      () => true as const,
      (error: unknown) => {
        // A refusal of what the message says, not some other failure.
        expect(error).toMatchObject({ appCode: 'BAD_INPUT' });
        return (error as Error).message;
      },
    );
  }

  /** A matter received from intake for one county, as placed by the office's counties. */
  async function referredFor(
    county: 'San Francisco' | 'Modoc' | 'Alameda',
    n: number,
    legalName = `Transferred Tester ${county} ${n}`,
  ) {
    const intake = await api.signedIn('alameda.intake');
    const base = referralInput().client;
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...base,
          legalName,
          otherNames: [],
          dateOfBirth: `1970-0${1 + n}-1${n}`,
        },
        counties: [county],
      }),
    );
    const matter = recorded.matters[0];
    if (!matter) throw new Error('no matter');
    return matter;
  }

  /** The receiving office's matter that passing this one on made, as passing on linked them. */
  async function receivingMatterOf(matterId: string): Promise<string> {
    const { passed_on_to_matter_id: theirs } = await api.database.db
      .selectFrom('matters')
      .select('passed_on_to_matter_id')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    if (!theirs) throw new Error('the matter is not linked to the one it was passed on to');
    return theirs;
  }

  /** Passes the matter on to the office serving its county, as its Stage panel offers. */
  async function passOn(matterId: string) {
    const caller = await attorney();
    const matter = await caller.matters.get({ matterId });
    const [office] = matter.passOnOffices;
    if (!office) throw new Error('no office to pass it on to');
    await caller.matters.passOn({
      matterId,
      version: matter.version,
      officeId: office.id,
      clientAgreed: true,
    });
  }

  it('“transferred” only once another office holds the matter', async () => {
    // Recorded as referred out to the office serving the county, which does not have it yet.
    const served = await referredFor('San Francisco', 1);
    expect(served).toMatchObject({ stage: 'referred_out', referredTo: 'Bay Area Legal Aid' });
    expect(await compose(served.id, 'transferred')).toMatch(/^This matter has not been passed on/);
    await passOn(served.id);
    expect(await compose(served.id, 'transferred')).toBe(true);

    const unserved = await referredFor('Modoc', 2);
    expect(unserved).toMatchObject({ stage: 'referred_out', referredTo: null });
    const why = await compose(unserved.id, 'transferred');
    expect(why).toMatch(/^This matter has not been passed on to another office/);
    expect(why).toContain('tell the client yourself whom to contact');

    // Moved to "Referred out" by hand: no office is recorded either.
    const ours = await referredFor('Alameda', 3);
    const caller = await attorney();
    const { version } = await caller.matters.get({ matterId: ours.id });
    await caller.matters.moveStage({
      matterId: ours.id,
      version,
      to: 'referred_out',
      note: 'Sent elsewhere.',
    });
    expect(await compose(ours.id, 'transferred')).toMatch(/^This matter has not been passed on/);
  });

  it('“transferred” holds only while the office it was passed on to works the matter it holds', async () => {
    const served = await referredFor('San Francisco', 6);
    await passOn(served.id);
    expect(await compose(served.id, 'transferred')).toBe(true);
    // Bay Area Legal Aid's matter for it, as passing on linked them.
    const bay = await api.signedIn('bayLegal.attorney');
    const theirs = await bay.matters.get({ matterId: await receivingMatterOf(served.id) });
    expect(theirs).toMatchObject({ county: 'San Francisco', stage: 'referral_received' });

    // It could not reach the client and ended its matter: it will not contact them.
    await bay.matters.moveStage({ matterId: theirs.id, version: theirs.version, to: 'unable_to_reach' });
    expect(await compose(served.id, 'transferred')).toMatch(
      /^We cannot tell that the office this matter was passed on to will contact the client/,
    );
    // The client called it back, and it works the matter again.
    const ended = await bay.matters.get({ matterId: theirs.id });
    await bay.matters.moveStage({ matterId: theirs.id, version: ended.version, to: 'gathering_records' });
    expect(await compose(served.id, 'transferred')).toBe(true);
  });

  it('reading whether the receiving office still works the matter goes on that office’s log, naming who read it', async () => {
    const served = await referredFor('San Francisco', 0);
    await passOn(served.id);
    const theirs = await receivingMatterOf(served.id);
    const bayAdmin = await api.signedIn('bayLegal.admin');
    const readsOf = async () =>
      (await bayAdmin.audit.list({ matter: theirs, limit: 200 })).lines
        .flatMap((l) => l.entries)
        .filter((e) => e.action === 'matters.passedOnStillWorked');
    expect(await readsOf()).toEqual([]);
    // Another update reads nothing of that office: only "transferred" claims what it does.
    expect(await compose(served.id, 'in_review')).not.toBe(true);
    expect(await readsOf()).toEqual([]);
    expect(await compose(served.id, 'transferred')).toBe(true);
    const [read, ...more] = await readsOf();
    expect(more).toEqual([]);
    expect(read).toMatchObject({ matterId: theirs, outcome: 'ok' });
    // Who read it, from which office: another office's person, by name and office.
    expect(read?.actorName).toContain('Alameda County Public Defender');
    expect(read?.sentence.map((p) => p.text).join('')).toMatch(
      /read whether this office still works .*matter 2026-\d+, passed on to it$/,
    );

    // That office ends its matter; sending "transferred" is refused, saying so, and its transaction
    // rolls back: the read still goes on that office's log.
    const bay = await api.signedIn('bayLegal.attorney');
    const ended = await bay.matters.get({ matterId: theirs });
    await bay.matters.moveStage({ matterId: theirs, version: ended.version, to: 'unable_to_reach' });
    await expect(
      (await attorney()).messages.sendStatus({
        choice: { matterId: served.id, ...choiceOf('transferred') },
        messages: [{ channel: 'letter', subject: '', text: 'That office will contact you.' }],
        writtenIn: 'es',
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^We cannot tell that the office/) });
    expect(await readsOf()).toHaveLength(2);
    // The first office's own log has the request, as before, on its own matter; and the "in review"
    // refused above (its records do not back it), as a refusal.
    const ours = await (await api.signedIn('alameda.admin')).audit.list({ matter: served.id, limit: 200 });
    expect(
      ours.lines
        .flatMap((l) => l.entries)
        .filter((e) => e.action === 'messages.composeStatus')
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['denied', 'ok']);
  });

  it('the letters banner, asked every minute, puts nothing on the receiving office’s log; opening the list does', async () => {
    // A person of their own: the other tests look people up by name in the receiving office.
    const served = await referredFor('San Francisco', 8, 'Zoila Quispe Mamani');
    // The client takes letters too (the referral's address is on file).
    await api.database.db
      .updateTable('clients')
      .set({ contact_letter: 1 })
      .where('id', '=', (eb) => eb.selectFrom('matters').select('client_id').where('id', '=', served.id))
      .execute();
    await passOn(served.id);
    const theirs = await receivingMatterOf(served.id);
    const caller = await attorney();
    const choice = { matterId: served.id, ...choiceOf('transferred') };
    const composed = await caller.messages.composeStatus(choice);
    await caller.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages
        .filter((m) => m.channel === 'letter')
        .map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    const bayAdmin = await api.signedIn('bayLegal.admin');
    const readsOf = async () =>
      (await bayAdmin.audit.list({ matter: theirs, limit: 200 })).lines
        .flatMap((l) => l.entries)
        .filter((e) => e.action === 'matters.passedOnStillWorked').length;
    const before = await readsOf();
    for (let minute = 0; minute < 3; minute++)
      expect((await caller.messages.deliveryStatus()).lettersToPrint).toBeGreaterThan(0);
    expect(await readsOf()).toBe(before);
    // The list staff open to print says whether it still holds, and that read is on record there.
    await caller.messages.lettersToPrint();
    expect(await readsOf()).toBe(before + 1);
  });

  it('“transferred” holds while that office works another matter of the person in the county, or passed it on to an office that works it', async () => {
    const served = await referredFor('San Francisco', 7);
    await passOn(served.id);
    const bay = await api.signedIn('bayLegal.attorney');
    const theirs = await bay.matters.get({ matterId: await receivingMatterOf(served.id) });
    // Its staff end the matter passed on, and work the person's request in a matter of their own
    // (say, the client's record was merged into one they had, or they opened it anew).
    await bay.matters.moveStage({ matterId: theirs.id, version: theirs.version, to: 'withdrawn' });
    expect(await compose(served.id, 'transferred')).toMatch(/^We cannot tell that the office/);
    const bayIntake = await api.signedIn('bayLegal.intake');
    const [person] = await bayIntake.referrals.findPossibleClients({
      legalName: theirs.client.details.legalName,
      dateOfBirth: theirs.client.details.dateOfBirth,
    });
    if (!person) throw new Error('Bay Area Legal Aid does not hold the person');
    const own = await bayIntake.referrals.record(
      referralInput({
        existingClient: { id: person.id, version: person.version },
        client: person.details,
        counties: ['San Francisco'],
      }),
    );
    expect(await compose(served.id, 'transferred')).toBe(true);
    // That one ended too: nobody there will contact the client.
    const ownMatter = own.matters[0]?.id ?? '';
    const { version } = await bay.matters.get({ matterId: ownMatter });
    await bay.matters.moveStage({ matterId: ownMatter, version, to: 'unable_to_reach' });
    expect(await compose(served.id, 'transferred')).toMatch(/^We cannot tell that the office/);
    // Passed on again, to an office that works it (as a third office of the desk would record it).
    const further = await referredFor('Alameda', 8);
    await api.database.db
      .updateTable('matters')
      .set({
        stage: 'referred_out',
        passed_on_at: api.clock.now().toISOString(),
        passed_on_to_matter_id: further.id,
      })
      .where('id', '=', theirs.id)
      .execute();
    expect(await compose(served.id, 'transferred')).toBe(true);
  });

  it('a matter brought back from a partner office, then referred out by hand, names no receiving office', async () => {
    const caller = await attorney();
    const backAndOut = async (matterId: string, bulk: boolean) => {
      const back = await caller.matters.get({ matterId });
      await caller.matters.moveStage({ matterId, version: back.version, to: 'referral_received' });
      const ours = await caller.matters.get({ matterId });
      // Brought back, the matter is ours: no other office is shown as receiving or holding it.
      expect(ours).toMatchObject({ stage: 'referral_received', referredTo: null, passedOnAt: null });
      if (bulk)
        expect(
          await caller.queues.bulkMoveStage({
            matters: [{ id: matterId, version: ours.version }],
            to: 'referred_out',
          }),
        ).toMatchObject({ applied: true });
      else
        await caller.matters.moveStage({
          matterId,
          version: ours.version,
          to: 'referred_out',
          note: 'Conflict of interest.',
        });
      expect(await caller.matters.get({ matterId })).toMatchObject({
        stage: 'referred_out',
        referredTo: null,
        passedOnAt: null,
      });
    };
    for (const [n, bulk] of [
      [4, false],
      [5, true],
    ] as const) {
      const served = await referredFor('San Francisco', n);
      await passOn(served.id);
      expect(await compose(served.id, 'transferred')).toBe(true);
      await backAndOut(served.id, bulk);
      expect(await compose(served.id, 'transferred')).toMatch(/^This matter has not been passed on/);
    }
  });

  /** A matter whose petitions stand as `petitions` say: each decided with its outcomes, or filed. */
  async function withPetitions(petitions: Petitions) {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const caller = await attorney();
    for (const outcomes of petitions) {
      const convictionIds: string[] = [];
      for (const _ of outcomes)
        convictionIds.push((await caller.convictions.add({ matterId, conviction: convictionInput() })).id);
      const petition = await caller.petitions.create({
        matterId,
        remedy: 'pc1203.4',
        convictionIds,
        formSet: 'cr180_cr181',
        court: COURT,
      });
      const filed = await caller.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        status: 'filed',
        court: COURT,
        filedOn: '2026-10-01',
        outcomes: convictionIds.map((convictionId) => ({ convictionId, outcome: null })),
      });
      if (outcomes.every((o) => o === null)) continue;
      await caller.petitions.update({
        petitionId: petition.id,
        version: filed.version,
        status: 'decided',
        court: COURT,
        filedOn: '2026-10-01',
        decidedOn: '2026-11-20',
        outcomes: convictionIds.map((convictionId, i) => ({ convictionId, outcome: outcomes[i] ?? null })),
      });
    }
    return matterId;
  }

  it.each(DECISION_CASES)(
    '“granted” and “denied” when $name: granted $granted, denied $denied',
    async ({ petitions, granted, denied }) => {
      const matterId = await withPetitions(petitions);
      for (const [statusType, backed] of [
        ['granted', granted],
        ['denied', denied],
      ] as const) {
        const answer = await compose(matterId, statusType);
        if (backed) expect(answer, statusType).toBe(true);
        else {
          expect(answer, statusType).toEqual(expect.any(String));
          const mixed = petitions.flat().includes(statusType);
          const opposite = petitions.flat().includes(statusType === 'granted' ? 'denied' : 'granted');
          // A mixed case points staff to the outcome message, which goes through each request.
          if (mixed && !opposite) expect(answer, statusType).toMatch(/outcome message/);
        }
      }
    },
  );
});
