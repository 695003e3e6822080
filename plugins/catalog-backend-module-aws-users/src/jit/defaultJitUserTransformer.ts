import { AwsJitUser, awsJitUserAnnotations } from '@aws-bridge/plugin-aws-node';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  UserEntity,
} from '@backstage/catalog-model';

/** Where people provisioned at sign-in say they come from (a location ref: `type:target`). */
export const JIT_LOCATION = 'aws-alb-sign-in:jit';

/**
 * Maps a person provisioned at sign-in to a User entity.
 *
 * @public
 */
export type AwsJitUserTransformer = (user: AwsJitUser) => Promise<UserEntity>;

/**
 * The default mapping of a person provisioned at sign-in: their claims as the profile and
 * their groups claim as `memberOf`. The annotations it sets are what sign-in reads back to
 * decide whether the entity is its own to update, and whether it needs to.
 *
 * @public
 */
export async function defaultAwsJitUserTransformer(
  user: AwsJitUser,
): Promise<UserEntity> {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: user.name,
      annotations: {
        [ANNOTATION_LOCATION]: JIT_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: JIT_LOCATION,
        ...awsJitUserAnnotations(user),
      },
    },
    spec: {
      profile: {
        ...(user.displayName && { displayName: user.displayName }),
        ...(user.email && { email: user.email }),
        ...(user.picture && { picture: user.picture }),
      },
      memberOf: user.groups,
    },
  };
}
