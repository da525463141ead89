// A wide table's own scrolling region: on a narrow screen the table scrolls sideways inside it and the
// page does not. The region is named, and while it scrolls it is a Tab stop, so arrow keys scroll it.
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
    // A <section> with a name is a region landmark.
    <section ref={ref} className="scroll-region" aria-label={label} tabIndex={scrolls ? 0 : undefined}>
      {children}
    </section>
  );
}
