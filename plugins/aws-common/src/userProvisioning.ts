/**
 * Marks a User or Group entity that aws-bridge provisioned, and from where: `alb-sign-in` for
 * a person created just in time from their sign-in claims, `aws-directory:<id>` for one a
 * directory sync wrote. Sign-in updates only entities marked `alb-sign-in`.
 *
 * @public
 */
export const AWS_PROVISIONED_BY_ANNOTATION = 'aws-bridge.io/provisioned-by';

/**
 * On a User provisioned just in time: the IdP's `iss` and `sub` (`<iss>#<sub>`) it was created
 * for. A sign-in by anyone else never takes that entity over, even with the same username.
 *
 * @public
 */
export const AWS_IDP_SUBJECT_ANNOTATION = 'aws-bridge.io/idp-subject';

/**
 * On a User provisioned just in time: a digest of the claims it was made from, so a sign-in
 * sees at a glance whether the entity needs updating.
 *
 * @public
 */
export const AWS_CLAIMS_DIGEST_ANNOTATION = 'aws-bridge.io/claims-digest';

/**
 * On a User a directory sync wrote: the directory's own ID for the person
 * (`<directory ID>#<user ID>`: the Cognito `sub`, or the identity store's `UserId`), which no
 * name change in the directory alters.
 *
 * @public
 */
export const AWS_DIRECTORY_USER_ID_ANNOTATION =
  'aws-bridge.io/directory-user-id';

/**
 * Why a directory sync left a user or group out, or wrote it without its email or a
 * membership:
 * - `not-an-entity-name`: its name is not an entity name as it is (names are never rewritten);
 * - `name-taken`: an entity from another source (a catalog file, another provider or sync, a
 *   person provisioned at sign-in) has that name, compared as the catalog compares refs;
 * - `name-twice`: the directory holds the name twice (ignoring case), so it names no one;
 * - `email-unverified`: the email is not one the directory vouches for (Cognito's
 *   `email_verified` is not true, or it is not an email address);
 * - `email-taken`: another entity has the email; `email-twice`: two directory users have it;
 * - `membership-not-owned`: a membership of a group this sync does not write (and no
 *   `groupMapping` names).
 *
 * @public
 */
export type AwsDirectorySkipReason =
  | 'not-an-entity-name'
  | 'name-taken'
  | 'name-twice'
  | 'email-unverified'
  | 'email-taken'
  | 'email-twice'
  | 'membership-not-owned';

/**
 * One thing a directory sync did not write, and why.
 *
 * @public
 */
export type AwsDirectorySyncSkip = {
  kind: 'User' | 'Group';
  /** The user's or group's name as the directory has it. */
  name: string;
  reason: AwsDirectorySkipReason;
  /**
   * What was left out: the whole entity, or only its email or a membership (the entity was
   * written without it).
   */
  left: 'entity' | 'email' | 'membership';
  /** What happened, naming the entity or source that has the name or the email. */
  message: string;
};

/**
 * At most this many skips are kept with a run; `skippedTotal` counts them all.
 *
 * @public
 */
export const AWS_DIRECTORY_SYNC_SKIPS_KEPT = 100;

/**
 * The AWS directories a sync reads: an Amazon Cognito user pool, or the IAM Identity Center
 * identity store.
 *
 * @public
 */
export type AwsDirectoryKind = 'cognito-user-pool' | 'identity-store';

/**
 * One run of a directory sync.
 *
 * @public
 */
export type AwsDirectorySyncRun = {
  /** What started it: the schedule, or an admin from `/aws-admin`. */
  trigger: 'schedule' | 'admin';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  /** What the run gave the catalog (on success): users and groups after the group filter. */
  users?: number;
  groups?: number;
  /**
   * What the run left out, and why (on success): the first `AWS_DIRECTORY_SYNC_SKIPS_KEPT`,
   * ordered by reason then name.
   */
  skipped?: AwsDirectorySyncSkip[];
  /** How many things the run left out in all; absent when none. */
  skippedTotal?: number;
  /** Why the run failed; the catalog was left as it was. */
  error?: {
    /** AWS's error code (`AccessDeniedException`, `ResourceNotFoundException`), or the error's name. */
    code: string;
    message: string;
    /** What to fix, naming the config key, when the code is a known one. */
    advice?: string;
  };
};

/**
 * A configured directory sync, as `GET /api/aws/admin/directory-syncs` describes it.
 *
 * @public
 */
export type AwsDirectorySyncStatus = {
  /** The provider's ID: the key under `catalog.providers.awsDirectory`. */
  id: string;
  configKey: string;
  kind: AwsDirectoryKind;
  /** The user pool ID or identity store ID. */
  directoryId: string;
  /** The account whose credentials read it; absent for the main account. */
  accountId?: string;
  region: string;
  /** Only members of these groups are synced; absent when every user is. */
  groups?: string[];
  /** The schedule as configured (`PT30M`, `{ minutes: 30 }` as ISO 8601), or `manual`. */
  schedule: string;
  /** A run is in progress on this backend. */
  running: boolean;
  lastRun?: AwsDirectorySyncRun;
};

/**
 * The answer of `GET /api/aws/admin/directory-syncs`.
 *
 * @public
 */
export type AwsDirectorySyncsResponse = {
  syncs: AwsDirectorySyncStatus[];
  /** False when no catalog module reports here (the directory sync is not installed). */
  installed: boolean;
};

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL_MAX_LENGTH = 254;

/**
 * An email address as aws-bridge accepts one, at sign-in and in a directory sync: lower case,
 * one `@`, a local part of RFC 5322 `atext` and dots, and a domain of DNS labels. Stricter
 * than the RFC on purpose (no quoted local parts, no comments, no IP literals): an address is
 * compared with allowlists and sent to the catalog as a filter value, where a `,` would add a
 * filter term and a second `@` would make the domain a matter of which `@` one reads.
 *
 * @public
 */
export function isEmailAddress(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value);
}

const ENTITY_NAME_MAX = 63;

/**
 * @deprecated Lossy: `jane@evil.example` and `jane@corp.example` both become `jane`. Sign-in
 * and the directory sync no longer use it: a name that is not an entity name as it is names no
 * one. Kept for one release for code that imported it.
 *
 * The entity name for a directory name: the local part of an email-like one, with every
 * character an entity name cannot hold made a `-`. Undefined when nothing usable is left.
 *
 * @public
 */
export function awsEntityNameFor(raw: string): string | undefined {
  const at = raw.lastIndexOf('@');
  const base = (at > 0 ? raw.slice(0, at) : raw).trim();
  const name = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, ENTITY_NAME_MAX)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return name === '' ? undefined : name;
}
