/**
 * Test helpers: an ALB's signing key that writes tokens byte for byte as the ALB does, a key
 * server that serves public keys the way the ALB key endpoint does, and a small OIDC IdP for
 * access tokens. All real: real ES256/RS256 keys, real HTTP servers on 127.0.0.1.
 */
import fs from 'node:fs';
import { createServer, IncomingMessage, request, Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthProviderFactory,
  authProvidersExtensionPoint,
} from '@backstage/plugin-auth-node';
import type { JsonObject } from '@backstage/types';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const ALB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188';
export const OTHER_ALB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/intruder/0123456789abcdef';
export const ISSUER =
  'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';
export const CLIENT_ID = '5ouq3o9r0o4c1v7m9k3c2p1gq8';

/** Base64 as the ALB writes it: the URL-safe alphabet, with `=` padding kept. */
export function albBase64(data: string | Buffer): string {
  return Buffer.from(data)
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export type AlbTokenParts = {
  /** Replaces or adds header fields; `undefined` removes one. */
  header?: Record<string, unknown>;
  /** Replaces or adds user claims; `undefined` removes one. */
  claims?: Record<string, unknown>;
  /** Seconds from now until the token expires; default 120 (the ALB's tokens are short-lived). */
  expiresIn?: number;
};

function withoutUndefined(object: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined),
  );
}

/**
 * One ALB signing key. `token()` writes `x-amzn-oidc-data` as the ALB does: the header
 * fields in the ALB's order (typ, kid, alg, iss, client, signer, exp), a Cognito-style
 * userinfo payload, each segment padded, and a raw r||s ES256 signature.
 */
export class AlbSigningKey {
  readonly kid = randomUUID();
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(curve = 'prime256v1') {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } =
      generateKeyPairSync('ec', {
        namedCurve: curve,
      }));
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  token(parts: AlbTokenParts = {}): string {
    const exp = Math.floor(Date.now() / 1000) + (parts.expiresIn ?? 120);
    const header = withoutUndefined({
      typ: 'JWT',
      kid: this.kid,
      alg: 'ES256',
      iss: ISSUER,
      client: CLIENT_ID,
      signer: ALB_ARN,
      exp,
      ...parts.header,
    });
    const claims = withoutUndefined({
      sub: '7c1d6a8e-2f4b-4c35-9a70-1e0f5d6b8a21',
      email_verified: 'true',
      email: 'jane.doe@example.com',
      username: 'jdoe',
      name: 'Jane Doe',
      picture: 'https://example.com/jane.png',
      exp,
      iss: ISSUER,
      ...parts.claims,
    });
    return this.signRaw(JSON.stringify(header), JSON.stringify(claims));
  }

  /**
   * Signs header and payload text as given, for malformed-token cases; `padded: false` writes
   * the segments without the ALB's padding, as standard JWT libraries do.
   */
  signRaw(
    headerJson: string,
    payloadJson: string,
    { padded = true } = {},
  ): string {
    const encode = (data: string | Buffer) =>
      padded ? albBase64(data) : Buffer.from(data).toString('base64url');
    const signingInput = `${encode(headerJson)}.${encode(payloadJson)}`;
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${signingInput}.${encode(signature)}`;
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise(resolve => server.close(() => resolve()));
}

/**
 * A hostile key endpoint: `/<kid>` answers 200 and streams without end, as fast as the client
 * reads; `/stall/<kid>` sends the start of a PEM key and then nothing, ever.
 */
export async function startEndlessKeyEndpoint(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-pem-file' });
    if (req.url?.startsWith('/stall/')) {
      res.write('-----BEGIN PUBLIC KEY-----\n');
      return;
    }
    // `pipeline` writes as fast as the client reads (it waits for 'drain'), and ends the
    // source when the client hangs up: the rejection that reports it is expected.
    const chunk = Buffer.alloc(64 * 1024, 'A');
    function* endless() {
      for (;;) yield chunk;
    }
    pipeline(Readable.from(endless(), { objectMode: false }), res).catch(
      () => {},
    );
  });
  const url = await listen(server);
  return { url, stop: () => close(server) };
}

/** A URL on 127.0.0.1 where nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

export type KeyServer = {
  url: string;
  /** How many times each path was requested. */
  fetchCount(kid?: string): number;
  /** Answer every request with this status (and no key) from now on; undefined restores. */
  failWith(status: number | undefined, body?: string): void;
  /** Hold each answer this long. */
  delay(ms: number): void;
  addKey(kid: string, pem: string): void;
  stop(): Promise<void>;
};

/** Serves `GET /<kid>` with the key's PEM, as `public-keys.auth.elb.<region>.amazonaws.com` does. */
export async function startKeyServer(
  keys: AlbSigningKey[],
): Promise<KeyServer> {
  const pems = new Map<string, string>(keys.map(k => [k.kid, k.publicKeyPem]));
  const counts = new Map<string, number>();
  let failure: { status: number; body: string } | undefined;
  let delayMs = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    const kid = decodeURIComponent((req.url ?? '/').slice(1));
    counts.set(kid, (counts.get(kid) ?? 0) + 1);
    if (delayMs) await new Promise(r => setTimeout(r, delayMs));
    if (failure) {
      res.writeHead(failure.status).end(failure.body);
      return;
    }
    const pem = pems.get(kid);
    if (!pem) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(pem);
  });
  const url = await listen(server);
  return {
    url,
    fetchCount: kid =>
      kid === undefined
        ? [...counts.values()].reduce((a, b) => a + b, 0)
        : (counts.get(kid) ?? 0),
    failWith(status, body = '') {
      failure = status === undefined ? undefined : { status, body };
    },
    delay(ms) {
      delayMs = ms;
    },
    addKey(kid, pem) {
      pems.set(kid, pem);
    },
    stop: () => close(server),
  };
}

/**
 * A key server serving `keys`, started before the file's tests (before each test with
 * `perTest`) and stopped after them. Its methods reach the server running at the time.
 */
export function useKeyServer(
  keys: AlbSigningKey[],
  { perTest = false } = {},
): KeyServer {
  let server: KeyServer | undefined;
  (perTest ? beforeEach : beforeAll)(async () => {
    server = await startKeyServer(keys);
  });
  (perTest ? afterEach : afterAll)(() => server?.stop());
  const running = () => {
    if (!server) throw new Error('The key server starts in a beforeAll hook');
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    fetchCount: kid => running().fetchCount(kid),
    failWith: (status, body) => running().failWith(status, body),
    delay: ms => running().delay(ms),
    addKey: (kid, pem) => running().addKey(kid, pem),
    stop: () => running().stop(),
  };
}

/**
 * The provider config tests start from: the test issuer and ALB, keys from
 * `publicKeyEndpoint`, sign-in by the email on a User entity; `overrides` replace keys.
 */
export function awsAlbTestConfig(
  publicKeyEndpoint: string,
  overrides: JsonObject = {},
): JsonObject {
  return {
    issuer: ISSUER,
    signer: ALB_ARN,
    publicKeyEndpoint,
    signIn: {
      resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }],
    },
    ...overrides,
  };
}

export type TestIdp = {
  /** The issuer, which is also the base URL of the discovery document. */
  issuer: string;
  jwksUrl: string;
  /** An RS256 access token from this IdP. */
  accessToken(
    claims?: Record<string, unknown>,
    expiresIn?: number,
  ): Promise<string>;
  discoveryCount(): number;
  stop(): Promise<void>;
};

/** An OIDC IdP with a discovery document and a JWKS, signing access tokens as Cognito does. */
export async function startTestIdp(): Promise<TestIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: 'idp-key-1',
    alg: 'RS256',
    use: 'sig',
  };
  let discoveries = 0;
  let base = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      discoveries += 1;
      res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
    } else if (req.url === '/jwks') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end('{}');
    }
  });
  base = await listen(server);
  return {
    issuer: base,
    jwksUrl: `${base}/jwks`,
    accessToken: (claims = {}, expiresIn = 3600) =>
      new SignJWT({
        client_id: CLIENT_ID,
        token_use: 'access',
        scope: 'openid email profile',
        username: 'jdoe',
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
        .setSubject(
          (claims.sub as string | undefined) ??
            '7c1d6a8e-2f4b-4c35-9a70-1e0f5d6b8a21',
        )
        .setIssuer((claims.iss as string | undefined) ?? base)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
        .sign(privateKey),
    discoveryCount: () => discoveries,
    stop: () => close(server),
  };
}

export type HttpAnswer = {
  status: number;
  body: any;
  text: string;
  headers: Record<string, unknown>;
};

/**
 * A GET with raw control of the headers: an array value sends the header once per item,
 * which `fetch` cannot do (it joins them).
 */
export function httpGet(
  url: string,
  headers: Record<string, string | string[]>,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode!, body, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * An auth module registering more providers beside `awsalb`, each under its own ID (and its
 * own config under `auth.providers.<id>`), so one backend can try several configs at once.
 */
export function extraAuthProviders(
  moduleId: string,
  factories: Record<string, AuthProviderFactory>,
) {
  return createBackendModule({
    pluginId: 'auth',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { providers: authProvidersExtensionPoint },
        async init({ providers }) {
          for (const [providerId, factory] of Object.entries(factories)) {
            providers.registerProvider({ providerId, factory });
          }
        },
      });
    },
  });
}

/**
 * The real catalog's config with `yaml` as its one file location, processed every second, so a
 * test backend's catalog holds the people a test signs in against.
 */
export function catalogWithFile(yaml: string): JsonObject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awsalb-catalog-'));
  const file = path.join(dir, 'org.yaml');
  fs.writeFileSync(file, yaml);
  return {
    processingInterval: { seconds: 1 },
    rules: [{ allow: ['User', 'Group'] }],
    locations: [{ type: 'file', target: file }],
  };
}

/**
 * The User entity `name` in the catalog at `baseUrl`, once `until` holds for it or 20 s have
 * passed: the catalog processes what it is given in the background.
 */
export async function catalogUser(
  baseUrl: string,
  name: string,
  until: (entity: Entity | undefined) => boolean = e => e !== undefined,
): Promise<Entity | undefined> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await httpGet(
      `${baseUrl}/api/catalog/entities/by-name/user/default/${name}`,
      { authorization: mockCredentials.user.header() },
    );
    const entity = res.status === 200 ? (res.body as Entity) : undefined;
    if (until(entity) || Date.now() > deadline) return entity;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
