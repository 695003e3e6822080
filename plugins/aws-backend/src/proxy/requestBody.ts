import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './BodyBudget';
import { bodiesFull, payloadTooLarge } from './proxyErrors';

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

export type SignedBody = {
  body: Buffer;
  sha256: string;
  /** Bytes taken from the budget; give them back when the call ends. */
  taken: number;
};

/**
 * One body being read: its listeners, what it has taken from the budget, how it ends. Our own
 * listeners rather than `stream.pipeline` into a hash: each chunk must be checked against the
 * route's limit and taken from the shared budget before it is kept, and a refusal must stop
 * the read at once without destroying the request, whose connection still carries the answer.
 */
class SignedBodyRead {
  private readonly hash = createHash('sha256');
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly budget: BodyBudget,
    private readonly signal: AbortSignal,
    private readonly resolve: (body: SignedBody) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start() {
    if (this.signal.aborted) {
      this.reject(this.signal.reason);
      return;
    }
    this.signal.addEventListener('abort', this.onAbort);
    this.req.on('data', this.onData);
    this.req.on('end', this.onEnd);
    this.req.on('error', this.fail);
  }

  private readonly onData = (chunk: Buffer) => {
    if (this.length + chunk.length > this.limit) {
      this.fail(payloadTooLarge(this.limit));
    } else if (!this.budget.tryTake(chunk.length)) {
      this.fail(bodiesFull(this.budget.maxBytes));
    } else {
      this.length += chunk.length;
      this.hash.update(chunk);
      this.chunks.push(chunk);
    }
  };

  private readonly onEnd = () => {
    this.stopListening();
    this.resolve({
      body: Buffer.concat(this.chunks, this.length),
      sha256: this.hash.digest('hex'),
      taken: this.length,
    });
  };

  private readonly onAbort = () => this.fail(this.signal.reason);

  private readonly fail = (error: unknown) => {
    this.stopListening();
    this.budget.giveBack(this.length);
    // What is left of the body is not wanted; the answer closes the connection.
    this.req.pause();
    this.reject(error);
  };

  private stopListening() {
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.req.off('error', this.fail);
    this.signal.removeEventListener('abort', this.onAbort);
  }
}

/**
 * Reads a body that is to be signed, hashing it as it arrives. A declared length over the
 * limit is refused before anything is read; a chunked body, as soon as it passes it. Every
 * byte is taken from `budget` as it arrives (503 when it is spent), and the read stops when
 * `signal` aborts (the call's deadline, or the client leaving) with the signal's reason.
 */
export function readSignedBody(
  req: IncomingMessage,
  limit: number,
  budget: BodyBudget,
  signal: AbortSignal,
): Promise<SignedBody> {
  if (!hasBody(req)) {
    return Promise.resolve({
      body: Buffer.alloc(0),
      sha256: EMPTY_SHA256,
      taken: 0,
    });
  }
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(payloadTooLarge(limit));
  return new Promise((resolve, reject) =>
    new SignedBodyRead(req, limit, budget, signal, resolve, reject).start(),
  );
}
