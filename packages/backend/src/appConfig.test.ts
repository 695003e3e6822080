import { AddressInfo } from 'node:net';
import path from 'node:path';
import awsAlbModule from '@aws-bridge/plugin-auth-backend-module-awsalb-provider';
import awsPlugin from '@aws-bridge/plugin-aws-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import authPlugin from '@backstage/plugin-auth-backend';
import guestModule from '@backstage/plugin-auth-backend-module-guest-provider';
import type { JsonObject } from '@backstage/types';

// The demo's own config, as `npm start` reads it, is what the outside review attacked (issue 43,
// finding 8): a guest provider that anyone reaching the backend or the ALB could sign in with,
// and a backend listening on every interface. Both are checked on the file itself.

const DEMO_CONFIG = path.resolve(__dirname, '../../../app-config.yaml');

async function demoConfig() {
  const config = await ConfigSources.toConfig(
    FileConfigSource.create({ path: DEMO_CONFIG }),
  );
  config.close();
  return config;
}

describe("the demo's app-config.yaml", () => {
  it('binds the backend and the dev server to 127.0.0.1, behind the ALB emulator', async () => {
    const config = await demoConfig();
    expect(config.getString('backend.listen.host')).toBe('127.0.0.1');
    expect(config.getString('app.listen.host')).toBe('127.0.0.1');
  });

  // `npm start` runs the backend with NODE_ENV=development, where the guest provider signs
  // anyone in; Jest's `test` would refuse it anyway and hide the difference.
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('offers no guest sign-in: the real auth backend, with the guest module installed, answers 404', async () => {
    const config = await demoConfig();
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        awsAlbModule,
        guestModule,
        mockServices.rootConfig.factory({
          data: {
            ...(config.get() as JsonObject),
            // startTestBackend's own server and database, not the demo's port and SQLite.
            backend: { baseUrl: 'http://localhost:7007' },
          },
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(
      `http://127.0.0.1:${port}/api/auth/guest/refresh`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    expect(answer.status).toBe(404);
    expect(config.has('auth.providers.guest')).toBe(false);
  });

  it('shows least privilege: every proxy route lists its methods, and AWS APIs their operations', async () => {
    const config = await demoConfig();
    // Route names (`/demo-api`) are not keys Backstage's Config can address: read the object.
    const routes = config.get('aws.proxy.routes') as Record<
      string,
      {
        service: string;
        allowedMethods?: string[];
        allowedOperations?: string[];
      }
    >;
    expect(Object.keys(routes).length).toBeGreaterThan(4);
    const unlisted = Object.entries(routes).flatMap(([name, route]) => [
      ...(route.allowedMethods ? [] : [`${name}: no allowedMethods`]),
      // The API Gateway routes stand for an API of the team's own, which has no operations.
      ...(route.service === 'execute-api' || route.allowedOperations
        ? []
        : [`${name}: no allowedOperations`]),
    ]);
    expect(unlisted).toEqual([]);
  });

  it('refuses a DELETE through /payments-api, which signs as payments-prod, before any AWS call', async () => {
    const config = await demoConfig();
    const { server } = await startTestBackend({
      features: [
        awsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...(config.get() as JsonObject),
            backend: { baseUrl: 'http://localhost:7007' },
            // No permission backend here: the route's rules are what is tested.
            permission: { enabled: false },
          },
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(
      `http://127.0.0.1:${port}/api/aws/proxy/payments-api/orders/1`,
      {
        method: 'DELETE',
        headers: { authorization: mockCredentials.user.header() },
      },
    );
    expect(answer.status).toBe(403);
    expect((await answer.json()).error).toMatchObject({
      reason: 'method-not-allowed',
      message:
        "Method DELETE is not allowed on AWS proxy route '/payments-api'; an admin can see the route's settings on /aws-admin",
    });
  });
});
