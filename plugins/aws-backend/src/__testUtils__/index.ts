import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type { AwsEmulator } from '@aws-bridge/aws-emulator';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackend } from '@backstage/backend-defaults';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import awsPlugin from '../index';

// What the proxy tests run against: the AWS emulator (which verifies every SigV4 signature
// with an independent implementation) and the real backend with the aws plugin in it.

/** The demo fixture's platform user, account 999999999999. */
export const DEMO_KEY = {
  accessKeyId: 'AKIAAWSBRIDGEDEMO001',
  secretAccessKey: 'demo-secret-for-the-platform-backstage-user',
};
export const USER_AUTH = mockCredentials.user.header();
export const SERVICE_AUTH = mockCredentials.service.header();

/** What the emulator's echo endpoint reports about the request it received. */
export type Echo = {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  bodyLength: number;
  bodySha256: string;
  service: string;
  region: string;
  caller?: string;
};

export type ProxyTestBackend = {
  server: http.Server;
  url: string;
  stop(): Promise<void>;
};

function testConfig(
  aws: Record<string, unknown>,
  extraConfig: Record<string, unknown>,
) {
  return {
    aws: { mainAccount: { ...DEMO_KEY, region: 'us-east-1' }, ...aws },
    ...extraConfig,
  };
}

// The mock's default treats a request without a token as a signed-in user; make it anonymous,
// as in production, so the auth policy is what is tested.
const anonymousByDefault = () =>
  mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() });

/**
 * Starts the real backend with `aws` config `aws` (mainAccount defaults to the demo key), other
 * top-level config `extraConfig`, and other plugins or service factories `features`.
 */
export async function startProxyBackend(
  aws: Record<string, unknown>,
  extraConfig: Record<string, unknown> = {},
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>> = [],
): Promise<ProxyTestBackend> {
  const backend = await startTestBackend({
    features: [
      awsPlugin,
      mockServices.rootConfig.factory({ data: testConfig(aws, extraConfig) }),
      anonymousByDefault(),
      ...features,
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return {
    server: backend.server,
    url: `http://127.0.0.1:${port}`,
    stop: () => backend.stop(),
  };
}

/**
 * Like {@link startProxyBackend}, but with the HTTP stack of a real backend (`createBackend`'s
 * root router: helmet, CORS, compression, ...), which `startTestBackend` leaves out; for what
 * that middleware could change.
 */
export async function startProductionProxyBackend(
  aws: Record<string, unknown>,
): Promise<ProxyTestBackend> {
  let server: http.Server | undefined;
  const backend = createBackend();
  backend.add(awsPlugin);
  backend.add(
    mockServices.rootConfig.factory({
      data: testConfig(aws, {
        backend: {
          baseUrl: 'http://127.0.0.1',
          listen: { host: '127.0.0.1', port: 0 },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }),
    }),
  );
  backend.add(anonymousByDefault());
  backend.add(mockServices.rootLogger.factory());
  backend.add(
    rootHttpRouterServiceFactory({
      configure(context) {
        server = context.server;
        context.applyDefaults();
      },
    }),
  );
  await backend.start();
  const { port } = server!.address() as AddressInfo;
  return {
    server: server!,
    url: `http://127.0.0.1:${port}`,
    stop: () => backend.stop(),
  };
}

export { startAwsEmulator };
export type { AwsEmulator };

/** A raw HTTP request, so that paths reach the backend byte for byte as written here. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  },
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A server on 127.0.0.1 that behaves as the test needs; resolves with its URL. */
export async function startUpstream(
  handler: http.RequestListener,
): Promise<{ url: string; server: http.Server; stop(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Static keys the emulator does not know: AWS answers every call signed with them with 403. */
export const REFUSED_KEY = {
  accessKeyId: 'AKIAUNKNOWNKEY000001',
  secretAccessKey: 'not-a-key-aws-knows',
};

/**
 * `aws` config in which the main account (the demo user, 999999999999) can assume
 * BackstageReadOnly in 111111111111 and 222222222222 on the emulator's STS, and
 * 333333333333 signs with {@link REFUSED_KEY}.
 */
export function emulatorAccounts(emulatorUrl: string) {
  return {
    mainAccount: {
      ...DEMO_KEY,
      region: 'us-east-1',
      stsEndpoint: emulatorUrl,
    },
    accounts: [
      {
        accountId: '111111111111',
        roleName: 'BackstageReadOnly',
        externalId: 'aws-bridge-demo',
        stsEndpoint: emulatorUrl,
      },
      {
        accountId: '222222222222',
        roleName: 'BackstageReadOnly',
        stsEndpoint: emulatorUrl,
      },
      { accountId: '333333333333', ...REFUSED_KEY },
    ],
  };
}

/** A URL on which nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const upstream = await startUpstream(() => {});
  await upstream.stop();
  return upstream.url;
}

/**
 * The setup most proxy test files share: the emulator and a backend whose `aws.proxy.routes`
 * point at it, started before the file's tests and stopped after them. `aws` adds other `aws`
 * keys (accounts, ...). Read `emulator` and `backend` inside tests (they are set in
 * `beforeAll`).
 */
export function useBackendOnEmulator(
  routes: (emulatorUrl: string) => Record<string, unknown>,
  aws: (emulatorUrl: string) => Record<string, unknown> = () => ({}),
): { readonly emulator: AwsEmulator; readonly backend: ProxyTestBackend } {
  let emulator: AwsEmulator | undefined;
  let backend: ProxyTestBackend | undefined;
  beforeAll(async () => {
    emulator = await startAwsEmulator();
    backend = await startProxyBackend({
      ...aws(emulator.url),
      proxy: { routes: routes(emulator.url) },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await emulator?.stop();
  });
  return {
    get emulator() {
      return emulator!;
    },
    get backend() {
      return backend!;
    },
  };
}
