import { createHash } from 'node:crypto';
import {
  AWS_CLAIMS_DIGEST_ANNOTATION,
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
} from '@aws-bridge/plugin-aws-common';
import type { AwsJitUser } from './awsUserProvisioningServiceRef';

// The marks on a User provisioned at sign-in. The catalog module writes them and the awsalb
// sign-in reads them back; they are defined here, once, so the two cannot drift apart.

/**
 * What `aws-bridge.io/provisioned-by` says on a person provisioned at sign-in.
 *
 * @public
 */
export const AWS_PROVISIONED_AT_SIGN_IN = 'alb-sign-in';

/**
 * The IdP subject a person belongs to, as `aws-bridge.io/idp-subject` records it: `<iss>#<sub>`.
 *
 * @public
 */
export const awsIdpSubject = (idp: Pick<AwsJitUser, 'issuer' | 'subject'>) =>
  `${idp.issuer}#${idp.subject}`;

/**
 * A digest of what a person's entity is made from, so a sign-in can tell whether the entity
 * needs updating without comparing entity fields a transformer may have reshaped.
 *
 * @public
 */
export function awsJitUserDigest(user: AwsJitUser): string {
  const canonical = JSON.stringify([
    user.name,
    user.displayName ?? null,
    user.email ?? null,
    user.picture ?? null,
    [...user.groups].sort(),
    user.issuer,
    user.subject,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The annotations that mark a User as provisioned at sign-in for this person: who provisioned
 * it, the IdP subject it belongs to, and the digest of the claims it was made from.
 *
 * @public
 */
export function awsJitUserAnnotations(
  user: AwsJitUser,
): Record<string, string> {
  return {
    [AWS_PROVISIONED_BY_ANNOTATION]: AWS_PROVISIONED_AT_SIGN_IN,
    [AWS_IDP_SUBJECT_ANNOTATION]: awsIdpSubject(user),
    [AWS_CLAIMS_DIGEST_ANNOTATION]: awsJitUserDigest(user),
  };
}

/**
 * Whether an entity was provisioned at sign-in for this IdP subject (`iss` and `sub`): the only
 * entities a sign-in may update. Any other, a catalog file's or a directory sync's, is not.
 *
 * @public
 */
export function isAwsJitUserEntityFor<
  T extends { metadata: { annotations?: Record<string, string> } },
>(
  entity: T | undefined,
  idp: Pick<AwsJitUser, 'issuer' | 'subject'>,
): entity is T {
  const annotations = entity?.metadata.annotations ?? {};
  return (
    annotations[AWS_PROVISIONED_BY_ANNOTATION] === AWS_PROVISIONED_AT_SIGN_IN &&
    annotations[AWS_IDP_SUBJECT_ANNOTATION] === awsIdpSubject(idp)
  );
}
