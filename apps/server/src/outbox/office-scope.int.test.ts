// The outbox worker serves every office, but a claimed row's delivery is held to the office the row
// names: it sends that office's message as rendered with that office's template and letterhead, and a
// row pointing at another office's message (a forged or corrupted row) sends nothing, fails as an
// invalid message on its own matter, and leaves the other office's message as it was.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { EmailSender } from '@relief-desk/notify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideEligible,
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

interface Sent {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

describe.each(testDialects())('the outbox worker and the office a row names (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  function worker(sent: Sent[]) {
    const email = {
      send: async (message: Sent) => {
        sent.push(message);
      },
      close: async () => {},
    } as unknown as EmailSender;
    return workerFor(api, {
      senders: { email, sms: null },
    });
  }

  /** An e-mailed status update of the Alameda office: its outbox row and message. */
  async function alamedaUpdate() {
    const { matterId } = await openMatterFor(api, {});
    await decideEligible(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const choice = { matterId, statusType: 'eligible' as const, nextSteps: ['submit_letters' as const] };
    const composed = await attorney.messages.composeStatus(choice);
    const { outboxIds } = await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    const outboxId = outboxIds[0] ?? '';
    const row = await api.database.db
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .selectAll('messages')
      .where('outbox.id', '=', outboxId)
      .executeTakeFirstOrThrow();
    return { matterId, outboxId, message: row };
  }

  it("sends the row's own office's message, as that office's template and letterhead rendered it", async () => {
    const { outboxId, message } = await alamedaUpdate();
    expect(message.office_id).toBe(api.officeIds.alameda);
    const sent: Sent[] = [];
    expect((await worker(sent).runOnce()).results).toEqual(['sent']);
    expect(sent).toEqual([
      expect.objectContaining({ messageId: outboxId, subject: message.subject, text: message.body }),
    ]);
  });

  it("never sends another office's message, even when a row of this office names it", async () => {
    const { matterId, outboxId, message } = await alamedaUpdate();
    // The other office's message, with its own wording and letterhead.
    const theirs = {
      ...message,
      id: newId(),
      office_id: api.officeIds.bayLegal,
      recipient: 'someone-of-bay-legal@example.org',
      subject: 'Bay Area Legal Aid: an update on your case',
      body: 'Bay Area Legal Aid, 1735 Telegraph Ave, Oakland: a letter of the other office.',
    };
    await api.database.db.insertInto('messages').values(theirs).execute();
    // A row of this office pointing at it.
    await api.database.db
      .updateTable('outbox')
      .set({ message_id: theirs.id })
      .where('id', '=', outboxId)
      .execute();

    const sent: Sent[] = [];
    expect((await worker(sent).runOnce()).results).toEqual(['failed']);
    expect(sent).toEqual([]);
    const row = await api.database.db
      .selectFrom('outbox')
      .select(['state', 'last_error_code', 'office_id'])
      .where('id', '=', outboxId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      state: 'failed',
      last_error_code: 'INVALID_MESSAGE',
      office_id: api.officeIds.alameda,
    });
    // The failure is on this office's matter; the other office's message is as it was.
    const events = await api.database.db
      .selectFrom('matter_events')
      .select('office_id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'delivery_failed')
      .execute();
    expect(events).toEqual([{ office_id: api.officeIds.alameda }]);
    const after = await api.database.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(theirs);
  });
});
