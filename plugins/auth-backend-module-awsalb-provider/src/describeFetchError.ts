/**
 * Why a fetch failed, in a word where there is one: `fetch` reports every network error as
 * "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND...) in its cause. A fetch
 * aborted by `AbortSignal.timeout(timeoutMs)` says how long it waited.
 */
export function describeFetchError(error: unknown, timeoutMs?: number): string {
  if (timeoutMs !== undefined && (error as Error)?.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    .cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return (error as Error).message;
}
