// Refusals give the true reason. "Not eligible" on an arrest-only matter whose arrest is decided
// eligible for PC 851.91 is untrue because of that decision, not for want of one. Sending the outcome
// a second time is refused because it was already sent and the matter closed, by whom and when: not
// as a change by "<the sender's own name> … after you opened it".
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText, californiaDateTime } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { arrestInput, convictionInput, decisionInput, OVERRIDE_REASON } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome, openMatterFor, rapSheetReceived } from './fixtures.ts';

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; appCode?: string; message: string } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

describe.each(testDialects())('refusals give the true reason (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  it('“not eligible” on an arrest-only matter whose arrest is decided eligible: says the arrest is eligible', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const { id: arrestId } = await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC' }) });
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const refused = await refusal(attorney.messages.composeStatus({ matterId, statusType: 'not_eligible' }));
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toBe(
      'An arrest is decided eligible for relief: the client would be told they cannot clear their record.',
    );
  });

  it('“no convictions found” is not sent while an arrest is decided eligible for sealing: the client would think nothing can be cleared', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    await rapSheetReceived(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const choice = { matterId, statusType: 'no_convictions_found' as const };
    const { id: arrestId } = await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC' }) });
    const decided = await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    const refused = await refusal(attorney.messages.composeStatus(choice));
    expect(refused.message).toMatch(/^An arrest is decided eligible for relief \(sealing\)/);
    expect(refused.message).toContain('Send “Arrest can be sealed”.');
    // That update tells the good news, and is on its way like any other.
    const sealable = { matterId, statusType: 'arrest_sealable' as const };
    const composed = await attorney.messages.composeStatus(sealable);
    expect(composed.messages.map((m) => m.text).join('\n')).toContain(
      'ask the court to seal the record of one or more of your arrests that did not end in a conviction',
    );
    await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice: sealable,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    expect(
      await api.database.db
        .selectFrom('messages')
        .select('status_type')
        .where('matter_id', '=', matterId)
        .execute(),
    ).toEqual(composed.messages.map(() => ({ status_type: 'arrest_sealable' })));
    // Decided otherwise, nothing is left to clear: the update is true again.
    await attorney.arrests.recordDecision({
      arrestId,
      remedy: 'pc851.91',
      determination: 'not_eligible',
      reasons: 'The prosecutor may still refile.',
      supersedes: decided.id,
      overrideReason: OVERRIDE_REASON,
    });
    expect((await attorney.messages.composeStatus(choice)).messages.length).toBeGreaterThan(0);
  });

  it('“arrest can be sealed” rests on an arrest still on the matter and not sealed already', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const sealable = (matterId: string) =>
      attorney.messages.composeStatus({ matterId, statusType: 'arrest_sealable' });
    const decidedArrest = async (matterId: string) => {
      const arrest = await attorney.arrests.add({ matterId, arrest: arrestInput({ code: 'PC' }) });
      await attorney.arrests.recordDecision({
        arrestId: arrest.id,
        remedy: 'pc851.91',
        determination: 'eligible_mandatory',
        reasons: 'Charges dismissed and may not be refiled (PC 851.91(a)(1)(B)(i)).',
        supersedes: null,
        overrideReason: OVERRIDE_REASON,
      });
      expect((await sealable(matterId)).messages.length).toBeGreaterThan(0);
      return arrest;
    };
    const stillToSeal = /^No arrest still to seal is decided eligible for sealing/;

    // Removed from the matter (entered by mistake): its decision backs nothing.
    const removedOn = (await openMatterFor(api, { preferredLanguage: 'en' })).matterId;
    const removed = await decidedArrest(removedOn);
    await attorney.arrests.remove({ arrestId: removed.id, version: removed.version });
    expect((await refusal(sealable(removedOn))).message).toMatch(stillToSeal);

    // Sealed already: the relief recorded on the arrest.
    const sealedOn = (await openMatterFor(api, { preferredLanguage: 'es' })).matterId;
    const sealed = await decidedArrest(sealedOn);
    await attorney.arrests.edit({
      arrestId: sealed.id,
      version: sealed.version,
      arrest: arrestInput({ code: 'PC', reliefGrantedRemedy: 'pc851.91', reliefGrantedOn: '2024-05-05' }),
    });
    expect((await refusal(sealable(sealedOn))).message).toMatch(stillToSeal);
  });

  it('“eligible” is not said on automatic relief alone (PC 1203.425: no petition, nothing for our office to file), and no petition is drafted for it', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const { id: convictionId } = await attorney.convictions.add({ matterId, conviction: convictionInput() });
    await attorney.decisions.record(
      decisionInput(convictionId, { remedy: 'pc1203.425', determination: 'eligible_mandatory' }),
    );
    const refused = await refusal(attorney.messages.composeStatus({ matterId, statusType: 'eligible' }));
    expect(refused.message).toMatch(/^Only automatic relief \(PC 1203\.425\) is decided eligible/);
    const court = 'Superior Court of California, County of Alameda';
    const drafted = await refusal(
      attorney.petitions.create({
        matterId,
        remedy: 'pc1203.425',
        convictionIds: [convictionId],
        formSet: 'cr180_cr181',
        court,
      }),
    );
    expect(drafted.message).toMatch(/granted by the DOJ without a petition/);
    expect(
      await api.database.db.selectFrom('petitions').select('id').where('matter_id', '=', matterId).execute(),
    ).toEqual([]);
    // A remedy the client asks the court for backs it.
    await attorney.decisions.record(decisionInput(convictionId, { remedy: 'pc1203.4' }));
    expect(
      (await attorney.messages.composeStatus({ matterId, statusType: 'eligible' })).messages.length,
    ).toBeGreaterThan(0);
  });

  it('“no convictions found” is refused until the RAP sheet is received, and on a matter referred out unread, saying why', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        counties: ['Alameda', 'Fresno'],
        client: { ...referralInput().client, legalName: 'Inés Ruiz Paz' },
      }),
    );
    const [fresh, fresno] = recorded.matters;
    const attorney = await api.signedIn('alameda.attorney');
    expect([fresh?.stage, fresno?.stage]).toEqual(['referral_received', 'referred_out']);
    const choice = (matterId: string) => ({ matterId, statusType: 'no_convictions_found' as const });
    const sendSpanishLetter = (matterId: string) =>
      attorney.messages.sendStatus({
        writtenIn: 'es',
        choice: choice(matterId),
        messages: [{ channel: 'email', text: 'No encontramos condenas.' }],
      });

    // Brand new: nobody has read the record yet.
    for (const call of [
      () => attorney.messages.composeStatus(choice(fresh?.id ?? '')),
      () => sendSpanishLetter(fresh?.id ?? ''),
    ]) {
      const refused = await refusal(call());
      expect(refused.appCode).toBe('BAD_INPUT');
      expect(refused.message).toMatch(
        /^No RAP sheet is recorded as received on this matter: a “no convictions found” message would tell the client we reviewed their record and found nothing to clear\. Once the DOJ RAP sheet arrives/,
      );
    }
    // Fresno, referred out because no office serves it: not our review, RAP sheet or not.
    for (const call of [
      () => attorney.messages.composeStatus(choice(fresno?.id ?? '')),
      () => sendSpanishLetter(fresno?.id ?? ''),
    ]) {
      const refused = await refusal(call());
      expect(refused.message).toMatch(
        /^This matter is at “Referred out”: our office did not review the record/,
      );
    }
    await rapSheetReceived(api, fresno?.id ?? '');
    expect((await refusal(sendSpanishLetter(fresno?.id ?? ''))).message).toContain('Referred out');
    expect(
      await api.database.db
        .selectFrom('messages')
        .select('id')
        .where('matter_id', 'in', [fresh?.id ?? '', fresno?.id ?? ''])
        .execute(),
    ).toEqual([]);

    // Once the RAP sheet is in, showing nothing, the client may be told.
    await rapSheetReceived(api, fresh?.id ?? '');
    const composed = await attorney.messages.composeStatus(choice(fresh?.id ?? ''));
    expect(composed.messages.length).toBeGreaterThan(0);
  });

  it('a status update refused because the records do not back it is on the audit log, as the read it is', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const reference = (await attorney.matters.get({ matterId })).reference;
    for (const statusType of ['eligible', 'arrest_sealable', 'not_eligible'] as const)
      expect((await refusal(attorney.messages.composeStatus({ matterId, statusType }))).appCode).toBe(
        'BAD_INPUT',
      );
    const page = await (await api.signedIn('alameda.supervisor')).audit.list({
      action: 'messages.composeStatus',
      outcome: 'denied',
    });
    // Each refusal is a row; the page shows the three, one after the other, as one line.
    const onThisMatter = page.lines.flatMap((l) => l.entries).filter((e) => e.matterId === matterId);
    expect(onThisMatter).toHaveLength(3);
    for (const entry of onThisMatter)
      expect(auditSentenceText(entry.sentence)).toMatch(
        new RegExp(`was refused: Preview a status update: the records of .*${reference} do not back it$`),
      );
  });

  it('the same outcome sent twice: the second is refused as already sent, by you, not as your own later change', async () => {
    const { matterId, version } = await matterAtOutcome(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    const input = {
      matterId,
      version,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
      writtenIn: composed.language,
    };
    await attorney.messages.sendOutcome(input);
    const sent = await api.database.db
      .selectFrom('messages')
      .select('created_at')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'outcome')
      .executeTakeFirstOrThrow();
    const expected = `The court’s outcome was already sent to the client, by you on ${californiaDateTime(sent.created_at)}, and the matter is closed: nothing was sent again.`;

    const again = await refusal(attorney.messages.sendOutcome(input));
    expect(again.code).toBe('CONFLICT');
    expect(again.appCode).toBe('VERSION_CONFLICT');
    expect(again.message).toBe(expected);
    expect(again.message).not.toContain('after you opened it');

    // A colleague with the page open from before is told who sent it.
    const supervisor = await api.signedIn('alameda.supervisor');
    const theirs = await refusal(supervisor.messages.sendOutcome(input));
    const sender = await api.database.db
      .selectFrom('users')
      .innerJoin('messages', 'messages.created_by', 'users.id')
      .select('users.name')
      .where('messages.matter_id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(theirs.message).toBe(expected.replace('by you', `by ${sender.name}`));
    // Nothing was sent again.
    expect(
      await api.database.db.selectFrom('messages').select('id').where('matter_id', '=', matterId).execute(),
    ).toHaveLength(composed.messages.length);
  });

  it('two sends at once: the one refused says the outcome was already sent', async () => {
    const { matterId, version } = await matterAtOutcome(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    const input = {
      matterId,
      version,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
      writtenIn: composed.language,
    };
    const results = await Promise.allSettled([
      attorney.messages.sendOutcome(input),
      attorney.messages.sendOutcome(input),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(
      /^The court’s outcome was already sent to the client, by you on .+, and the matter is closed: nothing was sent again\.$/,
    );
  });
});
