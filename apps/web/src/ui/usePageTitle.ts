import { useEffect, useRef } from 'react';

/** Sets the document title and moves focus to the page heading, so screen readers hear the change. */
export function usePageHeading<T extends HTMLElement>(title: string) {
  const ref = useRef<T>(null);
  useEffect(() => {
    document.title = `${title} · Relief Desk`;
    ref.current?.focus();
  }, [title]);
  return ref;
}
