// Starts reader-thread.ts from the sources (tests, `pnpm relief-desk`): a worker thread does not
// inherit the TypeScript loader of the thread that starts it. The built server runs its bundle instead.
import { register } from 'tsx/esm/api';

register();
await import('./reader-thread.ts');
