// The office profile: the letterhead every message and letter carries, the counties served, and who
// signs letters. Administrators change it; a stale save is refused with who changed it and when.
import { acrossOffices, type Db, inTransaction, type Tx, takeTurns } from '@relief-desk/db';
import { type OfficeProfile, officeNameKey } from '@relief-desk/domain';
import { putOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { countiesServedBy } from './queries.ts';

export async function officeProfileOf(db: Db | Tx, officeId: string): Promise<OfficeProfile> {
  const office = await db
    .selectFrom('offices')
    .selectAll()
    .where('id', '=', officeId)
    .executeTakeFirstOrThrow();
  return {
    version: office.version,
    name: office.name,
    address: office.address,
    phone: office.phone,
    email: office.email,
    counties: [...(await countiesServedBy(db, officeId))].sort(),
    letterSignerName: office.letter_signer_name,
    letterSignerTitle: office.letter_signer_title,
  };
}

/**
 * The office's public pages: its online application and the page where an applicant asks for a new
 * status link. The slug is the one the office got when it was made: renaming the office keeps it, so
 * links already printed or sent keep working. `origin` is PUBLIC_ORIGIN when it is set (the address
 * clients are to open, as e-mailed links use), else null and the page adds the address it was opened at.
 */
export async function publicPagesOf(
  db: Db | Tx,
  officeId: string,
  publicOrigin: string | null | undefined,
): Promise<{ origin: string | null; application: string; statusLink: string } | null> {
  const office = await db.selectFrom('offices').select('slug').where('id', '=', officeId).executeTakeFirst();
  if (!office?.slug) return null;
  return {
    origin: publicOrigin ?? null,
    application: `/apply/${office.slug}`,
    statusLink: `/status/new?office=${office.slug}`,
  };
}

export async function saveOfficeProfile(ctx: OfficeContext, profile: OfficeProfile): Promise<OfficeProfile> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const office = await tx
      .selectFrom('offices')
      .select([
        'version',
        'updated_by',
        'updated_at',
        'name',
        'address',
        'phone',
        'email',
        'letter_signer_name',
        'letter_signer_title',
      ])
      .where('id', '=', ctx.user.officeId)
      .executeTakeFirstOrThrow();
    if (office.version !== profile.version) throw await versionConflict(tx, 'the office profile', office);
    // Across offices on purpose (names only): no two offices named alike, as create-admin finds an
    // office by its name written in any capitals.
    const key = officeNameKey(profile.name);
    // Two offices renamed alike at once take turns from this check to the save: the second sees the first.
    await takeTurns(tx, 'office-name', key);
    const alike = (
      await acrossOffices(tx)
        .selectFrom('offices')
        .select('name')
        .where('id', '!=', ctx.user.officeId)
        .execute()
    ).find((other) => officeNameKey(other.name) === key);
    if (alike)
      throw badInput(
        'name',
        `Another office on this desk is named “${alike.name}”: give your office a name that differs in more than capitals, spacing and punctuation.`,
      );
    const now = ctx.clock.now().toISOString();
    const saved = await tx
      .updateTable('offices')
      .set({
        name: profile.name,
        address: profile.address,
        phone: profile.phone,
        email: profile.email,
        letter_signer_name: profile.letterSignerName,
        letter_signer_title: profile.letterSignerTitle,
        updated_at: now,
        updated_by: ctx.user.id,
        version: profile.version + 1,
      })
      .where('id', '=', ctx.user.officeId)
      .where('version', '=', profile.version)
      .executeTakeFirst();
    // PostgreSQL: two saves from one version both passed the check above; the later changes nothing.
    await requireSaved(tx, saved, 'offices', ctx.user.officeId, 'the office profile');
    const before = await countiesServedBy(tx, ctx.user.officeId);
    await tx.deleteFrom('office_counties').where('office_id', '=', ctx.user.officeId).execute();
    await tx
      .insertInto('office_counties')
      .values(profile.counties.map((county) => ({ office_id: ctx.user.officeId, county })))
      .execute();
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: ctx.user.officeId,
      detail: {
        version: profile.version + 1,
        changes: letterheadChanges(office, profile),
        countiesAdded: profile.counties.filter((c) => !before.has(c)),
        countiesRemoved: [...before].filter((c) => !profile.counties.includes(c)),
        signerNamed: profile.letterSignerName !== '',
      },
    });
    return officeProfileOf(tx, ctx.user.officeId);
  });
}

/**
 * What a save changes of the letterhead every client letter and message carries, each field from
 * what to what (only those that change), for the audit row: a rename or a new address must be told.
 */
function letterheadChanges(
  office: {
    name: string;
    address: string;
    phone: string;
    email: string;
    letter_signer_name: string;
    letter_signer_title: string;
  },
  profile: OfficeProfile,
) {
  const changes: Record<string, unknown> = {};
  const fields = [
    ['name', office.name, profile.name],
    ['address', office.address, profile.address],
    ['phone', office.phone, profile.phone],
    ['email', office.email, profile.email],
  ] as const;
  for (const [key, from, to] of fields) if (from !== to) changes[key] = { from, to };
  if (
    office.letter_signer_name !== profile.letterSignerName ||
    office.letter_signer_title !== profile.letterSignerTitle
  )
    changes.letterSigner = {
      from: { name: office.letter_signer_name, title: office.letter_signer_title },
      to: { name: profile.letterSignerName, title: profile.letterSignerTitle },
    };
  return changes;
}
