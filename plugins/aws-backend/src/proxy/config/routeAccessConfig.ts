import { isAwsAccountId, isAwsRegion } from '@aws-bridge/plugin-aws-common';
import { readAwsConfigStringList } from '@aws-bridge/plugin-aws-node';
import { configError } from './configError';

/**
 * What a route lets through besides its target: the methods and operations it forwards, and
 * the accounts and regions a caller may pick. Read from the route's `allowedMethods`,
 * `allowedOperations`, `accounts` and `regions` keys.
 */
export type RouteAccessRules = {
  /** Upper-case methods the route forwards; undefined forwards every method. */
  allowedMethods?: ReadonlySet<string>;
  /** The configured allowedOperations entries; undefined forwards every operation. */
  allowedOperations?: readonly string[];
  /**
   * Accounts a caller may pick with the `x-aws-bridge-account` header: `*` for any account the
   * credentials service can sign for, or a list. Undefined: the caller may not pick.
   */
  selectableAccounts?: '*' | ReadonlySet<string>;
  /**
   * Regions a caller may pick with the `x-aws-bridge-region` header, the route's own region
   * first. Undefined: the caller may not pick.
   */
  selectableRegions?: readonly string[];
};

const HTTP_METHOD = /^[A-Za-z]+$/;
/** An operation name, optionally with a JSON-RPC target prefix, optionally ending in `*`. */
const OPERATION = /^[A-Za-z0-9_.-]+\*?$|^\*$/;

/** A present, non-empty list of names, each trimmed (the shared reader keeps them as written). */
function readStringList(raw: unknown, key: string, what: string): string[] {
  const list = readAwsConfigStringList(raw, key, configError, { what }) ?? [];
  return list.map(v => v.trim());
}

function readAllowedMethods(
  raw: unknown,
  key: string,
): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  const methods = readStringList(raw, key, 'HTTP methods such as GET, POST');
  const bad = methods.find(m => !HTTP_METHOD.test(m));
  if (bad) throw configError(key, `'${bad}' is not an HTTP method`);
  return new Set(methods.map(m => m.toUpperCase()));
}

function readAllowedOperations(
  raw: unknown,
  key: string,
): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const operations = readStringList(
    raw,
    key,
    'operation names such as GetResources, Describe* or ResourceGroupsTaggingAPI_20170126.GetResources',
  );
  const bad = operations.find(o => !OPERATION.test(o));
  if (bad) {
    throw configError(
      key,
      `'${bad}' is not an operation name (letters, digits, _ . -, and an optional * at the end)`,
    );
  }
  return operations;
}

function readSelectableAccounts(
  raw: unknown,
  key: string,
): RouteAccessRules['selectableAccounts'] {
  if (raw === undefined) return undefined;
  if (raw === '*') return '*';
  const accounts = readStringList(
    raw,
    key,
    "12-digit account IDs, or '*' for any account aws.accounts or aws.accountDefaults can sign for",
  );
  const bad = accounts.find(a => !isAwsAccountId(a));
  if (bad) throw configError(key, `'${bad}' is not a 12-digit AWS account ID`);
  return new Set(accounts);
}

function readSelectableRegions(
  raw: unknown,
  key: string,
  routeRegion: string,
): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const regions = readStringList(raw, key, 'AWS region names');
  const bad = regions.find(r => !isAwsRegion(r));
  if (bad) throw configError(key, `'${bad}' is not an AWS region name`);
  // The route's own region is what a caller gets without picking, so it is always allowed.
  return [routeRegion, ...regions.filter(r => r !== routeRegion)];
}

/** Reads a route's access rules; `key` is the route's config key. */
export function readRouteAccessRules(
  value: Record<string, unknown>,
  key: string,
  routeRegion: string,
): RouteAccessRules {
  return {
    allowedMethods: readAllowedMethods(
      value.allowedMethods,
      `${key}.allowedMethods`,
    ),
    allowedOperations: readAllowedOperations(
      value.allowedOperations,
      `${key}.allowedOperations`,
    ),
    selectableAccounts: readSelectableAccounts(
      value.accounts,
      `${key}.accounts`,
    ),
    selectableRegions: readSelectableRegions(
      value.regions,
      `${key}.regions`,
      routeRegion,
    ),
  };
}

/** The route's first region, for a route whose region comes from its `regions` list. */
export function firstListedRegion(value: Record<string, unknown>) {
  const regions = value.regions;
  return Array.isArray(regions) && typeof regions[0] === 'string'
    ? regions[0].trim()
    : undefined;
}
