import type {
  AwsAccountDescription,
  AwsAlbSignInStatus,
  AwsDirectorySyncsResponse,
  AwsDirectorySyncStatus,
  AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';

// What the fake admin backend answers by default: routes, accounts, the ALB sign-in and
// directory syncs as the demo has them, healthy beside broken, for the page's tests and stories.

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
  allowedMethods: ['GET', 'HEAD'],
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
  allowedMethods: ['GET'],
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
  // Seven AssumeRoles refused in a row: callers get this failure, without AWS, for a while
  // after the page loads (the wait is at its one-minute cap).
  backoff: {
    failures: 7,
    retryAt: new Date(Date.now() + 45_000).toISOString(),
  },
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
    // What a pool that names people like the catalog file does gets left out.
    skipped: [
      {
        kind: 'User',
        name: 'Bob',
        reason: 'name-taken',
        left: 'entity',
        message: 'user:default/bob belongs to file:/app/examples/org.yaml',
      },
      {
        kind: 'User',
        name: 'alice@evil.example',
        reason: 'not-an-entity-name',
        left: 'entity',
        message:
          "'alice@evil.example' is not an entity name as it is, and the sync does not rewrite names to make one (map it with a transformer)",
      },
      {
        kind: 'User',
        name: 'carl',
        reason: 'email-taken',
        left: 'email',
        message: 'user:default/alice has it',
      },
    ],
    skippedTotal: 3,
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
