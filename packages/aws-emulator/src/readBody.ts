import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Bodies up to this size are kept in memory; larger ones are only hashed and counted. */
export const MAX_BUFFERED_BODY_BYTES = 64 * 1024 * 1024;

export interface ReadBody {
  body: Buffer | undefined;
  length: number;
  sha256: string;
}

/** Reads a request body, hashing it as it streams in. */
export async function readBody(req: IncomingMessage): Promise<ReadBody> {
  const hash = createHash('sha256');
  let chunks: Buffer[] | undefined = [];
  let length = 0;
  for await (const chunk of req) {
    hash.update(chunk);
    length += chunk.length;
    if (chunks && length <= MAX_BUFFERED_BODY_BYTES) chunks.push(chunk);
    else chunks = undefined;
  }
  return {
    body: chunks ? Buffer.concat(chunks) : undefined,
    length,
    sha256: hash.digest('hex'),
  };
}
