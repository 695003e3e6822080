import { InputError } from '@backstage/errors';
// RFC 3986 escaping as SigV4 wants it (everything but A-Z a-z 0-9 - . _ ~): the signer's own
// function, so that what is sent is byte for byte what @smithy/signature-v4 signs over.
import { escapeUri } from '@smithy/util-uri-escape';

/** Where one proxied request goes on its route's target, and what is signed. */
export type RequestTarget = {
  /** The path sent on the wire, percent-encoded: the target's prefix, then `<rest>`. */
  path: string;
  /** The query sent on the wire, percent-encoded as SigV4 canonicalises it (no `?`). */
  query: string;
  /** The same query decoded, as @smithy/signature-v4 takes it. */
  queryParams: Record<string, string | string[]>;
};

/** Query parameters that carry a presigned URL's signature: the proxy's own to write. */
const SIGNATURE_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

/** What RFC 3986 allows in a path: unreserved, sub-delims, ':', '@', '/' and percent-escapes. */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/** How many layers of percent-encoding a path segment is checked through. */
const MAX_DECODINGS = 4;

function decode(value: string, what: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InputError(`Malformed percent-encoding in the ${what}`);
  }
}

/**
 * Refuses a path segment that could climb out of the target's prefix once some server along
 * the way decodes it: `.` and `..`, raw or encoded once or twice (`%2e%2e`, `%252e%252e`),
 * also hidden inside an encoded slash (`..%2f`) or written with a backslash (`..\`), and
 * NUL or other control characters. Each decoding of the segment is checked, not only the last,
 * and a segment still encoded after MAX_DECODINGS decodings is refused rather than passed.
 */
function checkSegment(segment: string) {
  let current = segment;
  for (let decodings = 0; ; decodings++) {
    if (current.includes('\\')) {
      throw new InputError('Backslashes are not allowed in proxied paths');
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(current)) {
      throw new InputError(
        'Control characters are not allowed in proxied paths',
      );
    }
    if (current.split('/').some(piece => piece === '.' || piece === '..')) {
      throw new InputError(
        "Dot segments ('.' and '..', encoded or not) are not allowed in proxied paths",
      );
    }
    if (!current.includes('%')) return;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      // Only the first decoding must be valid: a decoded value may hold a literal '%'.
      if (decodings === 0) {
        throw new InputError('Malformed percent-encoding in the path');
      }
      return;
    }
    if (next === current) return;
    // Nothing legitimate is encoded this many times over; what is, cannot be checked.
    if (decodings === MAX_DECODINGS) {
      throw new InputError(
        `Path segments encoded more than ${MAX_DECODINGS} times over are not allowed`,
      );
    }
    current = next;
  }
}

/**
 * Reads the query the client sent: `+` is a space, as browsers' URLSearchParams write it,
 * and the rest percent-decoded; parameters that would carry a SigV4 signature are dropped.
 */
function readQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!rawQuery) return pairs;
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const key = decode(rawKey.replace(/\+/g, ' '), 'query string');
    const value = decode(rawValue.replace(/\+/g, ' '), 'query string');
    if (SIGNATURE_PARAMS.has(key.toLowerCase())) continue;
    pairs.push([key, value]);
  }
  return pairs;
}

/**
 * Builds the request target for `<rest>` (what follows the route in the proxy URL, with its
 * leading slash, and its query) on a target with path prefix `pathPrefix`.
 *
 * The host never comes from the request, so `//host`, `@` and `http://...` in `<rest>` stay
 * path characters inside the prefix; dot segments and backslashes are refused (400).
 *
 * Encoding follows SigV4: for S3 (`singleEncoded`), each segment is decoded and re-encoded
 * once, so that what is sent is exactly the canonical URI AWS signs over; for every other
 * service the path goes as the client sent it and the signer encodes it a second time, as
 * those services do. The query is always re-encoded canonically (AWS decodes it anyway).
 */
export function buildRequestTarget(
  pathPrefix: string,
  restWithQuery: string,
  singleEncoded: boolean,
): RequestTarget {
  const q = restWithQuery.indexOf('?');
  const rest = q < 0 ? restWithQuery : restWithQuery.slice(0, q);
  const rawQuery = q < 0 ? '' : restWithQuery.slice(q + 1);
  if (rest !== '' && !rest.startsWith('/')) {
    throw new InputError('The proxied path must start with a slash');
  }
  if (!PATH_CHARACTERS.test(rest)) {
    throw new InputError(
      'The proxied path has characters that must be percent-encoded',
    );
  }
  const segments = rest.split('/');
  for (const segment of segments) checkSegment(segment);
  const encodedRest = singleEncoded
    ? segments.map(s => escapeUri(decode(s, 'path'))).join('/')
    : rest;
  const path = `${pathPrefix}${encodedRest}` || '/';

  const pairs = readQuery(rawQuery);
  // No prototype: a parameter named __proto__ is a parameter like any other.
  const queryParams: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of pairs) {
    const existing = queryParams[key];
    if (existing === undefined) queryParams[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else queryParams[key] = [existing, value];
  }
  const query = pairs
    .map(([key, value]) => `${escapeUri(key)}=${escapeUri(value)}`)
    .join('&');
  return { path, query, queryParams };
}
