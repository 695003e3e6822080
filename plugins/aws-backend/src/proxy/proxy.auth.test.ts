import {
  apigwRoute,
  DEMO_KEY,
  Echo,
  rawRequest,
  SERVICE_AUTH,
  startProxyBackend,
  USER_AUTH,
  useEmulator,
} from '../__testUtils__';

// Who may call the proxy, and whose AWS credentials each route signs with.

const env = useEmulator();

const route = () => apigwRoute(env.emulator.url);

async function status(
  backend: { url: string },
  path: string,
  authorization?: string,
) {
  const response = await rawRequest(backend.url, {
    path,
    headers: authorization ? { authorization } : {},
  });
  return response.status;
}

describe('SigV4 proxy: authentication', () => {
  it('requires a Backstage user or service token by default', async () => {
    const backend = await startProxyBackend({
      proxy: { routes: { '/apigw': route() } },
    });
    try {
      env.emulator.resetCalls();
      expect(await status(backend, '/api/aws/proxy/apigw/x')).toBe(401);
      expect(env.emulator.calls()).toEqual({});
      expect(await status(backend, '/api/aws/proxy/apigw/x', USER_AUTH)).toBe(
        200,
      );
      expect(
        await status(backend, '/api/aws/proxy/apigw/x', SERVICE_AUTH),
      ).toBe(200);
      expect(
        await status(backend, '/api/aws/proxy/apigw/x', 'Bearer forged'),
      ).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it('opens every route with aws.proxy.allowUnauthenticatedRequests: true', async () => {
    const backend = await startProxyBackend({
      proxy: {
        allowUnauthenticatedRequests: true,
        routes: { '/apigw': route(), '/other': route() },
      },
    });
    try {
      expect(await status(backend, '/api/aws/proxy/apigw/x')).toBe(200);
      expect(await status(backend, '/api/aws/proxy/other/x')).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it('opens one route with its own allowUnauthenticatedRequests', async () => {
    const backend = await startProxyBackend({
      proxy: {
        routes: {
          '/open': { ...route(), allowUnauthenticatedRequests: true },
          '/closed': route(),
          '/open-not': route(),
        },
      },
    });
    try {
      expect(await status(backend, '/api/aws/proxy/open/x')).toBe(200);
      expect(await status(backend, '/api/aws/proxy/open')).toBe(200);
      expect(await status(backend, '/api/aws/proxy/closed/x')).toBe(401);
      expect(await status(backend, '/api/aws/proxy/open-not/x')).toBe(401);
      expect(
        await status(backend, '/api/aws/proxy/closed/x', 'Bearer forged'),
      ).toBe(401);
      expect(await status(backend, '/api/aws/proxy/closed/x', USER_AUTH)).toBe(
        200,
      );
      // A path no route matches: the 404 lists the routes, so only to callers with a token.
      const unknown = await rawRequest(backend.url, {
        path: '/api/aws/proxy/nope/x',
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body.toString('utf8')).not.toContain('closed');
      expect(await status(backend, '/api/aws/proxy/nope/x', USER_AUTH)).toBe(
        404,
      );
    } finally {
      await backend.stop();
    }
  });

  it("reads Segment's proxysigv4 block unchanged, closed unless it says otherwise", async () => {
    const closed = await startProxyBackend(
      {},
      {
        proxysigv4: { '/legacy': route() },
      },
    );
    try {
      expect(await status(closed, '/api/aws/proxy/legacy/x')).toBe(401);
      expect(await status(closed, '/api/aws/proxy/legacy/x', USER_AUTH)).toBe(
        200,
      );
    } finally {
      await closed.stop();
    }
    const open = await startProxyBackend(
      {},
      {
        proxysigv4: {
          allowUnauthenticatedRequests: true,
          '/legacy': route(),
        },
      },
    );
    try {
      expect(await status(open, '/api/aws/proxy/legacy/x')).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('SigV4 proxy: credentials per route', () => {
  it('signs with the main account, a configured account, or a role ARN', async () => {
    const backend = await startProxyBackend({
      mainAccount: {
        accessKeyId: 'AKIAAWSBRIDGEDEMO001',
        secretAccessKey: 'demo-secret-for-the-platform-backstage-user',
        region: 'us-east-1',
        stsEndpoint: env.emulator.url,
      },
      accounts: [
        {
          accountId: '111111111111',
          roleName: 'BackstageReadOnly',
          externalId: 'aws-bridge-demo',
          stsEndpoint: env.emulator.url,
        },
      ],
      proxy: {
        routes: {
          '/main': route(),
          '/payments': { ...route(), accountId: '111111111111' },
          '/orders': {
            ...route(),
            roleArn: 'arn:aws:iam::222222222222:role/BackstageReadOnly',
            roleSessionName: 'proxy-test',
          },
          '/denied': {
            ...route(),
            roleArn: 'arn:aws:iam::222222222222:role/NoSuchRole',
          },
        },
      },
    });
    try {
      const caller = async (name: string) => {
        const response = await rawRequest(backend.url, {
          path: `/api/aws/proxy/${name}/x`,
          headers: { authorization: USER_AUTH },
        });
        expect({ name, status: response.status }).toEqual({
          name,
          status: 200,
        });
        return (JSON.parse(response.body.toString()) as Echo).caller;
      };
      expect(await caller('main')).toBe(
        'arn:aws:iam::999999999999:user/backstage',
      );
      expect(await caller('payments')).toMatch(
        /^arn:aws:sts::111111111111:assumed-role\/BackstageReadOnly\//,
      );
      expect(await caller('orders')).toBe(
        'arn:aws:sts::222222222222:assumed-role/BackstageReadOnly/proxy-test',
      );
      env.emulator.resetCalls();
      await caller('orders');
      // The role's credentials are cached: no second AssumeRole.
      expect(env.emulator.callCount('sts:AssumeRole')).toBe(0);

      const denied = await rawRequest(backend.url, {
        path: '/api/aws/proxy/denied/x',
        headers: { authorization: USER_AUTH },
      });
      expect(denied.status).toBe(502);
      expect(JSON.parse(denied.body.toString()).error.message).toContain(
        "Could not get AWS credentials for proxy route '/denied'",
      );
    } finally {
      await backend.stop();
    }
  });
});

describe('SigV4 proxy: startup', () => {
  it.each([
    [
      'a target whose service cannot be inferred',
      { '/mystery': 'https://api.example.com/v1' },
      /aws\.proxy\.routes\.\/mystery: cannot tell the AWS service from the host 'api\.example\.com'/,
    ],
    [
      'a target whose region cannot be inferred',
      { '/x': { target: 'https://api.example.com', service: 'execute-api' } },
      /aws\.proxy\.routes\.\/x: cannot tell the AWS region/,
    ],
    [
      'a bad target',
      { '/x': 'not a url' },
      /aws\.proxy\.routes\.\/x\.target: 'not a url' is not a URL/,
    ],
  ])(
    'fails to start for %s, naming the route',
    async (_what, routes, message) => {
      await expect(startProxyBackend({ proxy: { routes } })).rejects.toThrow(
        message,
      );
    },
  );

  it('never quotes the password of a target that is not a URL in the startup error', async () => {
    const error = await startProxyBackend({
      proxy: {
        routes: { '/x': 'https://admin:hunter2@s3.amazonaws.com:notaport/' },
      },
    }).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toMatch(
      /aws\.proxy\.routes\.\/x\.target: the value \(not quoted: it contains '@', which may be credentials\) is not a URL/,
    );
    expect(error?.message).not.toContain('hunter2');
  });
});

describe('SigV4 proxy: many routes', () => {
  it('starts with 1000 routes and accounts, some open, and serves each by name', async () => {
    const accounts = [];
    const routes: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) {
      const accountId = String(200000000000 + i);
      accounts.push({ accountId, ...DEMO_KEY });
      routes[`/r${i}`] = {
        ...route(),
        accountId,
        allowUnauthenticatedRequests: i % 100 === 0,
      };
    }
    const backend = await startProxyBackend({
      accounts,
      proxy: { routes },
    });
    try {
      expect(await status(backend, '/api/aws/proxy/r999/x', USER_AUTH)).toBe(
        200,
      );
      expect(await status(backend, '/api/aws/proxy/r999/x')).toBe(401);
      expect(await status(backend, '/api/aws/proxy/r900/x')).toBe(200);
      const unknown = await rawRequest(backend.url, {
        path: '/api/aws/proxy/nope',
        headers: { authorization: USER_AUTH },
      });
      expect(unknown.status).toBe(404);
      // It names the path asked for, not the thousand routes there are.
      expect(JSON.parse(unknown.body.toString()).error.message).toBe(
        "No AWS proxy route matches '/nope'; an admin can see the routes there are on /aws-admin",
      );
    } finally {
      await backend.stop();
    }
  });
});
