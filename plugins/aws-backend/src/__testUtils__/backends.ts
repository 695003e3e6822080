import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type { AwsEmulator } from '@aws-bridge/aws-emulator';
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import awsPlugin from '../index';
import { DEMO_KEY } from './fixtures';

// What the proxy tests run against: the AWS emulator (which verifies every SigV4 signature
// with an independent implementation) and the real backend with the aws plugin in it.

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

/**
 * Starts the AWS emulator before the file's tests and stops it after them, for tests that
 * start their own backends. Read `emulator` inside tests (it is set in `beforeAll`).
 */
export function useEmulator(): { readonly emulator: AwsEmulator } {
  let emulator: AwsEmulator | undefined;
  beforeAll(async () => {
    emulator = await startAwsEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return {
    get emulator() {
      return emulator!;
    },
  };
}

/** What a backend on the emulator is started with besides its routes. */
export type BackendOnEmulatorOptions = {
  /** Other `aws` keys (accounts, credentialsTimeout, ...). */
  aws?: (emulatorUrl: string) => Record<string, unknown>;
  /** Other `aws.proxy` keys (healthCheckInterval, ...). */
  proxy?: Record<string, unknown>;
  /** Other top-level config (`permission`, ...). */
  extraConfig?: Record<string, unknown>;
  /** Other plugins, modules and service factories. */
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /**
   * Runs once the emulator is up, before the backend starts: for what the backend reads when
   * it starts (environment variables), or servers the routes point at.
   */
  beforeStart?: (emulatorUrl: string) => Promise<void> | void;
};

/**
 * The setup most proxy test files share: the emulator and a backend whose `aws.proxy.routes`
 * point at it, started before the file's tests and stopped after them. `aws` adds other `aws`
 * keys (accounts, ...), or is the whole of {@link BackendOnEmulatorOptions}. Read `emulator`
 * and `backend` inside tests (they are set in `beforeAll`).
 */
export function useBackendOnEmulator(
  routes: (emulatorUrl: string) => Record<string, unknown>,
  aws:
    | ((emulatorUrl: string) => Record<string, unknown>)
    | BackendOnEmulatorOptions = {},
): { readonly emulator: AwsEmulator; readonly backend: ProxyTestBackend } {
  const options = typeof aws === 'function' ? { aws } : aws;
  let emulator: AwsEmulator | undefined;
  let backend: ProxyTestBackend | undefined;
  beforeAll(async () => {
    emulator = await startAwsEmulator();
    await options.beforeStart?.(emulator.url);
    backend = await startProxyBackend(
      {
        ...options.aws?.(emulator.url),
        proxy: { ...options.proxy, routes: routes(emulator.url) },
      },
      options.extraConfig,
      options.features,
    );
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
