import { AWS_PROXY_PERMISSION_PREFIX } from '@aws-bridge/plugin-aws-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  apigwRoute,
  permissionFrameworkWith,
  rawRequest,
  SERVICE_AUTH,
  useBackendOnEmulator,
} from '../__testUtils__';

// Access to each route through Backstage's permission framework: the real permission backend
// and permissions service, with a policy that lets only alice use /search.

/**
 * Like the policy docs/sigv4-proxy.md shows, keyed on the user rather than a group: /search
 * and the admin API for alice only, every other route for all.
 */
class SearchForAliceOnly implements PermissionPolicy {
  readonly asked: string[] = [];

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    this.asked.push(`${user?.info.userEntityRef} ${request.permission.name}`);
    if (
      request.permission.name === 'aws.proxy.search' ||
      request.permission.name === 'aws.admin.read'
    ) {
      return {
        result:
          user?.info.userEntityRef === 'user:default/alice'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const policy = new SearchForAliceOnly();

const setup = useBackendOnEmulator(
  url => ({
    '/search': apigwRoute(url),
    '/apigw': apigwRoute(url),
    '/public': { ...apigwRoute(url), allowUnauthenticatedRequests: true },
  }),
  {
    extraConfig: { permission: { enabled: true } },
    features: permissionFrameworkWith(policy),
  },
);

beforeEach(() => {
  setup.emulator.resetCalls();
  policy.asked.length = 0;
});

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

async function call(path: string, authorization?: string) {
  const res = await rawRequest(setup.backend.url, {
    path: `/api/aws/proxy${path}`,
    headers: authorization ? { authorization } : {},
  });
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) };
}

describe('SigV4 proxy: a permission per route', () => {
  it('lets the user the policy allows call the route', async () => {
    const res = await call('/search/x', alice);
    expect(res.status).toBe(200);
    expect(res.body.path).toBe('/prod/x');
    expect(policy.asked).toEqual(['user:default/alice aws.proxy.search']);
  });

  it('refuses the user the policy denies with a 403 naming the permission, before any AWS call', async () => {
    const res = await call('/search/x', bob);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        "You may not call AWS proxy route '/search': the permission policy denies aws.proxy.search",
      reason: 'permission-denied',
    });
    expect(setup.emulator.calls()).toEqual({});
    // The policy decides per route: bob may still use /apigw.
    expect((await call('/apigw/x', bob)).status).toBe(200);
    expect(policy.asked).toEqual([
      'user:default/bob aws.proxy.search',
      'user:default/bob aws.proxy.apigw',
    ]);
  });

  it('leaves backends with a service token to their token, and anonymous callers on an open route to the route', async () => {
    expect((await call('/search/x', SERVICE_AUTH)).status).toBe(200);
    expect((await call('/public/x')).status).toBe(200);
    expect(policy.asked).toEqual([]);
  });

  it.each([
    ['GET', '/api/aws/admin/routes'],
    ['POST', '/api/aws/admin/routes/check'],
    ['GET', '/api/aws/admin/accounts'],
    ['GET', '/api/aws/admin/sign-in'],
    ['GET', '/api/aws/admin/directory-syncs'],
  ])(
    'lets only the users the policy allows use the admin API (aws.admin.read): %s %s',
    async (method, path) => {
      const read = (authorization: string) =>
        rawRequest(setup.backend.url, {
          method,
          path,
          headers: { authorization },
        });
      expect((await read(alice)).status).toBe(200);
      const denied = await read(bob);
      expect(denied.status).toBe(403);
      expect(JSON.parse(denied.body.toString('utf8')).error.message).toMatch(
        /denies aws\.admin\.read/,
      );
    },
  );

  it('lets only admins start a directory sync, and names what is missing when there is none', async () => {
    const run = (authorization: string) =>
      rawRequest(setup.backend.url, {
        method: 'POST',
        path: '/api/aws/admin/directory-syncs/corp/run',
        headers: { authorization },
      });
    expect((await run(bob)).status).toBe(403);
    // No catalog module in this backend: nothing registered a sync.
    const missing = await run(alice);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).error.message).toBe(
      "No directory sync 'corp': the syncs are the keys of catalog.providers.awsDirectory",
    );
    const listed = await rawRequest(setup.backend.url, {
      path: '/api/aws/admin/directory-syncs',
      headers: { authorization: alice },
    });
    expect(JSON.parse(listed.body.toString('utf8'))).toEqual({
      syncs: [],
      installed: false,
    });
  });

  it("lists every route's permission in the plugin's permission metadata", async () => {
    const res = await rawRequest(setup.backend.url, {
      path: '/api/aws/.well-known/backstage/permissions/metadata',
      headers: { authorization: SERVICE_AUTH },
    });
    const names = (
      JSON.parse(res.body.toString('utf8')).permissions as Array<{
        name: string;
        type: string;
      }>
    ).map(p => `${p.type} ${p.name}`);
    expect(names.filter(n => n.includes(AWS_PROXY_PERMISSION_PREFIX))).toEqual([
      'basic aws.proxy.search',
      'basic aws.proxy.apigw',
      'basic aws.proxy.public',
    ]);
  });
});
