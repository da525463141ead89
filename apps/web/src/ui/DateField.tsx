// Every date box in the app. The browser reads what is typed into a date box itself: a date that does
// not exist (02/30/2026) or one with a part missing reaches the page as "", the same as a box left
// empty, so an optional date would be saved as "not entered" and a required one refused as missing.
// The browser still knows the box holds something it could not read (validity.badInput): each form
// asks unreadableDateErrors before it sends (inputResolver does, for every react-hook-form form) and
// refuses such a date on its field, in these words.
import type { ComponentProps } from 'react';
import { TextField } from './fields.tsx';

export const UNREADABLE_DATE = 'That is not a real date: check the day, month and year.';

/** A date box holding something the browser could not read as a date. */
function isUnreadableDate(element: unknown): element is HTMLInputElement {
  if (typeof element !== 'object' || element === null || !('validity' in element)) return false;
  const input = element as HTMLInputElement;
  return input.type === 'date' && input.validity.badInput;
}

/** The refusal of each date box among `elements` that holds a date the browser could not read, by its name. */
export function unreadableDateErrors(elements: Iterable<unknown>): Record<string, string> {
  const refused: Record<string, string> = {};
  for (const element of elements) {
    if (isUnreadableDate(element) && element.name) refused[element.name] = UNREADABLE_DATE;
  }
  return refused;
}

// The error is required (undefined when there is none) so no date box can leave out the place its
// refusal is said.
type DateFieldProps = Omit<ComponentProps<typeof TextField>, 'type' | 'error'> & {
  error: string | undefined;
};

export function DateField(props: DateFieldProps) {
  return <TextField type="date" {...props} />;
}
