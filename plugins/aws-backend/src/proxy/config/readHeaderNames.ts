import { validateHeaderName } from 'node:http';
import { configError } from './configError';

/**
 * Whether a string is a header name Node would send. Node's own check (RFC 9110 tokens), not a
 * regex of ours, so that what config accepts is exactly what the HTTP client can send.
 * `validateHeaderName` throws instead of answering, hence the wrapper.
 */
function isHeaderName(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    validateHeaderName(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A list of header names (`allowedRequestHeaders`, `allowedResponseHeaders`); undefined when
 * absent. An empty list is allowed: it adds nothing to the defaults.
 */
export function readHeaderNames(
  raw: unknown,
  key: string,
): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every(isHeaderName)) {
    throw configError(key, 'must be a list of header names');
  }
  return raw as string[];
}
