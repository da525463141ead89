// Documents staff request and track for a matter (DOMAIN.md section 3), with the shared schemas.
import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { multiLine, singleLine } from './text.ts';

export const DOCUMENT_KINDS = [
  'rap_sheet',
  'court_docket',
  'probation_proof',
  'payment_proof',
  'photo_id',
  'declaration_mc031',
  'letter_of_support',
  'fee_waiver',
  'signed_order',
  'updated_rap_sheet',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  rap_sheet: 'DOJ RAP sheet',
  court_docket: 'Court docket / minute order',
  probation_proof: 'Proof of probation completion',
  payment_proof: 'Proof of payment',
  photo_id: 'Photo ID',
  declaration_mc031: 'Declaration (MC-031)',
  letter_of_support: 'Letter of support',
  fee_waiver: 'Fee waiver (FW-001)',
  signed_order: 'Signed court order',
  updated_rap_sheet: 'Updated RAP sheet',
  other: 'Other document',
};

/** Days until a request is due, unless the office has set its own. DOJ mails RAP sheets in up to ~2 weeks. */
export const DEFAULT_DUE_DAYS: Record<DocumentKind, number> = {
  rap_sheet: 30,
  court_docket: 21,
  probation_proof: 21,
  payment_proof: 21,
  photo_id: 14,
  declaration_mc031: 21,
  letter_of_support: 21,
  fee_waiver: 14,
  signed_order: 60,
  updated_rap_sheet: 90,
  other: 14,
};

/** Kinds that are the DOJ's RAP sheet itself (a Live Scan date and designee, read by the RAP sheet import). */
export const RAP_SHEET_KINDS: readonly DocumentKind[] = ['rap_sheet', 'updated_rap_sheet'];
export const isRapSheetKind = (kind: DocumentKind) => RAP_SHEET_KINDS.includes(kind);

/**
 * Whether a kind's files are criminal history: a record of the person's arrests, charges,
 * convictions, sentences or the court's outcomes on them, by what the document is. Their files need
 * the RAP sheet permission to be uploaded, downloaded, listed or sent (the request itself, its
 * status and how many files it has, do not: staff work the matter with those). Every kind is named,
 * so a new one cannot be added without deciding.
 */
const CRIMINAL_HISTORY_KIND: Record<DocumentKind, boolean> = {
  // The DOJ's statewide criminal history (PC 11105): the record itself.
  rap_sheet: true,
  // The same, after relief: it shows what was dismissed or sealed, and what was not.
  updated_rap_sheet: true,
  // The court's record of a case: charges, pleas, convictions, sentences, minute orders.
  court_docket: true,
  // A grant of probation in a named case, and its completion or early termination (often a PC
  // 1203.3 order): a sentence and its outcome.
  probation_proof: true,
  // Fines, fees and restitution imposed in a named case, and their payment: a sentence's terms.
  payment_proof: true,
  // The person's own statement to the court in support of a petition on named convictions (the
  // declaration the desk drafts for the packet needs the permission too).
  declaration_mc031: true,
  // Written to the court for a discretionary petition; such letters speak of the conviction it asks
  // to clear, and how the person has lived since.
  letter_of_support: true,
  // The court's order on a petition: the case, the sections and what was granted or denied.
  signed_order: true,
  // Identity: names, a photo, a birth date; no record.
  photo_id: false,
  // Income and household for the court's fees: no record.
  fee_waiver: false,
  // Whatever staff name it (consent to represent, proof of service…): no kind of record by itself.
  // A record filed here is filed under the wrong kind.
  other: false,
};

/** The kinds whose files are criminal history (see CRIMINAL_HISTORY_KIND for why each is). */
export const CRIMINAL_HISTORY_DOCUMENT_KINDS: readonly DocumentKind[] = DOCUMENT_KINDS.filter(
  (kind) => CRIMINAL_HISTORY_KIND[kind],
);
export const isCriminalHistoryKind = (kind: DocumentKind): boolean => CRIMINAL_HISTORY_KIND[kind] === true;

/**
 * Whether a stored file is criminal history: a file of a criminal-history kind, or a petition packet
 * (drawn from the petition, it names each conviction or arrest).
 */
export const isCriminalHistoryFile = (file: {
  kind: DocumentKind;
  packetPetitionId: string | null;
}): boolean => isCriminalHistoryKind(file.kind) || file.packetPetitionId !== null;

export const REQUESTED_FROM = ['client', 'court', 'doj', 'probation', 'other'] as const;
export type RequestedFrom = (typeof REQUESTED_FROM)[number];
export const REQUESTED_FROM_LABELS: Record<RequestedFrom, string> = {
  client: 'Client',
  court: 'Court',
  doj: 'California DOJ',
  probation: 'Probation',
  other: 'Other',
};

export const DOCUMENT_STATUSES = ['requested', 'received', 'reviewed', 'waived', 'cancelled'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  requested: 'Requested',
  received: 'Received',
  reviewed: 'Reviewed',
  waived: 'Waived',
  cancelled: 'Cancelled',
};
/** A request still waiting on someone: the only kind that can be overdue. */
export const isOutstanding = (status: DocumentStatus) => status === 'requested';

const optionalDate = isoDateSchema.nullable().default(null);

export const requestDocumentInputSchema = z
  .object({
    matterId: singleLine().min(1),
    kind: z.enum(DOCUMENT_KINDS, { error: 'Choose the kind of document.' }),
    label: singleLine().max(200).default(''),
    requestedFrom: z.enum(REQUESTED_FROM, { error: 'Choose who the document is requested from.' }),
    requestedOn: isoDateSchema,
    /** Leave empty for the office's default for this kind. */
    dueOn: optionalDate,
    note: multiLine().max(2000).default(''),
    liveScanOn: optionalDate,
    designee: singleLine().max(200).default(''),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'other' && r.label === '')
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'Say what the document is.' });
    if (r.dueOn && r.dueOn < r.requestedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['dueOn'],
        message: 'The due date cannot be before the request date.',
      });
  });
export type RequestDocumentInput = z.input<typeof requestDocumentInputSchema>;

export const updateDocumentInputSchema = z
  .object({
    documentId: singleLine().min(1),
    version: z.number().int().positive(),
    status: z.enum(DOCUMENT_STATUSES),
    dueOn: isoDateSchema,
    liveScanOn: optionalDate,
    designee: singleLine().max(200).default(''),
    /** The day the document (for a RAP sheet: the DOJ's mailing) arrived. */
    arrivedOn: optionalDate,
    note: multiLine().max(2000).default(''),
  })
  .superRefine((r, ctx) => {
    if ((r.status === 'received' || r.status === 'reviewed') && !r.arrivedOn)
      ctx.addIssue({ code: 'custom', path: ['arrivedOn'], message: 'Enter the date the document arrived.' });
  });
export type UpdateDocumentInput = z.input<typeof updateDocumentInputSchema>;

/** Why something is discarded or removed: required, kept on its tombstone and in the audit log. */
export const removalReason = (example: string) =>
  singleLine()
    .max(300, 'Keep the reason to 300 characters.')
    .refine((r) => r.trim() !== '', `Say why, for example “${example}”.`);

/**
 * Removing a file attached by mistake (another client's court record, the wrong scan): the file is
 * erased from the disk, its row kept as a tombstone (who, when, why). `version`: the request's.
 */
export const removeDocumentFileInputSchema = z.object({
  fileId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  reason: removalReason('Another client’s court record'),
});
export type RemoveDocumentFileInput = z.input<typeof removeDocumentFileInputSchema>;

export const ALLOWED_UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type UploadType = (typeof ALLOWED_UPLOAD_TYPES)[number];
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The file's type read from its first bytes; the name and the browser's claim are not trusted. */
export function sniffUploadType(head: Uint8Array): UploadType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}
