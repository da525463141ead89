// An administrator without the RAP sheet permission may give it (to intake staff, with a role that
// brings it, in an invitation), which would also let them give it to a second account of their own.
// Each such grant is told at once, by e-mail through the outbox, to every supervisor and administrator
// of the office who holds the permission: who gave it, to whom, how. A grant by a holder, or a
// withdrawal, tells nobody; the notice names no client.

import { testDialects } from '@relief-desk/db/testing';
import { ROLE_LABELS } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from '../invitations/fixtures.ts';

const OFFICE = 'Alameda County Public Defender';
const ADMIN = `Admin of ${OFFICE}`;
const PASSWORD = 'a lantern by the harbour';

describe.each(testDialects())(
  'the RAP sheet permission given by an administrator without it (%s)',
  (dialect) => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await createApiHarness(dialect);
    });
    afterAll(async () => api.destroy());

    /** The grant notices queued since `since` (a count of all of them before), with their e-mails. */
    const noticesAfter = async (since: number) => {
      const rows = await api.database.db
        .selectFrom('staff_notices')
        .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
        .select(['staff_notices.recipient', 'staff_notices.subject', 'staff_notices.body', 'outbox.state'])
        .where('staff_notices.kind', '=', 'rap_sheet_granted')
        .orderBy('staff_notices.id')
        .execute();
      return rows.slice(since);
    };
    const noticeCount = async () => (await noticesAfter(0)).length;
    const userByEmail = async (email: string) => {
      const admin = await adminSignedIn(api, 'alameda');
      const found = (await admin.users.list()).find((u) => u.email === email);
      if (!found) throw new Error(`no user ${email}`);
      return found;
    };
    const invitedAndAccepted = async (email: string, name: string, canViewRapSheets: boolean) => {
      const admin = await adminSignedIn(api, 'alameda');
      await admin.users.invite({ email, role: 'intake', canViewRapSheets });
      const mail = await api.database.db
        .selectFrom('staff_notices')
        .select('body')
        .where('recipient', '=', email)
        .where('kind', '=', 'invitation')
        .executeTakeFirstOrThrow();
      const token = /\/invitation#([A-Za-z0-9_-]{43})/.exec(mail.body)?.[1] ?? '';
      await createCaller(api.context({ ip: '10.31.0.2' })).invitations.accept({
        token,
        name,
        password: PASSWORD,
      });
    };

    it('given to intake staff at the users page: each holder who supervises or administers is told, by e-mail', async () => {
      const before = await noticeCount();
      const intake = await userByEmail('intake@alameda.test');
      const admin = await adminSignedIn(api, 'alameda');
      await admin.users.setRapSheetAccess({
        userId: intake.id,
        version: intake.version,
        canViewRapSheets: true,
      });
      const told = await noticesAfter(before);
      // The supervisor holds it; the attorney holds it but does not run the office; the admin gave it.
      expect(told.map((n) => [n.recipient, n.state])).toEqual([['supervisor@alameda.test', 'pending']]);
      expect(told[0]?.subject).toBe(`RAP sheet permission given to Intake of ${OFFICE} at ${OFFICE}`);
      expect(told[0]?.body).toContain(
        `${ADMIN}, an administrator who does not have the RAP sheet permission, gave the RAP sheet permission to Intake of ${OFFICE} (${ROLE_LABELS.intake}, intake@alameda.test) on `,
      );
      expect(told[0]?.body).toContain('withdraw it at Office settings → Users');

      // Withdrawn: nobody is told.
      const granted = await userByEmail('intake@alameda.test');
      await admin.users.setRapSheetAccess({
        userId: granted.id,
        version: granted.version,
        canViewRapSheets: false,
      });
      expect(await noticesAfter(before)).toHaveLength(1);
    });

    it('given with a role that brings it, or in an invitation accepted, the holders are told how', async () => {
      const before = await noticeCount();
      await invitedAndAccepted('new.intake@example.org', 'Noa Quintero', true);
      const invited = await noticesAfter(before);
      expect(invited.map((n) => n.recipient)).toEqual(['supervisor@alameda.test']);
      expect(invited[0]?.body).toContain(
        `${ADMIN}, an administrator who does not have the RAP sheet permission, invited, with the RAP sheet permission, Noa Quintero (${ROLE_LABELS.intake}, new.intake@example.org), who accepted on `,
      );

      await invitedAndAccepted('plain.intake@example.org', 'Iker Olano', false);
      expect(await noticesAfter(before)).toHaveLength(1);
      const plain = await userByEmail('plain.intake@example.org');
      const admin = await adminSignedIn(api, 'alameda');
      await admin.users.setRole({ userId: plain.id, version: plain.version, role: 'attorney' });
      const made = (await noticesAfter(before)).slice(1);
      expect(made).toHaveLength(1);
      expect(made[0]?.body).toContain(
        `${ADMIN}, an administrator who does not have the RAP sheet permission, made ${ROLE_LABELS.attorney} (a role that brings the RAP sheet permission) Iker Olano (plain.intake@example.org) on `,
      );
      // No client, no matter: the notice is about the office's accounts.
      expect(made[0]?.body).not.toMatch(/matter|case number|conviction/i);
    });

    it('given by an administrator who holds it, nobody is told', async () => {
      await api.database.db
        .updateTable('users')
        .set({ can_view_rap_sheets: 1 })
        .where('id', '=', api.userIds['alameda.admin'])
        .execute();
      try {
        const before = await noticeCount();
        const intake = await userByEmail('intake@alameda.test');
        const admin = await adminSignedIn(api, 'alameda');
        await admin.users.setRapSheetAccess({
          userId: intake.id,
          version: intake.version,
          canViewRapSheets: true,
        });
        expect(await noticesAfter(before)).toEqual([]);
      } finally {
        await api.database.db
          .updateTable('users')
          .set({ can_view_rap_sheets: 0 })
          .where('id', '=', api.userIds['alameda.admin'])
          .execute();
      }
    });
  },
);
