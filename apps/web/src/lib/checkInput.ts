// What the web app checks before sending, with the shared schemas: a form's fields (inputResolver,
// for react-hook-form) and a value on its own (checkInput), refused in the same words the server
// would use (the domain's sayRefusalsInWords), not zod's own. Every check goes through here, so the
// words are set wherever input is checked, whatever page loaded first.
import { zodResolver } from '@hookform/resolvers/zod';
import { sayRefusalsInWords } from '@relief-desk/domain';
import type { z } from 'zod';

sayRefusalsInWords();

export function checkInput<Schema extends z.ZodType>(schema: Schema, value: unknown) {
  return schema.safeParse(value);
}

/** react-hook-form's resolver for a shared schema. */
export const inputResolver = zodResolver;
