import type { AwsProxyErrorReason } from '@aws-bridge/plugin-aws-common';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { Request, Response } from 'express';

/**
 * Marks an error with why the proxy refused the call; the error body carries it as
 * `error.reason` so callers (the entity card) need not read the message.
 */
export function withReason<E extends Error>(
  error: E,
  reason: AwsProxyErrorReason,
): E {
  Object.assign(error, { reason });
  return error;
}

function reasonOf(error: Error): AwsProxyErrorReason | undefined {
  return (error as Error & { reason?: AwsProxyErrorReason }).reason;
}

/**
 * A proxy failure with the status it answers. `name` follows @backstage/errors' naming
 * (`InputError`, `NotFoundError`, ...) for the statuses it has no class for: 413, 502, 504.
 */
export class ProxyError extends Error {
  readonly status: number;
  /**
   * What the backend's log gets beside the message, and the caller never sees: the full cause
   * of a fault on our side (an STS error naming the backend's IAM principal, an endpoint).
   */
  readonly logDetail?: string;

  constructor(
    status: number,
    name: string,
    message: string,
    logDetail?: string,
  ) {
    super(message);
    this.status = status;
    this.name = name;
    this.logDetail = logDetail;
  }
}

export const payloadTooLarge = (limit: number) =>
  new ProxyError(
    413,
    'PayloadTooLargeError',
    `The request body is larger than this route's limit of ${limit} bytes (maxRequestBodySize)`,
  );
export const requestTimeout = (timeoutMs: number) =>
  new ProxyError(
    408,
    'RequestTimeoutError',
    `The request body did not arrive within this route's timeout of ${timeoutMs} ms`,
  );
export const bodiesFull = (maxBytes: number) =>
  new ProxyError(
    503,
    'ServiceUnavailableError',
    `The AWS proxy is holding as many request bodies as it may (${maxBytes} bytes together, aws.proxy.maxBufferedBodySize); try again shortly`,
  );
export const badGateway = (message: string, logDetail?: string) =>
  new ProxyError(502, 'BadGatewayError', message, logDetail);
export const gatewayTimeout = (message: string, logDetail?: string) =>
  new ProxyError(504, 'GatewayTimeoutError', message, logDetail);

/**
 * The status for each error of @backstage/errors that has one, by the error's name: the table
 * of Backstage's own error handler (`getStatusCode` in @backstage/backend-defaults'
 * MiddlewareFactory), so that an error answers alike from the proxy and from any other route.
 * Written out here because Backstage does not export it.
 */
const STATUS_BY_NAME: Record<string, number> = {
  [NotModifiedError.name]: 304,
  [InputError.name]: 400,
  [AuthenticationError.name]: 401,
  [NotAllowedError.name]: 403,
  [NotFoundError.name]: 404,
  [ConflictError.name]: 409,
  [NotImplementedError.name]: 501,
  [ServiceUnavailableError.name]: 503,
};

/** A whole number that is an HTTP status, as Backstage's handler accepts one. */
function isHttpStatus(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 100 &&
    value <= 599
  );
}

/**
 * The status an error answers with, as Backstage's error handler decides it: a `statusCode`
 * or `status` the error carries (ProxyError's, or an http-errors error's), else its name's
 * status, else 500.
 */
export function statusOf(error: Error): number {
  const fields = error as Error & { statusCode?: unknown; status?: unknown };
  if (isHttpStatus(fields.statusCode)) return fields.statusCode;
  if (isHttpStatus(fields.status)) return fields.status;
  return STATUS_BY_NAME[error.name] ?? 500;
}

/**
 * Answers with Backstage's error shape, `{ error: { name, message }, request, response }`,
 * never a stack: the same body the backend's error handler writes, but written here so that
 * a proxy error always has it, whatever the environment.
 */
export function sendProxyError(req: Request, res: Response, error: Error) {
  const status = statusOf(error);
  const name = status === 500 ? 'Error' : error.name;
  const message =
    status === 500 ? 'The AWS proxy failed unexpectedly' : error.message;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status);
  if (status === 413 || status === 408 || status === 503) {
    // The rest of the body may be unread; the connection cannot carry another request.
    res.setHeader('connection', 'close');
  }
  const reason = status === 500 ? undefined : reasonOf(error);
  res.json({
    error: { name, message, ...(reason ? { reason } : {}) },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: status },
  });
}
