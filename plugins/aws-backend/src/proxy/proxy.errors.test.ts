import http from 'node:http';
import {
  AwsEmulator,
  closedPortUrl,
  ProxyTestBackend,
  rawRequest,
  startAwsEmulator,
  startProductionProxyBackend,
  startUpstream,
  USER_AUTH,
} from '../__testUtils__';

// Upstream faults answer 502 or 504 in Backstage's error shape; responses stream, through the
// same middleware as in production; a client that leaves cancels the upstream request.

let emulator: AwsEmulator;
let backend: ProxyTestBackend;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
/** Set by the upstream: how each /slow-stream response ended. */
let slowStreamEnded: Promise<'finished' | 'aborted'>;
/** Lets the upstream's /held response finish. */
let releaseHeld: () => void = () => {};

beforeAll(async () => {
  emulator = await startAwsEmulator();
  upstream = await startUpstream((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/large-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: Array(2000).fill('compressible') }));
      return;
    }
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    if (req.url === '/forbidden') {
      res.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'AccessDeniedException',
      });
      res.end(
        JSON.stringify({
          message: 'User is not authorized to perform: execute-api:Invoke',
        }),
      );
      return;
    }
    if (req.url === '/reset') {
      req.socket.destroy();
      return;
    }
    if (req.url === '/held') {
      // The first chunk now, the rest once the test says so.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first chunk;');
      releaseHeld = () => res.end('the rest');
      return;
    }
    if (req.url === '/slow-stream') {
      slowStreamEnded = new Promise(resolve => {
        res.on('close', () =>
          resolve(res.writableFinished ? 'finished' : 'aborted'),
        );
      });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(1024)), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(404).end();
  });
  const scope = { service: 'execute-api', region: 'us-east-1' };
  // The HTTP stack of a real backend, compression included: it must not hold back or
  // re-encode what streams through.
  backend = await startProductionProxyBackend({
    proxy: {
      routes: {
        '/apigw': { target: `${emulator.url}/prod`, ...scope },
        '/refused': { target: await closedPortUrl(), ...scope },
        '/faults': { target: upstream.url, ...scope, timeout: 300 },
        '/no-credentials': {
          target: emulator.url,
          ...scope,
          accountId: '123456789012',
        },
      },
    },
  });
});

afterAll(async () => {
  await backend?.stop();
  await upstream?.stop();
  await emulator?.stop();
});

function get(path: string) {
  return rawRequest(backend.url, {
    path: `/api/aws/proxy${path}`,
    headers: { authorization: USER_AUTH },
  });
}

function errorOf(response: { body: Buffer }) {
  return JSON.parse(response.body.toString());
}

describe('SigV4 proxy: upstream faults', () => {
  it('answers 502 naming ECONNREFUSED, but not where the backend connects, when the upstream refuses', async () => {
    const response = await get('/refused/items');
    expect(response.status).toBe(502);
    const body = errorOf(response);
    expect(body.error.name).toBe('BadGatewayError');
    expect(body.error.message).toBe(
      "AWS proxy route '/refused': its target failed: connection refused (ECONNREFUSED)",
    );
    expect(response.body.toString()).not.toContain('127.0.0.1');
    expect(body.error.stack).toBeUndefined();
    expect(body.response.statusCode).toBe(502);
    expect(body.request).toEqual({
      method: 'GET',
      url: '/api/aws/proxy/refused/items',
    });
  });

  it('answers 502 when the upstream resets the connection', async () => {
    const response = await get('/faults/reset');
    expect(response.status).toBe(502);
    expect(errorOf(response).error.message).toMatch(
      /connection closed by the upstream|ECONNRESET/,
    );
  });

  it('answers 504 when the upstream does not answer within the route timeout', async () => {
    const started = Date.now();
    const response = await get('/faults/hang');
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const body = errorOf(response);
    expect(body.error.name).toBe('GatewayTimeoutError');
    expect(body.error.message).toContain('within 300 ms');
  });

  it('answers 502 when credentials cannot be had, without the secret', async () => {
    const response = await get('/no-credentials/items');
    expect(response.status).toBe(502);
    const body = errorOf(response);
    expect(body.error.message).toContain(
      "Could not get AWS credentials for proxy route '/no-credentials'",
    );
    expect(body.error.message).toContain('123456789012');
    expect(response.body.toString()).not.toContain(
      'demo-secret-for-the-platform-backstage-user',
    );
  });

  it("passes AWS's own errors through with their status, body and error type", async () => {
    const response = await get('/faults/forbidden');
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(response.body.toString())).toEqual({
      message: 'User is not authorized to perform: execute-api:Invoke',
    });
  });
});

describe('SigV4 proxy: streaming', () => {
  it('sends the first bytes of a response before the upstream has finished it', async () => {
    const { hostname, port } = new URL(backend.url);
    const firstChunk = await new Promise<string>((resolve, reject) => {
      http
        .get(
          {
            hostname,
            port,
            path: '/api/aws/proxy/faults/held',
            // As a browser sends it: Backstage's compression must not hold the bytes back.
            headers: {
              authorization: USER_AUTH,
              'accept-encoding': 'gzip, br',
            },
          },
          res => {
            res.once('data', chunk => {
              resolve(chunk.toString());
              releaseHeld();
              res.resume();
            });
          },
        )
        .on('error', reject);
    });
    expect(firstChunk).toBe('first chunk;');
  });

  it('streams a 64 MiB response from the emulator intact', async () => {
    const { hostname, port } = new URL(backend.url);
    const received = await new Promise<number>((resolve, reject) => {
      http
        .get(
          {
            hostname,
            port,
            path: '/api/aws/proxy/apigw/_stream/64?delayMs=0&chunkKiB=256',
            headers: { authorization: USER_AUTH },
          },
          res => {
            expect(res.statusCode).toBe(200);
            expect(res.headers['content-length']).toBe(
              String(64 * 1024 * 1024),
            );
            let bytes = 0;
            res.on('data', chunk => {
              bytes += chunk.length;
            });
            res.on('end', () => resolve(bytes));
            res.on('error', reject);
          },
        )
        .on('error', reject);
    });
    expect(received).toBe(64 * 1024 * 1024);
  });

  it('cancels the upstream request when the client goes away', async () => {
    const { hostname, port } = new URL(backend.url);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        {
          hostname,
          port,
          path: '/api/aws/proxy/faults/slow-stream',
          headers: { authorization: USER_AUTH },
        },
        res => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', error => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') {
          reject(error);
        }
      });
    });
    await expect(slowStreamEnded).resolves.toBe('aborted');
  });

  it("passes AWS's bytes through uncompressed when the browser accepts gzip, behind Backstage's compression", async () => {
    const response = await rawRequest(backend.url, {
      path: '/api/aws/proxy/faults/large-json',
      headers: { authorization: USER_AUTH, 'accept-encoding': 'gzip, br' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString()).toBe(
      JSON.stringify({ items: Array(2000).fill('compressible') }),
    );
    // The same middleware still compresses the backend's own answers.
    const own = await rawRequest(backend.url, {
      path: `/api/aws/proxy/nope/${'x'.repeat(2000)}`,
      headers: { authorization: USER_AUTH, 'accept-encoding': 'gzip' },
    });
    expect(own.status).toBe(404);
    expect(own.headers['content-encoding']).toBe('gzip');
  });

  it('reuses kept-alive upstream connections', async () => {
    let connections = 0;
    const count = () => {
      connections++;
    };
    upstream.server.on('connection', count);
    try {
      for (let i = 0; i < 20; i++) {
        expect((await get('/faults/ok')).status).toBe(200);
      }
    } finally {
      upstream.server.off('connection', count);
    }
    // One connection, or two when a pooled one from an earlier test was closed under us; never one per request.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('answers 404 in the same shape for a route that does not exist', async () => {
    const response = await get('/nope/items');
    expect(response.status).toBe(404);
    const body = errorOf(response);
    expect(body.error.name).toBe('NotFoundError');
    expect(body.error.message).toBe(
      "No AWS proxy route matches '/nope/items'; an admin can see the routes there are on /aws-admin",
    );
    expect(body.error.reason).toBe('route-not-found');
  });
});
