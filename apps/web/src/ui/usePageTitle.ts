import { useEffect, useRef } from 'react';

/**
 * Sets the document title and moves focus to the page heading, so screen readers hear the change.
 * Many pages show "Loading…" before their heading: focus goes to the heading on the first render it
 * is on the page, once per title, unless the person has meanwhile started typing into a field.
 */
export function usePageHeading<T extends HTMLElement>(title: string) {
  const ref = useRef<T>(null);
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    document.title = `${title} · Relief Desk`;
  }, [title]);
  // No dependency list: the heading can appear on any later render, and this check is cheap.
  useEffect(() => {
    const heading = ref.current;
    if (!heading || focusedFor.current === title) return;
    focusedFor.current = title;
    if (!isTypingIn(document.activeElement)) heading.focus();
  });
  return ref;
}

function isTypingIn(element: Element | null): boolean {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement ||
    (element instanceof HTMLElement && element.isContentEditable)
  );
}
