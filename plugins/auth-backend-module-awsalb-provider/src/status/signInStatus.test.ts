import { AddressInfo } from 'node:net';
import {
  awsSignInStatusServiceRef,
  DefaultAwsSignInStatusService,
} from '@aws-bridge/plugin-aws-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsAlbModule from '..';
import {
  ALB_ARN,
  AlbSigningKey,
  awsAlbTestConfig,
  httpGet,
  ISSUER,
  OTHER_ALB_ARN,
  useKeyServer,
} from '../__testUtils__';

// The sign-in status the admin page shows, reported by the real module in the real auth
// backend: its config summary, the key endpoint, and sign-ins counted by outcome.

const key = new AlbSigningKey();
const keyServer = useKeyServer([key]);
let status: DefaultAwsSignInStatusService;
let auth: string;

beforeAll(async () => {
  status = new DefaultAwsSignInStatusService();
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      awsAlbModule,
      // The real service, held here so the test can read what the module reported.
      createServiceFactory({
        service: awsSignInStatusServiceRef,
        deps: {},
        factory: () => status,
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'jane.doe', namespace: 'default' },
            spec: { profile: { email: 'jane.doe@example.com' }, memberOf: [] },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            providers: {
              awsalb: awsAlbTestConfig(keyServer.url, {
                idp: 'cognito',
                // The status is the subject here, not Cognito's access token.
                accessToken: { enabled: false },
                sessionDuration: '8h',
              }),
            },
          },
        },
      }),
    ],
  });
  auth = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth`;
});

const refresh = (token?: string) =>
  httpGet(
    `${auth}/awsalb/refresh`,
    token ? { 'x-amzn-oidc-data': token, 'x-amzn-oidc-accesstoken': 'at' } : {},
  );

describe('the sign-in status the awsalb module reports', () => {
  it('summarises the config and finds the key endpoint answering before anyone signs in', async () => {
    // The auth backend builds its providers on its first request.
    await refresh();
    const reported = await status.describe();
    expect(reported).toMatchObject({
      configured: true,
      provider: {
        issuer: ISSUER,
        signers: [ALB_ARN],
        publicKeyEndpoint: keyServer.url,
        idp: 'cognito',
        accessTokenCheck: false,
        sessionDurationSeconds: 8 * 3600,
      },
      cachedKeys: 0,
      // No key cached yet: a placeholder key ID, which a working endpoint does not have.
      keyEndpoint: { ok: true, status: 404 },
    });
    expect(reported.lastSuccess).toBeUndefined();
  });

  it('counts failures by reason, newest first, keeping messages about the system but not about people', async () => {
    await refresh();
    await refresh(key.token({ header: { signer: OTHER_ALB_ARN } }));
    await refresh(key.token({ claims: { email: 'nobody@example.com' } }));
    const { failures } = await status.describe();
    expect(failures.map(f => [f.reason, f.count])).toEqual([
      ['user-not-found', 1],
      ['invalid-signer', 1],
      // The first test's request too.
      ['missing-header', 2],
    ]);
    expect(failures[1].lastMessage).toContain(OTHER_ALB_ARN);
    expect(failures[0].lastMessage).toBeUndefined();
    expect(JSON.stringify(failures)).not.toContain('nobody@example.com');
    expect(Date.parse(failures[0].lastAt)).not.toBeNaN();
  });

  it('records the last sign-in that succeeded and the key it fetched, and probes that key', async () => {
    const answer = await refresh(key.token());
    expect(answer.status).toBe(200);
    const reported = await status.describe();
    expect(reported.lastSuccess).toEqual({
      at: expect.any(String),
      userEntityRef: 'user:default/jane.doe',
    });
    expect(reported.cachedKeys).toBe(1);
    expect(reported.keyEndpoint).toMatchObject({
      url: `${keyServer.url}/${key.kid}`,
      ok: true,
      status: 200,
    });
    expect(JSON.stringify(reported)).not.toContain(key.token().slice(0, 40));
  });

  it('reports a key endpoint that fails, with its status', async () => {
    keyServer.failWith(500);
    try {
      const { keyEndpoint } = await status.describe();
      expect(keyEndpoint).toMatchObject({ ok: false, status: 500 });
      expect(keyEndpoint?.error).toMatch(
        /^HTTP 500, where a key endpoint answers 200/,
      );
    } finally {
      keyServer.failWith(undefined);
    }
  });
});
