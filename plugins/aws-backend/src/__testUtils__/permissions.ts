import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  type BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionBackend from '@backstage/plugin-permission-backend';

/**
 * What a test backend needs for the real permission framework with `policy` deciding: the
 * permission backend, a module setting the policy, and the real permissions service. Give
 * the backend `permission.enabled: true` too.
 */
export function permissionFrameworkWith(
  policy: PermissionPolicy,
): BackendFeature[] {
  return [
    permissionBackend,
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policies: policyExtensionPoint },
          async init({ policies }) {
            policies.setPolicy(policy);
          },
        });
      },
    }),
    permissionsServiceFactory,
  ];
}
