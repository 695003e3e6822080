import {
  AuditorEvent,
  DefaultAuditorService,
} from '@backstage/backend-defaults/auditor';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  apigwRoute,
  emulatorAccounts,
  rawRequest,
  REFUSED_KEY,
  startProxyBackend,
  useBackendOnEmulator,
  s3Route,
} from '../__testUtils__';

// The audit record of each proxied call: Backstage's own auditor (DefaultAuditorService, which
// resolves the actor from the request) writing to a list instead of the log.

const events: AuditorEvent[] = [];
const recordingAuditor = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
  },
  factory: deps =>
    DefaultAuditorService.create(event => {
      events.push(event);
    }, deps),
});

const setup = useBackendOnEmulator(
  url => ({
    '/orders': {
      ...apigwRoute(url),
      accounts: '*',
      regions: ['eu-west-1'],
      allowedMethods: ['GET', 'POST'],
    },
    '/s3': s3Route(url),
    '/sts': {
      target: url,
      service: 'sts',
      region: 'us-east-1',
      allowedOperations: ['GetCallerIdentity'],
    },
  }),
  { aws: emulatorAccounts, features: [recordingAuditor] },
);

beforeEach(() => {
  events.length = 0;
});

const alice = mockCredentials.user.header('user:default/alice');
const SECRET_QUERY = 'token=s3cr3t-query-value';
const SECRET_BODY = '{"password":"s3cr3t-body-value"}';

/** The records of the one call a test made, once its `succeeded` or `failed` record is in. */
async function recordsOfOneCall(): Promise<AuditorEvent[]> {
  for (let i = 0; i < 100 && events.length < 2; i++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return [...events];
}

describe('SigV4 proxy: audit', () => {
  it('records who called which route, method, path, account, region, status and duration, and no query values or bodies', async () => {
    const res = await rawRequest(setup.backend.url, {
      method: 'POST',
      path: `/api/aws/proxy/orders/items/42?${SECRET_QUERY}`,
      headers: {
        authorization: alice,
        'x-aws-bridge-account': '111111111111',
        'x-aws-bridge-region': 'eu-west-1',
        'content-type': 'application/json',
        'content-length': String(SECRET_BODY.length),
      },
      body: SECRET_BODY,
    });
    expect(res.status).toBe(200);
    const [initiated, completed] = await recordsOfOneCall();
    expect(initiated).toMatchObject({
      plugin: 'aws',
      eventId: 'proxy-request',
      severityLevel: 'medium',
      status: 'initiated',
      actor: { actorId: 'user:default/alice' },
      request: { method: 'POST', url: '/api/aws/proxy/orders/items/42' },
      meta: { route: '/orders', method: 'POST', path: '/items/42' },
    });
    expect(completed).toMatchObject({
      status: 'succeeded',
      actor: { actorId: 'user:default/alice' },
      meta: {
        route: '/orders',
        method: 'POST',
        path: '/items/42',
        account: '111111111111',
        region: 'eu-west-1',
        status: 200,
      },
    });
    expect(typeof completed.meta?.durationMs).toBe('number');
    const written = JSON.stringify(events);
    expect(written).not.toContain('s3cr3t');
    expect(written).not.toContain('token=');
  });

  it("records the route's own account and the operation of a query API call", async () => {
    const res = await rawRequest(setup.backend.url, {
      path: '/api/aws/proxy/sts/?Action=GetCallerIdentity&Version=2011-06-15',
      headers: { authorization: alice },
    });
    expect(res.status).toBe(200);
    const [, completed] = await recordsOfOneCall();
    expect(completed).toMatchObject({
      status: 'succeeded',
      severityLevel: 'low',
      meta: {
        route: '/sts',
        method: 'GET',
        path: '/',
        account: 'main',
        region: 'us-east-1',
        operation: 'GetCallerIdentity',
        status: 200,
      },
    });
  });

  it('names the operations actually sent, never only the allowed one beside them', async () => {
    const form = 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=x';
    const send = (contentType: string) =>
      rawRequest(setup.backend.url, {
        method: 'POST',
        path: '/api/aws/proxy/sts/?Action=GetCallerIdentity',
        headers: {
          authorization: alice,
          'content-type': contentType,
          'content-length': String(form.length),
        },
        body: form,
      });

    expect((await send('application/x-www-form-urlencoded')).status).toBe(403);
    const [, both] = await recordsOfOneCall();
    expect(both).toMatchObject({
      status: 'failed',
      meta: { operation: 'GetCallerIdentity,AssumeRole', status: 403 },
    });

    // The outside review's attack was recorded as a successful GetCallerIdentity; a body the
    // check cannot read is refused, and the record names no operation it cannot vouch for.
    events.length = 0;
    const labelled = await send(
      'application/x-www-form-urlencoded; charset=json',
    );
    expect(labelled.status).toBe(403);
    const [, unread] = await recordsOfOneCall();
    expect(unread).toMatchObject({ status: 'failed', meta: { status: 403 } });
    expect(unread.meta).not.toHaveProperty('operation');
    expect((unread as { error: Error }).error.message).toMatch(
      /cannot be checked against this route's allowedOperations/,
    );
  });

  it('records the outcome of a call whose body streams to S3 unread', async () => {
    const upload = Buffer.alloc(256 * 1024, 1);
    const res = await rawRequest(setup.backend.url, {
      method: 'PUT',
      path: '/api/aws/proxy/s3/reports/r.bin',
      headers: {
        authorization: alice,
        'content-type': 'application/octet-stream',
        'content-length': String(upload.length),
      },
      body: upload,
    });
    expect(res.status).toBe(200);
    const records = await recordsOfOneCall();
    expect(records.map(e => e.status)).toEqual(['initiated', 'succeeded']);
    expect(records[1]).toMatchObject({
      actor: { actorId: 'user:default/alice' },
      meta: {
        route: '/s3',
        method: 'PUT',
        path: '/reports/r.bin',
        status: 200,
      },
    });
  });

  it('records a refused call as failed, with the reason', async () => {
    const res = await rawRequest(setup.backend.url, {
      method: 'DELETE',
      path: '/api/aws/proxy/orders/items/42',
      headers: { authorization: alice },
    });
    expect(res.status).toBe(403);
    const [, completed] = await recordsOfOneCall();
    expect(completed).toMatchObject({
      status: 'failed',
      meta: { route: '/orders', method: 'DELETE', status: 403 },
    });
    expect((completed as { error: Error }).error.message).toMatch(
      /Method DELETE is not allowed on AWS proxy route '\/orders'/,
    );
  });

  it("records AWS's own error status as failed", async () => {
    const res = await rawRequest(setup.backend.url, {
      path: '/api/aws/proxy/orders/items',
      headers: {
        authorization: alice,
        'x-aws-bridge-account': '333333333333',
      },
    });
    expect(res.status).toBe(403);
    const [, completed] = await recordsOfOneCall();
    expect(completed).toMatchObject({
      status: 'failed',
      meta: { route: '/orders', account: '333333333333', status: 403 },
    });
    expect((completed as { error: Error }).error.message).toBe(
      'AWS answered 403',
    );
    expect(JSON.stringify(events)).not.toContain(REFUSED_KEY.secretAccessKey);
  });
});

describe('SigV4 proxy: audit with auditReads: false', () => {
  it('records only calls that may change something', async () => {
    const readsOff = await startProxyBackend(
      {
        proxy: {
          auditReads: false,
          routes: {
            '/orders': apigwRoute(setup.emulator.url),
          },
        },
      },
      {},
      [recordingAuditor],
    );
    try {
      const get = await rawRequest(readsOff.url, {
        path: '/api/aws/proxy/orders/items',
        headers: { authorization: alice },
      });
      expect(get.status).toBe(200);
      const post = await rawRequest(readsOff.url, {
        method: 'POST',
        path: '/api/aws/proxy/orders/items',
        headers: { authorization: alice, 'content-length': '2' },
        body: '{}',
      });
      expect(post.status).toBe(200);
      const records = await recordsOfOneCall();
      expect(records.map(e => `${e.status} ${e.meta?.method}`)).toEqual([
        'initiated POST',
        'succeeded POST',
      ]);
    } finally {
      await readsOff.stop();
    }
  });
});
