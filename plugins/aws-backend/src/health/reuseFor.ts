/** A check whose result is reused; `{ fresh: true }` asks for a new one now. */
export type ReusedCheck<T> = (options?: { fresh?: boolean }) => Promise<T>;

/**
 * Wraps an async check so that its result is reused for `intervalMs` after it starts, and
 * callers during a check share it. A failed check is not reused. A fresh check (the admin
 * page's "check again") starts a new one unless one is running, which it then shares: however
 * often the button is pressed, a target sees one probe at a time.
 */
export function reuseFor<T>(
  intervalMs: number,
  check: () => Promise<T>,
  now: () => number = Date.now,
): ReusedCheck<T> {
  let last: { at: number; result: Promise<T>; running: boolean } | undefined;
  return options => {
    if (
      last &&
      (last.running || (!options?.fresh && now() - last.at < intervalMs))
    ) {
      return last.result;
    }
    const current = { at: now(), result: check(), running: true };
    last = current;
    current.result.then(
      () => {
        current.running = false;
      },
      () => {
        current.running = false;
        if (last === current) last = undefined;
      },
    );
    return current.result;
  };
}
