// Preparing a petition's packet: what is still missing (each with what fixes it), the declaration in
// support in the client's own words, and the packet itself, drawn as PDF and stored with the matter's
// documents (content-hashed, like every file), one version after another: a new packet never replaces
// the old but follows it. Everything here names convictions: the RAP sheet permission, and audited.
import { type Database, inTransaction, newId, type OfficeTx } from '@relief-desk/db';
import {
  type arrestingAgencyInputSchema,
  COUNTY_PROSECUTOR_ID,
  californiaDate,
  type Determination,
  type declarationInputSchema,
  languageEnglishName,
  type PacketMissing,
  type packetCheckInputSchema,
  packetFileStems,
  packetFormFor,
  type preparePacketInputSchema,
  readableDate,
} from '@relief-desk/domain';
import { renderPacketPdf, UnprintableTextError } from '@relief-desk/petitions';
import type { Insertable, Transaction } from 'kysely';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { storedFilename } from '../documents/files.ts';
import { type Assembled, assemblePackets, packetChanges, sameContent } from './assemble.ts';
import type { AttorneyBarNumber } from './settings.ts';

export interface PacketVersion {
  version: number;
  fileId: string;
  filename: string;
  pages: number;
  sha256: string;
  preparedAt: string;
  preparedBy: string;
  attorneyName: string;
}

export interface PacketCheck {
  petitionId: string;
  matterId: string;
  remedy: string;
  caseNumber: string;
  county: string;
  status: string;
  /** The Judicial Council form whose content the petition carries; null: no packet for this remedy. */
  form: string | null;
  ready: boolean;
  missing: PacketMissing[];
  attorneys: AttorneyBarNumber[];
  attorneyId: string | null;
  discretionary: boolean;
  declaration: Assembled['declaration'];
  /** The client's preferred language (the declaration's form offers it for reading it to them). */
  clientLanguage: Assembled['clientLanguage'];
  convictions: {
    id: string;
    code: string;
    section: string;
    determination: Determination | null;
    citation: string | null;
  }[];
  /** Every version, newest first. */
  packets: PacketVersion[];
  /** Whether the newest version says what would be drawn today; null without one. */
  upToDate: boolean | null;
  /** What the newest version says differently from what would be drawn today (packetChanges). */
  changes: string[];
  /** The petition's version, for choosing its courthouse. */
  petitionVersion: number;
  /** The county's courthouses in the settings, the one chosen for the petition, and the one it goes to. */
  courthouses: { id: string; name: string; casePrefixes: string[] }[];
  chosenCourthouseId: string | null;
  filedAt: { id: string; name: string; how: 'chosen' | 'named' | 'case_number' | 'only' } | null;
  /** PC 851.91: the agency that made the arrest is served too. */
  servesArrestingAgency: boolean;
  arrestingAgency: Assembled['arrestingAgency'];
  /** A petition on an arrest (PC 851.91): the arrest, with its decision; null on convictions. */
  arrest: Assembled['arrest'];
  /** The prosecutor the petition is served on and how it was found, and the county's agencies. */
  prosecutor: Assembled['prosecutor'];
  chosenProsecutorId: string | null;
  prosecutors: { id: string; name: string }[];
}

async function assembleOne(
  ctx: OfficeContext,
  petitionId: string,
  attorneyId: string | null,
): Promise<Assembled> {
  const assembled = (await assemblePackets(ctx.db, ctx, [petitionId], () => attorneyId)).get(petitionId);
  if (!assembled) throw notFound('That petition', { entityType: 'petition', entityId: petitionId });
  return assembled;
}

async function versionsOf(ctx: OfficeContext, petitionId: string) {
  return ctx.db
    .selectFrom('petition_packets')
    .innerJoin('document_files', 'document_files.id', 'petition_packets.file_id')
    .innerJoin('users as preparer', 'preparer.id', 'petition_packets.prepared_by')
    .innerJoin('users as attorney', 'attorney.id', 'petition_packets.attorney_id')
    .select([
      'petition_packets.version',
      'petition_packets.file_id',
      'petition_packets.pages',
      'petition_packets.sha256',
      'petition_packets.prepared_at',
      'petition_packets.data',
      'document_files.filename',
      'preparer.name as preparer_name',
      'attorney.name as attorney_name',
    ])
    .where('petition_packets.petition_id', '=', petitionId)
    .orderBy('petition_packets.version', 'desc')
    .execute();
}

export async function checkPacket(
  ctx: OfficeContext,
  input: z.output<typeof packetCheckInputSchema>,
): Promise<PacketCheck> {
  await requireRapSheetAccess(ctx, 'packets.check', input.petitionId);
  const a = await assembleOne(ctx, input.petitionId, input.attorneyId);
  const versions = await versionsOf(ctx, a.petition.id);
  await putReadOnRecord(ctx.db, {
    entityType: 'petition',
    entityId: a.petition.id,
    detail: { missing: a.missing.map((m) => m.code) },
  });
  const newest = versions[0];
  return {
    petitionId: a.petition.id,
    matterId: a.petition.matter_id,
    remedy: a.petition.remedy,
    caseNumber: a.petition.case_number,
    county: a.county,
    status: a.petition.status,
    form: a.form?.form ?? null,
    ready: a.missing.length === 0,
    missing: a.missing,
    attorneys: a.attorneys,
    attorneyId: a.attorneyId,
    discretionary: a.discretionary,
    declaration: a.declaration,
    clientLanguage: a.clientLanguage,
    convictions: a.convictions,
    packets: versions.map((v) => ({
      version: v.version,
      fileId: v.file_id,
      filename: v.filename,
      pages: v.pages,
      sha256: v.sha256,
      preparedAt: v.prepared_at,
      preparedBy: v.preparer_name,
      attorneyName: v.attorney_name,
    })),
    upToDate: newest ? sameContent(newest.data, a.data) : null,
    changes: newest ? packetChanges(newest.data, a.data) : [],
    petitionVersion: a.petition.version,
    courthouses: a.courthouses.map((c) => ({ id: c.id, name: c.name, casePrefixes: c.casePrefixes })),
    chosenCourthouseId: a.petition.courthouse_id,
    filedAt: a.courthouse.courthouse
      ? { id: a.courthouse.courthouse.id, name: a.courthouse.courthouse.name, how: a.courthouse.how }
      : null,
    servesArrestingAgency: a.form?.serveArrestingAgency ?? false,
    arrestingAgency: a.arrestingAgency,
    arrest: a.arrest,
    prosecutor: a.prosecutor,
    chosenProsecutorId: a.petition.prosecutor_id,
    prosecutors: [
      { id: COUNTY_PROSECUTOR_ID, name: a.countyProsecutorName },
      ...a.prosecutors.map((p) => ({ id: p.id, name: p.name })),
    ],
  };
}

/** A refusal listing what is missing, each as a field error under "missing.<code>". */
function incomplete(missing: PacketMissing[]): AppError {
  return new AppError(
    'BAD_INPUT',
    `The packet cannot be drawn yet: ${missing.length === 1 ? 'one thing is' : `${missing.length} things are`} missing. ${missing.map((m) => m.message).join(' ')}`,
    { fieldErrors: missing.map((m) => ({ path: `missing.${m.code}`, message: m.message })) },
  );
}

export interface PreparedPacket extends PacketVersion {
  /** False when the newest version already held exactly these papers (nothing new was stored). */
  created: boolean;
}

export async function preparePacket(
  ctx: OfficeContext,
  input: z.output<typeof preparePacketInputSchema>,
): Promise<PreparedPacket> {
  await requireRapSheetAccess(ctx, 'packets.prepare', input.petitionId);
  const a = await assembleOne(ctx, input.petitionId, input.attorneyId);
  const audit = (outcome: 'ok' | 'failed', detail: Record<string, unknown>) =>
    putOnRecord(ctx.db, {
      entityType: 'petition',
      entityId: a.petition.id,
      outcome,
      detail,
    });
  if (!a.data || a.missing.length > 0) {
    await audit('failed', { missing: a.missing.map((m) => m.code) });
    throw incomplete(a.missing);
  }
  const data = a.data;
  const versions = await versionsOf(ctx, a.petition.id);
  const newest = versions[0];
  const conflict = async () => {
    const row = await ctx.db
      .selectFrom('petition_packets')
      .select(['prepared_by', 'prepared_at'])
      .where('petition_id', '=', a.petition.id)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    return versionConflict(ctx.db, 'this petition’s packet (a newer version was prepared)', {
      updated_by: row?.prepared_by ?? null,
      updated_at: row?.prepared_at ?? ctx.clock.now().toISOString(),
    });
  };
  if ((newest?.version ?? 0) !== input.baseVersion) throw await conflict();
  const snapshot = JSON.stringify(data);
  if (newest && newest.data === snapshot) {
    await audit('ok', { version: newest.version, unchanged: true });
    return {
      version: newest.version,
      fileId: newest.file_id,
      filename: newest.filename,
      pages: newest.pages,
      sha256: newest.sha256,
      preparedAt: newest.prepared_at,
      preparedBy: newest.preparer_name,
      attorneyName: newest.attorney_name,
      created: false,
    };
  }

  // Drawn and stored before the transaction: no file I/O while the write lock is held.
  const { bytes, pages } = await renderPacketPdf(data).catch((error: unknown) => {
    // A name or address in a script the court papers' font has not: staff enter it as the court has it.
    if (error instanceof UnprintableTextError) throw badInput(error.field ?? 'petitionId', error.message);
    throw error;
  });
  const stored = await ctx.files.save(bytes);
  const version = (newest?.version ?? 0) + 1;
  // The matter's petitions in the order they were drafted, as its petitions panel lists them (none is
  // ever deleted, so a petition keeps its place).
  const siblings = await ctx.db
    .selectFrom('petitions')
    .leftJoin('petition_arrests', 'petition_arrests.petition_id', 'petitions.id')
    .leftJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
    .select(['petitions.id', 'petitions.remedy', 'petitions.case_number', 'arrests.arrest_date'])
    .where('petitions.matter_id', '=', a.petition.matter_id)
    .orderBy('petitions.created_at')
    .orderBy('petitions.id')
    .execute();
  // Only staff with the RAP sheet permission download it: the file name says the case (or, without
  // one, the arrest) and the remedy, so two packets of one case are told apart.
  const stem = packetFileStems(
    siblings.map((p) => ({
      id: p.id,
      remedy: p.remedy,
      caseNumber: p.case_number,
      arrestDate: p.arrest_date,
    })),
  ).get(a.petition.id);
  const filename = storedFilename(`petition-packet-${stem ?? a.petition.id}-v${version}`, 'application/pdf');
  const today = californiaDate(ctx.clock.now());
  // The petition by its place on the matter and the day it was drafted, as the page reads dates:
  // neither its remedy nor its case (criminal history) goes into the documents list or the timeline.
  const place = siblings.findIndex((p) => p.id === a.petition.id) + 1;
  const drafted = `petition ${place} of the matter, drafted ${readableDate(californiaDate(new Date(a.petition.created_at)))}`;
  const label = `Petition packet: ${drafted}`;
  const saved = await inTransaction(ctx.db, async ({ tx }) => {
    // Read again under the write lock: a colleague who prepared meanwhile is not replaced.
    const latest = await tx
      .selectFrom('petition_packets')
      .select('version')
      .where('petition_id', '=', a.petition.id)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if ((latest?.version ?? 0) !== input.baseVersion) return null;
    const now = ctx.clock.now().toISOString();
    const existing = await tx
      .selectFrom('document_requests')
      .select(['id', 'version'])
      .where('packet_petition_id', '=', a.petition.id)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    const requestId = existing?.id ?? newId(ctx.clock.now());
    if (existing) {
      await tx
        .updateTable('document_requests')
        .set({
          status: 'received',
          arrived_on: today,
          // A packet prepared before packets were named by their place is named so from now on.
          label,
          updated_at: now,
          updated_by: ctx.user.id,
          version: existing.version + 1,
        })
        .where('id', '=', existing.id)
        .execute();
    } else {
      // Named by the petition's place and the day it was drafted, in California: the label shows to
      // everyone who works the matter, and the remedy and court case are criminal history.
      await tx
        .insertInto('document_requests')
        .values({
          id: requestId,
          matter_id: a.petition.matter_id,
          office_id: a.petition.office_id,
          kind: 'other',
          label,
          requested_from: 'other',
          requested_on: today,
          due_on: today,
          status: 'received',
          arrived_on: today,
          petition_id: null,
          packet_petition_id: a.petition.id,
          created_at: now,
          updated_at: now,
          updated_by: ctx.user.id,
        })
        .execute();
    }
    const fileId = newId(ctx.clock.now());
    await tx
      .insertInto('document_files')
      .values({
        id: fileId,
        request_id: requestId,
        matter_id: a.petition.matter_id,
        office_id: a.petition.office_id,
        sha256: stored.sha256,
        size: stored.size,
        content_type: 'application/pdf',
        filename,
        uploaded_by: ctx.user.id,
        uploaded_at: now,
      })
      .execute();
    await tx
      .insertInto('petition_packets')
      .values({
        id: newId(ctx.clock.now()),
        petition_id: a.petition.id,
        matter_id: a.petition.matter_id,
        office_id: a.petition.office_id,
        version,
        file_id: fileId,
        sha256: stored.sha256,
        pages,
        data: snapshot,
        attorney_id: a.attorneyId ?? ctx.user.id,
        prepared_by: ctx.user.id,
        prepared_at: now,
      })
      .execute();
    await recordEvent(
      tx,
      ctx,
      { id: a.petition.matter_id, officeId: a.petition.office_id },
      'packet_prepared',
      `Petition packet prepared for ${drafted} (version ${version}, ${pages} pages).`,
      { petitionId: a.petition.id, fileId, version },
    );
    await refreshQueueFacts(tx, a.petition.matter_id);
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: a.petition.id,
      detail: { version, fileId, sha256: stored.sha256, pages },
    });
    return { fileId, preparedAt: now };
  });
  if (!saved) throw await conflict();
  const me = await ctx.db.selectFrom('users').select('name').where('id', '=', ctx.user.id).executeTakeFirst();
  return {
    version,
    fileId: saved.fileId,
    filename,
    pages,
    sha256: stored.sha256,
    preparedAt: saved.preparedAt,
    preparedBy: me?.name ?? '',
    attorneyName: data.attorney.name,
    created: true,
  };
}

export async function saveDeclaration(
  ctx: OfficeContext,
  input: z.output<typeof declarationInputSchema>,
): Promise<{ version: number }> {
  await requireRapSheetAccess(ctx, 'packets.saveDeclaration', input.petitionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const petition = await petitionOf(tx, input.petitionId);
    await savePetitionRow(tx, ctx, 'petition_declarations', petition, input.version, 'this declaration', {
      rehabilitation: input.rehabilitation,
      employment: input.employment,
      community_ties: input.communityTies,
      other_reasons: input.otherReasons,
      read_to_client_in: input.readToClientIn,
      translator_name: input.readToClientIn ? input.translatorName : '',
    });
    await recordEvent(
      tx,
      ctx,
      { id: petition.matter_id, officeId: petition.office_id },
      'declaration_saved',
      input.readToClientIn
        ? `Declaration in support of a petition saved; read to the client in ${languageEnglishName(input.readToClientIn)} by ${input.translatorName}.`
        : 'Declaration in support of a petition saved.',
      { petitionId: petition.id, version: input.version + 1 },
    );
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: petition.id,
      detail: { version: input.version + 1 },
    });
    return { version: input.version + 1 };
  });
}

/**
 * PC 851.91: where the law enforcement agency that made the arrest is served. The agency is the one
 * the arrest record names; a name is typed only when the record names none. Versioned, audited.
 */
export async function saveArrestingAgency(
  ctx: OfficeContext,
  input: z.output<typeof arrestingAgencyInputSchema>,
): Promise<{ version: number }> {
  await requireRapSheetAccess(ctx, 'packets.saveArrestingAgency', input.petitionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const petition = await petitionOf(tx, input.petitionId);
    if (!packetFormFor(petition.remedy)?.serveArrestingAgency)
      throw badInput(
        'name',
        'Only a petition to seal an arrest (PC 851.91) is served on the agency that made the arrest.',
      );
    const arrest = await tx
      .selectFrom('petition_arrests')
      .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select('arrests.agency')
      .where('petition_arrests.petition_id', '=', petition.id)
      .executeTakeFirst();
    if (!arrest)
      throw badInput(
        'name',
        'This petition is not on an arrest: a petition to seal an arrest is drafted on the arrest.',
      );
    const recorded = arrest.agency.trim();
    if (recorded !== '' && input.name !== '' && input.name !== recorded)
      throw badInput(
        'name',
        `The arrest record names the agency (${recorded}): leave the name empty, or correct it on the arrest.`,
      );
    if (recorded === '' && input.name === '')
      throw badInput(
        'name',
        'The arrest record names no agency: name the agency that made the arrest, for example Oakland Police Department.',
      );
    await savePetitionRow(
      tx,
      ctx,
      'petition_arresting_agencies',
      petition,
      input.version,
      'the arresting agency of this petition',
      { name: recorded === '' ? input.name : '', address: input.address },
    );
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: petition.id,
      detail: { version: input.version + 1 },
    });
    return { version: input.version + 1 };
  });
}

/** A petition of the caller's office, for saving what belongs to it; a refusal is audited. */
async function petitionOf(tx: OfficeTx, petitionId: string) {
  const petition = await tx
    .selectFrom('petitions')
    .select(['id', 'matter_id', 'office_id', 'remedy'])
    .where('id', '=', petitionId)
    .executeTakeFirst();
  if (!petition) throw notFound('That petition', { entityType: 'petition', entityId: petitionId });
  return petition;
}

/** The columns every row a petition keeps of its own has: one row a petition, versioned. */
interface PetitionRow {
  petition_id: string;
  office_id: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/**
 * Saves a row the petition keeps of its own (its declaration, its arresting agency) from the version
 * the form was opened at: the first save inserts it at version 1, later ones update it. A save over
 * someone else's (two saves from the same version included) is refused with who changed it and when.
 */
async function savePetitionRow<T extends 'petition_declarations' | 'petition_arresting_agencies'>(
  tx: OfficeTx,
  ctx: OfficeContext,
  table: T,
  petition: { id: string; office_id: string },
  version: number,
  what: string,
  fields: Omit<Insertable<Database[T]>, keyof PetitionRow>,
): Promise<void> {
  // The two tables share these columns; kysely cannot type a query over either of them.
  const rows = tx as unknown as Transaction<Record<string, PetitionRow>>;
  const name: string = table;
  const current = await rows
    .selectFrom(name)
    .select(['version', 'updated_by', 'updated_at'])
    .where('petition_id', '=', petition.id)
    .executeTakeFirst();
  const now = ctx.clock.now().toISOString();
  const conflict = () =>
    versionConflict(tx, what, {
      updated_by: current?.updated_by ?? null,
      updated_at: current?.updated_at ?? now,
    });
  if ((current?.version ?? 0) !== version) throw await conflict();
  const values = { ...fields, version: version + 1, updated_at: now, updated_by: ctx.user.id };
  if (current) {
    const saved = await rows
      .updateTable(name)
      .set(values)
      .where('petition_id', '=', petition.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
  } else {
    const inserted = await rows
      .insertInto(name)
      .values({ petition_id: petition.id, office_id: petition.office_id, ...values })
      .onConflict((oc) => oc.column('petition_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict();
  }
}
