import { parse } from '@aws-sdk/util-arn-parser';
import { isAwsAccountId } from '@aws-bridge/plugin-aws-common';

export type ParsedRoleArn = {
  partition: string;
  accountId: string;
  /** The role's name with its path, e.g. `BackstageReadOnly` or `teams/BackstageReadOnly`. */
  roleName: string;
};

// IAM's own limits: a role name is 1 to 64 of these characters, and a path adds segments of
// the same characters separated by slashes.
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

// STS's limit on RoleSessionName.
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Whether `value` is a valid sts:AssumeRole session name: 2 to 64 letters, digits or `_+=,.@-`.
 *
 * @public
 */
export function isRoleSessionName(value: string): boolean {
  return ROLE_SESSION_NAME.test(value);
}

/**
 * Whether `value` is an IAM role ARN, `arn:<partition>:iam::<12 digits>:role/<path/name>`.
 *
 * @public
 */
export function isRoleArn(value: string): boolean {
  return parseRoleArn(value) !== undefined;
}

export function isRoleName(value: string): boolean {
  return ROLE_NAME.test(value);
}

/**
 * Reads `arn:<partition>:iam::<account>:role/<path/name>`; returns undefined for anything
 * else, so the caller can say which config key was wrong.
 */
export function parseRoleArn(value: string): ParsedRoleArn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  let arn;
  try {
    arn = parse(value);
  } catch {
    return undefined;
  }
  const [type, ...name] = arn.resource.split('/');
  const roleName = name.join('/');
  if (
    arn.service !== 'iam' ||
    arn.region !== '' ||
    !isAwsAccountId(arn.accountId) ||
    type !== 'role' ||
    !isRoleName(roleName)
  ) {
    return undefined;
  }
  return { partition: arn.partition, accountId: arn.accountId, roleName };
}

export function formatRoleArn(role: ParsedRoleArn): string {
  return `arn:${role.partition}:iam::${role.accountId}:role/${role.roleName}`;
}
