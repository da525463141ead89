// The queue's language filter reads the client's language as copied onto each matter (migration
// 0055): what it lists must be, after every change that moves a language (a referral, a corrected
// language, a merge of two records and its undoing), exactly the matters whose client has that
// language now, read from the clients themselves. On both databases.
import { testDialects } from '@relief-desk/db/testing';
import { LANGUAGE_CODES, type LanguageCode } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('the language filter (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /** Each language's matters of the office, as its clients' records say now. */
  async function byClients(): Promise<Record<string, string[]>> {
    const rows = await api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select(['matters.id', 'clients.preferred_language'])
      .where('matters.office_id', '=', api.officeIds.alameda)
      .execute();
    const all: Record<string, string[]> = {};
    for (const language of LANGUAGE_CODES)
      all[language] = rows
        .filter((r) => r.preferred_language === language)
        .map((r) => r.id)
        .sort();
    return all;
  }

  /**
   * Each language's matters as the filter lists them, every page; each row's Language column says the
   * language filtered by (both read the matter's copy, which byClients holds to the clients' records).
   */
  async function listed(): Promise<Record<string, string[]>> {
    const attorney = await api.signedIn('alameda.attorney');
    const all: Record<string, string[]> = {};
    for (const language of LANGUAGE_CODES) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string; preferredLanguage: string }[]; nextCursor: string | null } =
          await attorney.matters.list({
            queue: 'all',
            languages: [language],
            limit: 100,
            ...(cursor ? { cursor } : {}),
          });
        expect(page.items.filter((m) => m.preferredLanguage !== language)).toEqual([]);
        ids.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      all[language] = ids.sort();
    }
    return all;
  }

  let n = 0;
  async function personSpeaking(language: LanguageCode) {
    n++;
    const intake = await api.signedIn('alameda.intake');
    return intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: `Lingua Person ${'ABCDEFGHIJ'[n % 10]}${n}`,
          otherNames: [],
          dateOfBirth: `19${50 + n}-04-0${1 + (n % 9)}`,
          phone: `(510) 555-01${10 + n}`,
          email: `lingua${n}@example.org`,
          preferredLanguage: language,
        },
        counties: ['Alameda'],
      }),
    );
  }

  it('lists exactly the matters whose client speaks the language, after a referral, a corrected language, a merge and its undoing', async () => {
    const spanish = await personSpeaking('es');
    const english = await personSpeaking('en');
    await personSpeaking('vi');
    expect(await listed()).toEqual(await byClients());

    // Intake corrects the English speaker's language to Spanish.
    const intake = await api.signedIn('alameda.intake');
    const matter = await intake.matters.get({ matterId: english.matters[0]?.id ?? '' });
    await intake.clients.update({
      clientId: english.clientId,
      version: matter.client.version,
      client: { ...matter.client.details, preferredLanguage: 'es' },
    });
    const now = await listed();
    expect(now.es).toContain(english.matters[0]?.id);
    expect(now).toEqual(await byClients());

    // A Tagalog speaker's record merged into the Spanish speaker's: their matters follow the survivor.
    const tagalog = await personSpeaking('tl');
    const supervisor = await api.signedIn('alameda.supervisor');
    const preview = await supervisor.clients.mergePreview({
      survivingClientId: spanish.clientId,
      mergedClientId: tagalog.clientId,
    });
    const merged = await supervisor.clients.merge({
      survivingClient: { id: spanish.clientId, version: preview.surviving.client.version },
      mergedClient: { id: tagalog.clientId, version: preview.merged.client.version },
    });
    expect((await listed()).es).toContain(tagalog.matters[0]?.id);
    expect(await listed()).toEqual(await byClients());

    // Undone: back with their own record, in its language.
    const record = await supervisor.clients.get({ clientId: spanish.clientId });
    const merge = record.merges.find((m) => m.id === merged.mergeId);
    if (!merge) throw new Error('the merge is not listed');
    await supervisor.clients.undoMerge({
      mergeId: merged.mergeId,
      survivingClientVersion: record.client.version,
      mergedClientVersion: merge.mergedClient.version,
    });
    expect((await listed()).tl).toContain(tagalog.matters[0]?.id);
    expect(await listed()).toEqual(await byClients());
  });
});
