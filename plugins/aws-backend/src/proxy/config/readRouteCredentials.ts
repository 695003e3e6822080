import { isAwsAccountId } from '@aws-bridge/plugin-aws-common';
import {
  isRoleArn,
  isRoleSessionName,
  readAwsConfigString,
} from '@aws-bridge/plugin-aws-node';
import { configError } from './configError';
import type { RouteCredentials } from './routeTypes';

const DEFAULT_ROLE_SESSION_NAME = 'backstage';

/**
 * Reads where a route's credentials come from: `accountId` (an account the credentials
 * service knows, or the main account when absent), or its own `roleArn` with
 * `roleSessionName` and `externalId`. `key` is the route's config key.
 */
export function readRouteCredentials(
  value: Record<string, unknown>,
  key: string,
): RouteCredentials {
  const field = (name: string) =>
    readAwsConfigString(value[name], `${key}.${name}`, configError);
  const accountId = field('accountId');
  const roleArn = field('roleArn');
  const roleSessionName = field('roleSessionName');
  const externalId = field('externalId');
  if (accountId && roleArn) {
    throw configError(key, 'set accountId or roleArn, not both');
  }
  if (roleArn) {
    if (!isRoleArn(roleArn)) {
      throw configError(
        `${key}.roleArn`,
        `'${roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
      );
    }
    if (roleSessionName && !isRoleSessionName(roleSessionName)) {
      throw configError(
        `${key}.roleSessionName`,
        'must be 2 to 64 of the characters [A-Za-z0-9_+=,.@-]',
      );
    }
    return {
      kind: 'role',
      roleArn,
      roleSessionName: roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
      externalId,
    };
  }
  if (roleSessionName || externalId) {
    throw configError(
      key,
      `${roleSessionName ? 'roleSessionName' : 'externalId'} needs roleArn; for an account in aws.accounts, set accountId and configure the role there`,
    );
  }
  if (accountId !== undefined && !isAwsAccountId(accountId)) {
    throw configError(
      `${key}.accountId`,
      `'${accountId}' is not a 12-digit AWS account ID`,
    );
  }
  return { kind: 'account', accountId };
}
