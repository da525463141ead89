// A PC 851.91 petition as the matter page shows it: the arrests list says which arrest has a petition
// (the panel offers to draft one only where none is), and the matter's petitions name the arrest with
// the court's outcome on it, for staff with the RAP sheet permission only. Its decision counts toward
// "all petitions decided".
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { filedPetition } from '../lifecycle-fixtures.ts';
import { readyArrestPetition } from '../packets/fixtures.ts';

describe.each(testDialects())('petitions on arrests, on the matter page (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('lists which arrest has a petition; a withdrawn one leaves the arrest free for another', async () => {
    const { matterId, arrestId, petitionId } = await readyArrestPetition(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { id: otherId } = await attorney.arrests.add({
      matterId,
      arrest: {
        arrestDate: '2020-01-02',
        arrestAgency: '',
        code: 'HS',
        section: '11350',
        offenseDescription: 'Possession',
        level: 'misdemeanor',
        disposition: 'no_charges',
        dispositionDate: null,
      },
    });
    const listed = await attorney.arrests.list({ matterId });
    expect(listed.map((a) => [a.id, a.petition])).toEqual([
      [arrestId, { id: petitionId, status: 'draft' }],
      [otherId, null],
    ]);

    await attorney.petitions.update(filedPetition(petitionId, 1, [], { status: 'withdrawn', filedOn: null }));
    const after = await attorney.arrests.list({ matterId });
    expect(after.find((a) => a.id === arrestId)?.petition).toBeNull();
  });

  it('shows the arrest and its outcome under the petition, to staff with the RAP sheet permission only', async () => {
    const { matterId, arrestId, petitionId } = await readyArrestPetition(api, { caseNumber: '' });
    const attorney = await api.signedIn('alameda.attorney');
    const drafted = (await attorney.matters.get({ matterId })).petitions.find((p) => p.id === petitionId);
    expect(drafted).toMatchObject({
      caseNumber: '',
      convictions: [],
      arrest: {
        arrestId,
        arrestDate: '2018-04-05',
        code: 'PC',
        section: '459',
        level: 'felony',
        disposition: 'dismissed',
        offenseDescription: 'Burglary',
        outcome: null,
      },
    });

    // Intake has no RAP sheet permission: the petition is there, the arrest is not.
    const intake = await api.signedIn('alameda.intake');
    const seen = await intake.matters.get({ matterId });
    expect(seen.petitions.find((p) => p.id === petitionId)?.arrest).toBeNull();
    const text = JSON.stringify(seen.petitions);
    expect(text).not.toContain('Burglary');
    expect(text).not.toContain('2018-04-05');
  });

  it('counts a petition on an arrest decided toward "all petitions decided"', async () => {
    const { matterId, petitionId } = await readyArrestPetition(api);
    const attorney = await api.signedIn('alameda.attorney');
    // Ready to file, so filing puts the matter before the court.
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'petitions_to_file' })
      .where('id', '=', matterId)
      .execute();
    const filed = await attorney.petitions.update(filedPetition(petitionId, 1, []));
    const matter = await attorney.matters.get({ matterId });
    expect(matter.stage).toBe('awaiting_decision');
    expect(matter.suggestedStage).toBeNull();

    await attorney.petitions.update(
      filedPetition(petitionId, filed.version, [], {
        status: 'decided',
        decidedOn: '2026-11-25',
        arrestOutcome: 'granted',
      }),
    );
    const decided = await attorney.matters.get({ matterId });
    expect(decided.petitions[0]?.arrest?.outcome).toBe('granted');
    expect(decided.suggestedStage).toBe('outcome_to_send');
    // Those without the permission are shown the same next step: the stage reads the whole record.
    const intake = await api.signedIn('alameda.intake');
    expect((await intake.matters.get({ matterId })).suggestedStage).toBe('outcome_to_send');
  });
});
