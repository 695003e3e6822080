/*
 * The upstream every row talks to: plain node:http, no signature checks, so that it costs far
 * less than any proxy in front of it. Run as its own process (see run.ts); it reports its port
 * to the parent over IPC.
 *
 *   GET …/small   ~100 bytes of JSON
 *   GET …/stream  BENCH_STREAM_BYTES (default 1 GiB) of binary, with content-length
 *
 * Paths match by suffix because each proxy forwards with its own prefix handling.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';

/** In every small response, so that the harness can tell the upstream answered. */
export const UPSTREAM_MARKER = '"source":"bench-upstream"';
/** In the small response when the request carried a SigV4 Authorization header. */
export const SIGNED_MARKER = '"sigv4":true';

// Two pre-built bodies of the same size. The upstream does not verify signatures (that would
// make it slower than the proxies), but it does say whether one was there, so that a SigV4 row
// that forgot to sign fails its probe instead of looking fast.
const smallBody = (sigv4: boolean) =>
  Buffer.from(
    JSON.stringify({
      ok: true,
      source: 'bench-upstream',
      sigv4,
      message: 'a small JSON body, about one hundred bytes',
    }),
  );
const SMALL = smallBody(false);
const SMALL_SIGNED = smallBody(true);

// One pre-filled chunk written over and over: the upstream never allocates per chunk.
const CHUNK = Buffer.alloc(64 * 1024, 0xab);

/** `totalBytes` as CHUNK and its subarrays. */
function* pieces(totalBytes: number) {
  for (let remaining = totalBytes; remaining > 0;) {
    const chunk =
      remaining >= CHUNK.length ? CHUNK : CHUNK.subarray(0, remaining);
    remaining -= chunk.length;
    yield chunk;
  }
}

/**
 * Streams `totalBytes` with backpressure: pipeline asks for the next chunk only once the
 * response has taken the last one, so a slow reader (or a proxy) never makes us buffer. It
 * rejects when the reader goes away.
 */
function writeStream(res: http.ServerResponse, totalBytes: number) {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(totalBytes),
  });
  return pipeline(pieces(totalBytes), res);
}

export function createUpstream(streamBytes: number): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path.endsWith('/small')) {
      const signed =
        req.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ') ?? false;
      const body = signed ? SMALL_SIGNED : SMALL;
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(body.length),
      });
      res.end(body);
    } else if (req.method === 'GET' && path.endsWith('/stream')) {
      writeStream(res, streamBytes).catch(() => res.destroy());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no route for ${req.method} ${path}\n`);
    }
  });
}

if (require.main === module) {
  const streamBytes = Number(process.env.BENCH_STREAM_BYTES ?? 1024 ** 3);
  const server = createUpstream(streamBytes);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ port });
  });
  // The harness owns this process: if it goes away, so do we.
  process.on('disconnect', () => process.exit(0));
}
