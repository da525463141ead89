// Labelled form controls with their error messages wired for screen readers.
import { MIN_PASSWORD_LENGTH, RELOAD_AFTER_CONFLICT } from '@relief-desk/domain';
import { type ComponentProps, type ReactNode, useId } from 'react';

interface FieldShellProps {
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

export function FieldShell({ label, hint, error, children }: FieldShellProps) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {children({ inputId, describedBy, invalid: Boolean(error) })}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = ComponentProps<'input'> & { label: string; hint?: string; error?: string };

export function TextField({ label, hint, error, ...input }: InputProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {({ inputId, describedBy, invalid }) => (
        <input id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
      )}
    </FieldShell>
  );
}

/** A new password's field: the rule every password meets said beside it, and no autofill of an old one. */
export function NewPasswordField(props: Omit<InputProps, 'type' | 'hint' | 'autoComplete'>) {
  return (
    <TextField
      hint={`At least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest.`}
      type="password"
      autoComplete="new-password"
      {...props}
    />
  );
}

type SelectProps = ComponentProps<'select'> & { label: string; hint?: string; error?: string };

export function SelectField({ label, hint, error, children, ...select }: SelectProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {({ inputId, describedBy, invalid }) => (
        <select id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}

type TextAreaProps = ComponentProps<'textarea'> & { label: string; hint?: string; error?: string };

export function TextAreaField({ label, hint, error, ...area }: TextAreaProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {({ inputId, describedBy, invalid }) => (
        <textarea id={inputId} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...area} />
      )}
    </FieldShell>
  );
}

type CheckboxProps = ComponentProps<'input'> & { label: string };

export function Checkbox({ label, ...input }: CheckboxProps) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function Alert({ tone, children }: { tone: 'error' | 'success' | 'info'; children: ReactNode }) {
  // A save refused because someone changed the record meanwhile says "Reload to see their change":
  // the control to do it sits beside the words (what was typed stays until then, to copy first).
  const reload = tone === 'error' && typeof children === 'string' && children.endsWith(RELOAD_AFTER_CONFLICT);
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
      {reload && (
        <>
          {' '}
          <button type="button" className="button button--quiet" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </>
      )}
    </div>
  );
}
