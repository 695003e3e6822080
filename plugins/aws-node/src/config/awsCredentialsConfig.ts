import { awsConfigErrors } from './configReaders';
import {
  CredentialsBackoffSettings,
  DEFAULT_CREDENTIALS_BACKOFF,
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
} from '../credentials/RefreshingCredentials';

// The `aws` block as the manager uses it, once read and checked (readAwsCredentialsConfig.ts).

/** Every mistake in the `aws` block: `Invalid AWS credentials config at <key>: <message>`. */
export const credentialsConfigError = awsConfigErrors('AWS credentials');

/** What `sts:AssumeRole` is called with when config names no session. */
export const DEFAULT_ROLE_SESSION_NAME = 'backstage';

/** The keys every way of getting credentials shares. */
export type StsConfig = {
  /** The configured STS region; the manager fills in a default when it is absent. */
  region?: string;
  /** Overrides the STS endpoint (and AWS_ENDPOINT_URL_STS) for this account. */
  stsEndpoint?: string;
};

/** Static keys or a profile; at most one of the two. */
export type StaticKeysConfig = {
  accessKeyId?: string;
  secretAccessKey?: string;
  profile?: string;
};

/** How a role is assumed: the keys accounts and their defaults share. */
export type AssumeRoleConfig = {
  roleSessionName: string;
  externalId?: string;
  webIdentityTokenFile?: string;
};

export type MainAccountConfig = StsConfig & StaticKeysConfig;

export type AccountConfig = StsConfig &
  StaticKeysConfig &
  AssumeRoleConfig & {
    /** Where the entry sits in config, for messages: `aws.accounts[2]`. */
    configKey: string;
    accountId: string;
    /** The full ARN, built from `roleName` and `partition`, or given as `roleName`. */
    roleArn?: string;
  };

export type AccountDefaultsConfig = StsConfig &
  AssumeRoleConfig & {
    roleName?: string;
    partition?: string;
  };

export type AwsCredentialsConfig = {
  mainAccount: MainAccountConfig;
  accounts: AccountConfig[];
  accountDefaults: AccountDefaultsConfig;
  /** How long getting one account's credentials may take (aws.credentialsTimeout). */
  credentialsTimeoutMs: number;
  /** How long a failure keeps new fetches away (aws.credentialsBackoff). */
  credentialsBackoff: CredentialsBackoffSettings;
};

export const EMPTY_AWS_CREDENTIALS_CONFIG: AwsCredentialsConfig = {
  mainAccount: {},
  accounts: [],
  accountDefaults: { roleSessionName: DEFAULT_ROLE_SESSION_NAME },
  credentialsTimeoutMs: DEFAULT_CREDENTIALS_TIMEOUT_MS,
  credentialsBackoff: DEFAULT_CREDENTIALS_BACKOFF,
};
