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

const ENTITY_NAME_MAX = 63;

/**
 * The entity name for a person's or group's directory name: the local part of an email-like
 * username (`jane@corp.example`: `jane`, as the username sign-in resolver reads it), with every
 * character an entity name cannot hold made a `-`. Sign-in and the directory sync both name
 * people with it, so the two agree on who `jane` is. Undefined when nothing usable is left.
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
