// The one way a request becomes a signed-in person's, for tRPC procedures and the plain HTTP routes
// alike: the session check (second-factor rules included), then a database handle held to the
// person's office (packages/db/src/office-scope.ts).
import { officeScoped } from '@relief-desk/db';
import type { AuthedContext, Context } from './context.ts';
import { AppError } from './errors.ts';
import { sessionUserFor } from './features/auth/sessions.ts';

/** The request's signed-in person, or UNAUTHENTICATED. `action` names the procedure or route. */
export async function signedIn(ctx: Context, action: string): Promise<AuthedContext> {
  const user = await sessionUserFor(ctx, action);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
  ctx.log.user?.(user.id);
  return { ...ctx, user };
}

/** The context with its database held to the person's own office. */
export function scopedToOffice(ctx: AuthedContext): AuthedContext {
  return { ...ctx, db: officeScoped(ctx.db, ctx.user.officeId) };
}
