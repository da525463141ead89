export * from './clock.ts';
export type * from './context.ts';
export { AppError } from './errors.ts';
export { hashPassword } from './features/auth/passwords.ts';
export { resolveSession } from './features/auth/sessions.ts';
export { openDocumentFile, uploadDocumentFile } from './features/documents/files.ts';
export { exportViewCsv } from './features/queues/export.ts';
export { diskFileStore, type FileStore } from './files/store.ts';
export { type AppRouter, appRouter, createCaller } from './router.ts';
