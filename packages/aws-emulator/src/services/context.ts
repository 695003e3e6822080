import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identities, Principal } from '../state/Identities';

/** Everything a service handler needs to answer one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The raw path and query, still percent-encoded, as received. */
  rawPath: string;
  rawQuery: string;
  /** The body when buffered; undefined when too large to keep (only its hash is known). */
  body: Buffer | undefined;
  bodyLength: number;
  bodySha256: string;
  /** The service and region from the signature's credential scope. */
  service: string;
  region: string;
  /** Who signed the request; undefined for the few unsigned calls AWS allows. */
  caller?: Principal;
  identities: Identities;
  now: number;
  options: HandlerOptions;
}

export interface HandlerOptions {
  /** Overrides the lifetime of credentials STS issues (tests of expiry and refresh). */
  sessionLifetimeSeconds?: number;
}

/** A JSON 1.1 operation: answers `input`, the parsed request body, on `ctx.res`. */
export type JsonOperation = (ctx: RequestContext, input: any) => void;
