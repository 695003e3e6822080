import {
  AttributeType,
  CognitoIdentityProviderClient,
  paginateListGroups,
  paginateListUsers,
  paginateListUsersInGroup,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { listAllPages, mapDefined } from './listAllPages';
import {
  AwsDirectoryClientConfig,
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
    emailVerified: attributes.email_verified === 'true',
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
export function cognitoUserPoolReader(
  clientConfig: AwsDirectoryClientConfig,
  UserPoolId: string,
): AwsDirectoryReader {
  const client = new CognitoIdentityProviderClient(clientConfig);

  return {
    async read(filter, abortSignal) {
      // Handed to every page's `client.send`, so a cancelled sync stops its calls.
      const send = { abortSignal };
      const usersInGroup = async (GroupName: string) =>
        mapDefined(
          await listAllPages(
            paginateListUsersInGroup(
              { client },
              { UserPoolId, GroupName },
              send,
            ),
            page => page.Users,
          ),
          toUser,
        );

      const poolGroups = await listAllPages(
        paginateListGroups({ client }, { UserPoolId }, send),
        page => page.Groups,
      );
      const users = new Map<string, AwsDirectoryUser>();
      const groups: AwsDirectoryGroup[] = [];
      for (const { GroupName: name, Description: description } of poolGroups) {
        if (!name || (filter && !filter.includes(name))) continue;
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
        const everyone = await listAllPages(
          paginateListUsers({ client }, { UserPoolId }, send),
          page => page.Users,
        );
        for (const user of mapDefined(everyone, toUser)) {
          users.set(user.id, user);
        }
      }
      return { users: [...users.values()], groups };
    },
  };
}
