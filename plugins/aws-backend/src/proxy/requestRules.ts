import { NotAllowedError } from '@backstage/errors';
import { withReason } from './proxyErrors';
import type { ProxyRoute } from './config/routeTypes';
import { WHERE_ADMINS_LOOK } from './callerScope';

// Refusals name the method or operation asked for, never the route's lists (the admin API's).

/** 403 for a method the route's allowedMethods does not list. */
export function checkMethod(route: ProxyRoute, method: string): void {
  const allowed = route.access.allowedMethods;
  if (allowed && !allowed.has(method)) {
    throw withReason(
      new NotAllowedError(
        `Method ${method} is not allowed on AWS proxy route '/${route.name}'; ${WHERE_ADMINS_LOOK}`,
      ),
      'method-not-allowed',
    );
  }
}

const OPERATION_NAME = /^[A-Za-z0-9_.-]+$/;

/** Whether an allowedOperations entry (`GetResources`, `Describe*`, `*`) matches a name. */
function entryMatches(entry: string, name: string): boolean {
  return entry.endsWith('*')
    ? name.startsWith(entry.slice(0, -1))
    : entry === name;
}

/**
 * An operation is allowed when an entry matches it whole, or matches what follows the last
 * dot of an X-Amz-Target (`GetResources` in `ResourceGroupsTaggingAPI_20170126.GetResources`).
 */
function operationAllowed(entries: readonly string[], operation: string) {
  const shortName = operation.slice(operation.lastIndexOf('.') + 1);
  return entries.some(
    entry => entryMatches(entry, operation) || entryMatches(entry, shortName),
  );
}

/**
 * 403 when the route has allowedOperations and the request names an operation it does not
 * list, or names none at all (a request the check cannot read is not let through).
 */
export function checkOperations(
  route: ProxyRoute,
  operations: readonly string[],
): void {
  const entries = route.access.allowedOperations;
  if (!entries) return;
  if (operations.length === 0) {
    throw withReason(
      new NotAllowedError(
        `AWS proxy route '/${route.name}' only forwards requests that name an operation (an X-Amz-Target header or an Action parameter); ${WHERE_ADMINS_LOOK}`,
      ),
      'operation-not-allowed',
    );
  }
  // A name with a comma or a space is two headers joined, or not a name: never allowed.
  const refused = operations.find(
    op => !OPERATION_NAME.test(op) || !operationAllowed(entries, op),
  );
  if (refused !== undefined) {
    throw withReason(
      new NotAllowedError(
        `Operation '${refused.slice(0, 100)}' is not allowed on AWS proxy route '/${route.name}'; ${WHERE_ADMINS_LOOK}`,
      ),
      'operation-not-allowed',
    );
  }
}
