import type { AwsAccountDescription } from '@aws-bridge/plugin-aws-common';
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
  describeAccounts(
    options?: AwsDescribeAccountsOptions,
  ): Promise<AwsAccountDescription[]>;

  /**
   * Lets the next caller of a provider this service returned ask AWS now, even where failures
   * put its credentials in backoff: a fresh check of one route by an admin, after fixing its
   * role. A failure then waits the next, longer step. Optional: a service without a backoff
   * has nothing to end.
   */
  retryNow?(provider: AwsCredentialProvider): void;

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

/**
 * Options for {@link AwsCredentialsService.describeAccounts}.
 *
 * @public
 */
export type AwsDescribeAccountsOptions = {
  /**
   * Ask AWS again now even where failures have put an account's credentials in backoff (an
   * admin's re-check, after fixing a role). A failure then waits the next, longer step.
   */
  recheck?: boolean;
};
