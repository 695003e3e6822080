import { stableUuid } from '../fixture/directories';
import type { FixtureIdentityStore } from '../fixture/schema';
import { AwsError } from '../protocols/AwsError';
import { sendJson } from '../protocols/render';
import type { JsonOperation, RequestContext } from './context';
import { pageOf, requiredString as requiredStringMember } from './pagination';

// The IAM Identity Center identity store, in its JSON 1.1 protocol
// (`X-Amz-Target: AWSIdentityStore.ListUsers`): the listings a catalog module syncs users,
// groups and memberships from. Its errors carry `Message`, `RequestId` and, for a missing
// resource, `ResourceType` and `ResourceId` (see ../protocols/render.ts).

const STORE_ID =
  /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RESOURCE_ID =
  /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

function invalid(message: string) {
  return new AwsError('ValidationException', 400, message);
}

function notFound(type: 'IDENTITY_STORE' | 'GROUP', id: string) {
  const what = type === 'GROUP' ? 'Group' : 'Identity store';
  return new AwsError(
    'ResourceNotFoundException',
    400,
    `${what} ${id} not found.`,
    {
      ResourceType: type,
      ResourceId: id,
    },
  );
}

const requiredString = (value: unknown, member: string, pattern: RegExp) =>
  requiredStringMember(value, member, pattern, invalid);

/**
 * The store the request names. Asked for in another region, it does not exist there; in the
 * caller's region but owned by another account, the caller is refused, as IAM refuses a
 * principal no policy allows (AWS answers that with 400, not 403).
 */
function findStore(
  ctx: RequestContext,
  input: { IdentityStoreId?: unknown; Filters?: unknown },
  operation: string,
): FixtureIdentityStore {
  const id = requiredString(input.IdentityStoreId, 'identityStoreId', STORE_ID);
  // Answering a filtered query with everything would look like a bug in the caller.
  if (Array.isArray(input.Filters) && input.Filters.length > 0) {
    throw invalid(
      'aws-emulator does not support the deprecated Filters parameter.',
    );
  }
  for (const account of ctx.identities.fixture.accounts) {
    const store = account.identityStores.find(s => s.id === id);
    if (!store || store.region !== ctx.region) continue;
    if (account.id !== ctx.caller!.accountId) {
      throw new AwsError(
        'AccessDeniedException',
        400,
        `User: ${ctx.caller!.arn} is not authorized to perform: identitystore:${operation} on resource: arn:aws:identitystore::${account.id}:identitystore/${id}`,
      );
    }
    return store;
  }
  throw notFound('IDENTITY_STORE', id);
}

function page<T>(
  items: T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
) {
  return pageOf(items, {
    size: input.MaxResults,
    sizeMember: 'maxResults',
    max: 100,
    defaultSize: 100,
    token: input.NextToken,
    invalid,
  });
}

function listUsers(ctx: RequestContext, input: any) {
  const store = findStore(ctx, input, 'ListUsers');
  const { page: users, next } = page(store.users, input);
  sendJson(ctx.res, {
    Users: users.map(u => {
      const formatted = [u.givenName, u.familyName].filter(Boolean).join(' ');
      return {
        IdentityStoreId: store.id,
        UserId: u.userId,
        UserName: u.userName,
        DisplayName: u.displayName,
        Name: formatted
          ? {
              GivenName: u.givenName,
              FamilyName: u.familyName,
              Formatted: formatted,
            }
          : undefined,
        Emails: u.email
          ? [{ Value: u.email, Type: 'work', Primary: true }]
          : undefined,
      };
    }),
    NextToken: next,
  });
}

function listGroups(ctx: RequestContext, input: any) {
  const store = findStore(ctx, input, 'ListGroups');
  const { page: groups, next } = page(store.groups, input);
  sendJson(ctx.res, {
    Groups: groups.map(g => ({
      IdentityStoreId: store.id,
      GroupId: g.groupId,
      DisplayName: g.displayName,
      Description: g.description,
    })),
    NextToken: next,
  });
}

function listGroupMemberships(ctx: RequestContext, input: any) {
  const store = findStore(ctx, input, 'ListGroupMemberships');
  const groupId = requiredString(input.GroupId, 'groupId', RESOURCE_ID);
  const group = store.groups.find(g => g.groupId === groupId);
  if (!group) throw notFound('GROUP', groupId);
  const { page: memberIds, next } = page(group.memberIds, input);
  sendJson(ctx.res, {
    GroupMemberships: memberIds.map(userId => ({
      IdentityStoreId: store.id,
      // Stable like the other IDs, so a test can compare two syncs.
      MembershipId: stableUuid(
        `identitystore:${store.id}:membership:${groupId}:${userId}`,
      ),
      GroupId: groupId,
      MemberId: { UserId: userId },
    })),
    NextToken: next,
  });
}

export const identityStoreOperations: Record<string, JsonOperation> = {
  ListUsers: listUsers,
  ListGroups: listGroups,
  ListGroupMemberships: listGroupMemberships,
};
