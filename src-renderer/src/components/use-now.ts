import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while `active` (a live countdown), and left alone
 * otherwise, so a screen without countdowns does not re-render every second.
 */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
