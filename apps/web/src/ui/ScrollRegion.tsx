// A wide table's own scrolling region: on a narrow screen the table scrolls sideways inside it and the
// page does not. While it scrolls it is a named region and a Tab stop, so arrow keys scroll it; while
// the table fits it is no landmark at all, and adds nothing to hear or to Tab through.
import { type ReactNode, useEffect, useRef, useState } from 'react';

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    // A <section> with a name is a region landmark; without one it is a plain box.
    <section
      ref={ref}
      className="scroll-region"
      aria-label={scrolls ? label : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      {children}
    </section>
  );
}
