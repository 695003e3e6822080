/**
 * The call's outcome, or `timeoutError()` once `ms` have passed; then the call's signal is
 * aborted too, so a call that takes it (an AWS SDK `send` with `{ abortSignal }`) is cancelled
 * rather than left running.
 *
 * The wait is bounded whether or not the call heeds the signal: the SDK's credential providers
 * take none, and an SDK `send` looks at it only once its request is on the wire, not while it
 * resolves the credentials to sign with.
 */
export function withDeadline<T>(
  call: (signal: AbortSignal) => Promise<T>,
  ms: number,
  timeoutError: () => Error,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // One timer, rejecting before it aborts: callers get the timeout error, never the error
    // the aborted call rejects with a moment later. (AbortSignal.timeout would abort first.)
    timer = setTimeout(() => {
      const error = timeoutError();
      reject(error);
      controller.abort(error);
    }, ms);
  });
  return Promise.race([call(controller.signal), deadline]).finally(() =>
    clearTimeout(timer),
  );
}
