import type {
  AwsAccountDescription,
  AwsAlbSignInStatus,
  AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';
import {
  awsSignInStatusServiceRef,
  DefaultAwsSignInStatusService,
} from '@aws-bridge/plugin-aws-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  apigwRoute,
  closedPortUrl,
  emulatorAccounts,
  rawRequest,
  REFUSED_KEY,
  USER_AUTH,
  useBackendOnEmulator,
} from '../__testUtils__';

// Route health through the admin API, probing routes on the AWS emulator: a good route, and
// routes broken each way an admin meets (credentials, keys AWS refuses, a target that is down).

let downUrl: string;

const savedEnv = {
  AWS_ENDPOINT_URL_IAM: process.env.AWS_ENDPOINT_URL_IAM,
  AWS_ENDPOINT_URL_STS: process.env.AWS_ENDPOINT_URL_STS,
};

/** What the awsalb module would report; the module itself is tested in its own package. */
const signInStatus = new DefaultAwsSignInStatusService();

const setup = useBackendOnEmulator(
  url => {
    const apigw = apigwRoute(url);
    return {
      '/good': {
        ...apigw,
        accountId: '111111111111',
        healthCheckPath: '/ping',
      },
      '/tagging': {
        target: url,
        service: 'tagging',
        region: 'us-east-1',
        regions: ['eu-west-1'],
        accounts: ['111111111111', '222222222222'],
        allowedMethods: ['post'],
        allowedOperations: ['GetResources'],
      },
      '/open': { ...apigw, allowUnauthenticatedRequests: true },
      '/refused-key': { ...apigw, accountId: '333333333333' },
      '/locked': {
        ...apigw,
        roleArn: 'arn:aws:iam::222222222222:role/BackstageLocked',
      },
      '/down': { ...apigw, target: `${downUrl}/prod` },
    };
  },
  {
    aws: emulatorAccounts,
    proxy: { healthCheckInterval: '1h' },
    features: [
      createServiceFactory({
        service: awsSignInStatusServiceRef,
        deps: {},
        factory: () => signInStatus,
      }),
    ],
    async beforeStart(url) {
      // Account aliases are read with the SDK's IAM client, which follows this variable; STS
      // for the entries without an stsEndpoint (333333333333's static key).
      process.env.AWS_ENDPOINT_URL_IAM = url;
      process.env.AWS_ENDPOINT_URL_STS = url;
      downUrl = await closedPortUrl();
    },
  },
);

afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function getJson(path: string, authorization?: string, method = 'GET') {
  const res = await rawRequest(setup.backend.url, {
    method,
    path,
    headers: authorization ? { authorization } : {},
  });
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) };
}

async function routeHealth(): Promise<Record<string, AwsProxyRouteHealth>> {
  const res = await getJson('/api/aws/admin/routes', USER_AUTH);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    (res.body.routes as AwsProxyRouteHealth[]).map(r => [r.route, r]),
  );
}

describe('route health (GET /api/aws/admin/routes)', () => {
  it('reports a good route: credentials resolve, the signed probe gets 200, with latencies', async () => {
    setup.emulator.resetCalls();
    const { '/good': good } = await routeHealth();
    expect(good).toMatchObject({
      route: '/good',
      target: `${setup.emulator.url}/prod`,
      service: 'execute-api',
      region: 'us-east-1',
      account: '111111111111',
      credentials: { ok: true },
      probe: { path: '/prod/ping', status: 200 },
      healthy: true,
    });
    expect(good.probe?.error).toBeUndefined();
    expect(good.probe?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(good.credentials.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(good.checkedAt)).not.toBeNaN();
    // The probes reached the emulator, which checks every signature: /good's with the
    // temporary key of account 111111111111's role, /open's with the main account's key,
    // /refused-key's with the key it refuses.
    const probes = setup.emulator
      .callLog()
      .filter(c => c.api === 'execute-api:echo')
      .map(c => c.accessKeyId?.slice(0, 4));
    expect(probes.sort()).toEqual(['AKIA', 'AKIA', 'ASIA']);
  });

  it('describes what each route is configured to do beside its health', async () => {
    const routes = await routeHealth();
    expect(routes['/good']).toMatchObject({
      configKey: 'aws.proxy.routes./good',
      regions: ['us-east-1'],
      selectableAccounts: [],
      open: false,
    });
    expect(routes['/good'].allowedMethods).toBeUndefined();
    expect(routes['/tagging']).toMatchObject({
      service: 'tagging',
      account: 'main',
      regions: ['us-east-1', 'eu-west-1'],
      selectableAccounts: ['111111111111', '222222222222'],
      allowedMethods: ['POST'],
      allowedOperations: ['GetResources'],
      open: false,
    });
    expect(routes['/open'].open).toBe(true);
    expect(routes['/locked']).toMatchObject({
      account: '222222222222',
      roleArn: 'arn:aws:iam::222222222222:role/BackstageLocked',
    });
  });

  it('reports credentials that cannot be had, without probing the target', async () => {
    const { '/locked': locked } = await routeHealth();
    expect(locked).toMatchObject({
      account: '222222222222',
      credentials: { ok: false },
      healthy: false,
    });
    expect(locked.credentials.error).toMatch(/AccessDenied|not authorized/i);
    expect(locked.probe).toBeUndefined();
  });

  it("reports AWS refusing the route's signature as unhealthy, with AWS's answer as the error", async () => {
    const { '/refused-key': refused } = await routeHealth();
    expect(refused).toMatchObject({
      account: '333333333333',
      credentials: { ok: true },
      probe: { status: 403 },
      healthy: false,
    });
    expect(refused.probe?.error).toMatch(/^403: .*security token/i);
    expect(JSON.stringify(refused)).not.toContain(REFUSED_KEY.secretAccessKey);
  });

  it('reports a target that does not answer, with the connection error', async () => {
    const { '/down': down } = await routeHealth();
    expect(down).toMatchObject({
      target: `${downUrl}/prod`,
      credentials: { ok: true },
      healthy: false,
    });
    expect(down.probe?.status).toBeUndefined();
    expect(down.probe?.error).toMatch(/ECONNREFUSED/);
  });

  it('reuses results within healthCheckInterval: the target sees one probe however often the page asks', async () => {
    setup.emulator.resetCalls();
    const first = await routeHealth();
    const second = await routeHealth();
    expect(second['/good'].checkedAt).toBe(first['/good'].checkedAt);
    expect(setup.emulator.calls()['execute-api:echo']).toBeUndefined();
  });

  it('checks a route again when asked (POST .../routes/check?route=), however recent its result', async () => {
    const before = (await routeHealth())['/good'];
    setup.emulator.resetCalls();
    const res = await getJson(
      '/api/aws/admin/routes/check?route=/good',
      USER_AUTH,
      'POST',
    );
    expect(res.status).toBe(200);
    const [again] = res.body.routes as AwsProxyRouteHealth[];
    expect(again.route).toBe('/good');
    expect(Date.parse(again.checkedAt)).toBeGreaterThan(
      Date.parse(before.checkedAt),
    );
    expect(setup.emulator.calls()['execute-api:echo']).toBe(1);
    // The fresh result is what the page reads next.
    expect((await routeHealth())['/good'].checkedAt).toBe(again.checkedAt);
  });

  it('checks every route again when no route is named, and names an unknown route', async () => {
    const all = await getJson('/api/aws/admin/routes/check', USER_AUTH, 'POST');
    expect(all.status).toBe(200);
    expect(all.body.routes).toHaveLength(6);
    const unknown = await getJson(
      '/api/aws/admin/routes/check?route=/nope',
      USER_AUTH,
      'POST',
    );
    expect(unknown.status).toBe(404);
    // The route as config writes it, or without its slash.
    const bare = await getJson(
      '/api/aws/admin/routes/check?route=good',
      USER_AUTH,
      'POST',
    );
    expect(bare.body.routes.map((r: AwsProxyRouteHealth) => r.route)).toEqual([
      '/good',
    ]);
    expect(unknown.body.error.message).toBe(
      'There is no proxy route /nope: routes are configured under aws.proxy.routes',
    );
  });

  it('needs a Backstage token', async () => {
    expect((await getJson('/api/aws/admin/routes')).status).toBe(401);
    expect((await getJson('/api/aws/admin/accounts')).status).toBe(401);
    expect((await getJson('/api/aws/admin/sign-in')).status).toBe(401);
    expect(
      (await getJson('/api/aws/admin/routes/check', undefined, 'POST')).status,
    ).toBe(401);
  });
});

describe('account health (GET /api/aws/admin/accounts)', () => {
  it('reports every account the credentials service knows, without secrets', async () => {
    const res = await getJson('/api/aws/admin/accounts', USER_AUTH);
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(
      (res.body.accounts as AwsAccountDescription[]).map(a => [a.configKey, a]),
    );
    expect(byKey['aws.mainAccount']).toMatchObject({
      accountId: '999999999999',
      ok: true,
    });
    expect(byKey['aws.accounts[0]']).toMatchObject({
      accountId: '111111111111',
      alias: 'payments-prod',
      source: 'assumeRole',
      ok: true,
    });
    expect(byKey['aws.accounts[2]']).toMatchObject({
      accountId: '333333333333',
      ok: false,
      lastErrorCode: 'InvalidClientTokenId',
    });
    expect(byKey['aws.accounts[2]'].advice).toMatch(
      /^AWS does not know the access key ID of the credentials in aws.accounts\[2\]/,
    );
    // The role /locked signs with: its trust policy refuses the main account.
    expect(byKey['aws.proxy.routes./locked']).toMatchObject({
      ok: false,
      lastErrorCode: 'AccessDenied',
    });
    expect(byKey['aws.proxy.routes./locked'].advice).toContain(
      'assume arn:aws:iam::222222222222:role/BackstageLocked',
    );
    expect(JSON.stringify(res.body)).not.toMatch(
      new RegExp(`${REFUSED_KEY.secretAccessKey}|demo-secret|aws-bridge-demo`),
    );
  });
});

describe('sign-in status (GET /api/aws/admin/sign-in)', () => {
  it('says sign-in is not reported when no awsalb provider has registered', async () => {
    const res = await getJson('/api/aws/admin/sign-in', USER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ configured: false, failures: [] });
  });

  it("answers what the awsalb module's reporter says", async () => {
    const reported: AwsAlbSignInStatus = {
      configured: true,
      cachedKeys: 2,
      failures: [
        { reason: 'expired', count: 3, lastAt: '2026-12-02T07:00:00.000Z' },
      ],
    };
    signInStatus.register({ describe: async () => reported });
    const res = await getJson('/api/aws/admin/sign-in', USER_AUTH);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(reported);
  });
});
