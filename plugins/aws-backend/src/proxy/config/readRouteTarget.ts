import type { RouteTarget } from './routeTypes';
import { configError } from './configError';

/**
 * A target as an error may quote it: not at all when it may hold credentials (`user:pass@`
 * that did not parse cannot be cut out reliably), else in quotes, shortened.
 */
function quoteTarget(raw: string): string {
  return raw.includes('@')
    ? "the value (not quoted: it contains '@', which may be credentials)"
    : `'${raw.slice(0, 200)}'`;
}

/**
 * Reads a route's target URL. Our own rather than the shared `readAwsConfigHttpUrl`: a target
 * may hold credentials that must never be quoted, and the route needs its parts, not a string.
 */
export function readRouteTarget(raw: unknown, key: string): RouteTarget {
  if (typeof raw !== 'string') {
    throw configError(
      key,
      'must be a URL such as https://abc.execute-api.us-east-1.amazonaws.com/prod',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(key, `${quoteTarget(raw)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(key, `must be an http or https URL, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw configError(key, 'must not contain credentials');
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw configError(key, 'must not have a query or fragment');
  }
  return {
    protocol: url.protocol,
    origin: url.origin,
    hostname: url.hostname,
    port: url.port,
    host: url.host,
    // `https://host/prod/` and `https://host/prod` are the same prefix, so that `<rest>` is
    // appended with exactly the slashes the caller sent.
    pathPrefix: url.pathname.replace(/\/$/, ''),
  };
}
