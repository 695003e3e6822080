import {
  IdentitystoreClient,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  User,
} from '@aws-sdk/client-identitystore';
import { listAllPages, mapDefined } from './listAllPages';
import {
  AwsDirectoryClientConfig,
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
    // The identity store marks no email verified: its admins, or their IdP's SCIM
    // provisioning, set them, as an Entra tenant assigns a upn.
    emailVerified: true,
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
export function identityStoreReader(
  clientConfig: AwsDirectoryClientConfig,
  IdentityStoreId: string,
): AwsDirectoryReader {
  const client = new IdentitystoreClient(clientConfig);

  return {
    async read(filter, abortSignal) {
      // Handed to every page's `client.send`, so a cancelled sync stops its calls.
      const send = { abortSignal };
      const storeGroups = await listAllPages(
        paginateListGroups({ client }, { IdentityStoreId }, send),
        page => page.Groups,
      );
      const groups: AwsDirectoryGroup[] = [];
      for (const { GroupId, DisplayName: name, Description } of storeGroups) {
        if (!GroupId || !name || (filter && !filter.includes(name))) continue;
        const memberships = await listAllPages(
          paginateListGroupMemberships(
            { client },
            { IdentityStoreId, GroupId },
            send,
          ),
          page => page.GroupMemberships,
        );
        groups.push({
          id: GroupId,
          name,
          description: Description,
          memberIds: mapDefined(memberships, m => m.MemberId?.UserId),
        });
      }
      const members = new Set(groups.flatMap(group => group.memberIds));
      const everyone = await listAllPages(
        paginateListUsers({ client }, { IdentityStoreId }, send),
        page => page.Users,
      );
      const users = mapDefined(everyone, toUser).filter(
        user => !filter || members.has(user.id),
      );
      return { users, groups };
    },
  };
}
