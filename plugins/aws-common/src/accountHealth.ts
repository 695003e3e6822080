/**
 * The credentials' health of every account the aws-bridge backend signs for: what
 * `GET /api/aws/admin/accounts` answers and the admin page shows. Defined here, not in the
 * node library, so the frontend can read it too.
 */

/**
 * Where an account's credentials come from.
 *
 * - `static`: an access key in config.
 * - `profile`: a profile in the shared AWS config and credentials files.
 * - `defaultChain`: the AWS SDK's default provider chain (environment, web identity, SSO,
 *   container and instance metadata...).
 * - `assumeRole`: `sts:AssumeRole` into a role, signed with the main account's (or the
 *   entry's own static) credentials.
 * - `webIdentity`: `sts:AssumeRoleWithWebIdentity` with a token read from a file.
 *
 * @public
 */
export type AwsCredentialSourceKind =
  'static' | 'profile' | 'defaultChain' | 'assumeRole' | 'webIdentity';

/**
 * The health of one account's credentials, as the admin page shows it. Holds no secret: no
 * key, no session token, no external ID.
 *
 * @public
 */
export type AwsAccountDescription = {
  /** The account ID; for the main account, the one `GetCallerIdentity` reported. */
  accountId?: string;
  /** Where this account is configured, e.g. `aws.accounts[0]`, `aws.mainAccount`. */
  configKey: string;
  isMainAccount: boolean;
  source: AwsCredentialSourceKind;
  /** The role assumed, for `assumeRole` and `webIdentity` sources. */
  roleArn?: string;
  stsRegion: string;
  /** Set when config overrides the STS endpoint for this account. */
  stsEndpoint?: string;
  /** Whether the last check got credentials and `GetCallerIdentity` answered. */
  ok: boolean;
  /** The ARN `GetCallerIdentity` returned for these credentials. */
  callerArn?: string;
  /** When the credentials in use expire (ISO 8601); absent for credentials that do not. */
  expiration?: string;
  /** Why the last check or the last credential refresh failed, with key IDs redacted. */
  lastError?: string;
  /**
   * The AWS error code of that failure (`AccessDenied`, `InvalidClientTokenId`, ...), or the
   * error's name when AWS did not answer (`CredentialsProviderError`, `TimeoutError`).
   */
  lastErrorCode?: string;
  /** What to change to fix that failure, naming the config key, when the code says it. */
  advice?: string;
  /**
   * While getting credentials fails: how many fetches failed in a row, and until when callers
   * get that failure without a new call to AWS (aws.credentialsBackoff). Absent once a fetch
   * succeeds. A re-check (`POST /api/aws/admin/accounts/check`) ends the wait.
   */
  backoff?: { failures: number; retryAt: string };
  /** The account's alias (IAM `ListAccountAliases`), when it has one and the credentials may read it. */
  alias?: string;
  /** How long the check took: getting credentials plus `GetCallerIdentity`. */
  latencyMs: number;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
};

/**
 * What `GET /api/aws/admin/accounts` answers.
 *
 * @public
 */
export interface AwsAccountsHealthResponse {
  accounts: AwsAccountDescription[];
}
