/**
 * Why a fetch failed, in a word where there is one: `fetch` reports every network error as
 * "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND...) in its cause.
 */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    .cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return (error as Error).message;
}
