// A button whose request is pending. It is never `disabled` while busy: a disabled button that has
// keyboard focus drops it to <body>, so a keyboard user would lose their place after every save.
// Instead it says it is unavailable (aria-disabled, styled as :disabled is), keeps focus, and
// ignores a press meanwhile.
import type { ComponentProps, MouseEvent } from 'react';

type BusyButtonProps = Omit<ComponentProps<'button'>, 'type' | 'aria-disabled'> & {
  type: 'button' | 'submit';
  /** The request this button started is pending: a press now is ignored. */
  busy: boolean;
};

export function BusyButton({ busy, onClick, type, ...button }: BusyButtonProps) {
  return (
    <button
      {...button}
      type={type}
      aria-disabled={busy || undefined}
      onClick={(event: MouseEvent<HTMLButtonElement>) => {
        // Enter in a text field submits its form by a click on the default submit button, so
        // cancelling that click also stops a second submission from the keyboard.
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    />
  );
}
