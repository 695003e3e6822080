import {
  startAwsEmulator,
  type AwsEmulator,
  type FixtureInput,
} from '@aws-bridge/aws-emulator';
import {
  apigwRoute,
  DEMO_KEY,
  rawRequest,
  startProxyBackend,
  USER_AUTH,
  type ProxyTestBackend,
} from '../__testUtils__';

// A route whose role refuses this Backstage, under load, on the real backend and the AWS
// emulator with the default backoff (1 s doubling): the review measured 163 AssumeRole calls
// a second from one user's loops before failures were remembered.

const LOCKED_ROLE = 'arn:aws:iam::222222222222:role/BackstageLocked';

/** The main account's Backstage user, and a role in 222222222222 that trusts it or nobody. */
function fixture(lockedTrustsBackstage: boolean): FixtureInput {
  return {
    accounts: [
      {
        id: '999999999999',
        users: [{ name: 'backstage', accessKeys: [{ ...DEMO_KEY }] }],
      },
      {
        id: '222222222222',
        roles: [
          {
            name: 'BackstageLocked',
            trust: {
              principals: lockedTrustsBackstage ? ['999999999999'] : [],
            },
          },
        ],
      },
    ],
  };
}

let emulator: AwsEmulator;
let backend: ProxyTestBackend;

beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: fixture(false) });
  backend = await startProxyBackend({
    mainAccount: {
      ...DEMO_KEY,
      region: 'us-east-1',
      stsEndpoint: emulator.url,
    },
    proxy: {
      routes: {
        '/locked': { ...apigwRoute(emulator.url), roleArn: LOCKED_ROLE },
      },
    },
  });
});
afterAll(async () => {
  await backend?.stop();
  await emulator?.stop();
});

const call = () =>
  rawRequest(backend.url, {
    path: '/api/aws/proxy/locked/x',
    headers: { authorization: USER_AUTH },
  });

/** 1000 calls at once; their statuses. */
async function burst(): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: 1000 }, call));
  return answers.map(a => a.status);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

it('makes a few AssumeRole calls for 1000-call bursts over 10 s through a refused role, and recovers at the next backoff step', async () => {
  const started = Date.now();
  let calls = 0;
  const first = await call();
  expect(first.status).toBe(502);
  expect(JSON.parse(first.body.toString('utf8')).error).toMatchObject({
    name: 'BadGatewayError',
    reason: 'credentials-failed',
  });
  while (Date.now() - started < 10_000) {
    const statuses = await burst();
    calls += statuses.length;
    expect(new Set(statuses)).toEqual(new Set([502]));
  }
  // Steps at 0, 1, 3 and 7 s: four attempts, one AssumeRole each (AccessDenied is not retried),
  // and one more if a burst straddled a step.
  const assumeRoles = emulator.callCount('sts:AssumeRole');
  expect(calls).toBeGreaterThanOrEqual(2000);
  expect(assumeRoles).toBeGreaterThanOrEqual(3);
  expect(assumeRoles).toBeLessThanOrEqual(5);

  // The role is fixed. Calls keep failing, without AWS, until the next step (at most 8 s
  // after the last attempt), then succeed.
  const { port } = emulator;
  await emulator.stop();
  emulator = await startAwsEmulator({ fixture: fixture(true), port });
  const fixedAt = Date.now();
  let status = (await call()).status;
  while (status !== 200 && Date.now() - fixedAt < 12_000) {
    await sleep(100);
    status = (await call()).status;
  }
  expect(status).toBe(200);
  expect(Date.now() - fixedAt).toBeLessThanOrEqual(8_500);
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);
  expect(new Set(await burst())).toEqual(new Set([200]));
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);
}, 60_000);
