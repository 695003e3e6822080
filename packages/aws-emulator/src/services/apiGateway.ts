import { pipeline } from 'node:stream/promises';
import { setTimeout } from 'node:timers/promises';
import type { RequestContext } from './context';

// The API Gateway style endpoints proxy tests call: every request is echoed back as JSON,
// except `<any prefix>/_stream/<MiB>`, which sends that many MiB slowly.

/** The stream endpoint's path: `/_stream/<MiB>`, after any stage or route prefix. */
export const STREAM_PATH = /\/_stream\/(\d+(?:\.\d+)?)$/;

const STREAM_CHUNK = Buffer.alloc(64 * 1024, 'aws-bridge emulator stream\n');

export function echo(ctx: RequestContext) {
  const headers: Record<string, string> = {};
  // Raw header pairs, so tests see exactly what arrived (names lower-cased, repeats joined).
  for (let i = 0; i < ctx.req.rawHeaders.length; i += 2) {
    const name = ctx.req.rawHeaders[i].toLowerCase();
    const value = ctx.req.rawHeaders[i + 1];
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  ctx.res.writeHead(200, { 'content-type': 'application/json' });
  ctx.res.end(
    JSON.stringify({
      method: ctx.req.method,
      path: ctx.rawPath,
      rawQuery: ctx.rawQuery,
      headers,
      bodyLength: ctx.bodyLength,
      bodySha256: ctx.bodySha256,
      service: ctx.service,
      region: ctx.region,
      caller: ctx.caller?.arn,
    }),
  );
}

/** `total` bytes as subarrays of `chunk`, `delayMs` apart. */
async function* pieces(chunk: Buffer, total: number, delayMs: number) {
  for (let sent = 0; sent < total;) {
    const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
    sent += piece.length;
    yield piece;
    if (delayMs > 0) await setTimeout(delayMs);
  }
}

/**
 * Sends `<MiB>` MiB in 64 KiB chunks (`chunkKiB` to change), waiting `delayMs` (default 10)
 * between chunks and honouring backpressure. Stops when the client goes away.
 */
export async function stream(ctx: RequestContext, mib: number) {
  const query = new URLSearchParams(ctx.rawQuery);
  const chunkBytes = Math.max(1, Number(query.get('chunkKiB') ?? 64)) * 1024;
  const delayMs = Math.max(0, Number(query.get('delayMs') ?? 10));
  const total = Math.round(mib * 1024 * 1024);
  const chunk =
    chunkBytes <= STREAM_CHUNK.length
      ? STREAM_CHUNK.subarray(0, chunkBytes)
      : Buffer.alloc(chunkBytes, STREAM_CHUNK);
  const { res } = ctx;
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(total),
  });
  // The next piece is asked for only once the response has taken the last one (pipeline
  // waits for 'drain'), so a slow client holds at most one piece here.
  try {
    await pipeline(pieces(chunk, total, delayMs), res);
  } catch {
    // The client went away mid-download (pipeline has destroyed the response): the download
    // just stops, as a real API's would; there is no one left to answer.
  }
}
