// auth.mfa: a person's own second factors (see enrolment.ts). Open to every signed-in person, and to
// a session that may only set up a factor (sessions.ts lists which of these it may call).
import {
  addPasskeyInputSchema,
  confirmTotpInputSchema,
  reauthenticateInputSchema,
  removeFactorInputSchema,
} from '@relief-desk/domain';
import { authedProcedure, router } from '../../../trpc.ts';
import {
  addPasskey,
  confirmTotp,
  factorStatus,
  newRecoveryCodes,
  passkeyOptions,
  reauthenticate,
  reauthenticationOptions,
  removeFactor,
  startTotp,
} from './enrolment.ts';

export const mfaRouter = router({
  status: authedProcedure.query(({ ctx }) => factorStatus(ctx)),

  reauthenticate: authedProcedure
    .input(reauthenticateInputSchema)
    .mutation(({ ctx, input }) => reauthenticate(ctx, input)),

  reauthenticationOptions: authedProcedure.mutation(({ ctx }) => reauthenticationOptions(ctx)),

  startTotp: authedProcedure.mutation(({ ctx }) => startTotp(ctx)),

  confirmTotp: authedProcedure
    .input(confirmTotpInputSchema)
    .mutation(({ ctx, input }) => confirmTotp(ctx, input)),

  passkeyOptions: authedProcedure.mutation(({ ctx }) => passkeyOptions(ctx)),

  addPasskey: authedProcedure
    .input(addPasskeyInputSchema)
    .mutation(({ ctx, input }) => addPasskey(ctx, input)),

  removeFactor: authedProcedure
    .input(removeFactorInputSchema)
    .mutation(({ ctx, input }) => removeFactor(ctx, input)),

  newRecoveryCodes: authedProcedure.mutation(({ ctx }) => newRecoveryCodes(ctx)),
});
