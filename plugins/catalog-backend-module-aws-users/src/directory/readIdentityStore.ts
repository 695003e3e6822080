import {
  IdentitystoreClient,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  User,
} from '@aws-sdk/client-identitystore';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import {
  AwsDirectoryGroup,
  AwsDirectoryReader,
  AwsDirectoryUser,
} from './types';

function toUser(user: User): AwsDirectoryUser | undefined {
  if (!user.UserId || !user.UserName) return undefined;
  const email =
    user.Emails?.find(e => e.Primary)?.Value ?? user.Emails?.[0]?.Value;
  const picture = user.Photos?.find(p => p.Primary)?.Value;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(user)) {
    if (typeof value === 'string') attributes[key] = value;
  }
  return {
    id: user.UserId,
    username: user.UserName,
    email: email?.toLowerCase(),
    displayName: user.DisplayName ?? user.Name?.Formatted,
    givenName: user.Name?.GivenName,
    familyName: user.Name?.FamilyName,
    picture,
    attributes,
  };
}

/**
 * Reads the IAM Identity Center identity store: `ListGroups`, `ListGroupMemberships` for each
 * group kept, and `ListUsers` (memberships name users by ID only). Each listing is read to its
 * last page.
 */
export function identityStoreReader(options: {
  identityStoreId: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
}): AwsDirectoryReader {
  const client = new IdentitystoreClient({
    region: options.region,
    credentials: options.credentials,
  });
  const IdentityStoreId = options.identityStoreId;

  return {
    async read(filter) {
      const groups: AwsDirectoryGroup[] = [];
      for await (const page of paginateListGroups(
        { client },
        { IdentityStoreId },
      )) {
        for (const group of page.Groups ?? []) {
          const name = group.DisplayName;
          if (!group.GroupId || !name) continue;
          if (filter && !filter.includes(name)) continue;
          groups.push({
            id: group.GroupId,
            name,
            description: group.Description,
            memberIds: [],
          });
        }
      }
      for (const group of groups) {
        for await (const page of paginateListGroupMemberships(
          { client },
          { IdentityStoreId, GroupId: group.id },
        )) {
          for (const membership of page.GroupMemberships ?? []) {
            const userId = membership.MemberId?.UserId;
            if (userId) group.memberIds.push(userId);
          }
        }
      }
      const members = new Set(groups.flatMap(group => group.memberIds));
      const users: AwsDirectoryUser[] = [];
      for await (const page of paginateListUsers(
        { client },
        { IdentityStoreId },
      )) {
        for (const user of page.Users ?? []) {
          const mapped = toUser(user);
          if (mapped && (!filter || members.has(mapped.id))) users.push(mapped);
        }
      }
      return { users, groups };
    },
  };
}
