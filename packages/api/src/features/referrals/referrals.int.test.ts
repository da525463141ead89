import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('recording referrals (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const countRows = async () => {
    const db = api.database.db;
    const [clients, matters, events] = await Promise.all([
      db.selectFrom('clients').select('id').execute(),
      db.selectFrom('matters').select('id').execute(),
      db.selectFrom('matter_events').select('id').execute(),
    ]);
    return { clients: clients.length, matters: matters.length, events: events.length };
  };

  it('opens one matter per county: served counties start, others are referred out to the office serving them', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        counties: ['Alameda', 'San Francisco', 'Fresno'],
        source: { kind: 'partner', detail: 'Root & Rebound' },
      }),
    );
    expect(recorded.matters.map((m) => [m.county, m.stage, m.referredTo])).toEqual([
      ['Alameda', 'referral_received', null],
      ['San Francisco', 'referred_out', 'Bay Area Legal Aid'],
      ['Fresno', 'referred_out', null],
    ]);
    expect(recorded.matters.map((m) => m.reference)).toEqual(['2026-00001', '2026-00002', '2026-00003']);

    const sf = await intake.matters.get({ matterId: recorded.matters[1]?.id ?? '' });
    expect(sf.client.details.legalName).toBe('María José Núñez');
    expect(sf.referredTo).toBe('Bay Area Legal Aid');
    expect(sf.timeline.map((e) => e.kind)).toEqual(['referred_out', 'referral_received']);
    expect(sf.timeline[1]?.summary).toContain('partner organisation (Root & Rebound)');
    expect(sf.timeline[0]?.actorName).toBe('Intake of Alameda County Public Defender');
    expect(sf.otherMatters.map((m) => m.county).sort()).toEqual(['Alameda', 'Fresno']);
  });

  it('writes an audit row for the referral and for every read of the client’s details', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: { ...referralInput().client, legalName: 'Lupe Ávila', dateOfBirth: '1990-01-02' },
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    await intake.matters.get({ matterId });
    await intake.matters.get({ matterId });
    // The reads' rows wait in the audit journal until chained.
    await chainAuditJournal(api.database.db);
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'actor_id', 'ip', 'outcome'])
      .where((eb) => eb.or([eb('entity_id', '=', recorded.clientId), eb('entity_id', '=', matterId)]))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['referrals.record', 'matters.get', 'matters.get']);
    expect(
      rows.every(
        (r) => r.actor_id === api.userIds['alameda.intake'] && r.ip === '127.0.0.1' && r.outcome === 'ok',
      ),
    ).toBe(true);
  });

  it('offers existing clients with the same birth date and a similar name, whatever the accents or order', async () => {
    const intake = await api.signedIn('alameda.intake');
    const matches = await intake.referrals.findPossibleClients({
      legalName: 'NUNEZ, Maria',
      dateOfBirth: '1984-03-07',
    });
    expect(matches.map((m) => m.details.legalName)).toEqual(['María José Núñez']);
    expect(matches[0]?.matters.map((m) => m.county).sort()).toEqual(['Alameda', 'Fresno', 'San Francisco']);
    const otherBirthday = await intake.referrals.findPossibleClients({
      legalName: 'María José Núñez',
      dateOfBirth: '1984-03-08',
    });
    expect(otherBirthday).toEqual([]);
  });

  it('attaches a referral to an existing client, updating their details, without a second client', async () => {
    const intake = await api.signedIn('alameda.intake');
    const [match] = await intake.referrals.findPossibleClients({
      legalName: 'Maria Nunez',
      dateOfBirth: '1984-03-07',
    });
    if (!match) throw new Error('expected a match');
    const before = await countRows();
    const again = await intake.referrals.record(
      referralInput({
        existingClient: { id: match.id, version: match.version },
        client: { ...match.details, phone: '(510) 555-0199' },
        counties: ['Contra Costa'],
      }),
    );
    expect(again.clientId).toBe(match.id);
    const after = await countRows();
    expect(after.clients).toBe(before.clients);
    expect(after.matters).toBe(before.matters + 1);
    const client = await api.database.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', match.id)
      .executeTakeFirstOrThrow();
    expect([client.phone, client.version]).toEqual(['(510) 555-0199', match.version + 1]);
  });

  it('regression: a corrected name sorts every matter of the person anew in the queue', async () => {
    const intake = await api.signedIn('alameda.intake');
    const first = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Aaron Zeta',
          otherNames: [],
          dateOfBirth: '1970-01-05',
        },
      }),
    );
    const [match] = await intake.referrals.findPossibleClients({
      legalName: 'Aaron Zeta',
      dateOfBirth: '1970-01-05',
    });
    if (!match) throw new Error('expected a match');
    await intake.referrals.record(
      referralInput({
        existingClient: { id: match.id, version: match.version },
        client: { ...match.details, legalName: 'Zoë Álvarez' },
        counties: ['Contra Costa'],
      }),
    );
    const sortNames = await api.database.db
      .selectFrom('matters')
      .select('client_sort_name')
      .where('client_id', '=', first.clientId)
      .execute();
    expect(sortNames.map((m) => m.client_sort_name)).toEqual(['zoe alvarez', 'zoe alvarez']);
  });

  it('refuses a save over someone else’s newer change, naming who made it, and writes nothing', async () => {
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const [match] = await intake.referrals.findPossibleClients({
      legalName: 'Maria Nunez',
      dateOfBirth: '1984-03-07',
    });
    if (!match) throw new Error('expected a match');
    const stale = { id: match.id, version: match.version };
    await attorney.referrals.record(
      referralInput({ existingClient: stale, client: match.details, counties: ['Sacramento'] }),
    );
    const before = await countRows();
    await expect(
      intake.referrals.record(
        referralInput({ existingClient: stale, client: match.details, counties: ['Yolo'] }),
      ),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringContaining(
        'Attorney of Alameda County Public Defender changed this client’s details',
      ),
    });
    expect(await countRows()).toEqual(before);
  });

  it('refuses a second open matter for the same person and county, and writes nothing', async () => {
    const intake = await api.signedIn('alameda.intake');
    const [match] = await intake.referrals.findPossibleClients({
      legalName: 'Maria Nunez',
      dateOfBirth: '1984-03-07',
    });
    if (!match) throw new Error('expected a match');
    const before = await countRows();
    await expect(
      intake.referrals.record(
        referralInput({
          existingClient: { id: match.id, version: match.version },
          client: match.details,
          counties: ['Kern', 'Alameda'],
        }),
      ),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [{ path: 'counties', message: expect.stringContaining('Alameda (matter 2026-00001)') }],
    });
    expect(await countRows()).toEqual(before);
  });

  it.each([
    ['no county', { counties: [] }, 'counties'],
    ['a county outside California', { counties: ['Multnomah'] }, 'counties.0'],
    [
      'an impossible birth date',
      { client: { ...referralInput().client, dateOfBirth: '1984-02-30' } },
      'client.dateOfBirth',
    ],
    [
      'texts wanted without consent',
      { client: { ...referralInput().client, consentToText: false } },
      'client.consentToText',
    ],
    [
      'letters wanted with no address',
      {
        client: {
          ...referralInput().client,
          contact: { email: false, sms: false, letter: true, phone: false },
          address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
        },
      },
      'client.address.line1',
    ],
    ['a partner with no name', { source: { kind: 'partner', detail: '' } }, 'source.detail'],
    ['a date received in the future', { receivedOn: '2026-12-25' }, 'receivedOn'],
  ] as const)(
    'refuses %s with a field error that says how to fix it, and writes nothing',
    async (_why, change, path) => {
      const intake = await api.signedIn('alameda.intake');
      const before = await countRows();
      const attempt = intake.referrals.record({ ...referralInput(), ...(change as object) } as ReturnType<
        typeof referralInput
      >);
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      const fieldErrors = error as {
        fieldErrors?: { path: string; message: string }[];
        cause?: { issues?: { path: (string | number)[]; message: string }[] };
      };
      const paths = fieldErrors.fieldErrors?.length
        ? fieldErrors.fieldErrors.map((f) => f.path)
        : (fieldErrors.cause?.issues ?? []).map((i) => i.path.join('.'));
      expect(paths).toContain(path);
      expect(await countRows()).toEqual(before);
    },
  );

  it('regression: stores a name without its invisible direction override or zero-width space, and words a control character parted apart', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Ana\u202eZ Ruiz\u200b',
          otherNames: [{ name: 'Ana\u0000Zeta' }],
          dateOfBirth: '1979-05-06',
        },
      }),
    );
    const client = await api.database.db
      .selectFrom('clients')
      .select(['legal_name'])
      .where('id', '=', recorded.clientId)
      .executeTakeFirstOrThrow();
    expect(client.legal_name).toBe('AnaZ Ruiz');
    const seen = await intake.clients.get({ clientId: recorded.clientId });
    expect(JSON.stringify(seen)).toContain('Ana Zeta');
  });

  it('regression: refuses a phone number without its area code, as its message says, writing nothing', async () => {
    const intake = await api.signedIn('alameda.intake');
    const before = await countRows();
    const error = await intake.referrals
      .record(referralInput({ client: { ...referralInput().client, phone: '1234567' } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const issues = (error as { cause?: { issues?: { path: (string | number)[]; message: string }[] } }).cause
      ?.issues;
    expect(issues?.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['client.phone', 'Enter a phone number with its area code, for example (555) 555-0123.'],
    ]);
    expect(await countRows()).toEqual(before);
  });

  it.each([
    // The queue showed a referral of 1850 open for 64,619 days, overdue.
    ['before 1900', { receivedOn: '1850-01-01' }, 'Enter a date received after 1900.'],
    [
      'before the date of birth',
      { receivedOn: '1983-03-07' },
      'The date received is before the date of birth: check both years.',
    ],
  ] as const)(
    'refuses a date received %s beside the field, writing nothing',
    async (_why, change, message) => {
      const intake = await api.signedIn('alameda.intake');
      const before = await countRows();
      const error = await intake.referrals.record({ ...referralInput(), ...change }).catch((e: unknown) => e);
      const refused = error as {
        code: string;
        fieldErrors?: { path: string; message: string }[];
        cause?: { issues?: { path: (string | number)[]; message: string }[] };
      };
      expect(refused.code).toBe('BAD_REQUEST');
      const fields = refused.fieldErrors?.length
        ? refused.fieldErrors
        : (refused.cause?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
      expect(fields).toEqual([{ path: 'receivedOn', message }]);
      expect(await countRows()).toEqual(before);
    },
  );
});

describe.each(testDialects())(
  'a likely match must be resolved before a new client is saved (%s)',
  (dialect) => {
    let api: ApiHarness;
    let existing: { id: string; version: number };
    beforeAll(async () => {
      api = await createApiHarness(dialect);
      const intake = await api.signedIn('alameda.intake');
      const recorded = await intake.referrals.record(referralInput());
      existing = { id: recorded.clientId, version: 1 };
    });
    afterAll(async () => api.destroy());

    const counts = async () => {
      const db = api.database.db;
      const [clients, matters, decisions] = await Promise.all([
        db.selectFrom('clients').select('id').execute(),
        db.selectFrom('matters').select('id').execute(),
        db.selectFrom('client_distinctions').select('id').execute(),
      ]);
      return { clients: clients.length, matters: matters.length, decisions: decisions.length };
    };

    it('marks which possible clients are likely the person, and why', async () => {
      const intake = await api.signedIn('alameda.intake');
      const exact = await intake.referrals.findPossibleClients({
        legalName: 'NÚÑEZ, María José',
        dateOfBirth: '1984-03-07',
        phone: '510-555-0123',
        email: '',
      });
      expect(exact.map((m) => [m.id, m.likely])).toEqual([[existing.id, ['name', 'phone']]]);
      const similar = await intake.referrals.findPossibleClients({
        legalName: 'Maria J Nunes',
        dateOfBirth: '1984-03-07',
        phone: '(415) 555-0100',
      });
      expect(similar.map((m) => [m.id, m.likely])).toEqual([[existing.id, []]]);
    });

    it('refuses a new client with the same name and birth date, naming the match and how to resolve it, and writes nothing', async () => {
      const intake = await api.signedIn('alameda.intake');
      const before = await counts();
      const refused = await intake.referrals
        .record(
          referralInput({ client: { ...referralInput().client, phone: '', email: '', contact: letterOnly } }),
        )
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'BAD_REQUEST',
        appCode: 'BAD_INPUT',
        fieldErrors: [
          {
            path: 'notSamePersonAs',
            message: expect.stringMatching(
              /María José Núñez \(born Mar 7, 1984\): the same date of birth and the same name\. Attach the referral to them, or say why they are not the same person/,
            ),
          },
        ],
      });
      expect(await counts()).toEqual(before);
    });

    it('refuses a similar name with the same birth date and phone number too (the duplicate the issue found)', async () => {
      const intake = await api.signedIn('alameda.intake');
      const before = await counts();
      await expect(
        intake.referrals.record(
          referralInput({
            client: { ...referralInput().client, legalName: 'Maria J Nunes', otherNames: [] },
          }),
        ),
      ).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        fieldErrors: [
          {
            path: 'notSamePersonAs',
            message: expect.stringContaining('the same phone number and the same e-mail'),
          },
        ],
      });
      expect(await counts()).toEqual(before);
    });

    it('saves a similar name with the same birth date but nothing else the same: a possible match does not block', async () => {
      const intake = await api.signedIn('alameda.intake');
      const before = await counts();
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Mario Nunes',
            otherNames: [],
            phone: '(415) 555-0177',
            email: 'mario@example.net',
          },
        }),
      );
      expect(recorded.clientId).not.toBe(existing.id);
      expect(await counts()).toMatchObject({ clients: before.clients + 1, decisions: before.decisions });
    });

    it('attaching the referral to the likely match resolves it: no second client', async () => {
      const intake = await api.signedIn('alameda.intake');
      const [match] = await intake.referrals.findPossibleClients({
        legalName: 'María José Núñez',
        dateOfBirth: '1984-03-07',
      });
      if (!match) throw new Error('expected a match');
      const before = await counts();
      const recorded = await intake.referrals.record(
        referralInput({
          existingClient: { id: match.id, version: match.version },
          client: match.details,
          counties: ['Contra Costa'],
        }),
      );
      expect(recorded.clientId).toBe(existing.id);
      expect(await counts()).toEqual({ ...before, matters: before.matters + 1 });
    });

    it('refuses "not the same person" without a real reason, and writes nothing', async () => {
      const intake = await api.signedIn('alameda.intake');
      const before = await counts();
      const refused = (await intake.referrals
        .record(referralInput({ notSamePersonAs: [{ clientId: existing.id, reason: '  twin  ' }] }))
        .catch((e: unknown) => e)) as { code?: string; cause?: { issues?: { path: unknown[] }[] } };
      expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
      expect(refused.cause?.issues?.map((i) => i.path.join('.'))).toEqual(['notSamePersonAs.0.reason']);
      expect(await counts()).toEqual(before);
    });

    it('saves a new client when staff say why the match is not the same person, and keeps the decision where staff see it', async () => {
      const intake = await api.signedIn('alameda.intake');
      const before = await counts();
      const reason = 'Different mother’s maiden name; she was born in Fresno, not Oakland.';
      const recorded = await intake.referrals.record(
        referralInput({ counties: ['Alameda'], notSamePersonAs: [{ clientId: existing.id, reason }] }),
      );
      expect(recorded.clientId).not.toBe(existing.id);
      expect(await counts()).toEqual({
        clients: before.clients + 1,
        matters: before.matters + 1,
        decisions: before.decisions + 1,
      });
      const decision = await api.database.db
        .selectFrom('client_distinctions')
        .selectAll()
        .where('client_id', '=', recorded.clientId)
        .executeTakeFirstOrThrow();
      expect(decision).toMatchObject({
        other_client_id: existing.id,
        reason,
        decided_by: api.userIds['alameda.intake'],
        office_id: api.officeIds.alameda,
      });
      const audit = await api.database.db
        .selectFrom('audit_log')
        .select(['detail', 'outcome'])
        .where('action', '=', 'referrals.record')
        .where('entity_id', '=', recorded.clientId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail)).toMatchObject({ notSamePersonAs: [existing.id] });

      // Both records show the decision, with who made it and why, and neither lists the other as a duplicate.
      for (const [clientId, otherId] of [
        [recorded.clientId, existing.id],
        [existing.id, recorded.clientId],
      ] as const) {
        const shown = await intake.clients.get({ clientId });
        expect(shown.notSamePerson).toEqual([
          expect.objectContaining({
            other: expect.objectContaining({ id: otherId, legalName: 'María José Núñez' }),
            reason,
            decidedBy: 'Intake of Alameda County Public Defender',
          }),
        ]);
        expect(shown.likely).toEqual([]);
      }

      // The next referral for the same name and birth date has two likely matches to resolve.
      await expect(intake.referrals.record(referralInput())).rejects.toMatchObject({
        fieldErrors: [
          {
            path: 'notSamePersonAs',
            message: expect.stringContaining(
              'Attach the referral to one of them, or say why each is not the same person',
            ),
          },
        ],
      });
    });

    it('refuses naming another office’s client as "not the same person", on record in both offices', async () => {
      const other = await api.signedIn('bayLegal.intake');
      const before = await counts();
      await expect(
        other.referrals.record(
          referralInput({
            counties: ['San Francisco'],
            notSamePersonAs: [
              { clientId: existing.id, reason: 'Another office’s client, named on purpose.' },
            ],
          }),
        ),
      ).rejects.toMatchObject({ appCode: 'NOT_FOUND' });
      expect(await counts()).toEqual(before);
      const rows = await api.database.db
        .selectFrom('audit_log')
        .select(['office_id', 'outcome', 'actor_id'])
        .where('action', '=', 'referrals.record')
        .where('entity_id', '=', existing.id)
        .where('outcome', '=', 'denied')
        .execute();
      expect(rows.map((r) => r.office_id).sort()).toEqual(
        [api.officeIds.alameda, api.officeIds.bayLegal].sort(),
      );
      expect(rows.every((r) => r.actor_id === api.userIds['bayLegal.intake'])).toBe(true);
    });
  },
);

const letterOnly = { email: false, sms: false, letter: true, phone: false };
