import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { startAwsEmulator, AwsEmulator } from './server';
import {
  EXTERNAL_ID,
  PLATFORM_KEY,
  READ_ONLY_ROLE,
  restoreEnvAfterEach,
  send,
  signRequest,
  TEST_FIXTURE,
} from './__testUtils__';

// The emulator's own endpoints: the outage switch (POST/DELETE /_emulator/outages, and
// outage() on the object) and the AssumeRole counts of /_emulator/health, with the AWS SDK v3
// clients calling over real HTTP.

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: TEST_FIXTURE });
});
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.endOutages();
  emulator.resetCalls();
});

const clientConfig = () => ({
  endpoint: emulator.url,
  region: 'us-east-1',
  credentials: { ...PLATFORM_KEY },
  maxAttempts: 1,
});

const whoAmI = () =>
  new STSClient(clientConfig()).send(new GetCallerIdentityCommand({}));

const assumeRole = (roleArn = READ_ONLY_ROLE) =>
  new STSClient(clientConfig()).send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: 'control-test',
      ExternalId: EXTERNAL_ID,
    }),
  );

const resources = () =>
  new ResourceGroupsTaggingAPIClient(clientConfig()).send(
    new GetResourcesCommand({}),
  );

function control(method: string, path: string, body?: unknown) {
  return fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function health() {
  const res = await control('GET', '/_emulator/health');
  expect(res.status).toBe(200);
  return res.json();
}

describe('outages', () => {
  it('unavailable: the service answers 503 ServiceUnavailable in its format until DELETE; others answer', async () => {
    const started = await control('POST', '/_emulator/outages', {
      service: 'sts',
      seconds: 30,
      mode: 'unavailable',
    });
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({
      outages: [
        { service: 'sts', mode: 'unavailable', endsAt: expect.any(String) },
      ],
    });

    await expect(whoAmI()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    await expect(assumeRole()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    // Counted all the same: the requests arrived.
    expect(emulator.callCount('sts:AssumeRole')).toBe(1);
    // Tagging is another service.
    expect((await resources()).$metadata.httpStatusCode).toBe(200);
    expect((await health()).outages).toEqual([
      { service: 'sts', mode: 'unavailable', endsAt: expect.any(String) },
    ]);

    const ended = await control('DELETE', '/_emulator/outages');
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ outages: [] });
    expect((await whoAmI()).Account).toBe('999999999999');
  });

  it('unavailable, for a JSON service: its own error shape', async () => {
    emulator.outage('tagging', 30_000, 'unavailable');
    await expect(resources()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    expect((await whoAmI()).Account).toBe('999999999999');
  });

  it('reset: the connection is dropped without an answer', async () => {
    emulator.outage('sts', 30_000, 'reset');
    const error = await assumeRole().then(
      () => undefined,
      (e: Error & { code?: string; $metadata?: object }) => e,
    );
    expect(error).toBeDefined();
    expect(error!.$metadata).not.toHaveProperty('httpStatusCode');
    expect(`${error!.code} ${error!.message}`).toMatch(
      /ECONNRESET|socket hang up/,
    );
    expect(emulator.callCount('sts:AssumeRole')).toBe(1);
    // A signed echo call (execute-api) is not STS.
    const echo = await send(
      emulator.url,
      await signRequest(emulator.url, { path: '/prod/ping' }),
    );
    expect(echo.status).toBe(200);
  });

  it('reset, for the echo: the service is the signature scope, as for every call', async () => {
    emulator.outage('execute-api', 30_000, 'reset');
    await expect(
      send(emulator.url, await signRequest(emulator.url, { path: '/prod/x' })),
    ).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET/) });
    expect(emulator.callCount('execute-api:echo')).toBe(1);
  });

  it('ends by itself when its time is up', async () => {
    const res = await control('POST', '/_emulator/outages', {
      service: 'sts',
      seconds: 0.3,
      mode: 'unavailable',
    });
    expect(res.status).toBe(200);
    await expect(whoAmI()).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    await new Promise(resolve => setTimeout(resolve, 400));
    expect((await whoAmI()).Account).toBe('999999999999');
    expect((await health()).outages).toEqual([]);
  });

  it('DELETE ?service= ends that outage only', async () => {
    emulator.outage('sts', 30_000, 'unavailable');
    emulator.outage('tagging', 30_000, 'reset');
    const res = await control('DELETE', '/_emulator/outages?service=sts');
    expect(await res.json()).toEqual({
      outages: [
        { service: 'tagging', mode: 'reset', endsAt: expect.any(String) },
      ],
    });
    expect((await whoAmI()).Account).toBe('999999999999');
  });

  it.each([
    [{ service: 'sts', seconds: 0, mode: 'reset' }, /duration must be over 0/],
    [{ service: 'sts', seconds: '30', mode: 'reset' }, /seconds must be/],
    [{ service: 'sts', seconds: 30, mode: 'slow' }, /mode must be reset or/],
    [{ service: 'a b', seconds: 30, mode: 'reset' }, /service must be/],
    [{ seconds: 30 }, /service must be/],
  ])('refuses %j with 400', async (body, message) => {
    const res = await control('POST', '/_emulator/outages', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
    expect(emulator.outages()).toEqual([]);
  });

  it('refuses a body that is not JSON, and other methods', async () => {
    const bad = await fetch(`${emulator.url}/_emulator/outages`, {
      method: 'POST',
      body: '{',
    });
    expect(bad.status).toBe(400);
    const put = await control('PUT', '/_emulator/outages', {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });
});

describe('AssumeRole counts', () => {
  restoreEnvAfterEach();

  it('counts sts:AssumeRole by account and by the SDK app ID (AWS_SDK_UA_APP_ID)', async () => {
    process.env.AWS_SDK_UA_APP_ID = 'replica-1';
    await assumeRole();
    await assumeRole();
    // The fixture's 222222222222 has no role: refused, and counted all the same.
    await expect(
      assumeRole('arn:aws:iam::222222222222:role/ReadOnly'),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    process.env.AWS_SDK_UA_APP_ID = 'replica-2';
    await assumeRole();
    delete process.env.AWS_SDK_UA_APP_ID;
    await assumeRole();
    // Not an AssumeRole: not in these counts.
    await whoAmI();

    const expected = {
      '111111111111': { 'replica-1': 2, 'replica-2': 1, unknown: 1 },
      '222222222222': { 'replica-1': 1 },
    };
    expect(emulator.assumeRoleCounts()).toEqual(expected);
    const body = await health();
    expect(body.assumeRole).toEqual(expected);
    expect(body.calls['sts:AssumeRole']).toBe(5);

    emulator.resetCalls();
    expect((await health()).assumeRole).toEqual({});
  });

  it('counts the calls an outage failed too', async () => {
    process.env.AWS_SDK_UA_APP_ID = 'replica-1';
    emulator.outage('sts', 30_000, 'reset');
    await expect(assumeRole()).rejects.toThrow();
    expect(emulator.assumeRoleCounts()).toEqual({
      '111111111111': { 'replica-1': 1 },
    });
  });
});
