// A list of what needs fixing at the top of a form, each entry moving focus to its field.
import { useEffect, useRef } from 'react';
import type { FieldErrors } from 'react-hook-form';

export function flattenErrors(errors: FieldErrors, prefix = ''): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || key === 'ref') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value.message === 'string' && value.message) found.push({ path, message: value.message });
    else if (typeof value === 'object') found.push(...flattenErrors(value as FieldErrors, path));
  }
  return found;
}

export function ErrorSummary({
  errors,
  submitCount,
}: {
  errors: { path: string; message: string }[];
  submitCount: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves here after each failed submit, so keyboard and screen-reader users hear what to fix.
  useEffect(() => {
    if (submitCount > 0) ref.current?.focus();
  }, [submitCount]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>There {errors.length === 1 ? 'is 1 problem' : `are ${errors.length} problems`} to fix</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.path}>
            <a
              href={`#${e.path}`}
              onClick={(event) => {
                event.preventDefault();
                // A group's error (client.contact) has no field of its own: its first box takes focus.
                const field =
                  document.querySelector<HTMLElement>(`[name="${CSS.escape(e.path)}"]`) ??
                  document.querySelector<HTMLElement>(`[name^="${CSS.escape(`${e.path}.`)}"]`);
                field?.focus();
              }}
            >
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
