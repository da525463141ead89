// How a person likes the queue drawn (hidden columns, density), remembered in this browser. The view
// itself (filters, sort, page) lives in the URL so it can be shared; this is personal.
import { useEffect, useState } from 'react';
import { HIDDEN_BY_DEFAULT, OPTIONAL_COLUMNS, type OptionalColumnId } from './columns.tsx';

export type Density = 'comfortable' | 'compact';
export interface DisplayOptions {
  hidden: OptionalColumnId[];
  density: Density;
}

const KEY = 'relief-desk.queue.display';
const DEFAULTS: DisplayOptions = { hidden: HIDDEN_BY_DEFAULT, density: 'comfortable' };

function readStored(): DisplayOptions {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return DEFAULTS;
    const { hidden, density } = stored as Partial<Record<keyof DisplayOptions, unknown>>;
    const ids = OPTIONAL_COLUMNS.map((c) => c.id as string);
    return {
      hidden: Array.isArray(hidden)
        ? (hidden.filter((id) => typeof id === 'string' && ids.includes(id)) as OptionalColumnId[])
        : DEFAULTS.hidden,
      density: density === 'compact' ? 'compact' : 'comfortable',
    };
  } catch {
    return DEFAULTS;
  }
}

export function useDisplayOptions() {
  const [options, setOptions] = useState<DisplayOptions>(readStored);
  useEffect(() => {
    window.localStorage.setItem(KEY, JSON.stringify(options));
  }, [options]);
  const toggleColumn = (id: OptionalColumnId) =>
    setOptions((o) => ({
      ...o,
      hidden: o.hidden.includes(id) ? o.hidden.filter((h) => h !== id) : [...o.hidden, id],
    }));
  const setDensity = (density: Density) => setOptions((o) => ({ ...o, density }));
  return { options, toggleColumn, setDensity };
}
