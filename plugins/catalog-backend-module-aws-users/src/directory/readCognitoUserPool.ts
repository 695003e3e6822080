import {
  AttributeType,
  CognitoIdentityProviderClient,
  paginateListGroups,
  paginateListUsers,
  paginateListUsersInGroup,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import {
  AwsDirectoryGroup,
  AwsDirectoryReader,
  AwsDirectoryUser,
} from './types';

function toUser(user: UserType): AwsDirectoryUser | undefined {
  // A disabled user cannot sign in: they are treated as gone.
  if (user.Enabled === false || !user.Username) return undefined;
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of user.Attributes ?? ([] as AttributeType[])) {
    if (Name && Value !== undefined) attributes[Name] = Value;
  }
  return {
    id: attributes.sub ?? user.Username,
    username: user.Username,
    email: attributes.email?.toLowerCase(),
    displayName: attributes.name,
    givenName: attributes.given_name,
    familyName: attributes.family_name,
    picture: attributes.picture,
    attributes,
  };
}

/**
 * Reads an Amazon Cognito user pool: `ListGroups`, then `ListUsersInGroup` for each group kept
 * (which returns whole users, so a filtered sync never lists the pool), or `ListUsers` when
 * every user is kept. Each listing is read to its last page.
 */
export function cognitoUserPoolReader(options: {
  userPoolId: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
}): AwsDirectoryReader {
  const client = new CognitoIdentityProviderClient({
    region: options.region,
    credentials: options.credentials,
  });
  const UserPoolId = options.userPoolId;

  async function usersInGroup(GroupName: string): Promise<AwsDirectoryUser[]> {
    const users: AwsDirectoryUser[] = [];
    for await (const page of paginateListUsersInGroup(
      { client },
      { UserPoolId, GroupName },
    )) {
      for (const user of page.Users ?? []) {
        const mapped = toUser(user);
        if (mapped) users.push(mapped);
      }
    }
    return users;
  }

  return {
    async read(filter) {
      const groupNames: { name: string; description?: string }[] = [];
      for await (const page of paginateListGroups({ client }, { UserPoolId })) {
        for (const group of page.Groups ?? []) {
          if (!group.GroupName) continue;
          if (filter && !filter.includes(group.GroupName)) continue;
          groupNames.push({
            name: group.GroupName,
            description: group.Description,
          });
        }
      }
      const users = new Map<string, AwsDirectoryUser>();
      const groups: AwsDirectoryGroup[] = [];
      for (const { name, description } of groupNames) {
        const members = await usersInGroup(name);
        for (const member of members) users.set(member.id, member);
        groups.push({
          id: name,
          name,
          description,
          memberIds: members.map(member => member.id),
        });
      }
      if (!filter) {
        for await (const page of paginateListUsers(
          { client },
          { UserPoolId },
        )) {
          for (const user of page.Users ?? []) {
            const mapped = toUser(user);
            if (mapped) users.set(mapped.id, mapped);
          }
        }
      }
      return { users: [...users.values()], groups };
    },
  };
}
