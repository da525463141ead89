import { useEffect, useState } from 'react';

/**
 * The value as it was once it stopped changing for `delayMs`. Compared by its JSON form, so a caller
 * may pass a fresh object or array each render without restarting the timer (or looping).
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState<{ key: string; value: T }>({ key, value });
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ key, value: JSON.parse(key) as T }), delayMs);
    return () => clearTimeout(timer);
  }, [key, settled.key, delayMs]);
  return settled.value;
}
