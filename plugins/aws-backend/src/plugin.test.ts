import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import awsPlugin from './index';

describe('aws plugin', () => {
  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        awsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        // The mock's default treats a request without a token as a signed-in user; make it
        // anonymous, as in production, so the auth policy is what is tested.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    return server;
  }

  it('answers GET /api/aws/health without credentials', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/aws/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers GET /api/aws/health with a user token too', async () => {
    const server = await startBackend();
    const response = await request(server)
      .get('/api/aws/health')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('requires authentication for every other path', async () => {
    const server = await startBackend();
    const response = await request(server).get('/api/aws/anything-else');
    expect(response.status).toBe(401);
  });

  it('serves health to GET only', async () => {
    const server = await startBackend();
    const response = await request(server)
      .post('/api/aws/health')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(404);
  });
});
