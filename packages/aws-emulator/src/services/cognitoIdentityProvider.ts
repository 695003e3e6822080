import type { FixtureUserPool } from '../fixture/schema';
import { AwsError } from '../protocols/AwsError';
import { sendJson } from '../protocols/render';
import type { JsonOperation, RequestContext } from './context';
import { pageOf, requiredString as requiredStringMember } from './pagination';

// Amazon Cognito user pools, in their JSON 1.1 protocol
// (`X-Amz-Target: AWSCognitoIdentityProviderService.ListUsers`): the listings a catalog
// module syncs users and groups from.

type PoolUser = FixtureUserPool['users'][number];

/** When the fixture's users and groups were created (AWS reports epoch seconds). */
const CREATED_AT = Date.UTC(2024, 0, 1) / 1000;

function invalid(message: string) {
  return new AwsError('InvalidParameterException', 400, message);
}

const requiredString = (value: unknown, member: string, pattern: RegExp) =>
  requiredStringMember(value, member, pattern, invalid);

/**
 * The pool the request names. A pool of another account, or one asked for in another region,
 * does not exist as far as the caller can tell: Cognito looks pools up in the caller's
 * account and the region called.
 */
function findPool(ctx: RequestContext, input: { UserPoolId?: unknown }) {
  const id = requiredString(
    input.UserPoolId,
    'userPoolId',
    /^[\w-]+_[0-9a-zA-Z]+$/,
  );
  const account = ctx.identities.account(ctx.caller!.accountId);
  const pool = account?.cognitoUserPools.find(
    p => p.id === id && p.region === ctx.region,
  );
  if (!pool) {
    throw new AwsError(
      'ResourceNotFoundException',
      400,
      `User pool ${id} does not exist.`,
    );
  }
  return pool;
}

function page<T>(items: T[], input: { Limit?: unknown }, token: unknown) {
  return pageOf(items, {
    size: input.Limit,
    sizeMember: 'limit',
    max: 60,
    defaultSize: 60,
    token,
    invalid,
  });
}

/** A user as ListUsers and ListUsersInGroup return it: every attribute a string. */
function userType(user: PoolUser, index: number) {
  const attributes: [string, string | undefined][] = [
    ['sub', user.sub],
    ['email', user.email],
    // Cognito sends email_verified as a string, with the email.
    ['email_verified', user.email && String(user.emailVerified)],
    ['name', user.name],
    ['given_name', user.givenName],
    ['family_name', user.familyName],
    ['picture', user.picture],
  ];
  return {
    Username: user.username,
    Attributes: attributes
      .filter(([, value]) => value !== undefined)
      .map(([Name, Value]) => ({ Name, Value })),
    UserCreateDate: CREATED_AT + index,
    UserLastModifiedDate: CREATED_AT + index,
    Enabled: user.enabled,
    UserStatus: 'CONFIRMED',
  };
}

function listUsers(ctx: RequestContext, input: any) {
  const pool = findPool(ctx, input);
  // Answering a filtered query with every user would look like a bug in the caller.
  if (input.Filter) {
    throw invalid('aws-emulator does not support the Filter parameter.');
  }
  const { page: users, next } = page(
    pool.users.map(userType),
    input,
    input.PaginationToken,
  );
  const wanted: unknown = input.AttributesToGet;
  sendJson(ctx.res, {
    Users: Array.isArray(wanted)
      ? users.map(u => ({
          ...u,
          Attributes: u.Attributes.filter(a => wanted.includes(a.Name)),
        }))
      : users,
    PaginationToken: next,
  });
}

function listGroups(ctx: RequestContext, input: any) {
  const pool = findPool(ctx, input);
  const { page: groups, next } = page(pool.groups, input, input.NextToken);
  sendJson(ctx.res, {
    Groups: groups.map(g => ({
      GroupName: g.name,
      UserPoolId: pool.id,
      Description: g.description,
      Precedence: g.precedence,
      CreationDate: CREATED_AT,
      LastModifiedDate: CREATED_AT,
    })),
    NextToken: next,
  });
}

function listUsersInGroup(ctx: RequestContext, input: any) {
  const pool = findPool(ctx, input);
  const name = requiredString(
    input.GroupName,
    'groupName',
    /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
  );
  const group = pool.groups.find(g => g.name === name);
  if (!group) {
    throw new AwsError('ResourceNotFoundException', 400, 'Group not found.');
  }
  const inGroup = new Set(group.members);
  const members = pool.users.map(userType).filter(u => inGroup.has(u.Username));
  const { page: users, next } = page(members, input, input.NextToken);
  sendJson(ctx.res, { Users: users, NextToken: next });
}

export const cognitoOperations: Record<string, JsonOperation> = {
  ListUsers: listUsers,
  ListGroups: listGroups,
  ListUsersInGroup: listUsersInGroup,
};
