import type { IncomingHttpHeaders } from 'node:http';

/**
 * Request headers forwarded to AWS unless a route changes the list: what browsers send to
 * describe the body they send and the answer they accept, and conditional and range requests.
 */
export const DEFAULT_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-md5',
  'content-type',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'pragma',
  'range',
];

/** Response headers passed back to the browser unless a route adds more. */
export const DEFAULT_RESPONSE_HEADERS: readonly string[] = [
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'x-amz-apigw-id',
  'x-amz-id-2',
  'x-amz-request-id',
  'x-amzn-errortype',
  'x-amzn-requestid',
];

/** RFC 9110 hop-by-hop headers: about one connection, never forwarded either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Never forwarded to AWS, whatever a route's allowlist says: the caller's Backstage token and
 * cookies, the host (the target's is signed instead), the length (set from the body sent),
 * and the headers that carry a SigV4 signature, which are the proxy's to write.
 */
const NEVER_TO_AWS = new Set([
  'authorization',
  'content-length',
  'cookie',
  'expect',
  'host',
  'x-amz-algorithm',
  'x-amz-content-sha256',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

/** Never passed back to the browser: AWS's cookies, and auth challenges meant for the proxy. */
const NEVER_TO_BROWSER = new Set([
  'proxy-authenticate',
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
]);

/**
 * Which headers cross the proxy for one route. Names are compared lower-case. Client
 * `X-Amz-*` headers are dropped unless the route lists them (e.g. `x-amz-target` for a
 * JSON-RPC API, `x-amz-meta-*` names for S3); the signature's own never pass.
 */
export class HeaderPolicy {
  private readonly requestAllowed: Set<string>;
  private readonly responseAllowed: Set<string>;

  constructor(options: {
    allowedRequestHeaders?: readonly string[];
    allowedResponseHeaders?: readonly string[];
  }) {
    this.requestAllowed = new Set(
      [...DEFAULT_REQUEST_HEADERS, ...(options.allowedRequestHeaders ?? [])]
        .map(name => name.toLowerCase())
        .filter(name => !NEVER_TO_AWS.has(name) && !HOP_BY_HOP.has(name)),
    );
    this.responseAllowed = new Set(
      [...DEFAULT_RESPONSE_HEADERS, ...(options.allowedResponseHeaders ?? [])]
        .map(name => name.toLowerCase())
        .filter(name => !NEVER_TO_BROWSER.has(name) && !HOP_BY_HOP.has(name)),
    );
  }

  /**
   * The client's headers that may go to AWS, lower-cased, repeats joined with `, `. Reads
   * `rawHeaders` so that nothing Node would merge or drop is missed; names the client's
   * `Connection` header lists are dropped as hop-by-hop too.
   */
  requestHeaders(rawHeaders: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    let connectionListed: Set<string> | undefined;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toLowerCase();
      if (name === 'connection') {
        connectionListed = new Set(
          rawHeaders[i + 1].split(',').map(token => token.trim().toLowerCase()),
        );
      }
      if (!this.requestAllowed.has(name)) continue;
      const value = rawHeaders[i + 1];
      out[name] = name in out ? `${out[name]}, ${value}` : value;
    }
    if (connectionListed) {
      for (const name of connectionListed) delete out[name];
    }
    return out;
  }

  /** The upstream response's headers the browser may see. */
  responseHeaders(
    headers: IncomingHttpHeaders,
  ): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && this.responseAllowed.has(name)) {
        out[name] = value;
      }
    }
    return out;
  }
}
