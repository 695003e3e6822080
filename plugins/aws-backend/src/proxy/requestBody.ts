import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { payloadTooLarge } from './proxyErrors';

/** SHA-256 of the empty string: the payload hash of every request without a body. */
export const EMPTY_SHA256 =
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Whether the request has a body at all, by HTTP/1.1 framing. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0')
  );
}

/**
 * Reads a body that is to be signed, hashing it as it arrives. A declared length over the
 * limit is refused before anything is read; a chunked body, as soon as it passes it.
 */
export async function readSignedBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer; sha256: string }> {
  if (!hasBody(req)) return { body: Buffer.alloc(0), sha256: EMPTY_SHA256 };
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw payloadTooLarge(limit);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw payloadTooLarge(limit);
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks, length), sha256: hash.digest('hex') };
}
