// Moving keyboard focus when part of a page opens or closes, so keyboard and screen-reader users
// land where the change happened instead of on <body>.

/**
 * A callback ref that focuses its element once, when it mounts. Defined once here so React sees the
 * same function every render and does not refocus (stealing focus from an input) on re-render.
 */
export function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}

/** Focuses the element if it is still on the page; a removed one would send focus to <body>. */
export function refocus(element: HTMLElement | null): void {
  if (element?.isConnected) element.focus();
}
