import { readAwsConfigGroupMapping } from '@aws-bridge/plugin-aws-node';
import {
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { configError, readClaimName, readStringList } from '../configReaders';
import type { AwsAlbProviderOptions } from '../config';

/** The block's key under `auth.providers.awsalb`, which its errors name. */
const AT = 'provisioning.';
/** The allowlists have always been lists only: a single string is a mistake here. */
const LIST_ONLY = { allowSingle: false };
/** More groups than a person is in: the review sent 600. Refused, not truncated. */
const DEFAULT_MAX_GROUPS = 100;

/** Just-in-time provisioning, when `provisioning.enabled` is true. */
export type ProvisioningOptions = {
  /** A person must be in one of these IdP groups (exact names); undefined: any group, or none. */
  allowedGroups?: string[];
  /** A person's email must be in one of these domains; undefined: any. */
  allowedEmailDomains?: string[];
  /**
   * The Group entity (a full ref, `group:default/platform`) each IdP group name makes a person
   * a member of: the `groupMapping` entries, and every allowed group that is an entity name as
   * it is. An IdP group not here gives no membership.
   */
  groupRefs: Map<string, string>;
  /** A groups claim with more entries is refused. */
  maxGroups: number;
  /**
   * Where the groups are: the verified access token for Cognito (its userinfo, which the ALB
   * signs, never has them), the ALB's user claims for every other IdP.
   */
  groupsFrom: 'accessToken' | 'userinfo';
  /** The claim holding the person's groups there. */
  groupsClaim: string;
};

/**
 * Reads `auth.providers.awsalb.provisioning`; undefined when it is off (the default). On, it
 * needs an allowlist: provisioning everyone an IdP authenticates is never what was meant.
 * Groups become memberships only as the config names them: an allowed group that is not an
 * entity name as it is (`Data Science`, `platform@contractors`) must be mapped, so that no
 * IdP name turns into another by normalisation.
 */
export function readProvisioningConfig(
  providerConfig: Config,
  { idp, accessToken }: Pick<AwsAlbProviderOptions, 'idp' | 'accessToken'>,
): ProvisioningOptions | undefined {
  const config = providerConfig.getOptionalConfig('provisioning');
  if (!config || !config.getOptionalBoolean('enabled')) return undefined;
  const allowedGroups = readStringList(config, 'allowedGroups', AT, LIST_ONLY);
  const allowedEmailDomains = readStringList(
    config,
    'allowedEmailDomains',
    AT,
    LIST_ONLY,
  )?.map(d => d.toLowerCase());
  if (!allowedGroups && !allowedEmailDomains) {
    throw configError(
      `${AT}allowedGroups`,
      "set 'allowedGroups', 'allowedEmailDomains' or both: who may be provisioned",
    );
  }
  const groupRefs = readAwsConfigGroupMapping(
    config.getOptionalConfigArray('groupMapping') ?? [],
    `${AT}groupMapping`,
    configError,
    { nameKey: 'idpGroup', source: 'IdP' },
  );
  for (const group of allowedGroups ?? []) {
    if (groupRefs.has(group)) continue;
    if (!KubernetesValidatorFunctions.isValidObjectName(group)) {
      throw configError(
        `${AT}allowedGroups`,
        `'${group}' is not a Group entity name as it is: add it to ${AT}groupMapping with the group it makes people members of`,
      );
    }
    groupRefs.set(group, stringifyEntityRef({ kind: 'group', name: group }));
  }
  const maxGroups = config.getOptionalNumber('maxGroups') ?? DEFAULT_MAX_GROUPS;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > 1000) {
    throw configError(
      `${AT}maxGroups`,
      'must be a whole number from 1 to 1000',
    );
  }
  const groupsFrom = idp === 'cognito' ? 'accessToken' : 'userinfo';
  if (groupsFrom === 'accessToken' && !accessToken && groupRefs.size > 0) {
    throw configError(
      'accessToken.enabled',
      `is false, but idp: cognito puts a person's groups only in the access token, so ${AT}allowedGroups and ${AT}groupMapping need it verified: remove accessToken.enabled: false`,
    );
  }
  return {
    allowedGroups,
    allowedEmailDomains,
    groupRefs,
    maxGroups,
    groupsFrom,
    groupsClaim:
      readClaimName(config, 'groupsClaim', AT) ??
      (idp === 'cognito' ? 'cognito:groups' : 'groups'),
  };
}
