import {
  IncomingMessage,
  OutgoingHttpHeaders,
  request,
  ServerResponse,
} from 'node:http';
import { Duplex } from 'node:stream';

/** The headers only the ALB sets; a client's copies never reach the target. */
const ALB_HEADER = /^x-amzn-oidc-/i;

/**
 * Which target answered, on every answer from a target, so people and tests can tell the
 * replicas of a target group apart. The emulator's own: a real ALB sends no such header.
 */
export const TARGET_HEADER = 'x-alb-emulator-target';

// Hop-by-hop headers (RFC 9110, 7.6.1) are for one connection, not for the target.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/**
 * The request's headers as the target gets them: the client's `x-amzn-oidc-*` dropped, the
 * ALB's added, and the X-Forwarded-* headers the ALB sets. `rawHeaders` is read, not
 * `headers`, so a header sent twice is dropped twice.
 */
export function forwardedHeaders(
  req: IncomingMessage,
  albHeaders: Record<string, string>,
  keepUpgrade = false,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    if (ALB_HEADER.test(name)) continue;
    if (
      HOP_BY_HOP.has(name) &&
      !(keepUpgrade && (name === 'upgrade' || name === 'connection'))
    )
      continue;
    const value = req.rawHeaders[i + 1];
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    // A cookie header sent in pieces (HTTP/2 clients do) is one list to the target.
    else if (name === 'cookie') headers[name] = `${existing}; ${value}`;
    else headers[name] = ([] as string[]).concat(existing as string, value);
  }
  const remote = req.socket.remoteAddress ?? '';
  const priorForwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = priorForwardedFor
    ? `${priorForwardedFor}, ${remote}`
    : remote;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  return { ...headers, ...albHeaders };
}

/**
 * The request to the target for a client's request, with the headers the target gets (those
 * of a WebSocket upgrade kept when `upgrade`). The path is appended to the target's origin as
 * text: `new URL('//elsewhere/x', target)` would leave the target's host.
 */
function requestToTarget(
  req: IncomingMessage,
  target: string,
  albHeaders: Record<string, string>,
  upgrade = false,
) {
  const path = (req.url ?? '/').startsWith('/')
    ? (req.url ?? '/')
    : `/${req.url}`;
  return request(`${new URL(target).origin}${path}`, {
    method: req.method,
    headers: forwardedHeaders(req, albHeaders, upgrade),
  });
}

/**
 * Forwards a request to `target`; a target that cannot be reached gets a 502, as from the ALB
 * (which does not try another target either). The 502 names the target too.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  albHeaders: Record<string, string>,
): void {
  const upstream = requestToTarget(req, target, albHeaders);
  upstream.on('response', answer => {
    const headers = Object.fromEntries(
      Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
    );
    headers[TARGET_HEADER] = new URL(target).origin;
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
    answer.pipe(res);
  });
  upstream.on('error', error => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, {
      'content-type': 'text/plain; charset=utf-8',
      [TARGET_HEADER]: new URL(target).origin,
    });
    res.end(
      `502 Bad Gateway: the ALB emulator could not reach the target ${target} (${
        (error as NodeJS.ErrnoException).code ?? error.message
      }). Is it running?`,
    );
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

/** Forwards a WebSocket upgrade (the app dev server's live reload) to `target`. */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: string,
  albHeaders: Record<string, string>,
): void {
  const upstream = requestToTarget(req, target, albHeaders, true);
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    const lines = [
      `HTTP/1.1 101 ${answer.statusMessage ?? 'Switching Protocols'}`,
    ];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
    }
    lines.push(`${TARGET_HEADER}: ${new URL(target).origin}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length) socket.write(upstreamHead);
    if (head.length) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    // One side gone ends the other: a half-closed pair would keep both open, and `stop()`
    // of the emulator waiting for them.
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('error', () => upstreamSocket.destroy());
    upstreamSocket.on('close', () => socket.destroy());
    socket.on('close', () => upstreamSocket.destroy());
  });
  upstream.on('response', answer => {
    socket.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n\r\n`);
  });
  upstream.on('error', () => socket.destroy());
  upstream.end();
}
