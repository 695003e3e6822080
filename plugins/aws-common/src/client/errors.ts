import type { AwsProxyErrorReason } from '../proxyErrors';

/**
 * What a failed call was for: the route, and the account, region and IAM action asked for.
 *
 * @public
 */
export interface AwsCallContext {
  route: string;
  accountId?: string;
  region?: string;
  iamAction?: string;
}

/**
 * The aws-bridge proxy refused the call before AWS saw it, or could not complete it: a route
 * that does not exist, an account or region the route does not allow or nobody configured, a
 * permission the policy denies, credentials that could not be had, AWS unreachable. `message`
 * is the proxy's own, which names the config key to change.
 *
 * @public
 */
export class AwsProxyRefusedError extends Error {
  readonly name = 'AwsProxyRefusedError';

  constructor(
    /** The HTTP status the proxy answered. */
    readonly status: number,
    /** The proxy's `error.reason`, when it gave one this version knows. */
    readonly reason: AwsProxyErrorReason | undefined,
    /** The proxy's `error.name`: `NotAllowedError`, `InputError`, `BadGatewayError`, ... */
    readonly errorName: string,
    message: string,
    readonly context: AwsCallContext,
  ) {
    super(message);
  }
}

// The codes AWS services use when the caller's IAM policy does not allow the action.
const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);

/**
 * AWS answered the proxied call with an error: its own code and message, as the service sent
 * them.
 *
 * @public
 */
export class AwsServiceError extends Error {
  readonly name = 'AwsServiceError';

  constructor(
    readonly status: number,
    /** AWS's error code: `AccessDeniedException`, `ThrottlingException`, ... */
    readonly code: string,
    /** AWS's message; may be empty. */
    readonly awsMessage: string,
    readonly requestId: string | undefined,
    readonly context: AwsCallContext,
  ) {
    super(
      `AWS refused the call: ${code}${awsMessage ? `: ${awsMessage}` : ''}`,
    );
  }

  /** Whether AWS refused because the route's role lacks the IAM permission. */
  get isAccessDenied(): boolean {
    return ACCESS_DENIED_CODES.has(this.code);
  }
}

/**
 * The Backstage backend could not be reached, or something in front of it (a load balancer, a
 * dev server) answered instead of the aws-bridge proxy.
 *
 * @public
 */
export class AwsBackendUnreachableError extends Error {
  readonly name = 'AwsBackendUnreachableError';

  constructor(
    message: string,
    readonly context: AwsCallContext,
    /** The HTTP status received, when one was. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Any of the errors {@link AwsApi} throws.
 *
 * @public
 */
export type AwsCallError =
  AwsProxyRefusedError | AwsServiceError | AwsBackendUnreachableError;

/**
 * Whether an error is one {@link AwsApi} throws.
 *
 * @public
 */
export function isAwsCallError(error: unknown): error is AwsCallError {
  return (
    error instanceof AwsProxyRefusedError ||
    error instanceof AwsServiceError ||
    error instanceof AwsBackendUnreachableError
  );
}
