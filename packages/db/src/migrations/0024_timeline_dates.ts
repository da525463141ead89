// Timeline text written before dates were worded as the screens show them still read "received on
// 2026-11-27", "due 2026-12-28", "(arrived 2026-11-20)" or "eligible later from 2027-01-15". This
// rewrites those dates, in exactly the sentences the app wrote, as the app words them now ("Nov 27,
// 2026"); anything else, notes above all, is left as it was typed.
import type { Kysely } from 'kysely';

// Frozen here, not imported: a migration must word dates as they were worded when it was written.
const READABLE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const ISO = String.raw`(\d{4}-\d{2}-\d{2})`;

function readable(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso
    ? iso
    : READABLE.format(date);
}

/** For each kind of event, where in its sentence the app wrote a date. */
const SENTENCES: Record<string, RegExp> = {
  referral_received: new RegExp(String.raw`^(Referral received by .*) on ${ISO}\.$`),
  document_requested: new RegExp(String.raw`^(Requested .*, due )${ISO}\.$`),
  document_status: new RegExp(String.raw`^(.*: received \(arrived )${ISO}\)\.$`),
  decision_recorded: new RegExp(String.raw`^(.+ from )${ISO}\.$`),
};

/** The summary with its date reworded, or null when it is not one of the app's dated sentences. */
export function rewordedSummary(kind: string, summary: string): string | null {
  const sentence = SENTENCES[kind];
  const match = sentence?.exec(summary);
  if (!match) return null;
  const [, before = '', date = ''] = match;
  if (kind === 'referral_received') return `${before} on ${readable(date)}.`;
  if (kind === 'document_status') return `${before}${readable(date)}).`;
  return `${before}${readable(date)}.`;
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  const rows: { id: string; kind: string; summary: string }[] = await db
    .selectFrom('matter_events')
    .select(['id', 'kind', 'summary'])
    .where('kind', 'in', Object.keys(SENTENCES))
    .where('summary', 'like', '%-__-__%')
    .execute();
  for (const row of rows) {
    const summary = rewordedSummary(row.kind, row.summary);
    if (summary === null || summary === row.summary) continue;
    await db.updateTable('matter_events').set({ summary }).where('id', '=', row.id).execute();
  }
}

// The old wording is not restored: both say the same thing, and the new one is what the app writes.
export async function down(): Promise<void> {}
