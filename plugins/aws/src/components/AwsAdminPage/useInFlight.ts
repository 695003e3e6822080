import { useCallback, useState } from 'react';

/**
 * The keys (a route, a sync) whose call is in flight, and `track`, which runs a call under a
 * key: the key is in `inFlight` until the call and whatever it does with its answer are done.
 * Rows read it to show progress and disable their button.
 */
export function useInFlight<K>() {
  const [inFlight, setInFlight] = useState<ReadonlySet<K>>(new Set());
  const track = useCallback(async (key: K, call: () => Promise<void>) => {
    setInFlight(current => new Set(current).add(key));
    try {
      await call();
    } finally {
      setInFlight(current => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
    }
  }, []);
  return { inFlight, track };
}
