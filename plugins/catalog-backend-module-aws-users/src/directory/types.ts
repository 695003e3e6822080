import type { AwsDirectoryKind } from '@aws-bridge/plugin-aws-common';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { GroupEntity, UserEntity } from '@backstage/catalog-model';

/**
 * A person as an AWS directory describes them, before mapping to a User entity.
 *
 * @public
 */
export type AwsDirectoryUser = {
  /** The directory's own ID: the Cognito `sub`, or the identity store's `UserId`. */
  id: string;
  /** The Cognito `Username`, or the identity store's `UserName`. */
  username: string;
  /** Lower-cased. */
  email?: string;
  /**
   * The directory vouches for the email: Cognito's `email_verified` is `true`; an identity
   * store's emails are set by its admins or their IdP's provisioning (SCIM), so always.
   */
  emailVerified: boolean;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  /** Every attribute the directory returned, for transformers that need more. */
  attributes: Record<string, string>;
};

/**
 * A group as an AWS directory describes it.
 *
 * @public
 */
export type AwsDirectoryGroup = {
  /** The Cognito `GroupName`, or the identity store's `GroupId`. */
  id: string;
  /** The Cognito `GroupName`, or the identity store's `DisplayName`. */
  name: string;
  description?: string;
  /** The `id`s of its members. */
  memberIds: string[];
};

/** Everything one sync read: the users and groups that pass the group filter. */
export type AwsDirectorySnapshot = {
  users: AwsDirectoryUser[];
  groups: AwsDirectoryGroup[];
};

/** Reads one directory, every page of it. */
export interface AwsDirectoryReader {
  /**
   * `groups` keeps only those groups (by name) and their members; undefined keeps all.
   * `signal` cancels the AWS calls in flight (the scheduler's timeout), not only the wait.
   */
  read(
    groups: string[] | undefined,
    signal?: AbortSignal,
  ): Promise<AwsDirectorySnapshot>;
}

/** Where a directory reader's SDK client signs its calls: the directory's region and account. */
export type AwsDirectoryClientConfig = {
  region: string;
  credentials: AwsCredentialIdentityProvider;
};

/**
 * What a transformer knows about the directory it maps from.
 *
 * @public
 */
export type AwsDirectoryContext = {
  /** The provider's ID (its key under `catalog.providers.awsDirectory`). */
  providerId: string;
  kind: AwsDirectoryKind;
  directoryId: string;
  /** The namespace of the entities the sync writes. */
  namespace: string;
  /** The IdP issuer users are bound to (`aws-bridge.io/idp-subject`), when there is one. */
  idpIssuer?: string;
};

/**
 * Maps a directory user to a User entity; undefined leaves the person out. `memberOf` is the
 * refs of the groups the person may be a member of: the Groups this sync writes and the ones
 * `groupMapping` names. The sync checks what comes back: a name that is not an entity name,
 * or that another source has, leaves the person out; a membership outside `memberOf`, or an
 * email the directory does not vouch for, is dropped. Each is reported.
 *
 * @public
 */
export type AwsDirectoryUserTransformer = (
  user: AwsDirectoryUser,
  memberOf: string[],
  context: AwsDirectoryContext,
) => Promise<UserEntity | undefined>;

/**
 * Maps a directory group to a Group entity; undefined leaves the group out.
 *
 * @public
 */
export type AwsDirectoryGroupTransformer = (
  group: AwsDirectoryGroup,
  context: AwsDirectoryContext,
) => Promise<GroupEntity | undefined>;
