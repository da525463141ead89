// A button that erases something only after a second step: it opens a small form saying what will be
// erased and asking why (required: kept with who and when), with the erasing button and "Keep it".
// Focus moves into the form when it opens and back to the button when it closes.
import { useId, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';

export function ConfirmRemoval(props: {
  /** The button's words, naming the thing ("Discard RAP sheet import of Dec 6, 2026"). */
  label: string;
  /** What is erased and what stays, said before the last step. */
  warning: string;
  /** The erasing button's words ("Discard and erase"). */
  confirmLabel: string;
  reasonExample: string;
  onConfirm(reason: string): Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement | null>(null);
  const warningId = useId();
  const close = () => {
    setOpen(false);
    setReason('');
    setError(null);
    setTimeout(() => refocus(opener.current), 0);
  };
  const confirm = async () => {
    if (reason.trim() === '') {
      setError(`Say why, for example “${props.reasonExample}”.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim());
      setOpen(false);
      setReason('');
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button ref={opener} type="button" className="button button--quiet" onClick={() => setOpen(true)}>
        {props.label}
      </button>
    );
  return (
    <form
      noValidate
      aria-label={props.label}
      aria-describedby={warningId}
      className="confirm-removal"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <p id={warningId}>{props.warning}</p>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        ref={focusOnMount}
        label="Why (kept with who did it and when)"
        placeholder={props.reasonExample}
        maxLength={300}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <BusyButton type="submit" className="button button--danger" busy={busy}>
        {props.confirmLabel}
      </BusyButton>{' '}
      <button type="button" className="button" onClick={close}>
        Keep it
      </button>
    </form>
  );
}
