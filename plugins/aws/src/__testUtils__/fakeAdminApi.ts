import type {
  AwsAccountDescription,
  AwsAlbSignInStatus,
  AwsDirectorySyncsResponse,
  AwsDirectorySyncStatus,
  AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';
import type { FetchApi } from '@backstage/core-plugin-api';

// The admin page's HTTP boundary, faked at fetchApi: answers `/api/aws/admin/*` as the
// aws-bridge backend does (its JSON, and Backstage's error body for a refusal), so the page's
// own code and the real AwsAdminClient run. Stories and tests share it and its examples.

export const FAKE_ADMIN_BASE_URL = 'http://backstage.test/api';

const CHECKED_AT = '2026-12-02T07:00:00.000Z';

/** A route as the demo's /payments-api is: healthy, signing as payments-prod's role. */
export const healthyRoute: AwsProxyRouteHealth = {
  route: '/payments-api',
  configKey: 'aws.proxy.routes./payments-api',
  target: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
  service: 'execute-api',
  region: 'us-east-1',
  regions: ['us-east-1'],
  account: '111111111111',
  selectableAccounts: [],
  open: false,
  credentials: { ok: true, latencyMs: 41 },
  probe: { path: '/prod/', status: 200, latencyMs: 87 },
  healthy: true,
  checkedAt: CHECKED_AT,
};

/** The tagging route: two regions, two selectable accounts, POST and three operations. */
export const taggingRoute: AwsProxyRouteHealth = {
  ...healthyRoute,
  route: '/tagging',
  configKey: 'aws.proxy.routes./tagging',
  target: 'https://tagging.us-east-1.amazonaws.com',
  service: 'tagging',
  regions: ['us-east-1', 'eu-west-1'],
  account: 'main',
  selectableAccounts: ['111111111111', '222222222222'],
  allowedMethods: ['POST'],
  allowedOperations: ['GetResources', 'GetTagKeys', 'GetTagValues'],
  probe: { path: '/', status: 200, latencyMs: 112 },
};

/** A route whose account's role refuses the backend: no probe was sent. */
export const refusedRoleRoute: AwsProxyRouteHealth = {
  ...healthyRoute,
  route: '/fraud-api',
  configKey: 'aws.proxy.routes./fraud-api',
  account: '333333333333',
  credentials: {
    ok: false,
    latencyMs: 230,
    error:
      'User: arn:aws:iam::999999999999:user/backstage is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/BackstageReadOnly',
  },
  probe: undefined,
  healthy: false,
};

/** A route whose target does not answer. */
export const downRoute: AwsProxyRouteHealth = {
  ...healthyRoute,
  route: '/legacy-reports',
  configKey: 'aws.proxy.routes./legacy-reports',
  target: 'http://127.0.0.1:9/reports',
  account: 'main',
  open: true,
  allowedMethods: ['GET'],
  probe: {
    path: '/reports/',
    latencyMs: 2,
    error: 'connect ECONNREFUSED 127.0.0.1:9',
  },
  healthy: false,
};

export const exampleRoutes = [
  healthyRoute,
  taggingRoute,
  refusedRoleRoute,
  downRoute,
];

/** `n` healthy routes, for the 100+ row case. */
export function manyRoutes(n: number): AwsProxyRouteHealth[] {
  return Array.from({ length: n }, (_, i) => ({
    ...healthyRoute,
    route: `/team-${String(i + 1).padStart(3, '0')}`,
    configKey: `aws.proxy.routes./team-${String(i + 1).padStart(3, '0')}`,
    account: String(100000000000 + i),
    healthy: i % 10 !== 9,
    probe:
      i % 10 !== 9
        ? healthyRoute.probe
        : {
            path: '/prod/',
            status: 503,
            latencyMs: 12,
            error: '503: Service Unavailable',
          },
  }));
}

export const mainAccount: AwsAccountDescription = {
  accountId: '999999999999',
  alias: 'aws-bridge-platform',
  configKey: 'aws.mainAccount',
  isMainAccount: true,
  source: 'static',
  stsRegion: 'us-east-1',
  ok: true,
  callerArn: 'arn:aws:iam::999999999999:user/backstage',
  latencyMs: 35,
  checkedAt: CHECKED_AT,
};

export const roleAccount: AwsAccountDescription = {
  accountId: '111111111111',
  alias: 'payments-prod',
  configKey: 'aws.accounts[0]',
  isMainAccount: false,
  source: 'assumeRole',
  roleArn: 'arn:aws:iam::111111111111:role/BackstageReadOnly',
  stsRegion: 'us-east-1',
  ok: true,
  callerArn:
    'arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage',
  expiration: '2026-12-02T08:00:00.000Z',
  latencyMs: 120,
  checkedAt: CHECKED_AT,
};

export const refusedAccount: AwsAccountDescription = {
  accountId: '333333333333',
  configKey: 'aws.accounts[2]',
  isMainAccount: false,
  source: 'assumeRole',
  roleArn: 'arn:aws:iam::333333333333:role/BackstageReadOnly',
  stsRegion: 'us-east-1',
  ok: false,
  lastError:
    'User: arn:aws:iam::999999999999:user/backstage is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/BackstageReadOnly',
  lastErrorCode: 'AccessDenied',
  advice:
    "AWS refused to let the main account's credentials (aws.mainAccount) assume arn:aws:iam::333333333333:role/BackstageReadOnly. Check that the role exists, that its trust policy allows that principal to call sts:AssumeRole; if the trust policy requires an external ID, set aws.accounts[2].externalId, and that the caller's own policy allows sts:AssumeRole on it",
  latencyMs: 210,
  checkedAt: CHECKED_AT,
};

export const exampleAccounts = [mainAccount, roleAccount, refusedAccount];

export const exampleSignIn: AwsAlbSignInStatus = {
  configured: true,
  provider: {
    issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
    signers: [
      'arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/backstage/0123456789abcdef',
    ],
    publicKeyEndpoint: 'https://public-keys.auth.elb.us-east-1.amazonaws.com',
    idp: 'cognito',
    clientIds: ['5ouq3o9r0o4c1v7m9k3c2p1gq8'],
    accessTokenCheck: false,
    sessionDurationSeconds: 8 * 3600,
  },
  cachedKeys: 2,
  keyEndpoint: {
    url: 'https://public-keys.auth.elb.us-east-1.amazonaws.com/5b2b9f5e-2c8a-4f57-9d3e-0c6a4c1d8e21',
    ok: true,
    status: 200,
    latencyMs: 54,
    checkedAt: CHECKED_AT,
  },
  failures: [
    {
      reason: 'expired',
      count: 4,
      lastAt: '2026-12-02T06:58:00.000Z',
      lastMessage: 'The ALB token expired at 2026-12-02T06:57:40Z',
    },
    { reason: 'user-not-found', count: 1, lastAt: '2026-12-02T06:41:00.000Z' },
  ],
  lastSuccess: {
    at: '2026-12-02T06:59:30.000Z',
    userEntityRef: 'user:default/alice',
  },
  countingSince: '2026-12-02T06:00:00.000Z',
};

/** A Cognito user pool synced every 30 minutes, members of two groups only; it last worked. */
export const cognitoSync: AwsDirectorySyncStatus = {
  id: 'corp',
  configKey: 'catalog.providers.awsDirectory.corp',
  kind: 'cognito-user-pool',
  directoryId: 'us-east-1_Example',
  region: 'us-east-1',
  groups: ['platform', 'payments'],
  schedule: 'every 30 minutes',
  running: false,
  lastRun: {
    trigger: 'schedule',
    startedAt: '2026-12-02T06:30:00.000Z',
    finishedAt: '2026-12-02T06:30:04.210Z',
    durationMs: 4210,
    outcome: 'succeeded',
    users: 132,
    groups: 2,
  },
};

/** The Identity Center store of another account, whose role may not list it. */
export const identityStoreSync: AwsDirectorySyncStatus = {
  id: 'identity-center',
  configKey: 'catalog.providers.awsDirectory.identity-center',
  kind: 'identity-store',
  directoryId: 'd-9067a1b2c3',
  accountId: '222222222222',
  region: 'eu-west-1',
  schedule: 'every 6 hours',
  running: false,
  lastRun: {
    trigger: 'schedule',
    startedAt: '2026-12-02T06:00:00.000Z',
    finishedAt: '2026-12-02T06:00:00.380Z',
    durationMs: 380,
    outcome: 'failed',
    error: {
      code: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::222222222222:assumed-role/BackstageReadOnly/backstage is not authorized to perform: identitystore:ListGroups on resource: arn:aws:identitystore::222222222222:identitystore/d-9067a1b2c3 because no identity-based policy allows the identitystore:ListGroups action',
      advice:
        "Allow identitystore:ListGroups, identitystore:ListGroupMemberships and identitystore:ListUsers on identity store d-9067a1b2c3 in the policy of account 222222222222's credentials (aws.accounts).",
    },
  },
};

export const exampleDirectorySyncs: AwsDirectorySyncsResponse = {
  syncs: [cognitoSync, identityStoreSync],
  installed: true,
};

/** A sync that worked when run now from the page: its users and groups, in 1.8 s. */
export function syncedNow(
  sync: AwsDirectorySyncStatus,
): AwsDirectorySyncStatus {
  const finishedAt = new Date();
  return {
    ...sync,
    running: false,
    lastRun: {
      trigger: 'admin',
      startedAt: new Date(finishedAt.getTime() - 1840).toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: 1840,
      outcome: 'succeeded',
      users: sync.lastRun?.users ?? 57,
      groups: sync.lastRun?.groups ?? 4,
    },
  };
}

/** A refusal as the backend sends it: Backstage's error body. */
export const backendError = (status: number, name: string, message: string) =>
  new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'GET', url: '/api/aws/admin/routes' },
      response: { statusCode: status },
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );

export const notAllowed = () =>
  backendError(
    403,
    'NotAllowedError',
    'You may not read the AWS admin API: the permission policy denies aws.admin.read',
  );

/**
 * `check` is the re-check (POST /admin/routes/check); `routes` the list. `directory-syncs` is
 * the list of syncs, `run-sync` a run started from the page (POST .../directory-syncs/:id/run).
 */
type Section =
  'routes' | 'check' | 'accounts' | 'sign-in' | 'directory-syncs' | 'run-sync';

export type FakeAdminOptions = {
  routes?: AwsProxyRouteHealth[];
  accounts?: AwsAccountDescription[];
  signIn?: AwsAlbSignInStatus;
  directorySyncs?: AwsDirectorySyncsResponse;
  /** Answers a section with this instead (an error), or never when it is `'hang'`. */
  fail?: Partial<Record<Section, (() => Response) | 'hang' | 'unreachable'>>;
  /** What a re-check of a route answers; by default the route, checked now. */
  recheck?: (route: AwsProxyRouteHealth) => AwsProxyRouteHealth;
  /** What running a directory sync now answers; by default {@link syncedNow}. */
  runSync?: (sync: AwsDirectorySyncStatus) => AwsDirectorySyncStatus;
};

export type FakeAdminBackend = {
  fetchApi: FetchApi;
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /**
   * Every request made: `GET /admin/routes`, `POST /admin/routes/check?route=%2Fx`,
   * `POST /admin/directory-syncs/corp/run`.
   */
  calls: string[];
};

const ok = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

export function fakeAdminBackend(
  options: FakeAdminOptions = {},
): FakeAdminBackend {
  let routes = options.routes ?? exampleRoutes;
  let directory = options.directorySyncs ?? exampleDirectorySyncs;
  const runSync = options.runSync ?? syncedNow;
  const calls: string[] = [];
  const recheck =
    options.recheck ??
    ((route: AwsProxyRouteHealth) => ({
      ...route,
      checkedAt: new Date().toISOString(),
    }));

  const answer = (section: Section, body: () => unknown) => {
    const failure = options.fail?.[section];
    if (failure === 'hang') return new Promise<Response>(() => {});
    if (failure === 'unreachable') {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return Promise.resolve(failure ? failure() : ok(body()));
  };

  const fetchApi: FetchApi = {
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const path = url.pathname.replace(/^\/api\/aws/, '');
      calls.push(`${init?.method ?? 'GET'} ${path}${url.search}`);
      switch (path) {
        case '/admin/routes':
          return answer('routes', () => ({ routes }));
        case '/admin/routes/check': {
          if (options.fail?.check) return answer('check', () => ({}));
          const only = url.searchParams.get('route');
          const checked = routes
            .filter(r => !only || r.route === only)
            .map(recheck);
          routes = routes.map(r => checked.find(c => c.route === r.route) ?? r);
          return answer('check', () => ({ routes: checked }));
        }
        case '/admin/accounts':
          return answer('accounts', () => ({
            accounts: options.accounts ?? exampleAccounts,
          }));
        case '/admin/sign-in':
          return answer('sign-in', () => options.signIn ?? exampleSignIn);
        case '/admin/directory-syncs':
          return answer('directory-syncs', () => directory);
        default:
          break;
      }
      const run = /^\/admin\/directory-syncs\/([^/]+)\/run$/.exec(path);
      if (run && init?.method === 'POST') {
        if (options.fail?.['run-sync']) return answer('run-sync', () => ({}));
        const id = decodeURIComponent(run[1]);
        const sync = directory.syncs.find(s => s.id === id);
        if (!sync) {
          return backendError(
            404,
            'NotFoundError',
            `No directory sync '${id}': the syncs are the keys of catalog.providers.awsDirectory`,
          );
        }
        const ran = runSync(sync);
        directory = {
          ...directory,
          syncs: directory.syncs.map(s => (s.id === id ? ran : s)),
        };
        return answer('run-sync', () => ran);
      }
      return backendError(404, 'NotFoundError', `No route for ${path}`);
    },
  };
  return {
    fetchApi,
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `${FAKE_ADMIN_BASE_URL}/${pluginId}`,
    },
    calls,
  };
}
