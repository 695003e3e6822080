import {
  AWS_PROXY_ACCOUNT_HEADER,
  AWS_PROXY_REGION_HEADER,
  isAwsAccountId,
} from '@aws-bridge/plugin-aws-common';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { IncomingHttpHeaders } from 'node:http';
import { withReason } from './proxyErrors';
import type { ProxyRoute } from './config/routeTypes';
import type { SigningScope } from './RouteSigner';

/** Where a refused caller is sent: the route's settings are the admin page's to show. */
export const WHERE_ADMINS_LOOK =
  "an admin can see the route's settings on /aws-admin";

function singleHeader(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  // Node joins repeated custom headers with ", "; two different picks are never meant.
  if (Array.isArray(value) || value.includes(',')) {
    throw new InputError(`Send the ${name} header once, with one value`);
  }
  return value.trim();
}

/**
 * Reads the account and region a caller picked with the `x-aws-bridge-account` and
 * `x-aws-bridge-region` headers, and checks them against the route's `accounts` and
 * `regions`: a malformed or unlisted region, or a malformed account, is a 400; an account the
 * route does not list is a 403. Whether the credentials service knows the account is checked
 * when its signer is made (RouteSigners).
 *
 * A refusal names what the caller asked for (the route, the account, the region) and never
 * what the route allows: the accounts and regions are the admin API's to show.
 */
export function readCallerScope(
  route: ProxyRoute,
  headers: IncomingHttpHeaders,
): SigningScope {
  const { selectableAccounts, selectableRegions } = route.access;
  const accountId = singleHeader(headers, AWS_PROXY_ACCOUNT_HEADER);
  const region = singleHeader(headers, AWS_PROXY_REGION_HEADER);

  if (accountId !== undefined) {
    if (!selectableAccounts) {
      throw withReason(
        new InputError(
          `AWS proxy route '/${route.name}' does not let callers pick the account (${AWS_PROXY_ACCOUNT_HEADER}); ${WHERE_ADMINS_LOOK}`,
        ),
        'account-not-allowed',
      );
    }
    if (!isAwsAccountId(accountId)) {
      throw new InputError(
        `'${accountId.slice(0, 40)}' in ${AWS_PROXY_ACCOUNT_HEADER} is not a 12-digit AWS account ID`,
      );
    }
    if (selectableAccounts !== '*' && !selectableAccounts.has(accountId)) {
      throw withReason(
        new NotAllowedError(
          `AWS proxy route '/${route.name}' may not be called for account ${accountId}; ${WHERE_ADMINS_LOOK}`,
        ),
        'account-not-allowed',
      );
    }
  }

  if (region !== undefined) {
    if (!selectableRegions) {
      throw withReason(
        new InputError(
          `AWS proxy route '/${route.name}' does not let callers pick the region (${AWS_PROXY_REGION_HEADER}); ${WHERE_ADMINS_LOOK}`,
        ),
        'region-not-allowed',
      );
    }
    if (!route.targets.has(region)) {
      throw withReason(
        new InputError(
          `Region '${region.slice(0, 40)}' is not one AWS proxy route '/${route.name}' serves; ${WHERE_ADMINS_LOOK}`,
        ),
        'region-not-allowed',
      );
    }
  }

  const scopeRegion = region ?? route.region;
  return {
    accountId,
    region: scopeRegion,
    target: route.targets.get(scopeRegion)!,
  };
}
