/*
 * Throughput and latency of the small JSON request, with autocannon's programmatic API. It runs
 * in the harness process; the servers it measures are child processes.
 */
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Responses that were not 2xx; kept visible, never folded into req/s silently. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Sent with every request (a signed-in row's `Authorization`). */
  headers?: Record<string, string>;
}

export async function loadTest(
  url: string,
  options: LoadOptions,
): Promise<LoadResult> {
  // Warm-up: JIT, connection pools and lazy init in the proxy; its numbers are discarded.
  if (options.warmupSeconds > 0) {
    await autocannon({
      url,
      headers: options.headers,
      connections: options.connections,
      duration: options.warmupSeconds,
    });
  }
  const result = await autocannon({
    url,
    headers: options.headers,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
