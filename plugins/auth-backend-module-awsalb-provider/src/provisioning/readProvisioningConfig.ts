import { Config } from '@backstage/config';
import { configError, readClaimName, readStringList } from '../configReaders';
import type { AwsAlbIdp } from '../idpPresets';

/** The block's key under `auth.providers.awsalb`, which its errors name. */
const AT = 'provisioning.';
/** The allowlists have always been lists only: a single string is a mistake here. */
const LIST_ONLY = { allowSingle: false };

/** Just-in-time provisioning, when `provisioning.enabled` is true. */
export type ProvisioningOptions = {
  /** A person must be in one of these groups; undefined: any group, or none. */
  allowedGroups?: string[];
  /** A person's email must be in one of these domains; undefined: any. */
  allowedEmailDomains?: string[];
  /** The claims tried, in order, for the person's groups. */
  groupsClaims: string[];
};

/** Where each IdP puts a person's groups; Cognito's ID tokens call them `cognito:groups`. */
function defaultGroupsClaims(idp: AwsAlbIdp): string[] {
  return idp === 'cognito' ? ['cognito:groups', 'groups'] : ['groups'];
}

/**
 * Reads `auth.providers.awsalb.provisioning`; undefined when it is off (the default). On, it
 * needs an allowlist: provisioning everyone an IdP authenticates is never what was meant.
 */
export function readProvisioningConfig(
  providerConfig: Config,
  idp: AwsAlbIdp,
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
  const groupsClaim = readClaimName(config, 'groupsClaim', AT);
  return {
    allowedGroups,
    allowedEmailDomains,
    groupsClaims: groupsClaim ? [groupsClaim] : defaultGroupsClaims(idp),
  };
}
