import { awsProxyRouteName } from '@aws-bridge/plugin-aws-common';
import {
  readAwsConfigBoolean,
  readAwsConfigString,
} from '@aws-bridge/plugin-aws-node';
import { HeaderPolicy } from '../headerPolicy';
import { configError } from './configError';
import { readHeaderNames } from './readHeaderNames';
import { readRouteCredentials } from './readRouteCredentials';
import { readRouteLimits } from './readRouteLimits';
import {
  readRouteSigningScope,
  type RouteSigningScope,
} from './readRouteSigningScope';
import {
  readRouteAccessRules,
  type RouteAccessRules,
} from './routeAccessConfig';
import type { ProxyRoute } from './routeTypes';

const ROUTE_NAME = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9._~-]+)*$/;
const EXPANDED_KEYS = new Set([
  'target',
  'service',
  'region',
  'accountId',
  'roleArn',
  'roleSessionName',
  'externalId',
  'timeout',
  'maxRequestBodySize',
  'maxConnections',
  'allowedRequestHeaders',
  'allowedResponseHeaders',
  'allowUnauthenticatedRequests',
  'allowedMethods',
  'allowedOperations',
  'accounts',
  'regions',
  'healthCheckPath',
]);

/** The route's name from its key (`/apigw` → `apigw`), refusing what is no URL path. */
function readRouteName(routeKey: string, key: string): string {
  const name = awsProxyRouteName(routeKey);
  if (
    !ROUTE_NAME.test(name) ||
    name.split('/').some(s => s === '.' || s === '..')
  ) {
    throw configError(
      key,
      `'${routeKey}' is not a route name: use letters, digits and - _ . ~, in one or more segments like /apigw or /team/search`,
    );
  }
  return name;
}

/** The route's keys: the short form (a target URL) as `{ target }`, or the expanded form. */
function readRouteFields(raw: unknown, key: string): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  if (typeof raw === 'string') {
    value = { target: raw };
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    value = raw as Record<string, unknown>;
  }
  if (value.target === undefined) {
    throw configError(
      key,
      'needs a target URL (the short form), or an object with target',
    );
  }
  for (const field of Object.keys(value)) {
    if (!EXPANDED_KEYS.has(field)) {
      throw configError(
        `${key}.${field}`,
        `unknown key; known keys are ${[...EXPANDED_KEYS].join(', ')}`,
      );
    }
  }
  return value;
}

/** The rules that hold between keys: what an S3, a one-host or an open route may not set. */
function checkRouteRules(
  key: string,
  scope: RouteSigningScope,
  access: RouteAccessRules,
  open: boolean,
) {
  if (access.allowedOperations && scope.service === 's3') {
    throw configError(
      `${key}.allowedOperations`,
      'applies to JSON-RPC (X-Amz-Target) and query (Action=) APIs; S3 is a REST API, limit it with allowedMethods',
    );
  }
  const regions = access.selectableRegions ?? [scope.region];
  if (!scope.regionInTarget && scope.hostRegion && regions.length > 1) {
    throw configError(
      `${key}.regions`,
      `the target's host is in ${scope.hostRegion}; for a route that serves several regions, put {region} in the target (e.g. https://tagging.{region}.amazonaws.com)`,
    );
  }
  if (open && access.selectableAccounts) {
    throw configError(
      `${key}.accounts`,
      'an open route (allowUnauthenticatedRequests) may not let callers pick the account: anyone could then call AWS as any of them',
    );
  }
}

/** The path under the target that the health probe GETs; `/` when absent. */
function readHealthCheckPath(value: Record<string, unknown>, key: string) {
  const pathKey = `${key}.healthCheckPath`;
  const path =
    readAwsConfigString(value.healthCheckPath, pathKey, configError) ?? '/';
  if (!path.startsWith('/') || /[?#\s]/.test(path)) {
    throw configError(
      pathKey,
      'must be a path under the target starting with /, without a query',
    );
  }
  return path;
}

/** The request and response headers the route forwards beside the defaults. */
function readRouteHeaders(
  value: Record<string, unknown>,
  key: string,
  access: RouteAccessRules,
): HeaderPolicy {
  return new HeaderPolicy({
    allowedRequestHeaders: [
      ...(readHeaderNames(
        value.allowedRequestHeaders,
        `${key}.allowedRequestHeaders`,
      ) ?? []),
      // The operation check reads X-Amz-Target, so a route that has one forwards it.
      ...(access.allowedOperations ? ['x-amz-target'] : []),
    ],
    allowedResponseHeaders: readHeaderNames(
      value.allowedResponseHeaders,
      `${key}.allowedResponseHeaders`,
    ),
  });
}

/**
 * Reads one route, short form (a target URL) or expanded form. `key` is where it is
 * configured (`aws.proxy.routes./apigw`); `openByDefault` is its block's
 * `allowUnauthenticatedRequests`.
 */
export function readRoute(
  routeKey: string,
  raw: unknown,
  key: string,
  openByDefault: boolean,
): ProxyRoute {
  const name = readRouteName(routeKey, key);
  const value = readRouteFields(raw, key);
  const scope = readRouteSigningScope(value, key);
  const open = readAwsConfigBoolean(
    value.allowUnauthenticatedRequests,
    `${key}.allowUnauthenticatedRequests`,
    configError,
    openByDefault,
  );
  const access = readRouteAccessRules(value, key, scope.region);
  checkRouteRules(key, scope, access, open);
  const regions = access.selectableRegions ?? [scope.region];
  return {
    name,
    configKey: key,
    target: scope.target,
    targets: new Map(
      regions.map(r => [
        r,
        r === scope.region ? scope.target : scope.targetIn(r),
      ]),
    ),
    service: scope.service,
    region: scope.region,
    access,
    healthCheckPath: readHealthCheckPath(value, key),
    credentials: readRouteCredentials(value, key),
    ...readRouteLimits(value, key),
    unsignedPayload: scope.service === 's3',
    headers: readRouteHeaders(value, key, access),
    allowUnauthenticatedRequests: open,
  };
}
