// What the web app checks before sending, with the shared schemas: a form's fields (inputResolver,
// for react-hook-form) and a value on its own (checkInput), refused in the same words the server
// would use (the domain's sayRefusalsInWords), not zod's own. Every check goes through here, so the
// words are set wherever input is checked, whatever page loaded first.
import { zodResolver } from '@hookform/resolvers/zod';
import { sayRefusalsInWords } from '@relief-desk/domain';
import { type Field, type FieldErrors, type FieldValues, get, type Resolver, set } from 'react-hook-form';
import type { z } from 'zod';
import { unreadableDateErrors } from '../ui/DateField.tsx';

sayRefusalsInWords();

export function checkInput<Schema extends z.ZodType>(schema: Schema, value: unknown) {
  return schema.safeParse(value);
}

/**
 * react-hook-form's resolver for a shared schema. A date box holding a date the browser could not
 * read gives the form "", as if left empty: it is refused on its field here, whatever the schema
 * made of the "", so such a date is never saved as "not entered".
 */
export function inputResolver<Input extends FieldValues, Context, Output>(
  schema: z.ZodType<Output, Input>,
): Resolver<Input, Context, Output> {
  const checkSchema = zodResolver(schema) as unknown as Resolver<Input, Context, Output>;
  return async (values, context, options) => {
    const result = await checkSchema(values, context, options);
    const box = (name: string) => (get(options.fields, name) as Field['_f'] | undefined)?.ref;
    const unreadable = Object.entries(unreadableDateErrors((options.names ?? []).map(box)));
    if (unreadable.length === 0) return result;
    const errors = { ...result.errors } as FieldErrors<Input>;
    for (const [name, message] of unreadable)
      set(errors, name, { type: 'unreadable_date', message, ref: box(name) });
    return { values: {}, errors };
  };
}
