// What the web app checks before sending, with the shared schemas: refused in the same words the
// server would use (the domain's sayRefusalsInWords), not zod's own.
import { sayRefusalsInWords } from '@relief-desk/domain';
import type { z } from 'zod';

sayRefusalsInWords();

export function checkInput<Schema extends z.ZodType>(schema: Schema, value: unknown) {
  return schema.safeParse(value);
}
