import net from 'node:net';
import {
  ProxyTestBackend,
  rawRequest,
  startProxyBackend,
  startUpstream,
  USER_AUTH,
} from '../__testUtils__';

// What bounds a call in time and memory: the route's timeout counts from the start of the call
// to AWS's response headers (the body, the credentials and the wait for a free connection
// included); each route has its own connections, so slow calls on one cannot starve another;
// all signed bodies together are capped.

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let backend: ProxyTestBackend;
let upstreamRequests = 0;
/** Responses the upstream holds; releaseHeld() ends them, and it answers /hold at once after. */
const heldResponses: Array<import('node:http').ServerResponse> = [];
let holding = true;
function releaseHeld() {
  holding = false;
  for (const res of heldResponses.splice(0)) {
    if (res.headersSent) res.end();
    else res.writeHead(200).end('{}');
  }
}

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    upstreamRequests += 1;
    if (req.url === '/hold' && holding) {
      heldResponses.push(res);
      return;
    }
    if (req.url === '/drip') {
      // Headers at once, then a byte every 100 ms until released: holds its connection
      // without ever tripping a timeout.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
      heldResponses.push(res);
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  const route = (extra: Record<string, unknown>) => ({
    target: upstream.url,
    service: 'execute-api',
    region: 'us-east-1',
    ...extra,
  });
  backend = await startProxyBackend({
    proxy: {
      maxBufferedBodySize: '6mb',
      routes: {
        '/slow': route({ timeout: '10s' }),
        '/fast': route({ timeout: '5s' }),
        '/tight': route({ timeout: '500ms', maxConnections: 1 }),
        '/upload': route({ timeout: '1500ms' }),
      },
    },
  });
});

afterAll(async () => {
  await backend?.stop();
  await upstream?.stop();
});

const call = (path: string, method = 'GET') =>
  rawRequest(backend.url, {
    method,
    path: `/api/aws/proxy${path}`,
    headers: { authorization: USER_AUTH },
  });

async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

/**
 * Sends a signed-route request that declares `declared` bytes, sends `sent` of them and then
 * stalls; resolves with the status the proxy answers and when.
 */
function stallingUpload(path: string, declared: number, sent: number) {
  const { hostname, port } = new URL(backend.url);
  const socket = net.connect(Number(port), hostname);
  const started = Date.now();
  const answer = new Promise<{ status: number; afterMs: number }>(
    (resolve, reject) => {
      let received = '';
      socket.on('data', chunk => {
        received += chunk.toString('latin1');
        const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
        if (match) {
          resolve({ status: Number(match[1]), afterMs: Date.now() - started });
          socket.destroy();
        }
      });
      socket.on('error', reject);
    },
  );
  socket.write(
    `POST /api/aws/proxy${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${USER_AUTH}\r\n` +
      `Content-Type: application/octet-stream\r\nContent-Length: ${declared}\r\n\r\n`,
  );
  socket.write(Buffer.alloc(sent, 1));
  return { answer, socket };
}

describe('SigV4 proxy: limits', () => {
  it("keeps one route's slow calls from holding up another route's calls to the same origin", async () => {
    upstreamRequests = 0;
    // More slow calls than the old shared pool had connections (256).
    const held = Array.from({ length: 300 }, () =>
      call('/slow/hold').catch(() => undefined),
    );
    // The slow route has taken all of its own connections (64 by default).
    await until(() => upstreamRequests >= 64);
    const started = Date.now();
    const fast = await call('/fast/ok');
    const fastMs = Date.now() - started;
    expect(fast.status).toBe(200);
    // Loose, for a shared machine: with one shared pool it waited for a slow call to end (10 s).
    expect(fastMs).toBeLessThan(3000);
    expect(upstreamRequests).toBeLessThan(300);

    releaseHeld();
    await Promise.all(held);
  }, 30_000);

  it('counts the wait for a free connection in the route timeout', async () => {
    // The route's one connection streams a response that never pauses long enough to time out.
    const streaming = call('/tight/drip');
    await until(() => heldResponses.length === 1);
    const started = Date.now();
    const queued = await call('/tight/ok');
    expect(queued.status).toBe(504);
    expect(JSON.parse(queued.body.toString()).error.message).toBe(
      `AWS proxy route '/tight': no response from its target within 500 ms (the wait for a free connection included)`,
    );
    expect(Date.now() - started).toBeLessThan(2500);
    releaseHeld();
    expect((await streaming).status).toBe(200);
  });

  it("answers a signed body that stalls with a 408 at the route's timeout", async () => {
    const { answer } = stallingUpload('/upload/items', 1000, 10);
    const { status, afterMs } = await answer;
    expect(status).toBe(408);
    // The old code held it until Node's own 300 s request timeout.
    expect(afterMs).toBeGreaterThanOrEqual(1400);
    expect(afterMs).toBeLessThan(5000);
  });

  it('answers 503 once the bodies held together reach maxBufferedBodySize, and gives the room back', async () => {
    const MB = 1024 * 1024;
    const first = stallingUpload('/upload/a', 5 * MB, 4 * MB);
    await new Promise(resolve => setTimeout(resolve, 300));
    const second = stallingUpload('/upload/b', 5 * MB, 4 * MB);
    const refused = await second.answer;
    expect(refused.status).toBe(503);
    expect((await first.answer).status).toBe(408);

    // The first body's room is free again once its call has ended.
    const ok = await rawRequest(backend.url, {
      method: 'POST',
      path: '/api/aws/proxy/upload/c',
      headers: {
        authorization: USER_AUTH,
        'content-type': 'application/octet-stream',
        'content-length': String(5 * MB),
      },
      body: Buffer.alloc(5 * MB, 2),
    });
    expect(ok.status).toBe(200);
  });
});
