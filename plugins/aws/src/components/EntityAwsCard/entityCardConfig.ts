import type { ConfigApi } from '@backstage/core-plugin-api';
import type { IdentityCenterPortal } from '../../resources/consoleLinks';

/** What the card reads from app config (`plugins/aws/config.d.ts`). */
export interface EntityCardConfig {
  /** The proxy route for the Resource Groups Tagging API. */
  resourcesRoute: string;
  /** The proxy route for IAM's ListAccountAliases; no alias is shown without one. */
  accountAliasRoute?: string;
  /** Console links go through this portal when set. */
  identityCenter?: IdentityCenterPortal;
}

export const DEFAULT_RESOURCES_ROUTE = '/tagging';

// `d-1234567890` or a custom subdomain: one DNS label, since it becomes the portal's host.
const PORTAL_SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const ROUTE = /^\/?[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?$/;

function readRoute(config: ConfigApi, key: string): string | undefined {
  const route = config.getOptionalString(key);
  if (route !== undefined && !ROUTE.test(route)) {
    throw new Error(
      `${key} must be a proxy route name such as '/tagging', got '${route.slice(0, 60)}'`,
    );
  }
  return route;
}

/** Reads the card's config; throws an error naming the key when a value is malformed. */
export function readEntityCardConfig(config: ConfigApi): EntityCardConfig {
  const portalKey = 'aws.console.identityCenter.portalSubdomain';
  const portalSubdomain = config.getOptionalString(portalKey);
  if (
    portalSubdomain !== undefined &&
    !PORTAL_SUBDOMAIN.test(portalSubdomain)
  ) {
    throw new Error(
      `${portalKey} must be the access portal's subdomain, the 'd-1234567890' or 'my-company' of https://d-1234567890.awsapps.com/start, got '${portalSubdomain.slice(0, 60)}'`,
    );
  }
  return {
    resourcesRoute:
      readRoute(config, 'aws.entityCard.resourcesRoute') ??
      DEFAULT_RESOURCES_ROUTE,
    accountAliasRoute: readRoute(config, 'aws.entityCard.accountAliasRoute'),
    identityCenter: portalSubdomain
      ? {
          portalSubdomain,
          roleName: config.getOptionalString(
            'aws.console.identityCenter.roleName',
          ),
        }
      : undefined,
  };
}
