import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Raw HTTP for the proxy tests: requests that reach the backend byte for byte as written, and
// upstreams that behave as a test needs.

/** A raw HTTP request, so that paths reach the backend byte for byte as written here. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  },
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A server on 127.0.0.1 that behaves as the test needs; resolves with its URL. */
export async function startUpstream(
  handler: http.RequestListener,
): Promise<{ url: string; server: http.Server; stop(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts an upstream (see {@link startUpstream}) before the file's tests and stops it after
 * them. Call it before {@link useBackendOnEmulator} so that routes can point at it; read
 * `url` inside tests or route callbacks (it is set in `beforeAll`).
 */
export function useUpstream(handler: http.RequestListener): {
  readonly url: string;
} {
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
  beforeAll(async () => {
    upstream = await startUpstream(handler);
  });
  afterAll(async () => {
    await upstream?.stop();
  });
  return {
    get url() {
      return upstream!.url;
    },
  };
}

/** A URL on which nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const upstream = await startUpstream(() => {});
  await upstream.stop();
  return upstream.url;
}
