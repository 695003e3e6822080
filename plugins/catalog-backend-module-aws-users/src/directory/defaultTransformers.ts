import {
  AWS_PROVISIONED_BY_ANNOTATION,
  awsEntityNameFor,
} from '@aws-bridge/plugin-aws-common';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  GroupEntity,
  UserEntity,
} from '@backstage/catalog-model';
import {
  AwsDirectoryContext,
  AwsDirectoryGroup,
  AwsDirectoryUser,
} from './types';

/** Where a directory's entities say they come from (a location ref: `type:target`). */
export function directoryLocation(context: AwsDirectoryContext): string {
  return `aws-directory:${context.providerId}`;
}

function annotations(context: AwsDirectoryContext) {
  const location = directoryLocation(context);
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [AWS_PROVISIONED_BY_ANNOTATION]: location,
  };
}

/**
 * The default mapping of a directory user: named as sign-in names them (the username, or the
 * local part of an email-like one), with the profile the directory holds.
 *
 * @public
 */
export async function defaultAwsDirectoryUserTransformer(
  user: AwsDirectoryUser,
  memberOf: string[],
  context: AwsDirectoryContext,
): Promise<UserEntity | undefined> {
  const name = awsEntityNameFor(user.username);
  if (!name) return undefined;
  const displayName =
    user.displayName ??
    ([user.givenName, user.familyName].filter(Boolean).join(' ') || undefined);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, annotations: annotations(context) },
    spec: {
      profile: {
        ...(displayName && { displayName }),
        ...(user.email && { email: user.email }),
        ...(user.picture && { picture: user.picture }),
      },
      memberOf,
    },
  };
}

/**
 * The default mapping of a directory group: a Group of type `team`, named after the group.
 *
 * @public
 */
export async function defaultAwsDirectoryGroupTransformer(
  group: AwsDirectoryGroup,
  context: AwsDirectoryContext,
): Promise<GroupEntity | undefined> {
  const name = awsEntityNameFor(group.name);
  if (!name) return undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      ...(group.description && { description: group.description }),
      annotations: annotations(context),
    },
    spec: {
      type: 'team',
      profile: { displayName: group.name },
      children: [],
    },
  };
}
