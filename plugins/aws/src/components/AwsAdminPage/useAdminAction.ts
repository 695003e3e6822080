import { useCallback, useState } from 'react';

/**
 * How an action's failures are kept:
 * - `'per-key'`: each key keeps its own failure until it runs again, so a row can say why its
 *   own run failed while the others run on;
 * - `'latest'`: only the newest failure is kept, and any new run clears it, for actions whose
 *   failure shows once above the table (a check of every route has no row to show it in).
 */
export type AdminActionErrors = 'per-key' | 'latest';

/**
 * An action an admin starts from a section's table (check a route again, run a sync now),
 * run under a key (a route, a sync): the keys in flight, the answers by key, and the failures.
 *
 * The section keeps showing what it loaded; `withResults` swaps in an answer only when it is
 * newer, so a reload that raced the action never shows older data than the action returned.
 */
export function useAdminAction<TResult>(options: {
  /** Runs the action for `key` and answers the fresh results (a route check may answer many). */
  run: (key: string) => Promise<TResult[]>;
  /** The key (row) a result belongs to. */
  keyOf: (result: TResult) => string;
  /** Whether an answer of the action is newer than what the section loaded. */
  isNewer: (answered: TResult, loaded: TResult) => boolean;
  errors: AdminActionErrors;
}) {
  const { run, keyOf, isNewer, errors: errorMode } = options;
  // A key is in flight until its call and whatever is done with the answer are finished: rows
  // read it to show progress and disable their button.
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ReadonlyMap<string, TResult>>(
    new Map(),
  );
  const [errors, setErrors] = useState<ReadonlyMap<string, unknown>>(new Map());

  const start = useCallback(
    async (key: string) => {
      setErrors(current => {
        if (errorMode === 'latest') return new Map();
        const next = new Map(current);
        next.delete(key);
        return next;
      });
      setInFlight(current => new Set(current).add(key));
      try {
        const answered = await run(key);
        setResults(current => {
          const next = new Map(current);
          for (const result of answered) next.set(keyOf(result), result);
          return next;
        });
      } catch (error) {
        setErrors(current =>
          errorMode === 'latest'
            ? new Map([[key, error]])
            : new Map(current).set(key, error),
        );
      } finally {
        setInFlight(current => {
          const next = new Set(current);
          next.delete(key);
          return next;
        });
      }
    },
    [run, keyOf, errorMode],
  );

  const withResults = useCallback(
    (loaded: TResult[]) =>
      loaded.map(item => {
        const answered = results.get(keyOf(item));
        return answered && isNewer(answered, item) ? answered : item;
      }),
    [results, keyOf, isNewer],
  );

  return { inFlight, errors, start, withResults };
}
