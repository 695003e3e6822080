import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { badGateway, withReason } from '../proxy/proxyErrors';

/**
 * Asks the permission framework about one resource-less permission: throws a 403 with
 * `denied` as its message when the policy denies it, and a 502 when the framework cannot be
 * asked, like any other upstream the plugin depends on.
 */
export async function requirePermission(
  permissions: PermissionsService,
  permission: BasicPermission,
  credentials: BackstageCredentials,
  denied: string,
): Promise<void> {
  let decision;
  try {
    [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
  } catch (error) {
    throw badGateway(
      `Could not ask the permission framework about ${permission.name}: ${
        (error as Error).message
      }`,
    );
  }
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw withReason(
      new NotAllowedError(
        `${denied}: the permission policy denies ${permission.name}`,
      ),
      'permission-denied',
    );
  }
}
