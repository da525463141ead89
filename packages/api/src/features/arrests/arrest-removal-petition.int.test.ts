// An arrest a petition to seal holds (drafted, filed or decided) is not removed from the matter: its
// petition would go on being filed, or its outcome told to the client as sealed, of an arrest the
// matter no longer shows. The refusal says what to do (correct the arrest, or withdraw the petition
// first); once the petition is withdrawn, the arrest can be removed.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { filedPetition, refusal } from '../lifecycle-fixtures.ts';
import { readyArrestPetition } from '../packets/fixtures.ts';

describe.each(testDialects())('removing an arrest that a petition holds (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const versionOf = async (table: 'arrests' | 'petitions', id: string) =>
    (await api.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version;

  it('a drafted petition: refused, saying to withdraw it first; withdrawn, the arrest is removed', async () => {
    const { matterId, arrestId, petitionId } = await readyArrestPetition(api);
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await refusal(
      attorney.arrests.remove({ arrestId, version: await versionOf('arrests', arrestId) }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe(
      'Its petition to seal (PC 851.91, case 18CR00459) is drafted: set the petition to “Withdrawn” first, then remove the arrest.',
    );
    expect((await attorney.arrests.list({ matterId })).map((a) => a.id)).toEqual([arrestId]);

    await attorney.petitions.update(
      filedPetition(petitionId, await versionOf('petitions', petitionId), [], {
        status: 'withdrawn',
        filedOn: null,
      }),
    );
    await attorney.arrests.remove({ arrestId, version: await versionOf('arrests', arrestId) });
    expect(await attorney.arrests.list({ matterId })).toEqual([]);
  });

  it('a granted petition at “Outcome to send”: refused, and the arrest and the outcome stay as they were', async () => {
    const { matterId, arrestId, petitionId } = await readyArrestPetition(api);
    const attorney = await api.signedIn('alameda.attorney');
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'petitions_to_file' })
      .where('id', '=', matterId)
      .execute();
    const filed = await attorney.petitions.update(filedPetition(petitionId, 1, []));
    await attorney.petitions.update(
      filedPetition(petitionId, filed.version, [], {
        status: 'decided',
        decidedOn: '2026-11-25',
        arrestOutcome: 'granted',
      }),
    );
    const matter = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' });

    const version = await versionOf('arrests', arrestId);
    const refused = await refusal(attorney.arrests.remove({ arrestId, version }));
    expect(refused.message).toBe(
      'Its petition to seal (PC 851.91, case 18CR00459) is decided, and its outcome is what the client is told: if the arrest was entered wrongly, correct it instead, or first set the petition to “Withdrawn” (its outcome set back to “No outcome yet”), then remove the arrest.',
    );
    expect(await versionOf('arrests', arrestId)).toBe(version);
    expect((await attorney.arrests.list({ matterId })).map((a) => a.id)).toEqual([arrestId]);
    const { removed_at } = await api.database.db
      .selectFrom('arrests')
      .select('removed_at')
      .where('id', '=', arrestId)
      .executeTakeFirstOrThrow();
    expect(removed_at).toBeNull();
  });
});
