import {
  awsAdminReadPermission,
  awsAdminRunPermission,
  awsProxyRoutePermission,
} from '@aws-bridge/plugin-aws-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { DemoPermissionPolicy } from './demoPermissionPolicy';

const user = (ref: string, groups: string[]) =>
  ({
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  }) as unknown as PolicyQueryUser;

const alice = user('user:default/alice', ['group:default/platform']);
const bob = user('user:default/bob', ['group:default/payments']);
const policy = new DemoPermissionPolicy();

describe('the demo permission policy', () => {
  it.each([[awsAdminReadPermission], [awsAdminRunPermission]])(
    'lets members of platform have %p, and no one else',
    async permission => {
      const query = { permission };
      expect((await policy.handle(query, alice)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await policy.handle(query, bob)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle(query)).result).toBe(AuthorizeResult.DENY);
    },
  );

  it('lets everyone use the proxy routes', async () => {
    const query = { permission: awsProxyRoutePermission('tagging') };
    expect((await policy.handle(query, bob)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });
});
