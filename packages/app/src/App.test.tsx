import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { render, screen } from '@testing-library/react';
import app from './App';

// The ALB's own answer to `/api/*` without a session (the recommended `deny` rule).
let alb: Server;
let albUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  alb = createServer((req, res) => {
    requested.push(req.url ?? '');
    res.writeHead(401, { 'content-type': 'text/html' });
    res.end('<html><title>401 Authorization Required</title></html>');
  });
  await new Promise<void>(resolve => alb.listen(0, '127.0.0.1', resolve));
  albUrl = `http://127.0.0.1:${(alb.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(resolve => alb.close(resolve)));

describe('App', () => {
  beforeEach(() => {
    process.env = {
      ...process.env,
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            // In the demo both are the ALB's URL, and the app then calls the backend on the
            // page's own origin; jsdom's page is http://localhost, so name the backend apart.
            app: { title: 'aws-bridge test', baseUrl: 'http://localhost' },
            backend: { baseUrl: albUrl },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  it('signs in through the ALB, and says so when the ALB has no session', async () => {
    render(app.createRoot());

    expect(
      await screen.findByText('You are not signed in', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    // No guest sign-in on offer any more.
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
    expect(requested).toContain('/api/auth/awsalb/refresh');
  }, 30_000);
});
