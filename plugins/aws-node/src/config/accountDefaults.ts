import type { Config } from '@backstage/config';
import {
  AccountDefaultsConfig,
  credentialsConfigError,
} from './awsCredentialsConfig';
import { isRoleName } from './roleArn';
import { readAssumeRoleOptions, readPartition } from './roleKeys';
import { readStsConfig } from './stsKeys';

/**
 * `aws.accountDefaults`: the role to assume in an account no entry names. Everything in it
 * serves that role, so every key but the role name needs one.
 */
export function readAccountDefaults(
  config: Config,
  at: string,
): AccountDefaultsConfig {
  const roleName = config.getOptionalString('roleName');
  if (roleName !== undefined && !isRoleName(roleName)) {
    throw credentialsConfigError(
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
      throw credentialsConfigError(
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
