import { isAwsAccountId } from '@aws-bridge/plugin-aws-common';
import { readDurationFromConfig } from '@backstage/config';
import type { Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_CREDENTIALS_TIMEOUT_MS } from '../credentials/RefreshingCredentials';
import { InputError } from '@backstage/errors';
import {
  isKnownPartition,
  PARTITION_NAMES,
  partitionOfRegion,
} from './partitions';
import {
  formatRoleArn,
  isRoleName,
  isRoleSessionName,
  parseRoleArn,
} from './roleArn';

/** What `sts:AssumeRole` is called with when config names no session. */
export const DEFAULT_ROLE_SESSION_NAME = 'backstage';

/** The keys every way of getting credentials shares. */
type StsConfig = {
  /** The configured STS region; the manager fills in a default when it is absent. */
  region?: string;
  /** Overrides the STS endpoint (and AWS_ENDPOINT_URL_STS) for this account. */
  stsEndpoint?: string;
};

export type MainAccountConfig = StsConfig & {
  accessKeyId?: string;
  secretAccessKey?: string;
  profile?: string;
};

export type AccountConfig = StsConfig & {
  /** Where the entry sits in config, for messages: `aws.accounts[2]`. */
  configKey: string;
  accountId: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  profile?: string;
  /** The full ARN, built from `roleName` and `partition`, or given as `roleName`. */
  roleArn?: string;
  roleSessionName: string;
  externalId?: string;
  webIdentityTokenFile?: string;
};

export type AccountDefaultsConfig = StsConfig & {
  roleName?: string;
  partition?: string;
  roleSessionName: string;
  externalId?: string;
  webIdentityTokenFile?: string;
};

export type AwsCredentialsConfig = {
  mainAccount: MainAccountConfig;
  accounts: AccountConfig[];
  accountDefaults: AccountDefaultsConfig;
  /** How long getting one account's credentials may take (aws.credentialsTimeout). */
  credentialsTimeoutMs: number;
};

export const EMPTY_AWS_CREDENTIALS_CONFIG: AwsCredentialsConfig = {
  mainAccount: {},
  accounts: [],
  accountDefaults: { roleSessionName: DEFAULT_ROLE_SESSION_NAME },
  credentialsTimeoutMs: DEFAULT_CREDENTIALS_TIMEOUT_MS,
};

/** aws.credentialsTimeout: a duration from 1 second to 2 minutes; default 10 seconds. */
function readCredentialsTimeoutMs(aws: Config): number {
  const key = 'aws.credentialsTimeout';
  if (!aws.has('credentialsTimeout')) return DEFAULT_CREDENTIALS_TIMEOUT_MS;
  let ms: number;
  try {
    ms = durationToMilliseconds(
      readDurationFromConfig(aws, { key: 'credentialsTimeout' }),
    );
  } catch (error) {
    throw configError(key, (error as Error).message);
  }
  if (!(ms >= 1000 && ms <= 120_000)) {
    throw configError(key, 'must be a duration from 1 second to 2 minutes');
  }
  return ms;
}

function configError(key: string, message: string): InputError {
  return new InputError(`Invalid AWS credentials config at ${key}: ${message}`);
}

// Loose on purpose: new regions keep arriving, and STS answers a bad name clearly enough. This
// only catches what is plainly not a region name (`US East`, `useast1`, an ARN).
const REGION = /^[a-z]{2,}(-[a-z]+)+-\d+$/;

/** Reads the keys every entry may have: `region` and `stsEndpoint`. */
function readStsConfig(config: Config, at: string): StsConfig {
  const region = config.getOptionalString('region');
  if (region !== undefined && !REGION.test(region)) {
    throw configError(
      `${at}.region`,
      `'${region}' is not an AWS region name, e.g. 'eu-west-1'`,
    );
  }
  const stsEndpoint = config.getOptionalString('stsEndpoint');
  if (stsEndpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(stsEndpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw configError(
        `${at}.stsEndpoint`,
        `'${stsEndpoint}' is not an http(s) URL, e.g. 'https://sts.eu-west-1.amazonaws.com'`,
      );
    }
  }
  return { region, stsEndpoint };
}

/** Static keys come in pairs, and exclude a profile. Secrets are never echoed back. */
function readStaticKeys(config: Config, at: string) {
  const accessKeyId = config.getOptionalString('accessKeyId');
  const secretAccessKey = config.getOptionalString('secretAccessKey')?.trim();
  const profile = config.getOptionalString('profile');
  if (accessKeyId && !secretAccessKey) {
    throw configError(
      `${at}.secretAccessKey`,
      'an accessKeyId is configured but no secretAccessKey',
    );
  }
  if (!accessKeyId && secretAccessKey) {
    throw configError(
      `${at}.accessKeyId`,
      'a secretAccessKey is configured but no accessKeyId',
    );
  }
  if (profile && accessKeyId) {
    throw configError(
      `${at}.profile`,
      'a profile and static keys (accessKeyId, secretAccessKey) are both configured; use one',
    );
  }
  return { accessKeyId, secretAccessKey, profile };
}

function readRoleSessionName(config: Config, at: string): string {
  const name = config.getOptionalString('roleSessionName');
  if (name === undefined) return DEFAULT_ROLE_SESSION_NAME;
  if (!isRoleSessionName(name)) {
    throw configError(
      `${at}.roleSessionName`,
      `'${name}' is not a role session name: 2 to 64 letters, digits or any of _+=,.@-`,
    );
  }
  return name;
}

function readPartition(config: Config, at: string): string | undefined {
  const partition = config.getOptionalString('partition');
  if (partition !== undefined && !isKnownPartition(partition)) {
    throw configError(
      `${at}.partition`,
      `'${partition}' is not an AWS partition; use one of ${PARTITION_NAMES.join(', ')}`,
    );
  }
  return partition;
}

/**
 * The role an account entry assumes. `roleName` is a name (the partition comes from
 * `partition`, else from the region, else `aws`) or, as a convenience, the role's full ARN,
 * which must then be in the entry's own account.
 */
function readRoleArn(
  config: Config,
  at: string,
  accountId: string,
  region: string | undefined,
): string | undefined {
  const roleName = config.getOptionalString('roleName');
  const partition = readPartition(config, at);
  if (roleName === undefined) {
    if (partition !== undefined) {
      throw configError(
        `${at}.partition`,
        'a partition is configured but no roleName to assume',
      );
    }
    return undefined;
  }
  if (roleName.startsWith('arn:')) {
    const arn = parseRoleArn(roleName);
    if (!arn) {
      throw configError(
        `${at}.roleName`,
        `'${roleName}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)`,
      );
    }
    if (!isKnownPartition(arn.partition)) {
      throw configError(
        `${at}.roleName`,
        `the role ARN's partition '${arn.partition}' is not an AWS partition; use one of ${PARTITION_NAMES.join(', ')}`,
      );
    }
    if (arn.accountId !== accountId) {
      throw configError(
        `${at}.roleName`,
        `the role ARN is in account ${arn.accountId}, not in this entry's account ${accountId}`,
      );
    }
    if (partition !== undefined && partition !== arn.partition) {
      throw configError(
        `${at}.partition`,
        `'${partition}' differs from the partition of the role ARN in roleName, '${arn.partition}'`,
      );
    }
    return formatRoleArn(arn);
  }
  if (!isRoleName(roleName)) {
    throw configError(
      `${at}.roleName`,
      `'${roleName}' is neither an IAM role name nor a role ARN`,
    );
  }
  return formatRoleArn({
    partition: partition ?? (region && partitionOfRegion(region)) ?? 'aws',
    accountId,
    roleName,
  });
}

function readAccountId(config: Config, at: string): string {
  const value = config.getOptional('accountId');
  if (value === undefined) {
    throw configError(
      `${at}.accountId`,
      'missing; every entry names its account',
    );
  }
  if (typeof value === 'number') {
    throw configError(
      `${at}.accountId`,
      `write the account ID as a quoted string, e.g. '012345678901': YAML reads unquoted digits as a number, which loses leading zeros`,
    );
  }
  if (typeof value !== 'string' || !isAwsAccountId(value)) {
    throw configError(
      `${at}.accountId`,
      `'${String(value)}' is not an AWS account ID (12 digits)`,
    );
  }
  return value;
}

function readWebIdentityTokenFile(
  config: Config,
  at: string,
  others: { hasRole: boolean; hasStaticKeys: boolean; hasProfile: boolean },
) {
  const file = config.getOptionalString('webIdentityTokenFile');
  if (file === undefined) return undefined;
  if (!others.hasRole) {
    throw configError(
      `${at}.webIdentityTokenFile`,
      'a web identity token file is configured but no roleName to assume with it',
    );
  }
  if (others.hasStaticKeys || others.hasProfile) {
    throw configError(
      `${at}.webIdentityTokenFile`,
      'a web identity token file and static keys or a profile are both configured; use one',
    );
  }
  return file;
}

function readExternalId(config: Config, at: string, hasRole: boolean) {
  const externalId = config.getOptionalString('externalId');
  if (externalId !== undefined && !hasRole) {
    throw configError(
      `${at}.externalId`,
      'an external ID is configured but no roleName to assume with it',
    );
  }
  return externalId;
}

/** The keys that shape how a role is assumed, shared by accounts and their defaults. */
function readAssumeRoleOptions(
  config: Config,
  at: string,
  others: { hasRole: boolean; hasStaticKeys: boolean; hasProfile: boolean },
) {
  const webIdentityTokenFile = readWebIdentityTokenFile(config, at, others);
  const externalId = readExternalId(config, at, others.hasRole);
  if (webIdentityTokenFile && externalId) {
    throw configError(
      `${at}.externalId`,
      'AssumeRoleWithWebIdentity takes no external ID; remove it or the webIdentityTokenFile',
    );
  }
  return {
    roleSessionName: readRoleSessionName(config, at),
    externalId,
    webIdentityTokenFile,
  };
}

function readAccount(config: Config, at: string): AccountConfig {
  const accountId = readAccountId(config, at);
  const sts = readStsConfig(config, at);
  const keys = readStaticKeys(config, at);
  const roleArn = readRoleArn(config, at, accountId, sts.region);
  if (keys.profile && roleArn) {
    throw configError(
      `${at}.profile`,
      'a profile and a roleName are both configured; to assume a role from a profile, set role_arn in the profile itself',
    );
  }
  return {
    configKey: at,
    accountId,
    ...sts,
    ...keys,
    roleArn,
    ...readAssumeRoleOptions(config, at, {
      hasRole: !!roleArn,
      hasStaticKeys: !!keys.accessKeyId,
      hasProfile: !!keys.profile,
    }),
  };
}

function readAccountDefaults(
  config: Config,
  at: string,
): AccountDefaultsConfig {
  const roleName = config.getOptionalString('roleName');
  if (roleName !== undefined && !isRoleName(roleName)) {
    throw configError(
      `${at}.roleName`,
      `'${roleName}' is not an IAM role name; the defaults serve many accounts, so give the name, not an ARN`,
    );
  }
  const sts = readStsConfig(config, at);
  const partition = readPartition(config, at);
  for (const [key, value] of Object.entries({
    partition,
    region: sts.region,
  })) {
    if (value !== undefined && !roleName) {
      throw configError(
        `${at}.${key}`,
        `a ${key} is configured but no roleName`,
      );
    }
  }
  return {
    ...sts,
    roleName,
    partition,
    ...readAssumeRoleOptions(config, at, {
      hasRole: !!roleName,
      hasStaticKeys: false,
      hasProfile: false,
    }),
  };
}

/**
 * Reads and checks the `aws` block: the keys of @backstage/integration-aws-node plus
 * `roleSessionName` and `stsEndpoint`. Every mistake throws an InputError naming the key, so
 * the backend refuses to start rather than failing on the first AWS call.
 */
export function readAwsCredentialsConfig(aws: Config): AwsCredentialsConfig {
  const main = aws.getOptionalConfig('mainAccount');
  const mainAccount: MainAccountConfig = main
    ? {
        ...readStsConfig(main, 'aws.mainAccount'),
        ...readStaticKeys(main, 'aws.mainAccount'),
      }
    : {};

  const accounts: AccountConfig[] = [];
  const seen = new Map<string, string>();
  for (const [index, entry] of (
    aws.getOptionalConfigArray('accounts') ?? []
  ).entries()) {
    const account = readAccount(entry, `aws.accounts[${index}]`);
    const earlier = seen.get(account.accountId);
    if (earlier) {
      throw configError(
        `${account.configKey}.accountId`,
        `account ${account.accountId} is already configured at ${earlier}; merge the two entries`,
      );
    }
    seen.set(account.accountId, account.configKey);
    accounts.push(account);
  }

  const accountDefaults = aws.has('accountDefaults')
    ? readAccountDefaults(
        aws.getConfig('accountDefaults'),
        'aws.accountDefaults',
      )
    : EMPTY_AWS_CREDENTIALS_CONFIG.accountDefaults;

  return {
    mainAccount,
    accounts,
    accountDefaults,
    credentialsTimeoutMs: readCredentialsTimeoutMs(aws),
  };
}
