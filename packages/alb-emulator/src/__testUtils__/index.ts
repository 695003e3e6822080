/**
 * Test helpers: a client that behaves as a browser does across redirects (a cookie jar, the
 * login form filled in), and a target that records what the ALB forwarded. Real HTTP on
 * 127.0.0.1, nothing faked.
 */
import {
  createServer,
  IncomingHttpHeaders,
  IncomingMessage,
  Server,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';

export type Answer = {
  status: number;
  headers: Headers;
  body: string;
  url: string;
};

/** A browser's cookie jar and redirect following, enough for the ALB and the IdP. */
export class BrowserLikeClient {
  readonly cookies = new Map<string, string>();

  #remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(a => {
        const [key, v] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) ||
          (key.toLowerCase() === 'max-age' && Number(v) <= 0)
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed. */
  async request(
    url: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ): Promise<Answer> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...init.headers, cookie: this.cookieHeader() },
      body: init.body,
    });
    this.#remember(res.headers);
    return {
      status: res.status,
      headers: res.headers,
      body: await res.text(),
      url,
    };
  }

  /** Follows redirects as a browser does (a 303 or a 302 after a POST becomes a GET). */
  async navigate(
    url: string,
    init: {
      method?: string;
      body?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    let answer = await this.request(url, init);
    for (
      let hops = 0;
      hops < 20 && answer.status >= 301 && answer.status <= 308;
      hops++
    ) {
      const next = new URL(answer.headers.get('location')!, answer.url).href;
      answer = await this.request(next);
    }
    return answer;
  }

  /** Opens `url` and, when the IdP's login form comes back, logs in as `username`. */
  async signIn(
    url: string,
    username: string,
    password = 'aws-bridge',
  ): Promise<Answer> {
    const form = await this.navigate(url);
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)?.[1];
    if (!action) return form;
    return this.navigate(
      new URL(action.replace(/&amp;/g, '&'), form.url).href,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      },
    );
  }
}

/** Backstage's readiness endpoint, the emulator's default health check path. */
export const READINESS_PATH = '/.backstage/health/v1/readiness';

export type RecordingTarget = {
  url: string;
  /** The headers of each request the target received, oldest first; health checks too. */
  received: Array<{
    url: string;
    headers: IncomingHttpHeaders;
    rawHeaders: string[];
  }>;
  /** What `READINESS_PATH` answers: a status (200 unless a test sets it), or `hang`: nothing. */
  readiness: number | 'hang';
  /** How many health checks (`READINESS_PATH`) the target has received. */
  healthChecks(): number;
  /** How many connections are open to the target now. */
  connections(): Promise<number>;
  stop(): Promise<void>;
};

/**
 * A target behind the ALB that answers 200 with the path, and records what it got. It accepts
 * WebSocket upgrades (a 101, then nothing), and answers its readiness endpoint as told.
 */
export async function startRecordingTarget(): Promise<RecordingTarget> {
  const received: RecordingTarget['received'] = [];
  // The object returned, made here so the handler reads what a test sets on it.
  const settable: Pick<RecordingTarget, 'readiness'> = { readiness: 200 };
  const record = (req: IncomingMessage) =>
    received.push({
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    });
  const server: Server = createServer((req, res) => {
    record(req);
    if (req.url === READINESS_PATH) {
      if (settable.readiness !== 'hang') {
        res.writeHead(settable.readiness);
        res.end();
      }
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`target saw ${req.method} ${req.url}`);
  });
  // An upgraded socket is no longer the HTTP server's: closeAllConnections() misses it.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    record(req);
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => {});
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const target: RecordingTarget = Object.assign(settable, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    healthChecks: () => received.filter(r => r.url === READINESS_PATH).length,
    connections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) =>
          error ? reject(error) : resolve(count),
        ),
      ),
    stop: () =>
      new Promise<void>(resolve => {
        for (const socket of upgraded) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return target;
}

/** The decoded header and payload of an ALB token; the segments are padded base64url. */
export function decodeAlbToken(token: string) {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map(segment => JSON.parse(Buffer.from(segment, 'base64url').toString()));
  return { header, payload };
}

/** A port free on 127.0.0.1 now, for a server whose URL others must know before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Polls `condition` every 20 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
