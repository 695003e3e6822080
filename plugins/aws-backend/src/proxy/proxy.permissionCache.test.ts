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
  useBackendOnEmulator,
} from '../__testUtils__';

// aws.proxy.permissionDecisionCacheTtl on the real backend, with the real permission backend
// and permissions service: a policy the tests change while the backend runs.

/** Allows `user permission` pairs the test lists; records every question. */
class ChangingPolicy implements PermissionPolicy {
  readonly asked: string[] = [];
  readonly allowed = new Set<string>();

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const key = `${user?.info.userEntityRef} ${request.permission.name}`;
    this.asked.push(key);
    return {
      result: this.allowed.has(key)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

function useBackendWithPolicy(permissionDecisionCacheTtl: number | string) {
  const policy = new ChangingPolicy();
  const setup = useBackendOnEmulator(url => ({ '/search': apigwRoute(url) }), {
    proxy: { permissionDecisionCacheTtl },
    extraConfig: { permission: { enabled: true } },
    features: permissionFrameworkWith(policy),
  });
  beforeEach(() => {
    policy.asked.length = 0;
    policy.allowed.clear();
  });
  const call = async (
    authorization: string,
    path = '/api/aws/proxy/search/x',
  ) =>
    (
      await rawRequest(setup.backend.url, {
        path,
        headers: { authorization },
      })
    ).status;
  return { policy, call };
}

const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');
const ALICE_SEARCH = 'user:default/alice aws.proxy.search';
const BOB_SEARCH = 'user:default/bob aws.proxy.search';

describe('SigV4 proxy: permission decisions remembered for a minute', () => {
  const { policy, call } = useBackendWithPolicy('1m');

  it("reuses a user's ALLOW: one question for many calls, and still allowed until the time is over", async () => {
    policy.allowed.add(ALICE_SEARCH);
    for (let i = 0; i < 5; i++) expect(await call(alice)).toBe(200);
    expect(policy.asked).toEqual([ALICE_SEARCH]);
    // Revoked: the remembered ALLOW holds for the rest of the minute (what the setting trades).
    policy.allowed.delete(ALICE_SEARCH);
    expect(await call(alice)).toBe(200);
    expect(policy.asked).toEqual([ALICE_SEARCH]);
  });

  it("never remembers a DENY, nor answers one user with another's ALLOW: a grant is seen at once", async () => {
    policy.allowed.add(ALICE_SEARCH);
    expect(await call(alice)).toBe(200);
    expect(await call(bob)).toBe(403);
    expect(await call(bob)).toBe(403);
    policy.allowed.add(BOB_SEARCH);
    expect(await call(bob)).toBe(200);
    expect(policy.asked.filter(q => q === BOB_SEARCH)).toHaveLength(3);
  });

  it('remembers the admin API permission the same way', async () => {
    policy.allowed.add('user:default/alice aws.admin.read');
    for (let i = 0; i < 3; i++) {
      expect(await call(alice, '/api/aws/admin/sign-in')).toBe(200);
    }
    expect(await call(bob, '/api/aws/admin/sign-in')).toBe(403);
    expect(policy.asked).toEqual([
      'user:default/alice aws.admin.read',
      'user:default/bob aws.admin.read',
    ]);
  });
});

describe('SigV4 proxy: permission decisions remembered for one second', () => {
  const { policy, call } = useBackendWithPolicy('1s');

  it('refuses a revoked user once the time is over', async () => {
    policy.allowed.add(ALICE_SEARCH);
    const asked = Date.now();
    expect(await call(alice)).toBe(200);
    policy.allowed.delete(ALICE_SEARCH);
    await new Promise(r =>
      setTimeout(r, Math.max(0, asked + 1100 - Date.now())),
    );
    expect(await call(alice)).toBe(403);
    expect(policy.asked).toEqual([ALICE_SEARCH, ALICE_SEARCH]);
  });
});

describe('SigV4 proxy: permissionDecisionCacheTtl 0', () => {
  const { policy, call } = useBackendWithPolicy(0);

  it('asks the permission framework on every call, so a revoked user is refused on the next', async () => {
    policy.allowed.add(ALICE_SEARCH);
    expect(await call(alice)).toBe(200);
    expect(await call(alice)).toBe(200);
    policy.allowed.delete(ALICE_SEARCH);
    expect(await call(alice)).toBe(403);
    expect(policy.asked).toEqual([ALICE_SEARCH, ALICE_SEARCH, ALICE_SEARCH]);
  });
});
