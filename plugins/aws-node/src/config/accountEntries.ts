import { isAwsAccountId } from '@aws-bridge/plugin-aws-common';
import type { Config } from '@backstage/config';
import { AccountConfig, credentialsConfigError } from './awsCredentialsConfig';
import { readAssumeRoleOptions, readRoleArn } from './roleKeys';
import { readStaticKeys } from './staticKeys';
import { readStsConfig } from './stsKeys';

// `aws.accounts[]`: one entry per account, each with its own way of getting credentials.

function readAccountId(config: Config, at: string): string {
  const value = config.getOptional('accountId');
  if (value === undefined) {
    throw credentialsConfigError(
      `${at}.accountId`,
      'missing; every entry names its account',
    );
  }
  if (typeof value === 'number') {
    throw credentialsConfigError(
      `${at}.accountId`,
      `write the account ID as a quoted string, e.g. '012345678901': YAML reads unquoted digits as a number, which loses leading zeros`,
    );
  }
  if (typeof value !== 'string' || !isAwsAccountId(value)) {
    throw credentialsConfigError(
      `${at}.accountId`,
      `'${String(value)}' is not an AWS account ID (12 digits)`,
    );
  }
  return value;
}

function readAccount(config: Config, at: string): AccountConfig {
  const accountId = readAccountId(config, at);
  const sts = readStsConfig(config, at);
  const keys = readStaticKeys(config, at);
  const roleArn = readRoleArn(config, at, accountId, sts.region);
  if (keys.profile && roleArn) {
    throw credentialsConfigError(
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

/** Every entry of `aws.accounts`; two entries for one account are a mistake, not a merge. */
export function readAccounts(aws: Config): AccountConfig[] {
  const accounts: AccountConfig[] = [];
  const seen = new Map<string, string>();
  for (const [index, entry] of (
    aws.getOptionalConfigArray('accounts') ?? []
  ).entries()) {
    const account = readAccount(entry, `aws.accounts[${index}]`);
    const earlier = seen.get(account.accountId);
    if (earlier) {
      throw credentialsConfigError(
        `${account.configKey}.accountId`,
        `account ${account.accountId} is already configured at ${earlier}; merge the two entries`,
      );
    }
    seen.set(account.accountId, account.configKey);
    accounts.push(account);
  }
  return accounts;
}
