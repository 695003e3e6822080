import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

// The first three types are the public surface of @backstage/integration-aws-node, kept
// field for field so that migrating is an import change.

/**
 * A set of credentials information for an AWS account.
 *
 * @public
 */
export type AwsCredentialProvider = {
  /** The AWS account ID of these credentials. */
  accountId?: string;
  /** The STS region used with these credentials. */
  stsRegion?: string;
  /**
   * The ARN of the IAM role that these credentials are for, when they are obtained by
   * assuming a role, e.g. 'arn:aws:iam::123456789012:role/my-role'.
   */
  roleArn?: string;
  /** The credential identity provider to give to AWS SDK for JavaScript v3 clients. */
  sdkCredentialProvider: AwsCredentialIdentityProvider;
};

/**
 * The options for specifying the AWS credentials to retrieve.
 *
 * @public
 */
export type AwsCredentialProviderOptions = {
  /** The AWS account ID, e.g. '012345678901'. */
  accountId?: string;
  /**
   * The resource ARN that will be accessed with the returned credentials. When no account ID
   * is given, it is taken from the ARN.
   */
  arn?: string;
};

/**
 * Retrieves AWS credentials for an account.
 *
 * @public
 */
export interface AwsCredentialsManager {
  /** Get credentials for an AWS account. */
  getCredentialProvider(
    opts?: AwsCredentialProviderOptions,
  ): Promise<AwsCredentialProvider>;
}

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
  /** How long the check took: getting credentials plus `GetCallerIdentity`. */
  latencyMs: number;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
};

/**
 * The credentials service the aws-bridge plugins share: a credentials manager that can also
 * report on every account it knows.
 *
 * @public
 */
export interface AwsCredentialsService extends AwsCredentialsManager {
  /**
   * Checks the main account and every configured account (and every account resolved through
   * `aws.accountDefaults` so far), concurrently.
   */
  describeAccounts(): Promise<AwsAccountDescription[]>;

  /**
   * Credentials for one IAM role, assumed with the main account's credentials: what a proxy
   * route with its own `roleArn` signs with (Segment's `proxysigv4` routes work this way).
   * The same options always get the same provider, whose credentials are cached and shared;
   * the role then appears in {@link AwsCredentialsService.describeAccounts}.
   */
  getRoleCredentialProvider(
    opts: AwsRoleCredentialProviderOptions,
  ): AwsCredentialProvider;
}

/**
 * The role {@link AwsCredentialsService.getRoleCredentialProvider} assumes.
 *
 * @public
 */
export type AwsRoleCredentialProviderOptions = {
  /** e.g. `arn:aws:iam::111111111111:role/BackstageReadOnly`. */
  roleArn: string;
  /** Defaults to `backstage`. */
  roleSessionName?: string;
  /** When the role's trust policy requires one. */
  externalId?: string;
  /** Where the role is configured, for describeAccounts and errors, e.g. `aws.proxy.routes./search`. */
  configKey?: string;
};
