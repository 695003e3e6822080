// The soak's record of every request a virtual user made: its kind, when it started and how
// long it took (ms from the soak's start), its status or network error, the replica that
// answered (the ALB emulator's x-alb-emulator-target header) and, for a 5xx, its cause.

import { performance } from 'node:perf_hooks';

export const KINDS = [
  'sign-in',
  'refresh',
  'proxy demo-api',
  'proxy payments-api',
  'proxy tagging',
  'proxy flaky',
  'admin',
];

/** The start of the ALB emulator's own 502, for a target it could not reach. */
const ALB_502 = '502 Bad Gateway: the ALB emulator could not reach the target';

/** A proxy error's message that says the upstream dropped the connection. */
const UPSTREAM_RESET =
  /ECONNRESET|connection reset|closed by the upstream|other side closed|socket hang up/i;

/**
 * Why a 5xx happened, from its body: `alb: target unreachable` (the ALB emulator's 502: the
 * replica it picked did not answer), `proxy: <reason or error name>` from the proxy's JSON
 * error body `{ error: { name, message, reason } }`, with `(upstream reset)` when its message
 * says so, or `other`.
 */
export function causeOf5xx(body) {
  if (body.startsWith(ALB_502)) return 'alb: target unreachable';
  let error;
  try {
    error = JSON.parse(body)?.error;
  } catch {
    // not JSON
  }
  if (error && typeof error === 'object') {
    const what = error.reason ?? error.name ?? 'unnamed error';
    return UPSTREAM_RESET.test(String(error.message))
      ? `proxy: ${what} (upstream reset)`
      : `proxy: ${what}`;
  }
  return 'other';
}

/** A network error's short name: `ECONNRESET`, `timeout`, `body broke off (...)`, ... */
function describeNetworkError(error) {
  if (error?.name === 'TimeoutError') return 'timeout';
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? error?.code ?? error?.message;
}

export class Recorder {
  /** @type {Array<{kind: string, user: string, start: number, ms: number, status?: number, error?: string, target?: string, cause?: string, message?: string}>} */
  records = [];

  constructor(t0 = performance.now()) {
    this.t0 = t0;
  }

  /** Milliseconds since the soak started. */
  now() {
    return performance.now() - this.t0;
  }

  /**
   * Runs `run` (one request, or a sign-in's several) and records it as `kind`. `run` resolves
   * to `{ status, headers, body, bodyError }` (a BrowserClient answer) or rejects with a
   * network error. Resolves to the answer, or undefined after a network error.
   */
  async time(kind, user, run) {
    const start = this.now();
    const record = { kind, user, start };
    this.records.push(record);
    try {
      const answer = await run();
      record.ms = this.now() - start;
      record.target = answer.headers?.get('x-alb-emulator-target') ?? undefined;
      if (answer.bodyError) {
        // The answer began, then its connection broke: the user saw no complete answer.
        record.error = `body broke off (${describeNetworkError(answer.bodyError)})`;
        return undefined;
      }
      if (answer.incomplete) {
        record.error = answer.incomplete;
        return undefined;
      }
      record.status = answer.status;
      if (answer.status >= 500) {
        record.cause = causeOf5xx(answer.body ?? '');
        record.message = (answer.body ?? '').slice(0, 300);
      }
      return answer;
    } catch (error) {
      record.ms = this.now() - start;
      record.error = describeNetworkError(error);
      return undefined;
    }
  }
}
