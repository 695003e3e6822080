import {
  AWS_PARTITION_NAMES,
  isAwsPartition,
} from '@aws-bridge/plugin-aws-common';
import type { Config } from '@backstage/config';
import {
  AssumeRoleConfig,
  credentialsConfigError,
  DEFAULT_ROLE_SESSION_NAME,
} from './awsCredentialsConfig';
import { rolePartition } from './partitions';
import {
  formatRoleArn,
  isRoleName,
  isRoleSessionName,
  parseRoleArn,
} from './roleArn';

// The keys that say which role an entry assumes and how: shared by `aws.accounts[]` entries
// and `aws.accountDefaults`.

/** What an entry has besides its role, which decides what may go with the role. */
export type OtherCredentialKeys = {
  hasRole: boolean;
  hasStaticKeys: boolean;
  hasProfile: boolean;
};

function notAPartition(what: string): string {
  return `${what} is not an AWS partition; use one of ${AWS_PARTITION_NAMES.join(', ')}`;
}

export function readPartition(config: Config, at: string): string | undefined {
  const partition = config.getOptionalString('partition');
  if (partition !== undefined && !isAwsPartition(partition)) {
    throw credentialsConfigError(
      `${at}.partition`,
      notAPartition(`'${partition}'`),
    );
  }
  return partition;
}

/** A role ARN given as `roleName`: it must be in a known partition and the entry's account. */
function readRoleArnAsName(
  roleName: string,
  at: string,
  accountId: string,
  partition: string | undefined,
): string {
  const arn = parseRoleArn(roleName);
  if (!arn) {
    throw credentialsConfigError(
      `${at}.roleName`,
      `'${roleName}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)`,
    );
  }
  if (!isAwsPartition(arn.partition)) {
    throw credentialsConfigError(
      `${at}.roleName`,
      notAPartition(`the role ARN's partition '${arn.partition}'`),
    );
  }
  if (arn.accountId !== accountId) {
    throw credentialsConfigError(
      `${at}.roleName`,
      `the role ARN is in account ${arn.accountId}, not in this entry's account ${accountId}`,
    );
  }
  if (partition !== undefined && partition !== arn.partition) {
    throw credentialsConfigError(
      `${at}.partition`,
      `'${partition}' differs from the partition of the role ARN in roleName, '${arn.partition}'`,
    );
  }
  return formatRoleArn(arn);
}

/**
 * The role an account entry assumes. `roleName` is a name (the partition comes from
 * `partition`, else from the region, else `aws`) or, as a convenience, the role's full ARN,
 * which must then be in the entry's own account.
 */
export function readRoleArn(
  config: Config,
  at: string,
  accountId: string,
  region: string | undefined,
): string | undefined {
  const roleName = config.getOptionalString('roleName');
  const partition = readPartition(config, at);
  if (roleName === undefined) {
    if (partition !== undefined) {
      throw credentialsConfigError(
        `${at}.partition`,
        'a partition is configured but no roleName to assume',
      );
    }
    return undefined;
  }
  if (roleName.startsWith('arn:')) {
    return readRoleArnAsName(roleName, at, accountId, partition);
  }
  if (!isRoleName(roleName)) {
    throw credentialsConfigError(
      `${at}.roleName`,
      `'${roleName}' is neither an IAM role name nor a role ARN`,
    );
  }
  return formatRoleArn({
    partition: rolePartition(partition, region),
    accountId,
    roleName,
  });
}

function readRoleSessionName(config: Config, at: string): string {
  const name = config.getOptionalString('roleSessionName');
  if (name === undefined) return DEFAULT_ROLE_SESSION_NAME;
  if (!isRoleSessionName(name)) {
    throw credentialsConfigError(
      `${at}.roleSessionName`,
      `'${name}' is not a role session name: 2 to 64 letters, digits or any of _+=,.@-`,
    );
  }
  return name;
}

function readWebIdentityTokenFile(
  config: Config,
  at: string,
  others: OtherCredentialKeys,
): string | undefined {
  const file = config.getOptionalString('webIdentityTokenFile');
  if (file === undefined) return undefined;
  if (!others.hasRole) {
    throw credentialsConfigError(
      `${at}.webIdentityTokenFile`,
      'a web identity token file is configured but no roleName to assume with it',
    );
  }
  if (others.hasStaticKeys || others.hasProfile) {
    throw credentialsConfigError(
      `${at}.webIdentityTokenFile`,
      'a web identity token file and static keys or a profile are both configured; use one',
    );
  }
  return file;
}

function readExternalId(
  config: Config,
  at: string,
  hasRole: boolean,
): string | undefined {
  const externalId = config.getOptionalString('externalId');
  if (externalId !== undefined && !hasRole) {
    throw credentialsConfigError(
      `${at}.externalId`,
      'an external ID is configured but no roleName to assume with it',
    );
  }
  return externalId;
}

/** The keys that shape how a role is assumed, shared by accounts and their defaults. */
export function readAssumeRoleOptions(
  config: Config,
  at: string,
  others: OtherCredentialKeys,
): AssumeRoleConfig {
  const webIdentityTokenFile = readWebIdentityTokenFile(config, at, others);
  const externalId = readExternalId(config, at, others.hasRole);
  if (webIdentityTokenFile && externalId) {
    throw credentialsConfigError(
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
