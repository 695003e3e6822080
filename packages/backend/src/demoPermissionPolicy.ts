/*
 * The demo's permission policy: members of the `platform` group may read the AWS admin page
 * (aws.admin.read) and start its costly actions, fresh checks and "Sync now" (aws.admin.run);
 * everyone may do everything else, the proxy routes included. A real deployment writes its
 * own (docs/admin-page.md has one that gives the two to different groups); this shows the
 * decisions the admin page needs.
 */
import {
  awsAdminReadPermission,
  awsAdminRunPermission,
} from '@aws-bridge/plugin-aws-common';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** The group whose members administer AWS access in the demo (examples/org.yaml). */
export const AWS_ADMIN_GROUP = 'group:default/platform';

export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isPermission(request.permission, awsAdminReadPermission) ||
      isPermission(request.permission, awsAdminRunPermission)
    ) {
      // Ownership refs are the user's own ref and the groups they are a member of, as the
      // sign-in resolver found them in the catalog.
      const refs = user?.info.ownershipEntityRefs ?? [];
      return {
        result: refs.includes(AWS_ADMIN_GROUP)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'aws-bridge-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
