/**
 * A stand-in for the auth backend's awsalb routes on 127.0.0.1: the HTTP API the frontend
 * talks to, answering what a test sets. The frontend code under test is real; only this
 * boundary is played.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export type Reply = {
  status: number;
  body?: unknown;
  /** Sent as text/html when a string, as the ALB's own 401 is. */
  html?: string;
};

export type FakeAuthBackend = {
  /** The auth plugin's base URL, as discoveryApi.getBaseUrl('auth') returns it. */
  authUrl: string;
  replies: { refresh: Reply; logout: Reply };
  requests: Array<{
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
  }>;
  stop(): Promise<void>;
};

/** A Backstage-shaped 401, with the awsalb module's `reason`. */
export function backendError(
  status: number,
  message: string,
  reason?: string,
): Reply {
  return {
    status,
    body: {
      error: {
        name: 'AuthenticationError',
        message,
        ...(reason ? { reason } : {}),
      },
      response: { statusCode: status },
    },
  };
}

/** A signed-in answer of `/refresh` for `user:default/<name>`, with a real-shaped token. */
export function signedIn(name: string): Reply {
  const payload = Buffer.from(
    JSON.stringify({
      sub: `user:default/${name}`,
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
  ).toString('base64url');
  return {
    status: 200,
    body: {
      profile: { email: `${name}@example.com`, displayName: name },
      providerInfo: { expiresInSeconds: 120 },
      backstageIdentity: {
        token: `eyJhbGciOiJFUzI1NiJ9.${payload}.c2ln`,
        identity: {
          type: 'user',
          userEntityRef: `user:default/${name}`,
          ownershipEntityRefs: [`user:default/${name}`],
        },
      },
    },
  };
}

export async function startFakeAuthBackend(): Promise<FakeAuthBackend> {
  const requests: FakeAuthBackend['requests'] = [];
  const replies: FakeAuthBackend['replies'] = {
    refresh: signedIn('alice'),
    logout: {
      status: 200,
      body: { logoutUrl: 'https://idp.example.com/logout' },
    },
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    const reply =
      path === '/api/auth/awsalb/logout' ? replies.logout : replies.refresh;
    if (reply.html !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/html' });
      res.end(reply.html);
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    authUrl: `http://127.0.0.1:${port}/api/auth`,
    replies,
    requests,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
