/**
 * Wraps an async check so that its result is reused for `intervalMs` after it starts, and
 * callers during a check share it. A failed check is not reused.
 */
export function reuseFor<T>(
  intervalMs: number,
  check: () => Promise<T>,
  now: () => number = Date.now,
): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (last && now() - last.at < intervalMs) return last.result;
    const current = { at: now(), result: check() };
    last = current;
    current.result.catch(() => {
      if (last === current) last = undefined;
    });
    return current.result;
  };
}
