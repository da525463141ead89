import { testDialects } from '@relief-desk/db/testing';
import type { StatusChoiceInput } from '@relief-desk/domain';
import { DEFAULT_TEMPLATE_VERSION, renderStatusMessage } from '@relief-desk/notify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  decideEligible,
  giveOfficesLetterheads,
  matterAtOutcome,
  openMatterFor,
  petitionWithHearing,
} from './fixtures.ts';
import { queueDueFollowUps } from './followUp.ts';
import { configureMessaging } from './runtime.ts';

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as {
    code?: string;
    appCode?: string;
    message: string;
    fieldErrors?: { path: string; message: string }[];
  } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

describe.each(testDialects())('client messages (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const outbox = (matterId: string) =>
    api.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('matter_id', '=', matterId)
      .orderBy('id')
      .execute();

  describe('status updates', () => {
    it('renders the update in the client’s language for each channel they allow, from the office’s template', async () => {
      const { matterId } = await openMatterFor(api, {
        preferredLanguage: 'es',
        contact: { email: true, sms: true, letter: true, phone: false },
        consentToText: true,
      });
      await petitionWithHearing(api, matterId, '2027-03-07');
      const attorney = await api.signedIn('alameda.attorney');
      const composed = await attorney.messages.composeStatus({
        matterId,
        statusType: 'court_date_set',
        courtDate: '2027-03-07',
        nextSteps: ['wait_for_decision'],
      });
      expect(composed.language).toBe('es');
      expect(composed.messages.map((m) => m.channel)).toEqual(['email', 'sms', 'letter']);
      const email = composed.messages[0];
      expect(email?.text).toContain('7 de marzo de 2027');
      expect(email?.templateId).toBe('default:court_date_set:es');
      const expected = renderStatusMessage({
        statusType: 'court_date_set',
        nextSteps: ['wait_for_decision'],
        language: 'es',
        channel: 'email',
        values: {
          clientName: email?.text.match(/Begoña Núñez \w+/)?.[0] ?? '',
          county: 'Alameda',
          officeName: 'Alameda County Public Defender',
          officePhone: '(510) 272-6600',
          officeEmail: 'cleanslate@example.org',
          officeAddress: '1401 Lakeside Drive\nOakland, CA 94612',
          courtDate: '2027-03-07',
        },
      });
      expect(email?.text).toBe(expected.text);
      expect(composed.messages[1]?.smsParts).toBeGreaterThan(0);
    });

    it('offers only the channels the client chose: no text messages without consent', async () => {
      const { matterId } = await openMatterFor(api, {
        contact: { email: true, sms: false, letter: false, phone: true },
      });
      const intake = await api.signedIn('alameda.intake');
      const composed = await intake.messages.composeStatus({ matterId, statusType: 'in_review' });
      expect(composed.messages.map((m) => m.channel)).toEqual(['email']);
      expect(composed.unreachable.map((u) => u.channel)).toEqual(['sms', 'letter']);
      const refused = await refusal(
        intake.messages.sendStatus({
          writtenIn: composed.language,
          choice: { matterId, statusType: 'in_review' },
          messages: [{ channel: 'sms', text: 'Hola' }],
        }),
      );
      expect(refused.appCode).toBe('BAD_INPUT');
      expect(await outbox(matterId)).toEqual([]);
    });

    it('sends: the edited text, the template id and version, an outbox row per channel, a timeline event, an audit row and a client update, in one transaction', async () => {
      const { matterId } = await openMatterFor(api, {
        preferredLanguage: 'es',
        contact: { email: true, sms: false, letter: true, phone: false },
      });
      await decideEligible(api, matterId);
      let woken = 0;
      configureMessaging({ wake: () => (woken += 1) });
      const attorney = await api.signedIn('alameda.attorney');
      const composed = await attorney.messages.composeStatus({
        matterId,
        statusType: 'eligible',
        nextSteps: ['submit_personal_statement'],
      });
      const sent = await attorney.messages.sendStatus({
        writtenIn: composed.language,
        choice: { matterId, statusType: 'eligible', nextSteps: ['submit_personal_statement'] },
        messages: composed.messages.map((m) => ({
          channel: m.channel,
          subject: m.subject,
          text: `${m.text}\n\nP.D. Gracias.`,
        })),
      });
      expect(woken).toBe(1);
      const rows = await api.database.db
        .selectFrom('messages')
        .selectAll()
        .where('matter_id', '=', matterId)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.channel, r.template_id, r.template_version, r.language])).toEqual([
        ['email', 'default:eligible:es', DEFAULT_TEMPLATE_VERSION, 'es'],
        ['letter', 'default:eligible:es', DEFAULT_TEMPLATE_VERSION, 'es'],
      ]);
      expect(rows[0]?.body.endsWith('P.D. Gracias.')).toBe(true);
      expect((await outbox(matterId)).map((o) => [o.channel, o.state])).toEqual([
        ['email', 'pending'],
        ['letter', 'printing'],
      ]);
      expect(sent.outboxIds).toHaveLength(2);
      const matter = await attorney.matters.get({ matterId });
      expect(matter.timeline[0]?.kind).toBe('status_sent');
      const facts = await api.database.db
        .selectFrom('matters')
        .select('last_client_contact_at')
        .where('id', '=', matterId)
        .executeTakeFirstOrThrow();
      expect(facts.last_client_contact_at).toBe(api.clock.now().toISOString());
      const audit = await api.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', matterId)
        .where('action', '=', 'messages.sendStatus')
        .execute();
      expect(audit).toHaveLength(1);
      const listed = await attorney.messages.forMatter({ matterId });
      expect(listed.map((m) => m.delivery?.state)).toEqual(['printing', 'pending']);
    });

    // A status update's message is a claim about the matter: the records must back it.
    it('refuses a status the records do not back, naming what to record first, and sends nothing', async () => {
      const { matterId } = await openMatterFor(api);
      const attorney = await api.signedIn('alameda.attorney');
      const cases: { choice: Omit<StatusChoiceInput, 'matterId'>; path: string; says: string }[] = [
        { choice: { statusType: 'eligible' }, path: 'choice.statusType', says: 'eligibility decision' },
        { choice: { statusType: 'granted' }, path: 'choice.statusType', says: 'granted' },
        {
          choice: { statusType: 'court_date_set', courtDate: '2027-03-07' },
          path: 'choice.courtDate',
          says: 'hearing',
        },
        { choice: { statusType: 'transferred' }, path: 'choice.statusType', says: 'Referred out' },
        {
          choice: { statusType: 'cant_proceed', cantProceedReason: 'on_probation' },
          path: 'choice.cantProceedReason',
          says: 'person’s facts',
        },
        {
          choice: { statusType: 'cant_proceed', cantProceedReason: 'victim_restitution' },
          path: 'choice.cantProceedReason',
          says: 'court docket',
        },
      ];
      for (const { path, says, choice } of cases) {
        const composing = await refusal(attorney.messages.composeStatus({ matterId, ...choice }));
        expect(composing.appCode).toBe('BAD_INPUT');
        expect(composing.fieldErrors?.map((f) => f.path)).toEqual([path]);
        expect(composing.message).toContain(says);
        const sending = await refusal(
          attorney.messages.sendStatus({
            writtenIn: 'es',
            choice: { matterId, ...choice },
            messages: [{ channel: 'email', text: 'x' }],
          }),
        );
        expect(sending.appCode).toBe('BAD_INPUT');
      }
      expect(await outbox(matterId)).toEqual([]);
      await decideEligible(api, matterId);
      await expect(
        attorney.messages.composeStatus({ matterId, statusType: 'eligible' }),
      ).resolves.toBeDefined();
    });

    it('logs a status given on the phone without sending anything, and counts it as a client update', async () => {
      const { matterId } = await openMatterFor(api);
      const intake = await api.signedIn('alameda.intake');
      await intake.messages.logStatus({
        choice: { matterId, statusType: 'in_review' },
        note: 'Told her on the phone.',
      });
      expect(await outbox(matterId)).toEqual([]);
      const matter = await intake.matters.get({ matterId });
      expect(matter.timeline[0]).toMatchObject({ kind: 'status_logged' });
      expect(matter.timeline[0]?.summary).toContain('Told her on the phone.');
    });

    it('refuses bad input with the field: a court date for court_date_set, a reason for cant_proceed', async () => {
      const { matterId } = await openMatterFor(api);
      const intake = await api.signedIn('alameda.intake');
      const noDate = await refusal(
        intake.messages.logStatus({ choice: { matterId, statusType: 'court_date_set' } }),
      );
      expect(noDate.code).toBe('BAD_REQUEST');
      const noReason = await refusal(
        intake.messages.sendStatus({
          writtenIn: 'es',
          choice: { matterId, statusType: 'cant_proceed' },
          messages: [{ channel: 'email', text: 'x' }],
        }),
      );
      expect(noReason.code).toBe('BAD_REQUEST');
      expect(await outbox(matterId)).toEqual([]);
    });

    it('refuses another office’s matter as not found, audited', async () => {
      const { matterId } = await openMatterFor(api);
      const other = await api.signedIn('bayLegal.intake');
      // Each call starts only when the previous refusal has been awaited: a call started early and
      // rejected before its turn is an unhandled rejection (regression: it failed the test run).
      for (const call of [
        () => other.messages.composeStatus({ matterId, statusType: 'in_review' }),
        () =>
          other.messages.sendStatus({
            writtenIn: 'es',
            choice: { matterId, statusType: 'in_review' },
            messages: [{ channel: 'email', text: 'x' }],
          }),
        () => other.messages.logStatus({ choice: { matterId, statusType: 'in_review' } }),
        () => other.messages.forMatter({ matterId }),
      ]) {
        expect((await refusal(call())).appCode).toBe('NOT_FOUND');
      }
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['action', 'office_id'])
        .where('entity_id', '=', matterId)
        .where('outcome', '=', 'denied')
        .execute();
      // On record in the office that tried and in the office that owns the matter.
      for (const office of [api.officeIds.bayLegal, api.officeIds.alameda])
        expect(
          denied
            .filter((d) => d.office_id === office)
            .map((d) => d.action)
            .sort(),
        ).toEqual([
          'messages.composeStatus',
          'messages.forMatter',
          'messages.logStatus',
          'messages.sendStatus',
        ]);
      expect(await outbox(matterId)).toEqual([]);
    });
  });

  describe('outcomes', () => {
    it('composes per conviction in Spanish, attaches the signed order, and closes the matter in the same transaction', async () => {
      const { matterId, version } = await matterAtOutcome(api, {
        preferredLanguage: 'es',
        contact: { email: true, sms: true, letter: false, phone: false },
        consentToText: true,
      });
      const attorney = await api.signedIn('alameda.attorney');
      const composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.orders.map((o) => o.filename)).toEqual(['CR-181 orden firmada.pdf']);
      const email = composed.messages.find((m) => m.channel === 'email');
      expect(email?.text).toContain('Código Penal 484(a), caso 16CR01234');
      expect(email?.text).toContain('Adjuntamos a este correo electrónico la orden firmada por la corte.');
      const sms = composed.messages.find((m) => m.channel === 'sms');
      expect(sms?.text).not.toContain('484');
      const sent = await attorney.messages.sendOutcome({
        matterId,
        version,
        messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
        writtenIn: composed.language,
      });
      expect(sent.stage).toBe('closed');
      const rows = await api.database.db
        .selectFrom('messages')
        .select(['channel', 'attachments', 'kind'])
        .where('matter_id', '=', matterId)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.kind, r.channel, JSON.parse(r.attachments).length])).toEqual([
        ['outcome', 'email', 1],
        ['outcome', 'sms', 0],
      ]);
      const matter = await attorney.matters.get({ matterId });
      expect(matter.stage).toBe('closed');
      expect(
        matter.timeline
          .slice(0, 2)
          .map((e) => e.kind)
          .sort(),
      ).toEqual(['outcome_sent', 'stage_changed']);
    });

    it('a file on a signed-order request cancelled since is not sent as the order, and an order asked of the client is not said to be asked of the court', async () => {
      const { matterId } = await matterAtOutcome(api, {
        preferredLanguage: 'en',
        contact: { email: true, sms: false, letter: false, phone: false },
      });
      const attorney = await api.signedIn('alameda.attorney');
      const request = (await attorney.matters.get({ matterId })).documents.find(
        (d) => d.kind === 'signed_order',
      );
      if (!request) throw new Error('no signed-order request');
      // The scan was the wrong document: the request is cancelled.
      await attorney.documents.update({
        documentId: request.id,
        version: request.version,
        status: 'cancelled',
        dueOn: request.dueOn,
      });
      let composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.orders).toEqual([]);
      const email = () => composed.messages.find((m) => m.channel === 'email')?.text ?? '';
      expect(email()).not.toMatch(/attached|enclosed/);
      expect(composed.orderAwaited).toBe(false);
      // A new request, asked of the client (who kept the court's mailing): not "we have asked the court".
      await attorney.documents.request({
        matterId,
        kind: 'signed_order',
        requestedFrom: 'client',
        requestedOn: '2026-11-28',
        dueOn: '2026-12-20',
      });
      composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.orderAwaited).toBe(false);
      expect(email()).not.toContain('We have asked the court for the signed order');
    });

    it('a “granted” update says “the signed orders” when several are awaited from the court, in both languages', async () => {
      for (const [language, one, several] of [
        [
          'en',
          'We have asked the court for the signed order,',
          'We have asked the court for the signed orders,',
        ],
        ['es', 'Pedimos a la corte la orden firmada', 'Pedimos a la corte las órdenes firmadas'],
      ] as const) {
        const { matterId } = await matterAtOutcome(
          api,
          { preferredLanguage: language, contact: { email: true, sms: false, letter: false, phone: false } },
          { withOrder: false, outcomes: ['granted', 'granted'] },
        );
        const attorney = await api.signedIn('alameda.attorney');
        const granted = async () =>
          (await attorney.messages.composeStatus({ matterId, statusType: 'granted' })).messages.find(
            (m) => m.channel === 'email',
          )?.text ?? '';
        expect(await granted()).toContain(one);
        // A second order asked of the court (another of the petition's orders, say).
        await attorney.documents.request({
          matterId,
          kind: 'signed_order',
          requestedFrom: 'court',
          requestedOn: '2026-11-28',
          dueOn: '2026-12-20',
        });
        const text = await granted();
        expect(text).toContain(several);
        expect(text).not.toContain(one);
      }
    });

    // Regression: with no signed order on file, the Spanish e-mail still said the orders were attached.
    it('without a signed order on file, says in each channel that it is awaited and attaches nothing', async () => {
      const { matterId, version } = await matterAtOutcome(
        api,
        {
          preferredLanguage: 'es',
          contact: { email: true, sms: false, letter: true, phone: false },
          address: {
            line1: '742 Calle Señora Ávila',
            line2: '',
            city: 'San José',
            state: 'CA',
            postalCode: '95112',
          },
        },
        { withOrder: false },
      );
      const attorney = await api.signedIn('alameda.attorney');
      const composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.orders).toEqual([]);
      expect(composed.messages.map((m) => m.channel).sort()).toEqual(['email', 'letter']);
      for (const message of composed.messages) {
        expect(message.text).toContain('Todavía no tenemos la orden firmada por la corte.');
        expect(message.text).not.toMatch(/Adjuntamos|Incluimos|attached|enclosed/);
      }
      expect(composed.orderAwaited).toBe(true);
      const messages = composed.messages.map((m) => ({
        channel: m.channel,
        subject: m.subject,
        text: m.text,
      }));
      // Closing the matter while the order is still to come needs a reason.
      const writtenIn = composed.language;
      const unexplained = await refusal(
        attorney.messages.sendOutcome({ matterId, version, messages, writtenIn }),
      );
      expect(unexplained.fieldErrors?.map((f) => f.path)).toEqual(['closeNote']);
      expect(await outbox(matterId)).toEqual([]);
      await attorney.messages.sendOutcome({
        matterId,
        version,
        messages,
        writtenIn,
        closeNote: 'The court mails its orders to the client directly.',
      });
      const closed = await attorney.matters.get({ matterId });
      expect(closed.stage).toBe('closed');
      // The note is about the court's order: kept apart from the summary, shown to those who see the record.
      expect(closed.timeline).toContainEqual(
        expect.objectContaining({
          summary: 'Moved from Outcome to send to Closed: outcome sent.',
          recordNote: 'The court mails its orders to the client directly.',
        }),
      );
      const rows = await api.database.db
        .selectFrom('messages')
        .select(['attachments'])
        .where('matter_id', '=', matterId)
        .execute();
      expect(rows.map((r) => JSON.parse(r.attachments))).toEqual([[], []]);
    });

    it('refuses a stale version, a matter not at "outcome to send", staff without the RAP sheet permission and another office', async () => {
      const { matterId, version } = await matterAtOutcome(api);
      const attorney = await api.signedIn('alameda.attorney');
      const messages = [{ channel: 'email' as const, text: 'Resultado' }];
      const writtenIn = 'es' as const;
      expect(
        (
          await refusal(
            attorney.messages.sendOutcome({ matterId, version: version - 1, messages, writtenIn }),
          )
        ).appCode,
      ).toBe('VERSION_CONFLICT');
      const intake = await api.signedIn('alameda.intake');
      expect(
        (await refusal(intake.messages.sendOutcome({ matterId, version, messages, writtenIn }))).appCode,
      ).toBe('FORBIDDEN');
      const other = await api.signedIn('bayLegal.supervisor');
      expect(
        (await refusal(other.messages.sendOutcome({ matterId, version, messages, writtenIn }))).appCode,
      ).toBe('NOT_FOUND');
      const early = await openMatterFor(api);
      expect((await refusal(attorney.messages.composeOutcome({ matterId: early.matterId }))).appCode).toBe(
        'BAD_INPUT',
      );
      expect(await outbox(matterId)).toEqual([]);
      expect((await attorney.matters.get({ matterId })).stage).toBe('outcome_to_send');
    });
  });

  describe('delivery problems', () => {
    async function failedEmail() {
      const { matterId } = await openMatterFor(api, {
        contact: { email: true, sms: false, letter: true, phone: false },
      });
      const intake = await api.signedIn('alameda.intake');
      const sent = await intake.messages.sendStatus({
        writtenIn: 'es',
        choice: { matterId, statusType: 'in_review' },
        messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
      });
      const outboxId = sent.outboxIds[0] ?? '';
      await api.database.db
        .updateTable('outbox')
        .set({ state: 'failed', last_error: 'The mail server refused the message (550).', version: 2 })
        .where('id', '=', outboxId)
        .execute();
      return { matterId, outboxId };
    }

    it('lists failures with the reason and the other channels; retry puts the message back in the queue', async () => {
      const { matterId, outboxId } = await failedEmail();
      const intake = await api.signedIn('alameda.intake');
      const problems = await intake.messages.deliveryProblems();
      const problem = problems.find((p) => p.outboxId === outboxId);
      expect(problem).toMatchObject({
        reason: 'The mail server refused the message (550).',
        otherChannels: ['letter'],
      });
      const status = await intake.messages.deliveryStatus();
      expect(status.problems).toBeGreaterThan(0);
      await intake.messages.retry({ outboxId, version: 2 });
      const [row] = await outbox(matterId);
      expect([row?.state, row?.attempts]).toEqual(['pending', 0]);
      expect((await refusal(intake.messages.retry({ outboxId, version: 2 }))).appCode).toBe(
        'VERSION_CONFLICT',
      );
      expect((await intake.matters.get({ matterId })).timeline[0]?.kind).toBe('delivery_retried');
    });

    it('sends another way: the same update rendered for the letter, the failure marked replaced', async () => {
      const { matterId, outboxId } = await failedEmail();
      const intake = await api.signedIn('alameda.intake');
      expect(
        (await refusal(intake.messages.resendVia({ outboxId, version: 2, channel: 'sms' }))).appCode,
      ).toBe('BAD_INPUT');
      const other = await api.signedIn('bayLegal.intake');
      expect(
        (await refusal(other.messages.resendVia({ outboxId, version: 2, channel: 'letter' }))).appCode,
      ).toBe('NOT_FOUND');
      await intake.messages.resendVia({ outboxId, version: 2, channel: 'letter' });
      expect((await outbox(matterId)).map((o) => [o.channel, o.state])).toEqual([
        ['email', 'replaced'],
        ['letter', 'printing'],
      ]);
    });
  });

  describe('templates', () => {
    it('lets an administrator edit a template: a new version that the next message uses and records', async () => {
      const admin = await api.signedIn('alameda.admin');
      const { templates } = await admin.messages.templates();
      const current = templates.find((t) => t.statusType === 'in_review' && t.language === 'es');
      expect(current).toMatchObject({ isDefault: true, editVersion: 0 });
      const saved = await admin.messages.saveTemplate({
        statusType: 'in_review',
        wording: {
          en: {
            baseVersion: 0,
            subject: 'We are reviewing your case, {clientName}',
            body: 'Hello {clientName}: we are still reviewing your file in {county}.\n\n{nextSteps}',
            sms: 'Hello {clientName}: we are still reviewing your case. {officeName}',
          },
          es: {
            baseVersion: 0,
            subject: 'Revisamos su caso, {clientName}',
            body: 'Hola {clientName}: seguimos revisando su expediente en {county}.\n\n{nextSteps}',
            sms: 'Hola {clientName}: seguimos revisando su caso. {officeName}',
          },
        },
      });
      expect([saved.en.version, saved.es.version]).toEqual([1, 1]);
      const stale = await refusal(
        admin.messages.saveTemplate({
          statusType: 'in_review',
          wording: {
            en: { baseVersion: 1, subject: 'x', body: 'y', sms: 'z' },
            es: { baseVersion: 0, subject: 'x', body: 'y', sms: 'z' },
          },
        }),
      );
      expect(stale.appCode).toBe('VERSION_CONFLICT');
      const { matterId } = await openMatterFor(api, { preferredLanguage: 'es' });
      const composed = await admin.messages.composeStatus({ matterId, statusType: 'in_review' });
      expect(composed.messages[0]).toMatchObject({ templateId: saved.es.id, templateVersion: 1 });
      expect(composed.messages[0]?.text).toContain('seguimos revisando su expediente en Alameda');
      // The other office still has the built-in wording.
      const other = await api.signedIn('bayLegal.admin');
      const theirs = (await other.messages.templates()).templates.find(
        (t) => t.statusType === 'in_review' && t.language === 'es',
      );
      expect(theirs?.isDefault).toBe(true);
    });

    it('refuses unknown placeholders by name, and staff who are not administrators', async () => {
      const admin = await api.signedIn('alameda.admin');
      const wording = {
        en: { baseVersion: 0, subject: 'Hi {clientname}', body: 'Body {foo}', sms: 'ok' },
        es: { baseVersion: 0, subject: 'Hola {clientname}', body: 'Texto {foo}', sms: 'ok' },
      };
      const bad = await refusal(admin.messages.saveTemplate({ statusType: 'eligible', wording }));
      // The form's schema refuses them, each where it is, with the name meant when one is close.
      expect(bad.code).toBe('BAD_REQUEST');
      const issues = (bad as { cause?: { issues?: { path: PropertyKey[]; message: string }[] } }).cause
        ?.issues;
      expect(issues?.map((i) => i.path.join('.'))).toEqual([
        'wording.en.subject',
        'wording.en.body',
        'wording.es.subject',
        'wording.es.body',
      ]);
      expect(issues?.[0]?.message).toContain(
        'uses {clientname}, which is not a placeholder: did you mean {clientName}?',
      );
      expect(issues?.[1]?.message).toContain('uses {foo}, which is not a placeholder: use only {clientName}');
      const intake = await api.signedIn('alameda.intake');
      const forbidden = await refusal(
        intake.messages.saveTemplate({
          statusType: 'eligible',
          wording: {
            en: { baseVersion: 0, subject: 'a', body: 'b', sms: 'c' },
            es: { baseVersion: 0, subject: 'a', body: 'b', sms: 'c' },
          },
        }),
      );
      expect(forbidden.appCode).toBe('FORBIDDEN');
    });
  });

  describe('automatic follow-up', () => {
    it('queues the "in review" follow-up once per matter after the interval, in the client’s language; offices can turn it off', async () => {
      const { matterId } = await openMatterFor(api, { preferredLanguage: 'es' });
      const quiet = await openMatterFor(api, {}, 'bayLegal.intake');
      const bay = await api.signedIn('bayLegal.admin');
      await bay.messages.saveFollowUpSettings({ version: 0, enabled: false, days: 42 });
      const start = api.clock.now();
      try {
        const early = await queueDueFollowUps(api.database.db, api.clock);
        expect(early.queued).toBe(0);
        api.clock.set(new Date(start.getTime() + 43 * 86_400_000));
        // Two workers checking at the same moment still queue one follow-up per matter.
        await Promise.all([
          queueDueFollowUps(api.database.db, api.clock),
          queueDueFollowUps(api.database.db, api.clock),
        ]);
        await queueDueFollowUps(api.database.db, api.clock);
        const rows = await api.database.db
          .selectFrom('messages')
          .selectAll()
          .where('matter_id', '=', matterId)
          .execute();
        expect(rows.map((r) => [r.kind, r.status_type, r.language, r.channel])).toEqual([
          ['follow_up', 'in_review', 'es', 'email'],
        ]);
        expect(rows[0]?.body).toContain('Begoña');
        // The office sees on its audit log that the desk wrote to its client on its own.
        const supervisor = await api.signedIn('alameda.supervisor');
        const logged = await supervisor.audit.list({ action: 'messages.followUp' });
        expect(logged.lines.flatMap((line) => line.entries.map((entry) => entry.matterId))).toContain(
          matterId,
        );
        const quietRows = await api.database.db
          .selectFrom('messages')
          .select('id')
          .where('matter_id', '=', quiet.matterId)
          .execute();
        expect(quietRows).toEqual([]);
      } finally {
        api.clock.set(start);
      }
    });

    it('regression: leaves matters long past their follow-up date to the queues instead of sending a flood', async () => {
      const { matterId } = await openMatterFor(api);
      const start = api.clock.now();
      try {
        // 42 days plus the 14-day catch-up window have passed: staff see it in "needs client update".
        api.clock.set(new Date(start.getTime() + 60 * 86_400_000));
        await queueDueFollowUps(api.database.db, api.clock);
        const rows = await api.database.db
          .selectFrom('messages')
          .select('id')
          .where('matter_id', '=', matterId)
          .execute();
        expect(rows).toEqual([]);
      } finally {
        api.clock.set(start);
      }
    });

    it('lets only administrators change the setting, with a version', async () => {
      const admin = await api.signedIn('alameda.admin');
      const current = await admin.messages.followUpSettings();
      const saved = await admin.messages.saveFollowUpSettings({
        version: current.version,
        enabled: true,
        days: 56,
      });
      expect(saved).toMatchObject({ enabled: true, days: 56 });
      expect(
        (
          await refusal(
            admin.messages.saveFollowUpSettings({ version: current.version, enabled: true, days: 30 }),
          )
        ).appCode,
      ).toBe('VERSION_CONFLICT');
      expect(
        (
          await refusal(
            admin.messages.saveFollowUpSettings({ version: saved.version, enabled: true, days: 3 }),
          )
        ).code,
      ).toBe('BAD_REQUEST');
      const intake = await api.signedIn('alameda.intake');
      expect(
        (
          await refusal(
            intake.messages.saveFollowUpSettings({ version: saved.version, enabled: false, days: 42 }),
          )
        ).appCode,
      ).toBe('FORBIDDEN');
    });
  });
});
