// The queue: matters of the caller's office in a named queue, filtered, searched and sorted on the
// server, paged by keyset (never OFFSET), so page 1,000 costs what page 1 does.

import { type Db, officeScoped } from '@relief-desk/db';
import type { listMattersInputSchema, MatterView } from '@relief-desk/domain';
import { californiaDate, can, rapSheetPermissionFrom } from '@relief-desk/domain';
import { CompiledQuery } from 'kysely';
import type { z } from 'zod';
import { putReadOnRecord } from '../../audit.ts';
import type { AuthedContext, OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { decodeViewCursor, encodeViewCursor, type SortValue } from './cursor.ts';
import { CRIMINAL_HISTORY_ACTIVITIES } from './drillDowns.ts';
import { describeRows, type MatterRow } from './rows.ts';
import { classifySearch, type SearchKind } from './search.ts';
import { type ViewRow, type ViewScope, viewQuery } from './view.ts';

export type { MatterRow };

export interface MatterPage {
  items: MatterRow[];
  nextCursor: string | null;
  /** The order used: the chosen column, or best match while searching. */
  sort: { key: string; direction: 'asc' | 'desc' } | { key: 'match'; kind: SearchKind };
}

export function viewScopeOf(ctx: AuthedContext): ViewScope {
  return {
    db: ctx.db,
    dialect: ctx.dialect,
    officeId: ctx.user.officeId,
    userId: ctx.user.id,
    today: californiaDate(ctx.clock.now()),
    limits: ctx.user.queueLimits,
  };
}

/**
 * Who worked on which matters is the supervisors' view of workload (the dashboard's): listing or
 * exporting matters by a colleague's work needs the same permission as the dashboard.
 */
export function checkViewAllowed(ctx: AuthedContext, view: MatterView): void {
  // A hit by court case number tells the searcher this person has a conviction in that case.
  if (view.search && classifySearch(view.search).kind === 'caseNumber' && !ctx.user.canViewRapSheets)
    throw new AppError(
      'FORBIDDEN',
      'Searching by court case number needs the RAP sheet permission. Search by name, date of birth or matter reference instead.',
      { audit: { entityType: 'rap_sheet_data', entityId: null, outcome: 'denied' } },
    );
  if (view.activity && CRIMINAL_HISTORY_ACTIVITIES.has(view.activity.kind) && !ctx.user.canViewRapSheets)
    throw new AppError(
      'FORBIDDEN',
      `Listing matters by the court’s decision needs the RAP sheet permission. ${rapSheetPermissionFrom(ctx.user.role)}`,
      { audit: { entityType: 'rap_sheet_data', entityId: null, outcome: 'denied' } },
    );
  if (view.activity?.kind === 'touched' && !can(ctx.user.role, 'readAuditLog'))
    throw new AppError(
      'FORBIDDEN',
      'Only supervisors and administrators can list matters by who worked on them. Remove that limit to see the queue.',
      { audit: { entityType: 'queue', entityId: view.queue, outcome: 'denied' } },
    );
}

/** A page of the view's rows; how many the view holds is asked for apart (queues.viewCount). */
export async function listMatters(
  ctx: OfficeContext,
  input: z.output<typeof listMattersInputSchema>,
): Promise<MatterPage> {
  checkViewAllowed(ctx, input);
  const page = await listView(viewScopeOf(ctx), input, input.cursor, input.limit);
  await recordCourtOutcomesShown(ctx, input, page.items, 'matters.listCourtOutcomes');
  await recordSearchShown(ctx, input, page.items);
  return page;
}

/**
 * A search looks a person up (by name, birth date, case or reference): each page it answers goes on
 * record with the kind of search and the matters it named, never the words typed (the log holds ids
 * only), so the office can tell who looked whom up. A queue opened without a search is not recorded.
 */
async function recordSearchShown(ctx: OfficeContext, view: MatterView, items: MatterRow[]): Promise<void> {
  if (!view.search) return;
  await putReadOnRecord(ctx.db, {
    entityType: 'queue',
    entityId: view.queue,
    detail: { search: classifySearch(view.search).kind, matterIds: items.map((item) => item.id) },
  });
}

/**
 * A list by the court's decision tells who was granted or denied relief: the matters it named go on
 * record (before they leave), so the client's disclosure report shows who saw them in such a list.
 */
export async function recordCourtOutcomesShown(
  ctx: OfficeContext,
  view: MatterView,
  items: MatterRow[],
  action: 'matters.listCourtOutcomes' | 'queues.exportCourtOutcomes',
): Promise<void> {
  if (!view.activity || !CRIMINAL_HISTORY_ACTIVITIES.has(view.activity.kind) || items.length === 0) return;
  await putReadOnRecord(ctx.db, {
    action,
    entityType: 'queue',
    entityId: view.queue,
    detail: { activity: view.activity, matterIds: items.map((item) => item.id) },
  });
}

/** A view's statement as compiled, with what a page needs to know about its order. */
interface CompiledView {
  /** The statement's text and values only: its tree of nodes is not needed to run it again. */
  compiled: { sql: string; parameters: readonly unknown[] };
  sortWidth: number;
  sort: MatterPage['sort'];
}

// Statements compiled for views, by everything a statement is made from. Building, office-scoping
// and compiling a first page's statement cost about as much of the server's CPU as running it, and
// the same first pages are asked for all day.
const COMPILED_VIEWS_KEPT = 500;
const compiledViews = new Map<string, CompiledView>();

/**
 * The view's statement, from the cache when the same view was compiled for the same office, person,
 * day, limits, cursor and page size: the statement is made from those alone, so it is the one a fresh
 * build gives. It is compiled on a handle held to the scope's office whatever handle the caller
 * holds, so the office in the key is the office in the statement.
 */
export function compiledViewOf(scope: ViewScope, view: MatterView, after: SortValue[] | null, limit: number) {
  const { dialect, officeId, userId, today, limits } = scope;
  const key = JSON.stringify([dialect, officeId, userId, today, limits, view, after, limit]);
  const kept = compiledViews.get(key);
  if (kept) return kept;
  const office = officeScoped(scope.db.withoutPlugins() as Db, dialect, officeId);
  const { query, sortWidth, sort, driver } = viewQuery({ ...scope, db: office }, view, after, limit);
  const { sql, parameters } = query.compile();
  const built: CompiledView = {
    compiled: { sql, parameters },
    sortWidth,
    sort: driver ? { key: 'match', kind: driver.kind } : sort,
  };
  // The oldest entry goes first (a Map keeps the order entries were added in).
  if (compiledViews.size >= COMPILED_VIEWS_KEPT)
    compiledViews.delete(compiledViews.keys().next().value ?? '');
  compiledViews.set(key, built);
  return built;
}

export async function listView(
  scope: ViewScope,
  view: MatterView,
  cursor: string | null,
  limit: number,
): Promise<MatterPage> {
  const after = cursor ? decodeViewCursor(cursor) : null;
  const { compiled, sortWidth, sort } = compiledViewOf(scope, view, after, limit + 1);
  const statement: CompiledQuery<ViewRow> = CompiledQuery.raw(compiled.sql, [...compiled.parameters]);
  const { rows } = await scope.db.executeQuery(statement);
  const more = rows.length > limit && sortWidth > 0;
  // Each matter is one row, searches included (search.ts lists a matter at its first match).
  const page = rows.slice(0, limit);
  const last = rows[Math.min(rows.length, limit) - 1];
  return {
    items: describeRows(scope, page),
    nextCursor: more && last ? encodeViewCursor([last.s0, last.s1, last.s2].slice(0, sortWidth)) : null,
    sort,
  };
}
