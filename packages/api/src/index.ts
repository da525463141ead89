export * from './clock.ts';
export type * from './context.ts';
export { AppError } from './errors.ts';
export { hashPassword } from './features/auth/passwords.ts';
export { type AppRouter, appRouter, createCaller } from './router.ts';
