import type {
  AwsAccountDescription,
  AwsDirectorySyncRun,
  AwsDirectorySyncStatus,
  AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';
import {
  awsUserProvisioningServiceRef,
  DefaultAwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  apigwRoute,
  emulatorAccounts,
  permissionFrameworkWith,
  rawRequest,
  useBackendOnEmulator,
} from '../__testUtils__';

// The admin API's costly actions (fresh probes, account re-checks, Sync now) on the real
// backend, the real permission framework and the AWS emulator: aws.admin.run apart from
// aws.admin.read, at most one run per target per aws.admin.minRunInterval, and a per-caller
// limit with 429 and Retry-After.

/** `reader` may read the admin API only; every `admin-*` may read it and run its actions. */
class ReadersAndAdmins implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const who = user?.info.userEntityRef ?? '';
    const isAdmin = who.startsWith('user:default/admin-');
    if (request.permission.name === 'aws.admin.read') {
      return {
        result:
          isAdmin || who === 'user:default/reader'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    if (request.permission.name === 'aws.admin.run') {
      return {
        result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const RUNS_PER_CALLER = 5;

/**
 * Where the catalog module would register its syncs: one sync, `corp`, whose runs are
 * counted. Its last run is what a scheduled run left, or what the last runNow did.
 */
const provisioning = new DefaultAwsUserProvisioningService();
const sync = {
  runs: 0,
  lastRun: undefined as AwsDirectorySyncRun | undefined,
};
function syncStatus(): AwsDirectorySyncStatus {
  return {
    id: 'corp',
    configKey: 'catalog.providers.awsDirectory.corp',
    kind: 'cognito-user-pool',
    directoryId: 'us-east-1_Example',
    region: 'us-east-1',
    schedule: 'PT1H',
    running: false,
    lastRun: sync.lastRun,
  };
}
function finishedRun(trigger: AwsDirectorySyncRun['trigger'], ago = 0) {
  const at = new Date(Date.now() - ago).toISOString();
  return {
    trigger,
    startedAt: at,
    finishedAt: at,
    durationMs: 0,
    outcome: 'succeeded' as const,
    users: 3,
    groups: 1,
  };
}
provisioning.registerDirectorySync({
  id: 'corp',
  describe: async () => syncStatus(),
  runNow: async () => {
    sync.runs += 1;
    sync.lastRun = finishedRun('admin');
    return syncStatus();
  },
});

const setup = useBackendOnEmulator(
  url => ({
    '/good': { ...apigwRoute(url), accountId: '111111111111' },
    '/locked': {
      ...apigwRoute(url),
      roleArn: 'arn:aws:iam::222222222222:role/BackstageLocked',
    },
    // The same role in its own session: credentials, and a backoff, of their own.
    '/locked-probe': {
      ...apigwRoute(url),
      roleArn: 'arn:aws:iam::222222222222:role/BackstageLocked',
      roleSessionName: 'backstage-probe',
    },
  }),
  {
    aws: url => ({
      ...emulatorAccounts(url),
      // Long enough that no step passes while this file runs: only a re-check ends one.
      credentialsBackoff: { initial: '1m', max: '10m' },
      admin: {
        minRunInterval: '1h',
        runLimit: { perCaller: RUNS_PER_CALLER, window: '1h' },
      },
    }),
    proxy: { healthCheckInterval: '1h' },
    extraConfig: { permission: { enabled: true } },
    features: [
      ...permissionFrameworkWith(new ReadersAndAdmins()),
      createServiceFactory({
        service: awsUserProvisioningServiceRef,
        deps: {},
        factory: () => provisioning,
      }),
    ],
  },
);

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

async function call(method: string, path: string, who: string) {
  const res = await rawRequest(setup.backend.url, {
    method,
    path,
    headers: { authorization: as(who) },
  });
  return {
    status: res.status,
    headers: res.headers,
    body: JSON.parse(res.body.toString('utf8')),
  };
}

const COSTLY = [
  ['POST', '/api/aws/admin/routes/check'],
  ['POST', '/api/aws/admin/routes/check?route=/good'],
  ['POST', '/api/aws/admin/accounts/check'],
  ['POST', '/api/aws/admin/directory-syncs/corp/run'],
];

beforeEach(() => setup.emulator.resetCalls());

it('refuses every costly action to a user with aws.admin.read only (403), and starts nothing', async () => {
  expect((await call('GET', '/api/aws/admin/routes', 'reader')).status).toBe(
    200,
  );
  expect((await call('GET', '/api/aws/admin/accounts', 'reader')).status).toBe(
    200,
  );
  setup.emulator.resetCalls();
  for (const [method, path] of COSTLY) {
    const res = await call(method, path, 'reader');
    expect({ path, status: res.status }).toEqual({ path, status: 403 });
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'You may not start AWS admin checks or syncs: the permission policy denies aws.admin.run',
    });
  }
  expect(setup.emulator.calls()).toEqual({});
  expect(sync.runs).toBe(0);
  // Someone with neither permission is refused the reading first.
  const stranger = await call('POST', COSTLY[0][1], 'stranger');
  expect(stranger.status).toBe(403);
  expect(stranger.body.error.message).toMatch(/denies aws\.admin\.read/);
});

it("asks AWS again for a route's credentials on an admin's fresh check, though they back off", async () => {
  // The first test's GET probed every route: /locked-probe's role refused, and backs off.
  const locked = (routes: AwsProxyRouteHealth[]) =>
    routes.find(r => r.route === '/locked-probe')!;
  const read = await call('GET', '/api/aws/admin/routes', 'admin-fresh');
  expect(locked(read.body.routes).credentials.ok).toBe(false);
  const proxied = await rawRequest(setup.backend.url, {
    path: '/api/aws/proxy/locked-probe/x',
    headers: { authorization: as('admin-fresh') },
  });
  expect(proxied.status).toBe(502);
  expect(setup.emulator.callCount('sts:AssumeRole')).toBe(0);

  const fresh = await call(
    'POST',
    '/api/aws/admin/routes/check?route=/locked-probe',
    'admin-fresh',
  );
  expect(locked(fresh.body.routes).credentials).toMatchObject({
    ok: false,
    error: expect.stringMatching(/not authorized to perform: sts:AssumeRole/),
  });
  expect(setup.emulator.callCount('sts:AssumeRole')).toBe(1);
});

it('probes a route afresh at most once per aws.admin.minRunInterval, whoever asks', async () => {
  const first = await call(
    'POST',
    '/api/aws/admin/routes/check?route=/good',
    'admin-probe',
  );
  expect(first.status).toBe(200);
  const [probed] = first.body.routes as AwsProxyRouteHealth[];
  expect(probed.healthy).toBe(true);
  expect(setup.emulator.callCount('execute-api:echo')).toBe(1);

  for (const who of ['admin-probe', 'admin-other']) {
    const again = await call(
      'POST',
      '/api/aws/admin/routes/check?route=/good',
      who,
    );
    expect(again.status).toBe(200);
    expect(again.body.routes).toEqual([probed]);
  }
  // A check of every route probes the others, not /good again.
  const all = await call('POST', '/api/aws/admin/routes/check', 'admin-other');
  const byRoute = Object.fromEntries(
    (all.body.routes as AwsProxyRouteHealth[]).map(r => [r.route, r]),
  );
  expect(byRoute['/good']).toEqual(probed);
  expect(byRoute['/locked'].credentials.ok).toBe(false);
  expect(setup.emulator.callCount('execute-api:echo')).toBe(1);
});

it('runs a directory sync at most once per interval: a run (scheduled or not) within it answers instead', async () => {
  // A scheduled run ended five minutes ago: within the hour, so Sync now starts nothing.
  sync.lastRun = finishedRun('schedule', 5 * 60_000);
  const answered = await call(
    'POST',
    '/api/aws/admin/directory-syncs/corp/run',
    'admin-sync',
  );
  expect(answered.status).toBe(200);
  expect(answered.body.lastRun).toEqual(sync.lastRun);
  expect(sync.runs).toBe(0);

  // Two hours ago: it runs, once, and the next presses answer that run.
  sync.lastRun = finishedRun('schedule', 2 * 60 * 60_000);
  const ran = await call(
    'POST',
    '/api/aws/admin/directory-syncs/corp/run',
    'admin-sync',
  );
  expect(ran.body.lastRun.trigger).toBe('admin');
  for (let i = 0; i < 3; i++) {
    const again = await call(
      'POST',
      '/api/aws/admin/directory-syncs/corp/run',
      'admin-sync-too',
    );
    expect(again.body).toEqual(ran.body);
  }
  expect(sync.runs).toBe(1);
  // An unknown sync is still a 404 naming it.
  const unknown = await call(
    'POST',
    '/api/aws/admin/directory-syncs/nope/run',
    'admin-sync-too',
  );
  expect(unknown.status).toBe(404);
});

it("ends a credentials backoff with an admin's re-check, which asks AWS once, then answers within the interval", async () => {
  const locked = (accounts: AwsAccountDescription[]) =>
    accounts.find(a => a.configKey === 'aws.proxy.routes./locked')!;
  const proxied = () =>
    rawRequest(setup.backend.url, {
      path: '/api/aws/proxy/locked/x',
      headers: { authorization: as('admin-accounts') },
    });
  // The role refuses this Backstage: the first failure (this call's, or an earlier test's
  // probe) asks STS, then the backoff answers without it.
  const statuses = [];
  for (let i = 0; i < 50; i++) statuses.push((await proxied()).status);
  expect(new Set(statuses)).toEqual(new Set([502]));
  const assumeRoles = () => setup.emulator.callCount('sts:AssumeRole');
  expect(assumeRoles()).toBeLessThanOrEqual(1);

  const read = await call('GET', '/api/aws/admin/accounts', 'admin-accounts');
  // A read within the check interval is the one an earlier test made: at least one failure.
  const failures = locked(read.body.accounts).backoff!.failures;
  expect(failures).toBeGreaterThanOrEqual(1);
  // /locked-probe's session of the same role backs off too: a re-check asks for both.
  const backingOff = (read.body.accounts as AwsAccountDescription[]).filter(
    a => a.backoff,
  );
  expect(backingOff.map(a => a.configKey).sort()).toEqual([
    'aws.proxy.routes./locked',
    'aws.proxy.routes./locked-probe',
  ]);
  const beforeCheck = assumeRoles();

  const checked = await call(
    'POST',
    '/api/aws/admin/accounts/check',
    'admin-accounts',
  );
  expect(checked.status).toBe(200);
  // One new AssumeRole for each locked session (still refused: the next wait is twice as long).
  expect(assumeRoles() - beforeCheck).toBe(2);
  const { backoff } = locked(checked.body.accounts);
  expect(backoff!.failures).toBeGreaterThan(failures);
  expect(Date.parse(backoff!.retryAt) - Date.now()).toBeGreaterThan(60_000);

  const again = await call(
    'POST',
    '/api/aws/admin/accounts/check',
    'admin-accounts-too',
  );
  expect(again.body).toEqual(checked.body);
  expect(assumeRoles() - beforeCheck).toBe(2);
});

it('limits each caller to runLimit.perCaller actions per window: then a 429 with Retry-After, for that caller only', async () => {
  for (let i = 0; i < RUNS_PER_CALLER; i++) {
    const [method, path] = COSTLY[i % COSTLY.length];
    expect((await call(method, path, 'admin-busy')).status).toBe(200);
  }
  const limited = await call(
    'POST',
    '/api/aws/admin/routes/check',
    'admin-busy',
  );
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(limited.body.error).toMatchObject({
    name: 'TooManyRequestsError',
    message: `Too many admin actions: each person may start ${RUNS_PER_CALLER} checks or syncs per 3600 s (aws.admin.runLimit); try again in ${retryAfter} s`,
  });
  // Reading is not limited, and another admin has their own allowance.
  expect(
    (await call('GET', '/api/aws/admin/routes', 'admin-busy')).status,
  ).toBe(200);
  expect(
    (await call('POST', '/api/aws/admin/routes/check', 'admin-calm')).status,
  ).toBe(200);
});
