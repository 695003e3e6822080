import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsEmulator } from '@aws-bridge/aws-emulator';
import { mockServices } from '@backstage/backend-test-utils';
import {
  EXTERNAL_ID,
  isolateAwsEnvironment,
  MAIN_KEY,
  managerFor,
  SECRETS,
  startTestEmulator,
  TEST_FIXTURE,
} from '../__testUtils__';
import { RefreshingCredentials } from './RefreshingCredentials';

// Caching, single-flight, refresh ahead of expiry and riding out an STS outage, through the
// manager against the AWS emulator. The emulator and the manager share one clock that the
// tests move, so expiry is tested without waiting for it.

isolateAwsEnvironment();

const LIFETIME_SECONDS = 900;
const READ_ONLY = {
  mainAccount: { ...MAIN_KEY },
  accounts: [
    {
      accountId: '111111111111',
      roleName: 'ReadOnly',
      externalId: EXTERNAL_ID,
    },
  ],
};

let clock: number;
const now = () => clock;
let emulator: AwsEmulator;

beforeEach(async () => {
  clock = Date.now();
  emulator = await startTestEmulator({
    now,
    sessionLifetimeSeconds: LIFETIME_SECONDS,
  });
  process.env.AWS_ENDPOINT_URL_STS = emulator.url;
  // Where describeAccounts reads account aliases.
  process.env.AWS_ENDPOINT_URL_IAM = emulator.url;
});
// Some tests stop it early, to stand for an outage.
afterEach(() => emulator.stop().catch(() => {}));

async function readOnlyProvider(logger = mockServices.logger.mock()) {
  const manager = managerFor(READ_ONLY, { now, logger });
  const provider = await manager.getCredentialProvider({
    accountId: '111111111111',
  });
  return { manager, provider, logger };
}

/** STS sends expiry times in whole seconds. */
function expectExpiry(expiration: Date | undefined, expected: number) {
  expect(expiration).toBeInstanceOf(Date);
  expect(Math.abs(expiration!.getTime() - expected)).toBeLessThan(1000);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits (up to 5 s, the machine is shared) for something a background refresh does. */
async function waitFor(condition: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500 && !(await condition()); i++) {
    await sleep(10);
  }
  expect(await condition()).toBe(true);
}

/** An STS that takes requests and never answers them. */
async function startSilentSts() {
  const requests: http.IncomingMessage[] = [];
  const silent = http.createServer(req => {
    requests.push(req); // never answered
  });
  await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  return {
    requests,
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      silent.closeAllConnections();
      silent.close();
    },
  };
}

/** The role in 111111111111, assumed at `stsEndpoint` within aws.credentialsTimeout 1s. */
async function readOnlyProviderWithStsAt(stsEndpoint: string) {
  const manager = managerFor(
    {
      mainAccount: { ...MAIN_KEY },
      credentialsTimeout: '1s',
      accounts: [{ ...READ_ONLY.accounts[0], stsEndpoint }],
    },
    { now },
  );
  return manager.getCredentialProvider({ accountId: '111111111111' });
}

it('makes exactly one AssumeRole for 1000 concurrent callers', async () => {
  const { provider } = await readOnlyProvider();
  const results = await Promise.all(
    Array.from({ length: 1000 }, () => provider.sdkCredentialProvider()),
  );
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);
  expect(new Set(results.map(c => c.accessKeyId)).size).toBe(1);
  expect(results[0].accessKeyId).toMatch(/^ASIA/);
});

it('makes exactly one AssumeRole for 1000 concurrent callers of an accountDefaults account', async () => {
  const manager = managerFor(
    { mainAccount: { ...MAIN_KEY }, accountDefaults: { roleName: 'ReadOnly' } },
    { now },
  );
  const results = await Promise.all(
    Array.from({ length: 1000 }, async () => {
      const provider = await manager.getCredentialProvider({
        accountId: '222222222222',
      });
      return provider.sdkCredentialProvider();
    }),
  );
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);
  expect(new Set(results.map(c => c.accessKeyId)).size).toBe(1);
});

it('reuses credentials until 5 minutes before expiry, then refreshes them ahead of it', async () => {
  const { provider } = await readOnlyProvider();
  const first = await provider.sdkCredentialProvider();
  expectExpiry(first.expiration, clock + LIFETIME_SECONDS * 1000);

  // Still more than 5 minutes left: cached.
  clock += (LIFETIME_SECONDS - 301) * 1000;
  await expect(provider.sdkCredentialProvider()).resolves.toBe(first);
  await sleep(100);
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);

  // Inside the window: the caller gets the cached credentials at once, and a refresh starts.
  clock += 2000;
  await expect(provider.sdkCredentialProvider()).resolves.toBe(first);
  await waitFor(async () => (await provider.sdkCredentialProvider()) !== first);
  expect(emulator.callCount('sts:AssumeRole')).toBe(2);
  const second = await provider.sdkCredentialProvider();
  expect(second.accessKeyId).not.toBe(first.accessKeyId);
  expectExpiry(second.expiration, clock + LIFETIME_SECONDS * 1000);
  expect(emulator.callCount('sts:AssumeRole')).toBe(2);
});

it('fails no caller during an STS outage while the cached credentials are valid', async () => {
  const { manager, provider, logger } = await readOnlyProvider();
  const first = await provider.sdkCredentialProvider();
  await emulator.stop();

  // Two minutes before expiry, STS is down: every caller still gets the cached credentials.
  clock += (LIFETIME_SECONDS - 120) * 1000;
  const during = await Promise.all(
    Array.from({ length: 100 }, () => provider.sdkCredentialProvider()),
  );
  expect(new Set(during)).toEqual(new Set([first]));
  await waitFor(() => logger.warn.mock.calls.length > 0);

  const [, account] = await manager.describeAccounts();
  expect(account.ok).toBe(false);
  expect(account.lastError).toMatch(/ECONNREFUSED/);
  expect(account.expiration).toBe(first.expiration!.toISOString());
  expect(logger.warn).toHaveBeenCalledWith(
    expect.stringContaining(
      `still using the cached ones, valid until ${first.expiration!.toISOString()}`,
    ),
  );

  // Once they have expired, callers see the outage.
  clock += 120 * 1000;
  await expect(provider.sdkCredentialProvider()).rejects.toThrow(
    /ECONNREFUSED/,
  );
  expect(logger.warn).toHaveBeenLastCalledWith(
    expect.stringContaining('calls that need them fail until this recovers'),
  );
  const logged = JSON.stringify(logger.warn.mock.calls);
  expect(logged).toContain('aws.accounts[0] (account 111111111111)');
  for (const secret of [
    ...SECRETS,
    first.secretAccessKey,
    first.sessionToken!,
  ]) {
    expect(logged).not.toContain(secret);
  }
});

it('does not retry a failed background refresh more than once per 30 seconds', async () => {
  const { provider, logger } = await readOnlyProvider();
  await provider.sdkCredentialProvider();
  emulator.resetCalls();
  await emulator.stop();
  // Back on the same port, but the role is gone: every AssumeRole is refused, and counted.
  const counting = await startTestEmulator({
    now,
    port: Number(new URL(process.env.AWS_ENDPOINT_URL_STS!).port),
    fixture: {
      accounts: [
        {
          id: '999999999999',
          users: [{ name: 'backstage', accessKeys: [{ ...MAIN_KEY }] }],
        },
      ],
    },
  });
  try {
    clock += (LIFETIME_SECONDS - 200) * 1000;
    await provider.sdkCredentialProvider();
    // The refresh has failed once it is logged. The SDK may have retried it once, after
    // correcting its clock to the emulator's (moved) one, so count what one attempt cost
    // rather than assume it was one call.
    await waitFor(() => logger.warn.mock.calls.length === 1);
    const oneAttempt = counting.callCount('sts:AssumeRole');
    expect(oneAttempt).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) {
      await provider.sdkCredentialProvider();
      await sleep(20);
    }
    expect(counting.callCount('sts:AssumeRole')).toBe(oneAttempt);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    clock += 30_000;
    await provider.sdkCredentialProvider();
    await waitFor(() => logger.warn.mock.calls.length === 2);
    expect(counting.callCount('sts:AssumeRole')).toBeGreaterThan(oneAttempt);
  } finally {
    await counting.stop();
  }
});

it('fails callers after aws.credentialsTimeout when STS never answers, with one request for them all', async () => {
  const { requests, url, stop } = await startSilentSts();
  try {
    const provider = await readOnlyProviderWithStsAt(url);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        provider.sdkCredentialProvider().catch(e => e as Error),
      ),
    );
    const elapsed = Date.now() - started;
    expect(results.map(r => (r as Error).message)).toEqual(
      Array(5).fill(
        'no credentials within 1000 ms (aws.credentialsTimeout): STS or the credential source did not answer',
      ),
    );
    // Loose bounds for a shared machine; the review saw calls unanswered after 150 s.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    expect(requests).toHaveLength(1);

    // Within the backoff the failure is answered without a new request; past it, the next
    // caller starts one.
    await expect(provider.sdkCredentialProvider()).rejects.toThrow(
      /within 1000 ms/,
    );
    expect(requests).toHaveLength(1);
    clock += 1000;
    await expect(provider.sdkCredentialProvider()).rejects.toThrow(
      /within 1000 ms/,
    );
    expect(requests.length).toBeGreaterThanOrEqual(2);
  } finally {
    stop();
  }
});

it('cancels the AssumeRole at aws.credentialsTimeout, so it does not run on', async () => {
  const { requests, url, stop } = await startSilentSts();
  try {
    const provider = await readOnlyProviderWithStsAt(url);
    await expect(provider.sdkCredentialProvider()).rejects.toThrow(
      /within 1000 ms/,
    );
    // Left running, the SDK would retry the timed-out request (twice, by default).
    await sleep(1500);
    expect(requests).toHaveLength(1);
    expect(requests[0].socket.destroyed).toBe(true);
  } finally {
    stop();
  }
});

it.each([['0s'], ['5m'], ['soon']])(
  'refuses credentialsTimeout %p at startup, naming the key',
  value => {
    expect(() =>
      managerFor({ mainAccount: {}, credentialsTimeout: value }),
    ).toThrow(/aws\.credentialsTimeout: /);
  },
);

describe('RefreshingCredentials', () => {
  it('fetches credentials without an expiry once', async () => {
    let fetches = 0;
    const credentials = new RefreshingCredentials(async () => {
      fetches += 1;
      return { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };
    });
    await Promise.all([credentials.provide(), credentials.provide()]);
    await credentials.provide();
    expect(fetches).toBe(1);
    expect(credentials.expiration).toBeUndefined();
  });

  it('lets the next caller past the backoff try again after a failure with nothing cached', async () => {
    let fail = true;
    const credentials = new RefreshingCredentials(
      async () => {
        if (fail) throw new Error('STS is down');
        return { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };
      },
      { now },
    );
    await expect(credentials.provide()).rejects.toThrow('STS is down');
    expect(credentials.lastError?.message).toBe('STS is down');
    fail = false;
    clock += 1000;
    await expect(credentials.provide()).resolves.toMatchObject({
      accessKeyId: 'AKIAEXAMPLE',
    });
    expect(credentials.lastError).toBeUndefined();
    expect(credentials.backoff).toBeUndefined();
  });

  /** Credentials whose fetch fails while `failing.now` is true, counting fetches. */
  function failingCredentials(backoff?: { initialMs: number; maxMs: number }) {
    const state = { failing: true, fetches: 0 };
    const credentials = new RefreshingCredentials(
      async () => {
        state.fetches += 1;
        if (state.failing) throw new Error('AccessDenied: not authorized');
        return { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };
      },
      { now, backoff },
    );
    return { credentials, state };
  }

  it('answers failures without a fetch for 1 s, then 2, 4, ... up to a minute', async () => {
    const { credentials, state } = failingCredentials();
    const waits: number[] = [];
    for (let step = 0; step < 9; step++) {
      const failedAt = clock;
      await expect(credentials.provide()).rejects.toThrow('AccessDenied');
      const { failures, retryAt } = credentials.backoff!;
      expect(failures).toBe(step + 1);
      waits.push(retryAt.getTime() - failedAt);
      // Until retryAt, every caller gets the failure and AWS sees nothing.
      clock = retryAt.getTime() - 1;
      const during = await Promise.all(
        Array.from({ length: 100 }, () =>
          credentials.provide().catch(e => e as Error),
        ),
      );
      expect(
        during.every(e => (e as Error).message.includes('AccessDenied')),
      ).toBe(true);
      expect(state.fetches).toBe(step + 1);
      clock += 1;
    }
    expect(waits).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('ends the backoff on the first success, and starts again from 1 s', async () => {
    const { credentials, state } = failingCredentials();
    for (let i = 0; i < 4; i++) {
      await expect(credentials.provide()).rejects.toThrow();
      clock = credentials.backoff!.retryAt.getTime();
    }
    state.failing = false;
    await expect(credentials.provide()).resolves.toBeDefined();
    expect(credentials.backoff).toBeUndefined();
    expect(state.fetches).toBe(5);
  });

  it('lets retryNow end the wait at once, and the next failure waits the next step', async () => {
    const { credentials, state } = failingCredentials();
    await expect(credentials.provide()).rejects.toThrow();
    clock = credentials.backoff!.retryAt.getTime();
    await expect(credentials.provide()).rejects.toThrow();
    expect(credentials.backoff!.retryAt.getTime() - clock).toBe(2_000);

    credentials.retryNow();
    await expect(credentials.provide()).rejects.toThrow();
    expect(state.fetches).toBe(3);
    expect(credentials.backoff).toEqual({
      failures: 3,
      retryAt: new Date(clock + 4_000),
    });

    credentials.retryNow();
    state.failing = false;
    await expect(credentials.provide()).resolves.toBeDefined();
    expect(credentials.backoff).toBeUndefined();
  });

  it('takes its steps from aws.credentialsBackoff', async () => {
    const { credentials } = failingCredentials({ initialMs: 200, maxMs: 500 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const failedAt = clock;
      await expect(credentials.provide()).rejects.toThrow();
      waits.push(credentials.backoff!.retryAt.getTime() - failedAt);
      clock = credentials.backoff!.retryAt.getTime();
    }
    expect(waits).toEqual([200, 400, 500, 500]);
  });
});

describe('aws.credentialsBackoff', () => {
  it.each([
    [{ initial: '50ms' }, /aws\.credentialsBackoff\.initial: /],
    [{ initial: '2m' }, /aws\.credentialsBackoff\.initial: /],
    [{ max: '2h' }, /aws\.credentialsBackoff\.max: /],
    [{ initial: '30s', max: '10s' }, /aws\.credentialsBackoff\.max: .*initial/],
    [{ max: 'later' }, /aws\.credentialsBackoff\.max: /],
  ])('refuses %p at startup, naming the key', (credentialsBackoff, message) => {
    expect(() => managerFor({ mainAccount: {}, credentialsBackoff })).toThrow(
      message,
    );
  });
});

it('costs AWS one AssumeRole per backoff step for a refused role, however many call, and recovers at the next step', async () => {
  // The role's trust no longer names this Backstage's user: every AssumeRole is refused.
  const port = emulator.port;
  await emulator.stop();
  emulator = await startTestEmulator({
    now,
    port,
    fixture: {
      accounts: TEST_FIXTURE.accounts.map(account =>
        account.id === '111111111111'
          ? {
              ...account,
              roles: [
                {
                  name: 'ReadOnly',
                  trust: {
                    principals: ['arn:aws:iam::999999999999:user/someone-else'],
                    externalId: 'test-external-id',
                  },
                },
              ],
            }
          : account,
      ),
    },
  });
  const { manager, provider } = await readOnlyProvider();
  const assumeRoles = () => emulator.callCount('sts:AssumeRole');
  const start = clock;
  /** 1000 callers at once; each gets credentials or the same failure. */
  const burst = () =>
    Promise.all(
      Array.from({ length: 1000 }, () =>
        provider.sdkCredentialProvider().catch(e => e as Error),
      ),
    );
  // 1000 at once, every 100 ms of clock time, for 10 s of it: 100,000 calls.
  while (clock - start < 10_000) {
    const results = await burst();
    expect(results.every(r => r instanceof Error)).toBe(true);
    expect((results[0] as Error).name).toBe('AccessDenied');
    clock += 100;
  }
  // Attempts at 0, 1, 3 and 7 s, each refused: one call each (AccessDenied is not retried).
  expect(assumeRoles()).toBe(4);
  const [, described] = await manager.describeAccounts();
  expect(described).toMatchObject({
    ok: false,
    lastErrorCode: 'AccessDenied',
    backoff: { failures: 4, retryAt: new Date(start + 15_000).toISOString() },
  });

  // The role is fixed: the next step (15 s in) gets credentials; until then, the failure.
  await emulator.stop();
  emulator = await startTestEmulator({ now, port });
  clock = start + 14_900;
  expect((await burst()).every(r => r instanceof Error)).toBe(true);
  expect(emulator.callCount('sts:AssumeRole')).toBe(0);
  clock = start + 15_000;
  const recovered = await burst();
  expect(recovered.every(r => !(r instanceof Error))).toBe(true);
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);
  const [, healthy] = await manager.describeAccounts();
  expect(healthy.ok).toBe(true);
  expect(healthy.backoff).toBeUndefined();
});

it('lets an admin re-check end the backoff: describeAccounts({ recheck: true }) asks AWS now', async () => {
  const manager = managerFor(
    { mainAccount: { ...MAIN_KEY }, accountDefaults: { roleName: 'Locked' } },
    { now },
  );
  const provider = await manager.getCredentialProvider({
    accountId: '111111111111',
  });
  await expect(provider.sdkCredentialProvider()).rejects.toThrow();
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);

  // An ordinary check within the backoff reports it, and costs AWS no AssumeRole.
  const [, during] = await manager.describeAccounts();
  expect(during.backoff?.failures).toBe(1);
  expect(emulator.callCount('sts:AssumeRole')).toBe(1);

  // A re-check asks again now (still refused: the next step is 2 s).
  const [, rechecked] = await manager.describeAccounts({ recheck: true });
  expect(emulator.callCount('sts:AssumeRole')).toBe(2);
  expect(rechecked.backoff).toEqual({
    failures: 2,
    retryAt: new Date(clock + 2_000).toISOString(),
  });
});
