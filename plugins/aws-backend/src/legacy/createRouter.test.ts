import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apigwRoute,
  DEMO_KEY,
  Echo,
  rawRequest,
  useEmulator,
} from '../__testUtils__';
import { createRouter } from '../index';

// The router for legacy backends, mounted as such a backend would: apiRouter.use('/aws', ...).

const env = useEmulator();

function config(proxy: JsonObject) {
  return new ConfigReader({
    aws: {
      mainAccount: { ...DEMO_KEY, region: 'us-east-1' },
      proxy,
    },
  });
}

const routes = () => ({
  routes: { '/apigw': apigwRoute(env.emulator.url) },
});

async function serve(router: express.Router) {
  const app = express();
  const apiRouter = express.Router();
  apiRouter.use('/aws', router);
  app.use('/api', apiRouter);
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('createRouter (legacy backends)', () => {
  it('serves the proxy at /api/aws/proxy, authenticating callers with httpAuth', async () => {
    const router = await createRouter({
      logger: mockServices.logger.mock(),
      config: config(routes()),
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    });
    const server = await serve(router);
    try {
      env.emulator.resetCalls();
      const anonymous = await rawRequest(server.url, {
        path: '/api/aws/proxy/apigw/x',
      });
      expect(anonymous.status).toBe(401);
      expect(env.emulator.calls()).toEqual({});
      const user = await rawRequest(server.url, {
        path: '/api/aws/proxy/apigw/x?a=1',
        headers: { authorization: mockCredentials.user.header() },
      });
      expect(user.status).toBe(200);
      const echo = JSON.parse(user.body.toString('utf8')) as Echo;
      expect(echo).toMatchObject({ path: '/prod/x', rawQuery: 'a=1' });
      expect(echo.caller).toBe('arn:aws:iam::999999999999:user/backstage');
      const health = await rawRequest(server.url, { path: '/api/aws/health' });
      expect(health.status).toBe(200);
      const admin = await rawRequest(server.url, {
        path: '/api/aws/admin/routes',
      });
      expect(admin.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start without httpAuth unless config opens every route', async () => {
    await expect(
      createRouter({
        logger: mockServices.logger.mock(),
        config: config(routes()),
      }),
    ).rejects.toThrow(
      'The aws plugin router needs httpAuth to authenticate callers',
    );
    const open = await createRouter({
      logger: mockServices.logger.mock(),
      config: config({ ...routes(), allowUnauthenticatedRequests: true }),
    });
    const server = await serve(open);
    try {
      const res = await rawRequest(server.url, {
        path: '/api/aws/proxy/apigw/x',
      });
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('stops at startup on a config mistake, naming the key', async () => {
    await expect(
      createRouter({
        logger: mockServices.logger.mock(),
        config: config({ routes: { '/x': { target: 'nope' } } }),
        httpAuth: mockServices.httpAuth(),
      }),
    ).rejects.toThrow("aws.proxy.routes./x.target: 'nope' is not a URL");
  });
});
