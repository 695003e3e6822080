import type { AwsDirectoryKind } from '@aws-bridge/plugin-aws-common';
import {
  AWS_REGION_PATTERN_SOURCE,
  isAwsAccountId,
  isAwsRegion,
} from '@aws-bridge/plugin-aws-common';
import {
  awsConfigErrors,
  readAwsConfigGroupMapping,
  readAwsConfigString,
  readAwsConfigStringList,
} from '@aws-bridge/plugin-aws-node';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** Where the directory syncs are configured: one provider per key below it. */
export const DIRECTORY_CONFIG_ROOT = 'catalog.providers.awsDirectory';

/** One directory sync's config, read and checked at startup. */
export type AwsDirectoryProviderConfig = {
  id: string;
  configKey: string;
  kind: AwsDirectoryKind;
  directoryId: string;
  region: string;
  accountId?: string;
  groups?: string[];
  /** The namespace of the entities it writes (`default` unless configured). */
  namespace: string;
  /** Directory group name to the ref of an existing Group its members join instead. */
  groupMapping: Map<string, string>;
  /**
   * The issuer of the IdP whose `sub` is this directory's user ID, when synced users are bound
   * to it (`aws-bridge.io/idp-subject`): a Cognito pool's own issuer unless configured.
   */
  idpIssuer?: string;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** The schedule as the admin page shows it. */
  scheduleText: string;
};

/**
 * `us-east-1_AbCdEf123`: the pool's region (any name aws-common takes for a region), an
 * underscore, then its ID.
 */
const USER_POOL_ID = new RegExp(
  `^(${AWS_REGION_PATTERN_SOURCE})_[0-9A-Za-z]+$`,
);
/** `d-1234567890`, as IAM Identity Center names its identity store. */
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$/;
const PROVIDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

const configError = awsConfigErrors('directory sync');

/** A non-empty string at `<key>.<name>` (the shared reader, given the full key). */
function readString(config: Config, key: string, name: string) {
  return readAwsConfigString(
    config.getOptional(name),
    `${key}.${name}`,
    configError,
  );
}

/**
 * The group filter. An empty list gets its own message before the shared reader checks the
 * rest: leaving the key out, not emptying it, is how every user is synced.
 */
function readGroups(config: Config, key: string): string[] | undefined {
  const raw = config.getOptional('groups');
  if (Array.isArray(raw) && raw.length === 0) {
    throw configError(
      `${key}.groups`,
      'must name at least one group; leave it out to sync every user',
    );
  }
  return readAwsConfigStringList(raw, `${key}.groups`, configError, {
    what: 'group names',
  });
}

/**
 * Directory groups whose members join an existing Group instead of one the sync writes: the
 * one way a sync adds members to a group it does not own, so it is named in config.
 */
function readGroupMapping(
  config: Config,
  key: string,
  groups: string[] | undefined,
  namespace: string,
): Map<string, string> {
  const mapping = readAwsConfigGroupMapping(
    config.getOptionalConfigArray('groupMapping') ?? [],
    `${key}.groupMapping`,
    configError,
    {
      nameKey: 'directoryGroup',
      source: 'directory',
      defaultNamespace: namespace,
    },
  );
  [...mapping.keys()].forEach((directoryGroup, i) => {
    if (groups && !groups.includes(directoryGroup)) {
      throw configError(
        `${key}.groupMapping[${i}].directoryGroup`,
        `'${directoryGroup}' is not one of ${key}.groups, so it is never read`,
      );
    }
  });
  return mapping;
}

/**
 * The IdP issuer synced users are bound to. A Cognito pool is the IdP of the ALB that uses it,
 * and its ID tokens' `sub` is the user's `sub` attribute: bound to the pool's issuer unless
 * `bindIdpSubjects` is false (people sign in through another IdP). The identity store's user
 * IDs are no IdP's `sub`: bound only when `idpIssuer` is set.
 */
function readIdpIssuer(
  config: Config,
  key: string,
  kind: AwsDirectoryKind,
  region: string,
  directoryId: string,
): string | undefined {
  const bind = config.getOptionalBoolean('bindIdpSubjects');
  const issuer = readString(config, key, 'idpIssuer');
  if (bind === false) {
    if (issuer !== undefined) {
      throw configError(
        `${key}.idpIssuer`,
        'is set while bindIdpSubjects is false: remove one of the two',
      );
    }
    return undefined;
  }
  if (issuer !== undefined) {
    if (!URL.canParse(issuer)) {
      throw configError(`${key}.idpIssuer`, `'${issuer}' is not a URL`);
    }
    return issuer;
  }
  if (kind === 'cognito-user-pool') {
    return `https://cognito-idp.${region}.amazonaws.com/${directoryId}`;
  }
  if (bind === true) {
    throw configError(
      `${key}.idpIssuer`,
      'is required to bind identity store users to an IdP (bindIdpSubjects: true)',
    );
  }
  return undefined;
}

function describeSchedule(config: Config): string {
  if (!config.has('schedule')) return 'manual';
  const frequency = config.getOptional('schedule.frequency');
  if (typeof frequency === 'string') return frequency;
  if (frequency && typeof frequency === 'object') {
    const parts = Object.entries(frequency as Record<string, unknown>).map(
      ([unit, amount]) =>
        unit === 'cron' ? `cron ${amount}` : `${amount} ${unit}`,
    );
    return parts.some(
      part => part.startsWith('cron') || part.startsWith('manual'),
    )
      ? parts.join(', ')
      : `every ${parts.join(' ')}`;
  }
  return 'manual';
}

function readOne(id: string, config: Config): AwsDirectoryProviderConfig {
  const key = `${DIRECTORY_CONFIG_ROOT}.${id}`;
  if (!PROVIDER_ID.test(id)) {
    throw configError(
      key,
      'the ID must be letters, digits, - and _ (it names the provider and its entities)',
    );
  }
  const userPoolId = readString(config, key, 'userPoolId');
  const identityStoreId = readString(config, key, 'identityStoreId');
  if ((userPoolId === undefined) === (identityStoreId === undefined)) {
    throw configError(
      key,
      "set exactly one of 'userPoolId' (an Amazon Cognito user pool) or 'identityStoreId' (IAM Identity Center)",
    );
  }
  let region = readString(config, key, 'region');
  if (region !== undefined && !isAwsRegion(region)) {
    throw configError(`${key}.region`, `'${region}' is not an AWS region`);
  }
  if (userPoolId !== undefined) {
    const match = USER_POOL_ID.exec(userPoolId);
    if (!match) {
      throw configError(
        `${key}.userPoolId`,
        `'${userPoolId}' is not a user pool ID (<region>_<id>, e.g. us-east-1_AbCdEf123)`,
      );
    }
    region ??= match[1];
  } else if (!IDENTITY_STORE_ID.test(identityStoreId!)) {
    throw configError(
      `${key}.identityStoreId`,
      `'${identityStoreId}' is not an identity store ID (d-, then 10 hex digits)`,
    );
  }
  if (region === undefined) {
    throw configError(
      `${key}.region`,
      'is required: the region of the IAM Identity Center instance (its settings page shows it)',
    );
  }
  const accountId = readString(config, key, 'accountId');
  if (accountId !== undefined && !isAwsAccountId(accountId)) {
    throw configError(
      `${key}.accountId`,
      `'${accountId}' is not a 12-digit account ID (quote it in YAML)`,
    );
  }
  const groups = readGroups(config, key);
  const namespace = readString(config, key, 'namespace') ?? 'default';
  if (!KubernetesValidatorFunctions.isValidNamespace(namespace)) {
    throw configError(
      `${key}.namespace`,
      `'${namespace}' is not an entity namespace`,
    );
  }
  const kind: AwsDirectoryKind =
    userPoolId !== undefined ? 'cognito-user-pool' : 'identity-store';
  const directoryId = (userPoolId ?? identityStoreId)!;
  let schedule: SchedulerServiceTaskScheduleDefinition | undefined;
  if (config.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      );
    } catch (error) {
      throw configError(`${key}.schedule`, (error as Error).message);
    }
  }
  return {
    id,
    configKey: key,
    kind,
    directoryId,
    region,
    accountId,
    groups,
    namespace,
    groupMapping: readGroupMapping(config, key, groups, namespace),
    idpIssuer: readIdpIssuer(config, key, kind, region, directoryId),
    schedule,
    scheduleText: describeSchedule(config),
  };
}

/**
 * Reads every directory sync under `catalog.providers.awsDirectory`; a mistake stops the
 * backend at startup, naming the key.
 */
export function readDirectoryConfigs(
  rootConfig: Config,
): AwsDirectoryProviderConfig[] {
  const root = rootConfig.getOptionalConfig(DIRECTORY_CONFIG_ROOT);
  if (!root) return [];
  return root.keys().map(id => readOne(id, root.getConfig(id)));
}
