// The one way a request becomes a signed-in person's, for tRPC procedures and the plain HTTP routes
// alike: the session check (second-factor rules included), then a database handle held to the
// person's office (packages/db/src/office-scope.ts) on which a change commits only with its audit row.
import { bindRequest, officeScoped } from '@relief-desk/db';
import type { RequestOnRecord } from './audit.ts';
import { auditedChanges } from './audited-changes.ts';
import type { AuthedContext, Context, OfficeContext } from './context.ts';
import { AppError } from './errors.ts';
import { sessionUserFor } from './features/auth/sessions.ts';

/** The request's signed-in person, or UNAUTHENTICATED. `action` names the procedure or route. */
export async function signedIn(ctx: Context, action: string): Promise<AuthedContext> {
  const user = await sessionUserFor(ctx, action);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
  ctx.log.user?.(user.id);
  return { ...ctx, user };
}

/**
 * The context with its database held to the person's own office, whose transactions commit a change
 * only with its audit row (audited-changes.ts). `action` names the procedure or route.
 */
export function signedInScope(ctx: AuthedContext, action: string): OfficeContext {
  // The scope is the outermost handle (it keeps the audit check's hooks), so what it returns is the
  // handle procedures receive: held to the office, and carrying what the request's audit rows say of
  // it (putOnRecord), which its transactions keep too.
  const office = officeScoped(auditedChanges(ctx.db, action), ctx.dialect, ctx.user.officeId);
  const request: RequestOnRecord = {
    action,
    ctx: { clock: ctx.clock, ip: ctx.ip, user: ctx.user },
    readsElsewhere: [],
  };
  return { ...ctx, db: bindRequest(office, request) };
}
