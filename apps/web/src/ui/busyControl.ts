// A select, checkbox or file input whose request is pending. Like BusyButton, it is never `disabled`
// while busy: a disabled control that has keyboard focus drops it to <body>, so a keyboard user would
// lose their place after every save. Instead it says it is unavailable (aria-disabled, styled as
// :disabled is), keeps focus, and a change meanwhile is not acted on: a controlled select or box goes
// back to the value it shows (the saved one), and a file input does not open the file chooser.
import type { ChangeEvent, MouseEvent } from 'react';

type Control = HTMLInputElement | HTMLSelectElement;

/** Props to spread on the control: `onChange` is called only while no request is pending. */
export function busyControl<E extends Control>(busy: boolean, onChange: (event: ChangeEvent<E>) => void) {
  return {
    'aria-disabled': busy || undefined,
    // A click (or Space or Enter from the keyboard) on a file input opens the chooser; cancelled, it does not.
    onClick: (event: MouseEvent<E>) => {
      if (busy) event.preventDefault();
    },
    onChange: (event: ChangeEvent<E>) => {
      if (!busy) onChange(event);
    },
  };
}
