import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import {
  AwsEmulator,
  closedPortUrl,
  emulatorAccounts,
  ProxyTestBackend,
  rawRequest,
  REFUSED_KEY,
  startAwsEmulator,
  startProxyBackend,
  USER_AUTH,
} from '../__testUtils__';

// Route health through the admin API, probing routes on the AWS emulator: a good route, and
// routes broken each way an admin meets (credentials, keys AWS refuses, a target that is down).

let emulator: AwsEmulator;
let backend: ProxyTestBackend;
let downUrl: string;

beforeAll(async () => {
  emulator = await startAwsEmulator();
  downUrl = await closedPortUrl();
  const apigw = {
    target: `${emulator.url}/prod`,
    service: 'execute-api',
    region: 'us-east-1',
  };
  backend = await startProxyBackend({
    ...emulatorAccounts(emulator.url),
    proxy: {
      healthCheckInterval: '1h',
      routes: {
        '/good': {
          ...apigw,
          accountId: '111111111111',
          healthCheckPath: '/ping',
        },
        '/refused-key': { ...apigw, accountId: '333333333333' },
        '/locked': {
          ...apigw,
          roleArn: 'arn:aws:iam::222222222222:role/BackstageLocked',
        },
        '/down': { ...apigw, target: `${downUrl}/prod` },
      },
    },
  });
});

afterAll(async () => {
  await backend?.stop();
  await emulator?.stop();
});

async function getJson(path: string, authorization?: string) {
  const res = await rawRequest(backend.url, {
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
    emulator.resetCalls();
    const { '/good': good } = await routeHealth();
    expect(good).toMatchObject({
      route: '/good',
      target: `${emulator.url}/prod`,
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
    // temporary key of account 111111111111's role, /refused-key's with the key it refuses.
    const probes = emulator
      .callLog()
      .filter(c => c.api === 'execute-api:echo')
      .map(c => c.accessKeyId?.slice(0, 4));
    expect(probes.sort()).toEqual(['AKIA', 'ASIA']);
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
    emulator.resetCalls();
    const first = await routeHealth();
    const second = await routeHealth();
    expect(second['/good'].checkedAt).toBe(first['/good'].checkedAt);
    expect(emulator.calls()['execute-api:echo']).toBeUndefined();
  });

  it('needs a Backstage token', async () => {
    expect((await getJson('/api/aws/admin/routes')).status).toBe(401);
    expect((await getJson('/api/aws/admin/accounts')).status).toBe(401);
  });
});

describe('account health (GET /api/aws/admin/accounts)', () => {
  it('reports every account the credentials service knows, without secrets', async () => {
    const res = await getJson('/api/aws/admin/accounts', USER_AUTH);
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(
      (res.body.accounts as Array<{ configKey: string; ok: boolean }>).map(
        a => [a.configKey, a],
      ),
    );
    expect(byKey['aws.mainAccount']).toMatchObject({
      accountId: '999999999999',
      ok: true,
    });
    expect(byKey['aws.accounts[0]']).toMatchObject({
      accountId: '111111111111',
      ok: true,
    });
    expect(byKey['aws.accounts[2]']).toMatchObject({
      accountId: '333333333333',
      ok: false,
    });
    expect(JSON.stringify(res.body)).not.toMatch(
      new RegExp(`${REFUSED_KEY.secretAccessKey}|demo-secret|aws-bridge-demo`),
    );
  });
});
