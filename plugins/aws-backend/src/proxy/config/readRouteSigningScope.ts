import { isAwsRegion } from '@aws-bridge/plugin-aws-common';
import { readAwsConfigString } from '@aws-bridge/plugin-aws-node';
import { configError } from './configError';
import { inferSigningScope } from './inferService';
import { firstListedRegion } from './routeAccessConfig';
import { readRouteTarget } from './readRouteTarget';
import type { RouteTarget } from './routeTypes';

/** Where a route sends its calls and what it signs them as. */
export type RouteSigningScope = {
  service: string;
  /** The route's own signing region. */
  region: string;
  /** The target in the route's own region. */
  target: RouteTarget;
  /** The target for another region: the template's, or the one target for every region. */
  targetIn(region: string): RouteTarget;
  /** Whether the target has a `{region}` in it, so that it serves several regions. */
  regionInTarget: boolean;
  /** The region the target's host names, if it names one. */
  hostRegion?: string;
};

/**
 * Reads a route's `target`, `service` and `region`, where `service` and `region` default to
 * what an AWS host names. A `{region}` in the target is replaced by the signing region: one
 * route for a regional API in every region a caller may pick. `key` is the route's config key.
 */
export function readRouteSigningScope(
  value: Record<string, unknown>,
  key: string,
): RouteSigningScope {
  const template = value.target;
  const regionInTarget =
    typeof template === 'string' && template.includes('{region}');
  const targetIn = (r: string) =>
    readRouteTarget(
      regionInTarget ? template.replaceAll('{region}', r) : template,
      `${key}.target`,
    );
  const configuredRegion =
    readAwsConfigString(value.region, `${key}.region`, configError) ??
    (regionInTarget ? firstListedRegion(value) : undefined);
  if (regionInTarget && !configuredRegion) {
    throw configError(
      key,
      'a target with {region} needs region (or regions, whose first entry is the default)',
    );
  }
  // Checked before it goes into a target; an inferred region matched the region pattern.
  if (configuredRegion && !isAwsRegion(configuredRegion)) {
    throw configError(
      `${key}.region`,
      `'${configuredRegion}' is not an AWS region name`,
    );
  }
  const target = targetIn(configuredRegion ?? '');
  const inferred = inferSigningScope(target.hostname);
  const service =
    readAwsConfigString(value.service, `${key}.service`, configError) ??
    inferred.service;
  const region = configuredRegion ?? inferred.region;
  if (!service) {
    throw configError(
      key,
      `cannot tell the AWS service from the host '${target.hostname}'; set service (the SigV4 signing name, e.g. execute-api, es, s3, lambda)`,
    );
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(service)) {
    throw configError(
      `${key}.service`,
      `'${service}' is not a SigV4 service name`,
    );
  }
  if (!region) {
    throw configError(
      key,
      `cannot tell the AWS region from the host '${target.hostname}'; set region (e.g. us-east-1)`,
    );
  }
  return {
    service,
    region,
    target,
    targetIn,
    regionInTarget,
    hostRegion: inferred.region,
  };
}
