import { AuthenticationError } from '@backstage/errors';

/**
 * Why a request could not be signed in. One value per failure, so callers, logs and tests
 * branch on the reason rather than on message text.
 *
 * @public
 */
export type AwsAlbFailureReason =
  | 'missing-header'
  | 'duplicate-header'
  | 'header-too-long'
  | 'malformed-token'
  | 'unsupported-algorithm'
  | 'invalid-kid'
  | 'key-fetch-failed'
  | 'invalid-signature'
  | 'invalid-signer'
  | 'invalid-issuer'
  | 'invalid-client'
  | 'expired'
  | 'not-yet-valid'
  | 'missing-claim'
  | 'invalid-access-token'
  | 'missing-scope'
  | 'user-not-found'
  | 'not-provisioned'
  | 'sign-in-refused';

/**
 * Every failure of the awsalb provider. It is an `AuthenticationError` (its `name` stays
 * `AuthenticationError`), so Backstage's error handler answers 401 with the message: never a
 * 500. Messages name the cause and never contain a token.
 *
 * @public
 */
export class AwsAlbAuthError extends AuthenticationError {
  readonly reason: AwsAlbFailureReason;

  constructor(reason: AwsAlbFailureReason, message: string, cause?: unknown) {
    super(message, cause);
    this.reason = reason;
  }
}

/**
 * True when `error` is an {@link AwsAlbAuthError}, with the given reason if one is given.
 */
export function isAwsAlbAuthError(
  error: unknown,
  reason?: AwsAlbFailureReason,
): error is AwsAlbAuthError {
  return (
    error instanceof AwsAlbAuthError &&
    (reason === undefined || error.reason === reason)
  );
}
