/**
 * The emulator in front of the real auth backend with the awsalb module, as the demo runs them:
 * each IdP preset signs its users in, and forged headers are refused on both paths.
 */
import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsAlbModule from '@aws-bridge/plugin-auth-backend-module-awsalb-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { albBase64 } from './alb/AlbSigner';
import {
  BrowserLikeClient,
  decodeAlbToken,
  freePort,
  startRecordingTarget,
} from './__testUtils__';
import { startAlbEmulator } from './server';
import { IdpFlavour } from './idp/idpClaims';

const user = (name: string, email: string, displayName: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email, displayName }, memberOf: [] },
});
// As in examples/org.yaml; carol, whom the IdP knows, is not in the catalog.
const USERS = [
  user('alice', 'alice@example.com', 'Alice Example'),
  user('bob', 'bob@example.com', 'Bob Example'),
];
const LOGOUT_URL = 'https://idp.example.com/logout';

/** The backend on `backendPort` and the emulator in front of it, `idp` shaping the claims. */
async function startStack(idp: IdpFlavour, resolver: string) {
  const albPort = await freePort();
  const albUrl = `http://localhost:${albPort}`;
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      awsAlbModule,
      catalogServiceMock.factory({ entities: USERS }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: albUrl },
          auth: {
            providers: {
              awsalb: {
                issuer: `${albUrl}/idp`,
                signer:
                  'arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/aws-bridge-demo/0123456789abcdef',
                clientId: 'aws-bridge-demo',
                publicKeyEndpoint: `${albUrl}/_alb/public-keys`,
                idp,
                logoutUrl: LOGOUT_URL,
                signIn: { resolvers: [{ resolver }] },
              },
            },
          },
        },
      }),
    ],
  });
  const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // `/echo` shows what the ALB forwards, so a test can take a real token and forge it.
  const echo = await startRecordingTarget();
  const alb = await startAlbEmulator({
    port: albPort,
    idp,
    rules: [
      { path: '/echo', target: echo.url, onUnauthenticatedRequest: 'deny' },
      { path: '/api/*', target: backendUrl, onUnauthenticatedRequest: 'deny' },
      {
        path: '*',
        target: backendUrl,
        onUnauthenticatedRequest: 'authenticate',
      },
    ],
  });
  return { alb, backendUrl, echo };
}

type Stack = Awaited<ReturnType<typeof startStack>>;

/** The stack for a describe block: started before its tests, stopped after. */
function useStack(idp: IdpFlavour, resolver: string): Stack {
  const stack = {} as Stack;
  beforeAll(async () => {
    Object.assign(stack, await startStack(idp, resolver));
  });
  afterAll(async () => {
    await stack.alb.stop();
    await stack.echo.stop();
  });
  return stack;
}

/** The ALB headers the emulator sends for this browser's session. */
async function albHeadersFor(browser: BrowserLikeClient, { alb, echo }: Stack) {
  await browser.request(`${alb.url}/echo`);
  const { headers } = echo.received[echo.received.length - 1];
  return {
    token: headers['x-amzn-oidc-data'] as string,
    accessToken: headers['x-amzn-oidc-accesstoken'] as string,
  };
}

/** The x-amzn-oidc-data the emulator signs for this browser's session. */
async function signedTokenFor(browser: BrowserLikeClient, stack: Stack) {
  return (await albHeadersFor(browser, stack)).token;
}

async function refresh(browser: BrowserLikeClient, url: string, headers = {}) {
  const answer = await browser.request(`${url}/api/auth/awsalb/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest', ...headers },
  });
  // The ALB's own 401 is HTML; the backend's answers are JSON.
  const isJson = answer.headers.get('content-type')?.includes('json');
  return {
    status: answer.status,
    body: isJson ? JSON.parse(answer.body) : { text: answer.body },
  };
}

describe.each([
  ['generic', 'usernameMatchingUserEntityName'],
  ['cognito', 'emailMatchingUserEntityProfileEmail'],
  ['okta', 'emailMatchingUserEntityProfileEmail'],
  ['entra', 'emailMatchingUserEntityProfileEmail'],
  ['google', 'emailMatchingUserEntityProfileEmail'],
] as const)('with the %s preset and %s', (idp, resolver) => {
  const stack = useStack(idp, resolver);

  it('signs alice in as user:default/alice, and bob as bob', async () => {
    for (const [name, email] of [
      ['alice', 'alice@example.com'],
      ['bob', 'bob@example.com'],
    ]) {
      const browser = new BrowserLikeClient();
      await browser.signIn(`${stack.alb.url}/`, name);
      const { status, body } = await refresh(browser, stack.alb.url);
      expect(status).toBe(200);
      expect(body.backstageIdentity.identity.userEntityRef).toBe(
        `user:default/${name}`,
      );
      expect(body.profile.email).toBe(email);
    }
  });
});

describe("Cognito's token shape (backstage#26132)", () => {
  const stack = useStack('cognito', 'usernameMatchingUserEntityName');

  it('carries a UUID username, so a username resolver finds no one and the 401 names the email', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'alice');
    const { payload } = decodeAlbToken(await signedTokenFor(browser, stack));
    expect(payload).toMatchObject({
      email_verified: 'true',
      username: payload.sub,
    });
    expect(payload.username).toMatch(/^[0-9a-f-]{36}$/);

    const { status, body } = await refresh(browser, stack.alb.url);
    expect(status).toBe(401);
    expect(body.error.reason).toBe('user-not-found');
    expect(body.error.message).toContain('alice@example.com');
    expect(body.error.message).toContain('usernameMatchingUserEntityName');
  });
});

describe("Cognito's access token", () => {
  const stack = useStack('cognito', 'emailMatchingUserEntityProfileEmail');

  it("is an RS256 JWT from the IdP's keys, with cognito:groups, token_use, client_id and username, and no aud", async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'alice');
    const { token, accessToken } = await albHeadersFor(browser, stack);
    const issuer = `${stack.alb.url}/idp`;
    const discovery = await (
      await fetch(`${issuer}/.well-known/openid-configuration`)
    ).json();
    const { payload, protectedHeader } = await jwtVerify(
      accessToken,
      createRemoteJWKSet(new URL(discovery.jwks_uri)),
      { issuer },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: decodeAlbToken(token).payload.sub,
      'cognito:groups': ['platform'],
      token_use: 'access',
      client_id: 'aws-bridge-demo',
      username: decodeAlbToken(token).payload.sub,
    });
    expect(payload.aud).toBeUndefined();
    // The userinfo, which the ALB signs, has no groups: only the access token does.
    expect(decodeAlbToken(token).payload['cognito:groups']).toBeUndefined();
  });

  it('is refused by the backend when it is not the one the IdP issued', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'alice');
    const { token } = await albHeadersFor(browser, stack);
    const answer = await refresh(new BrowserLikeClient(), stack.backendUrl, {
      'x-amzn-oidc-data': token,
      'x-amzn-oidc-accesstoken': 'an-opaque-token',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(
      /The IdP access token is not a JWT/,
    );
  });
});

describe('the emulator in front of the real backend', () => {
  const stack = useStack('cognito', 'emailMatchingUserEntityProfileEmail');

  it('answers someone the catalog does not know with a 401 that names them and the reason', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'carol');
    const { status, body } = await refresh(browser, stack.alb.url);
    expect(status).toBe(401);
    expect(body.error.reason).toBe('user-not-found');
    expect(body.error.message).toContain('carol@contractor.example');
  });

  it('refuses a forged x-amzn-oidc-data sent straight to the backend', async () => {
    // A real token the emulator signed for bob, its payload changed to alice's email.
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'bob');
    const { token, accessToken } = await albHeadersFor(browser, stack);
    const genuine = await refresh(new BrowserLikeClient(), stack.backendUrl, {
      'x-amzn-oidc-data': token,
      'x-amzn-oidc-accesstoken': accessToken,
    });
    expect(genuine.status).toBe(200);

    const [header, , signature] = token.split('.');
    const { payload } = decodeAlbToken(token);
    const forged = `${header}.${albBase64(
      JSON.stringify({ ...payload, email: 'alice@example.com' }),
    )}.${signature}`;
    const direct = await refresh(new BrowserLikeClient(), stack.backendUrl, {
      'x-amzn-oidc-data': forged,
      'x-amzn-oidc-accesstoken': accessToken,
    });
    expect(direct.status).toBe(401);
    expect(direct.body.error.reason).toBe('invalid-signature');
  });

  it('refuses a client-supplied x-amzn-oidc-data through the emulator without a session (401)', async () => {
    const answer = await refresh(new BrowserLikeClient(), stack.alb.url, {
      'x-amzn-oidc-data': 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      'x-amzn-oidc-accesstoken': 'x',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.text).toContain('401 Authorization Required');
  });

  it("replaces a client-supplied x-amzn-oidc-data with the session's own", async () => {
    const browser = new BrowserLikeClient();
    const alice = new BrowserLikeClient();
    await alice.signIn(`${stack.alb.url}/`, 'alice');
    const alicesToken = await signedTokenFor(alice, stack);
    await browser.signIn(`${stack.alb.url}/`, 'bob');
    // Bob replays a genuine token of alice's through the ALB: the ALB's own header wins.
    const { status, body } = await refresh(browser, stack.alb.url, {
      'x-amzn-oidc-data': alicesToken,
    });
    expect(status).toBe(200);
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/bob',
    );
  });

  it('signs out through the emulator: the session cookies expire and /api/* answers 401', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${stack.alb.url}/`, 'alice');
    expect((await refresh(browser, stack.alb.url)).status).toBe(200);
    const answer = await browser.request(
      `${stack.alb.url}/api/auth/awsalb/logout`,
      {
        method: 'POST',
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ logoutUrl: LOGOUT_URL });
    expect(
      [...browser.cookies.keys()].filter(n => n.startsWith('AWSELB')),
    ).toEqual([]);
    expect((await refresh(browser, stack.alb.url)).status).toBe(401);
  });
});
