import {
  AWS_DIRECTORY_USER_ID_ANNOTATION,
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
} from '@aws-bridge/plugin-aws-common';
import { awsIdpSubject } from '@aws-bridge/plugin-aws-node';
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
export function directoryLocation(
  context: Pick<AwsDirectoryContext, 'providerId'>,
): string {
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
 * The default mapping of a directory user: named by their username exactly as the directory
 * has it (the sync leaves out a username that is not an entity name, rather than rewriting
 * it), with the profile the directory holds and the directory's ID for them; bound to the
 * IdP subject where the directory is the IdP (`idpIssuer`).
 *
 * @public
 */
export async function defaultAwsDirectoryUserTransformer(
  user: AwsDirectoryUser,
  memberOf: string[],
  context: AwsDirectoryContext,
): Promise<UserEntity | undefined> {
  const displayName =
    user.displayName ??
    ([user.givenName, user.familyName].filter(Boolean).join(' ') || undefined);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: user.username,
      namespace: context.namespace,
      annotations: {
        ...annotations(context),
        [AWS_DIRECTORY_USER_ID_ANNOTATION]: `${context.directoryId}#${user.id}`,
        ...(context.idpIssuer && {
          [AWS_IDP_SUBJECT_ANNOTATION]: awsIdpSubject({
            issuer: context.idpIssuer,
            subject: user.id,
          }),
        }),
      },
    },
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
 * The default mapping of a directory group: a Group of type `team`, named after the group
 * exactly as the directory has it.
 *
 * @public
 */
export async function defaultAwsDirectoryGroupTransformer(
  group: AwsDirectoryGroup,
  context: AwsDirectoryContext,
): Promise<GroupEntity | undefined> {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: group.name,
      namespace: context.namespace,
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
