// Turns an API error into what the person should see: a message, and messages per field.
import type { FieldError } from '@relief-desk/domain';
import { TRPCClientError } from '@trpc/client';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

export interface ShownError {
  message: string;
  appCode: string | null;
  fieldErrors: FieldError[];
}

export function describeError(error: unknown): ShownError {
  // The server always sends data with its errors; without it the request never got an answer from
  // the API (offline, refused, a proxy's error page), and error.message is the browser's "Failed to fetch".
  if (error instanceof TRPCClientError && error.data !== undefined) {
    const data = error.data as { appCode?: string; fieldErrors?: FieldError[] } | undefined;
    const appCode = data?.appCode ?? null;
    const message =
      appCode === 'UNAUTHENTICATED'
        ? `${error.message} Sign in in another tab to keep what you typed here, then save again.`
        : error.message;
    return { message, appCode, fieldErrors: data?.fieldErrors ?? [] };
  }
  return {
    message: 'The server could not be reached. Check your connection and try again.',
    appCode: null,
    fieldErrors: [],
  };
}

/**
 * Puts the server's field errors beside their fields; returns the message for the rest. `under` is
 * where the form's values sit in the request (`conviction` in { matterId, conviction }): the server's
 * paths start with it, the form's fields do not.
 */
export function applyServerErrors<T extends FieldValues>(
  form: UseFormReturn<T>,
  error: unknown,
  under?: string,
): string {
  const shown = describeError(error);
  for (const field of shown.fieldErrors) {
    const path =
      under && field.path.startsWith(`${under}.`) ? field.path.slice(under.length + 1) : field.path;
    form.setError(path as Path<T>, { message: field.message });
  }
  return shown.message;
}
