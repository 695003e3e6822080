import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CONFIG_ROOT } from '../config';
import type { AwsAlbIdp } from '../idpPresets';

const KEY = `${CONFIG_ROOT}.provisioning`;

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

function configError(key: string, message: string) {
  return new InputError(
    `Invalid ALB sign-in config at ${KEY}.${key}: ${message}`,
  );
}

function readList(config: Config, key: string): string[] | undefined {
  if (!config.has(key)) return undefined;
  const list = config.getOptionalStringArray(key);
  if (!list || list.length === 0 || list.some(item => item.trim() === '')) {
    throw configError(key, 'must be a non-empty list of non-empty strings');
  }
  return list;
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
  const allowedGroups = readList(config, 'allowedGroups');
  const allowedEmailDomains = readList(config, 'allowedEmailDomains')?.map(d =>
    d.toLowerCase(),
  );
  if (!allowedGroups && !allowedEmailDomains) {
    throw configError(
      'allowedGroups',
      "set 'allowedGroups', 'allowedEmailDomains' or both: who may be provisioned",
    );
  }
  const groupsClaim = config.getOptionalString('groupsClaim');
  if (groupsClaim !== undefined && !/^\S{1,128}$/.test(groupsClaim)) {
    throw configError('groupsClaim', `'${groupsClaim}' is not a claim name`);
  }
  return {
    allowedGroups,
    allowedEmailDomains,
    groupsClaims: groupsClaim ? [groupsClaim] : defaultGroupsClaims(idp),
  };
}
