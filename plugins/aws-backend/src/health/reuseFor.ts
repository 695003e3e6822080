/** A check whose result is reused; `{ fresh: true }` asks for a new one now. */
export type ReusedCheck<T> = (options?: { fresh?: boolean }) => Promise<T>;

/**
 * Wraps an async check so that its result is reused for `intervalMs` after it starts, and
 * callers during a check share it. A failed check is not reused.
 *
 * A fresh check (the admin's "check again") starts a new one, told it is fresh, unless one is
 * running, which it then shares, or the last fresh one started less than
 * `minFreshIntervalMs` ago (aws.admin.minRunInterval), when it answers the newest result:
 * however often the button is pressed, by however many people, a target sees at most one
 * fresh check per that interval, and one scheduled by age per `intervalMs`.
 */
export function reuseFor<T>(
  intervalMs: number,
  check: (options: { fresh: boolean }) => Promise<T>,
  minFreshIntervalMs = 0,
  now: () => number = Date.now,
): ReusedCheck<T> {
  let last: { at: number; result: Promise<T>; running: boolean } | undefined;
  let lastFreshAt: number | undefined;
  return options => {
    const fresh = !!options?.fresh;
    if (last) {
      const reusable = fresh
        ? lastFreshAt !== undefined && now() - lastFreshAt < minFreshIntervalMs
        : now() - last.at < intervalMs;
      if (last.running || reusable) return last.result;
    }
    const current = { at: now(), result: check({ fresh }), running: true };
    last = current;
    if (fresh) lastFreshAt = current.at;
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
