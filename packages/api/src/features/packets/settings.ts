// The court data petition packets are drawn with, kept per office at Office settings: for each county
// the court's name and courthouses, whether it takes e-filing, where the prosecutor and probation are
// served, and the prosecuting agencies besides the county's (a city attorney and the cases it takes);
// and each attorney's State Bar number. Every role reads them (they are no one's criminal
// history); administrators change them, versioned and audited.
import { type Db, inTransaction, newId, type Tx } from '@relief-desk/db';
import {
  type County,
  type CountyCourt,
  type Courthouse,
  type countyCourtInputSchema,
  PROSECUTED_LEVELS,
  type ProsecutingAgency,
  type setStateBarNumberInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { countiesServedBy } from '../offices/queries.ts';

/** A county's court settings as the form edits them; version 0 while the county has none. */
export type CountyCourtSettings = CountyCourt & { configured: boolean; updatedAt: string | null };

export interface AttorneyBarNumber {
  userId: string;
  name: string;
  role: string;
  /** 0 while the person has no number on file. */
  version: number;
  stateBarNumber: string | null;
}

export interface CourtSettings {
  /** Every county the office serves, and any other it has settings for, by name. */
  counties: CountyCourtSettings[];
  /** The office's attorneys and supervisors (who may sign papers), by name. */
  attorneys: AttorneyBarNumber[];
}

/** Roles whose people may be the attorney on the papers. */
export const SIGNING_ROLES = ['attorney', 'supervisor'] as const;

/** The courthouses kept in a county's settings (JSON): each with its id and case-number beginnings. */
export function parseCourthouses(json: string): Courthouse[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list)
      ? list.flatMap((c) =>
          c &&
          typeof c === 'object' &&
          typeof c.id === 'string' &&
          typeof c.name === 'string' &&
          typeof c.address === 'string'
            ? [
                {
                  id: c.id,
                  name: c.name,
                  address: c.address,
                  casePrefixes: Array.isArray(c.casePrefixes)
                    ? c.casePrefixes.filter((p: unknown): p is string => typeof p === 'string')
                    : [],
                },
              ]
            : [],
        )
      : [];
  } catch {
    return [];
  }
}

/** The prosecuting agencies besides the county's kept in a county's settings (JSON). */
export function parseProsecutors(json: string): ProsecutingAgency[] {
  try {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return [];
    const strings = (v: unknown) =>
      Array.isArray(v) ? v.filter((x: unknown): x is string => typeof x === 'string') : [];
    return list.flatMap((p) =>
      p && typeof p === 'object' && typeof p.id === 'string' && typeof p.name === 'string'
        ? [
            {
              id: p.id,
              name: p.name,
              address: typeof p.address === 'string' ? p.address : '',
              levels: PROSECUTED_LEVELS.filter((l) => strings(p.levels).includes(l)),
              courthouseIds: strings(p.courthouseIds),
            },
          ]
        : [],
    );
  } catch {
    return [];
  }
}

export async function countyCourtOf(db: Db | Tx, officeId: string, county: County) {
  return db
    .selectFrom('county_courts')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('county', '=', county)
    .executeTakeFirst();
}

export async function attorneysOf(db: Db | Tx, officeId: string): Promise<AttorneyBarNumber[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('attorney_bar_numbers', 'attorney_bar_numbers.user_id', 'users.id')
    .select([
      'users.id',
      'users.name',
      'users.role',
      'attorney_bar_numbers.version',
      'attorney_bar_numbers.state_bar_number',
    ])
    .where('users.office_id', '=', officeId)
    .where('users.role', 'in', [...SIGNING_ROLES])
    .where('users.active', '=', 1)
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    role: r.role,
    version: r.version ?? 0,
    stateBarNumber: r.state_bar_number ?? null,
  }));
}

export async function courtSettingsOf(db: Db | Tx, officeId: string): Promise<CourtSettings> {
  const [served, rows, attorneys] = await Promise.all([
    countiesServedBy(db, officeId),
    db.selectFrom('county_courts').selectAll().where('office_id', '=', officeId).execute(),
    attorneysOf(db, officeId),
  ]);
  const counties = [...new Set([...served, ...rows.map((r) => r.county)])].sort();
  return {
    counties: counties.map((county): CountyCourtSettings => {
      const row = rows.find((r) => r.county === county);
      return {
        county: county,
        version: row?.version ?? 0,
        configured: row !== undefined,
        updatedAt: row?.updated_at ?? null,
        courtName: row?.court_name ?? `Superior Court of California, County of ${county}`,
        eFiling: row?.e_filing === 1,
        courthouses: row ? parseCourthouses(row.courthouses) : [],
        prosecutor: { name: row?.prosecutor_name ?? '', address: row?.prosecutor_address ?? '' },
        probation: { name: row?.probation_name ?? '', address: row?.probation_address ?? '' },
        prosecutors: row ? parseProsecutors(row.prosecutors) : [],
      };
    }),
    attorneys,
  };
}

export async function saveCountyCourt(
  ctx: OfficeContext,
  input: z.output<typeof countyCourtInputSchema>,
): Promise<CourtSettings> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const officeId = ctx.user.officeId;
    const now = ctx.clock.now().toISOString();
    const current = await countyCourtOf(tx, officeId, input.county);
    const conflict = () =>
      versionConflict(tx, `the court settings for ${input.county} County`, {
        updated_by: current?.updated_by ?? null,
        updated_at: current?.updated_at ?? now,
      });
    if ((current?.version ?? 0) !== input.version) throw await conflict();
    // A courthouse keeps its id (petitions and runs name it by it); one added in the form gets one.
    const known = new Set(parseCourthouses(current?.courthouses ?? '[]').map((c) => c.id));
    const courthouses = input.courthouses.map((c) => ({
      id: known.has(c.id) ? c.id : newId(ctx.clock.now()),
      name: c.name,
      address: c.address,
      casePrefixes: c.casePrefixes,
    }));
    // An agency keeps its id too (a petition's choice names it), and names only courthouses kept.
    const knownAgencies = new Set(parseProsecutors(current?.prosecutors ?? '[]').map((p) => p.id));
    const courthouseIds = new Set(courthouses.map((c) => c.id));
    const prosecutors = input.prosecutors.map((p, i) => {
      if (p.courthouseIds.some((id) => !courthouseIds.has(id)))
        throw badInput(
          `prosecutors.${i}.courthouseIds`,
          `${p.name} names a courthouse that is not among ${input.county} County’s courthouses: choose among them.`,
        );
      return {
        id: knownAgencies.has(p.id) ? p.id : newId(ctx.clock.now()),
        name: p.name,
        address: p.address,
        levels: p.levels,
        courthouseIds: p.courthouseIds,
      };
    });
    const values = {
      court_name: input.courtName,
      prosecutors: JSON.stringify(prosecutors),
      e_filing: input.eFiling ? 1 : 0,
      courthouses: JSON.stringify(courthouses),
      prosecutor_name: input.prosecutor.name,
      prosecutor_address: input.prosecutor.address,
      probation_name: input.probation.name,
      probation_address: input.probation.address,
      version: input.version + 1,
      updated_at: now,
      updated_by: ctx.user.id,
    };
    if (current) {
      const saved = await tx
        .updateTable('county_courts')
        .set(values)
        .where('office_id', '=', officeId)
        .where('county', '=', input.county)
        .where('version', '=', input.version)
        .executeTakeFirst();
      // PostgreSQL: two saves from one version both passed the check above; the later changes nothing.
      if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    } else {
      const inserted = await tx
        .insertInto('county_courts')
        .values({ office_id: officeId, county: input.county, ...values })
        .onConflict((oc) => oc.columns(['office_id', 'county']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict();
    }
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: officeId,
      detail: {
        county: input.county,
        version: input.version + 1,
        courthouses: input.courthouses.length,
        eFiling: input.eFiling,
        probation: input.probation.name !== '',
        prosecutors: prosecutors.length,
      },
    });
    return courtSettingsOf(tx, officeId);
  });
}

export async function setStateBarNumber(
  ctx: OfficeContext,
  input: z.output<typeof setStateBarNumberInputSchema>,
): Promise<CourtSettings> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const officeId = ctx.user.officeId;
    const person = await tx
      .selectFrom('users')
      .select(['id', 'role', 'office_id'])
      .where('id', '=', input.userId)
      .where('office_id', '=', officeId)
      .executeTakeFirst();
    if (!person || !(SIGNING_ROLES as readonly string[]).includes(person.role))
      throw notFound('That attorney', {
        entityType: 'user',
        entityId: input.userId,
      });
    const now = ctx.clock.now().toISOString();
    const current = await tx
      .selectFrom('attorney_bar_numbers')
      .selectAll()
      .where('user_id', '=', person.id)
      .executeTakeFirst();
    const conflict = () =>
      versionConflict(tx, 'this State Bar number', {
        updated_by: current?.updated_by ?? null,
        updated_at: current?.updated_at ?? now,
      });
    if ((current?.version ?? 0) !== input.version) throw await conflict();
    if (input.stateBarNumber === '') {
      if (current) {
        const removed = await tx
          .deleteFrom('attorney_bar_numbers')
          .where('user_id', '=', person.id)
          .where('version', '=', input.version)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) !== 1) throw await conflict();
      }
    } else if (current) {
      const saved = await tx
        .updateTable('attorney_bar_numbers')
        .set({
          state_bar_number: input.stateBarNumber,
          version: input.version + 1,
          updated_at: now,
          updated_by: ctx.user.id,
        })
        .where('user_id', '=', person.id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    } else {
      const inserted = await tx
        .insertInto('attorney_bar_numbers')
        .values({
          user_id: person.id,
          office_id: officeId,
          state_bar_number: input.stateBarNumber,
          version: 1,
          updated_at: now,
          updated_by: ctx.user.id,
        })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict();
    }
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: person.id,
      detail: { removed: input.stateBarNumber === '', version: input.version + 1 },
    });
    return courtSettingsOf(tx, officeId);
  });
}
