/**
 * The promise's outcome, or `timeoutError()` once `ms` have passed. It stops the waiting, not
 * the call: callers that can, also give the call itself a timeout (stsClientConfig does).
 */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  timeoutError: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
