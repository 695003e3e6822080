import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import { request } from 'node:http';
import { Duplex } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import {
  BrowserLikeClient,
  decodeAlbToken,
  freePort,
  READINESS_PATH,
  RecordingTarget,
  startRecordingTarget,
  waitFor,
} from './__testUtils__';
import { HealthCheck } from './alb/TargetGroup';
import { AlbEmulator, DEMO_ALB_ARN, startAlbEmulator } from './server';

let target: RecordingTarget;
let alb: AlbEmulator;

beforeAll(async () => {
  target = await startRecordingTarget();
  alb = await startAlbEmulator({
    port: 0,
    rules: [
      { path: '/api/*', target: target.url, onUnauthenticatedRequest: 'deny' },
      {
        path: '*',
        target: target.url,
        onUnauthenticatedRequest: 'authenticate',
      },
    ],
  });
});
afterAll(async () => {
  await alb.stop();
  await target.stop();
});

const lastForwarded = () => target.received[target.received.length - 1];

describe('an unauthenticated request', () => {
  it('is redirected to the IdP with state and nonce on an authenticate rule', async () => {
    const answer = await new BrowserLikeClient().request(`${alb.url}/catalog`);
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.href.startsWith(`${alb.issuer}/auth?`)).toBe(true);
    for (const param of ['state', 'nonce']) {
      expect(location.searchParams.get(param)).toMatch(/^[\w-]{16,}$/);
    }
    expect(location.searchParams.get('redirect_uri')).toBe(
      `${alb.url}/oauth2/idpresponse`,
    );
    expect(location.searchParams.get('response_type')).toBe('code');
  });

  it('gets the ALB 401 on a deny rule, and never reaches the target', async () => {
    const before = target.received.length;
    const answer = await new BrowserLikeClient().request(
      `${alb.url}/api/catalog/entities`,
      {
        headers: { 'x-amzn-oidc-data': 'forged.by.client' },
      },
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('401 Authorization Required');
    expect(target.received.length).toBe(before);
  });
});

describe('signing in at the IdP', () => {
  it('refuses a wrong password on the login form', async () => {
    const answer = await new BrowserLikeClient().signIn(
      `${alb.url}/`,
      'alice',
      'wrong',
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('Unknown username or wrong password.');
  });

  it('lands where the user was going, with the session in AWSELBAuthSessionCookie-0', async () => {
    const browser = new BrowserLikeClient();
    const answer = await browser.signIn(`${alb.url}/catalog?filter=x`, 'alice');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('target saw GET /catalog?filter=x');
    expect([...browser.cookies.keys()]).toContain('AWSELBAuthSessionCookie-0');
  });

  it('forwards the ALB headers, and drops any x-amzn-oidc-* the client sent', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${alb.url}/`, 'bob');
    await browser.request(`${alb.url}/api/x`, {
      headers: {
        'x-amzn-oidc-data': 'forged.by.client',
        'X-Amzn-Oidc-Identity': 'admin',
        'x-amzn-oidc-extra': 'anything',
      },
    });
    const { rawHeaders, headers } = lastForwarded();
    const oidcHeaders = rawHeaders.filter(
      (_, i) => i % 2 === 0 && /^x-amzn-oidc-/i.test(rawHeaders[i]),
    );
    expect(oidcHeaders.sort()).toEqual([
      'x-amzn-oidc-accesstoken',
      'x-amzn-oidc-data',
      'x-amzn-oidc-identity',
    ]);
    const token = headers['x-amzn-oidc-data'] as string;
    expect(token).not.toBe('forged.by.client');
    const { payload } = decodeAlbToken(token);
    expect(headers['x-amzn-oidc-identity']).toBe(payload.sub);
    expect(payload.email).toBe('bob@example.com');
    expect(headers['x-amzn-oidc-accesstoken']).toEqual(expect.any(String));
  });

  it("signs x-amzn-oidc-data in the ALB's format, with a key served by its kid", async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${alb.url}/`, 'alice');
    const token = lastForwarded().headers['x-amzn-oidc-data'] as string;
    const segments = token.split('.');
    expect(segments).toHaveLength(3);
    // Padded base64url: the ALB keeps the `=`, unlike standard JWTs.
    expect(segments.some(segment => segment.endsWith('='))).toBe(true);
    expect(segments.every(s => /^[A-Za-z0-9_-]+=*$/.test(s))).toBe(true);

    const { header, payload } = decodeAlbToken(token);
    expect(Object.keys(header)).toEqual([
      'typ',
      'kid',
      'alg',
      'iss',
      'client',
      'signer',
      'exp',
    ]);
    expect(header).toMatchObject({
      alg: 'ES256',
      iss: alb.issuer,
      client: alb.clientId,
      signer: DEMO_ALB_ARN,
    });
    expect(header.kid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(payload).toMatchObject({
      sub: expect.any(String),
      email: 'alice@example.com',
      name: 'Alice Example',
      preferred_username: 'alice',
      iss: alb.issuer,
      exp: header.exp,
    });

    const keyAnswer = await fetch(`${alb.publicKeyEndpoint}/${header.kid}`);
    expect(keyAnswer.status).toBe(200);
    const key = createPublicKey(await keyAnswer.text());
    const valid = verify(
      'sha256',
      Buffer.from(`${segments[0]}.${segments[1]}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(segments[2], 'base64url'),
    );
    expect(valid).toBe(true);
    expect(
      (
        await fetch(
          `${alb.publicKeyEndpoint}/00000000-0000-4000-8000-000000000000`,
        )
      ).status,
    ).toBe(404);
  });

  it('keeps a path that looks like another host on the target', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${alb.url}/`, 'alice');
    const answer = await browser.request(`${alb.url}//example.com/x`);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('target saw GET //example.com/x');
  });

  it('refuses a forged session cookie as no session', async () => {
    const browser = new BrowserLikeClient();
    browser.cookies.set(
      'AWSELBAuthSessionCookie-0',
      'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z',
    );
    expect((await browser.request(`${alb.url}/api/x`)).status).toBe(401);
  });

  it('answers a 500 when the user claims pass 11 KB, as the ALB does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alb-users-'));
    const usersFile = path.join(dir, 'users.yaml');
    const groups = Array.from(
      { length: 600 },
      (_, i) => `team-${i}-${'x'.repeat(20)}`,
    );
    fs.writeFileSync(
      usersFile,
      JSON.stringify({
        password: 'aws-bridge',
        users: [
          {
            username: 'erin',
            sub: 'e-1',
            name: 'Erin',
            email: 'erin@example.com',
            groups,
          },
        ],
      }),
    );
    const huge = await startAlbEmulator({
      port: 0,
      usersFile,
      rules: [
        {
          path: '*',
          target: target.url,
          onUnauthenticatedRequest: 'authenticate',
        },
      ],
    });
    try {
      const answer = await new BrowserLikeClient().signIn(
        `${huge.url}/`,
        'erin',
      );
      expect(answer.status).toBe(500);
      expect(answer.body).toMatch(
        /user claims are \d+ bytes, more than the ALB's 11 KB/,
      );
    } finally {
      await huge.stop();
    }
  });

  it('refuses an idpresponse with a state it did not send', async () => {
    const answer = await new BrowserLikeClient().request(
      `${alb.url}/oauth2/idpresponse?code=abc&state=made-up`,
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toMatch(/unknown or expired state/);
  });
});

describe('sessions', () => {
  it('end after the session timeout: deny rules answer 401, authenticate rules go to the IdP', async () => {
    const shortTarget = await startRecordingTarget();
    const short = await startAlbEmulator({
      port: 0,
      sessionTimeoutSeconds: 1,
      rules: [
        {
          path: '/api/*',
          target: shortTarget.url,
          onUnauthenticatedRequest: 'deny',
        },
        {
          path: '*',
          target: shortTarget.url,
          onUnauthenticatedRequest: 'authenticate',
        },
      ],
    });
    try {
      const browser = new BrowserLikeClient();
      await browser.signIn(`${short.url}/`, 'alice');
      expect((await browser.request(`${short.url}/api/x`)).status).toBe(200);
      await new Promise(resolve => setTimeout(resolve, 2100));
      expect((await browser.request(`${short.url}/api/x`)).status).toBe(401);
      const page = await browser.request(`${short.url}/catalog`);
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toContain(`${short.issuer}/auth?`);
    } finally {
      await short.stop();
      await shortTarget.stop();
    }
  });

  it('splits a large session across AWSELBAuthSessionCookie-0..n, and reads it back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alb-users-'));
    const usersFile = path.join(dir, 'users.yaml');
    const groups = Array.from(
      { length: 150 },
      (_, i) => `team-with-a-long-name-${i}`,
    );
    fs.writeFileSync(
      usersFile,
      JSON.stringify({
        password: 'aws-bridge',
        users: [
          {
            username: 'dana',
            sub: 'd-1',
            name: 'Dana',
            email: 'dana@example.com',
            groups,
          },
          {
            username: 'finn',
            sub: 'f-1',
            name: 'Finn',
            email: 'finn@example.com',
            groups: [],
          },
        ],
      }),
    );
    const bigTarget = await startRecordingTarget();
    const big = await startAlbEmulator({
      port: 0,
      usersFile,
      rules: [
        {
          path: '*',
          target: bigTarget.url,
          onUnauthenticatedRequest: 'authenticate',
        },
      ],
    });
    try {
      const browser = new BrowserLikeClient();
      const answer = await browser.signIn(`${big.url}/`, 'dana');
      expect(answer.status).toBe(200);
      const shards = [...browser.cookies.keys()].filter(n =>
        n.startsWith('AWSELBAuthSessionCookie-'),
      );
      expect(shards.length).toBeGreaterThanOrEqual(2);
      expect(
        shards.every(name => browser.cookies.get(name)!.length <= 4000),
      ).toBe(true);
      const token = bigTarget.received[bigTarget.received.length - 1].headers[
        'x-amzn-oidc-data'
      ] as string;
      expect(decodeAlbToken(token).payload.groups).toHaveLength(150);

      // A later, smaller session (shard 0 broken, so the ALB signs in again) expires the
      // shards it no longer needs, which would otherwise be read as part of it.
      // The IdP's own cookies go too, or it would sign dana straight back in.
      for (const name of [...browser.cookies.keys()]) {
        if (!name.startsWith('AWSELBAuthSessionCookie-')) {
          browser.cookies.delete(name);
        }
      }
      browser.cookies.set('AWSELBAuthSessionCookie-0', 'broken');
      const again = await browser.signIn(`${big.url}/`, 'finn');
      expect(again.status).toBe(200);
      expect(
        [...browser.cookies.keys()].filter(n =>
          n.startsWith('AWSELBAuthSessionCookie-'),
        ),
      ).toEqual(['AWSELBAuthSessionCookie-0']);
      const finnsToken = bigTarget.received[bigTarget.received.length - 1]
        .headers['x-amzn-oidc-data'] as string;
      expect(decodeAlbToken(finnsToken).payload.email).toBe('finn@example.com');
    } finally {
      await big.stop();
      await bigTarget.stop();
    }
  });
});

describe('the IdP', () => {
  it('ends its own session at the end-session endpoint, so the next visit asks for a login', async () => {
    const browser = new BrowserLikeClient();
    await browser.signIn(`${alb.url}/`, 'alice');
    // Without the ALB's cookies, the IdP would sign alice straight back in while its session lives.
    for (const name of [...browser.cookies.keys()]) {
      if (name.startsWith('AWSELBAuthSessionCookie-'))
        browser.cookies.delete(name);
    }
    const silent = await browser.navigate(`${alb.url}/`);
    expect(silent.body).toBe('target saw GET /');
    for (const name of [...browser.cookies.keys()]) {
      if (name.startsWith('AWSELBAuthSessionCookie-'))
        browser.cookies.delete(name);
    }

    const logout = await browser.navigate(
      `${alb.endSessionUrl}?client_id=${alb.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${alb.url}/`)}`,
    );
    const action = /<form[^>]*action="([^"]+)"/.exec(logout.body)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(logout.body)?.[1];
    expect(action).toBeDefined();
    const afterLogout = await browser.navigate(
      new URL(action!, logout.url).href,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
      },
    );
    expect(afterLogout.body).toContain('Sign in');
    expect(afterLogout.body).toContain('<form method="post"');
  });
});

describe('while it starts', () => {
  // `npm start` polls the ALB until its IdP answers. The port is bound before the IdP is set up
  // (an RSA key takes a while); a poll landing in between once hung until the demo's start
  // gave up after 300 s.
  it('answers every request, with a 503 until the IdP is set up, and never hangs', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/idp/.well-known/openid-configuration`;
    const outcomes: string[] = [];
    let started = false;
    const poller = (async () => {
      // Polls as fast as the answers come, until one request sent after the emulator has
      // started has its answer. (A request sent before, still waiting for its 503 when start
      // resolves, does not count: waiting for "one answer after start" once ended on such a 503.)
      for (let sentAfterStart = false; !sentAfterStart;) {
        sentAfterStart = started;
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          outcomes.push(String(res.status));
        } catch (error) {
          const cause = (error as Error & { cause?: { code?: string } }).cause;
          outcomes.push(cause?.code ?? (error as Error).name);
          if (cause?.code === 'ECONNREFUSED') {
            await new Promise(resolve => setImmediate(resolve));
          }
        }
      }
    })();
    // Let the poller find the port closed first.
    await new Promise(resolve => setTimeout(resolve, 20));
    const starting = await startAlbEmulator({ port, rules: [] });
    started = true;
    await poller;
    await starting.stop();

    const distinct = [...new Set(outcomes)];
    expect(distinct).not.toContain('TimeoutError');
    expect(distinct).toEqual(['ECONNREFUSED', '503', '200']);
    expect(outcomes[outcomes.length - 1]).toBe('200');
  });
});

describe('a target group', () => {
  type Stack = {
    a: RecordingTarget;
    b: RecordingTarget;
    alb: AlbEmulator;
    browser: BrowserLikeClient;
    logs: string[];
  };
  const stacks: Stack[] = [];
  afterEach(async () => {
    for (const stack of stacks.splice(0)) {
      await stack.alb.stop();
      await Promise.all([stack.a.stop(), stack.b.stop()]);
    }
  });

  /** Two targets behind `*`, and a browser signed in (which took one turn). */
  async function startGroup(healthCheck: HealthCheck = { intervalMs: 50 }) {
    const [a, b] = await Promise.all([
      startRecordingTarget(),
      startRecordingTarget(),
    ]);
    const logs: string[] = [];
    const groupAlb = await startAlbEmulator({
      port: 0,
      log: line => logs.push(line),
      rules: [
        {
          path: '*',
          target: { targets: [a.url, b.url], healthCheck },
          onUnauthenticatedRequest: 'authenticate',
        },
      ],
    });
    const stack = {
      a,
      b,
      alb: groupAlb,
      browser: new BrowserLikeClient(),
      logs,
    };
    stacks.push(stack);
    expect(
      (await stack.browser.signIn(`${groupAlb.url}/`, 'alice')).status,
    ).toBe(200);
    return stack;
  }
  /** Which target answered each of `count` requests, by its URL. */
  async function answeredBy({ alb: groupAlb, browser }: Stack, count: number) {
    const targets: string[] = [];
    for (let i = 0; i < count; i++) {
      const answer = await browser.request(`${groupAlb.url}/api/x`);
      expect(answer.status).toBe(200);
      targets.push(answer.headers.get('x-alb-emulator-target')!);
    }
    return targets;
  }
  const requestsTo = (replica: RecordingTarget) =>
    replica.received.filter(r => r.url === '/api/x').length;
  const healthOf = (groupAlb: AlbEmulator, replica: RecordingTarget) =>
    groupAlb.targetHealth().find(h => h.target === replica.url)!;

  it('forwards to its targets in turn, naming each in x-alb-emulator-target', async () => {
    const stack = await startGroup();
    const targets = await answeredBy(stack, 4);
    expect(new Set(targets)).toEqual(new Set([stack.a.url, stack.b.url]));
    expect(targets[0]).not.toBe(targets[1]);
    expect(targets.slice(2)).toEqual(targets.slice(0, 2));
    expect([requestsTo(stack.a), requestsTo(stack.b)]).toEqual([2, 2]);
  });

  it('sends nothing to a target whose readiness answers 503, and sends again once it answers 200', async () => {
    const stack = await startGroup();
    const { a, b, alb: groupAlb } = stack;
    b.readiness = 503;
    await waitFor('b to be unhealthy', () => !healthOf(groupAlb, b).healthy);
    expect(stack.logs).toContain(
      `target ${b.url} unhealthy: health check GET ${READINESS_PATH} answered 503`,
    );
    const before = requestsTo(b);
    expect(await answeredBy(stack, 4)).toEqual([a.url, a.url, a.url, a.url]);
    expect(requestsTo(b)).toBe(before);

    b.readiness = 200;
    await waitFor('b to be healthy', () => healthOf(groupAlb, b).healthy);
    expect(stack.logs).toContain(`target ${b.url} healthy again`);
    expect(new Set(await answeredBy(stack, 2))).toEqual(
      new Set([a.url, b.url]),
    );
    expect(requestsTo(b)).toBe(before + 1);
  });

  it('takes out a target that was stopped, so no request gets a 502', async () => {
    const stack = await startGroup();
    await stack.b.stop();
    await waitFor(
      'b to be unhealthy',
      () => !healthOf(stack.alb, stack.b).healthy,
    );
    expect(healthOf(stack.alb, stack.b).reason).toMatch(/ECONNREFUSED/);
    expect(await answeredBy(stack, 3)).toEqual([
      stack.a.url,
      stack.a.url,
      stack.a.url,
    ]);
  });

  it('fails open: with no healthy target, it forwards to all of them in turn', async () => {
    const stack = await startGroup();
    stack.a.readiness = 503;
    stack.b.readiness = 503;
    await waitFor('both to be unhealthy', () =>
      stack.alb.targetHealth().every(h => !h.healthy),
    );
    expect(new Set(await answeredBy(stack, 2))).toEqual(
      new Set([stack.a.url, stack.b.url]),
    );
  });

  it('answers a 502 naming the target it picked when that one refuses the connection', async () => {
    // Checks a minute apart: the stopped target is still in the group when the requests come.
    const stack = await startGroup({ intervalMs: 60_000 });
    await stack.b.stop();
    const statuses = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const answer = await stack.browser.request(`${stack.alb.url}/api/x`);
      statuses.set(answer.headers.get('x-alb-emulator-target')!, answer.status);
    }
    expect(statuses).toEqual(
      new Map([
        [stack.a.url, 200],
        [stack.b.url, 502],
      ]),
    );
  });

  it('sends WebSocket upgrades to its targets in turn, and stop() closes them', async () => {
    const stack = await startGroup();
    const upgrade = () =>
      new Promise<{ target: string; socket: Duplex }>((resolve, reject) => {
        const upgrading = request(`${stack.alb.url}/live`, {
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            cookie: stack.browser.cookieHeader(),
          },
        });
        upgrading.on('upgrade', (answer, socket) =>
          resolve({
            target: answer.headers['x-alb-emulator-target'] as string,
            socket,
          }),
        );
        upgrading.on('response', answer =>
          reject(new Error(`no upgrade: ${answer.statusCode}`)),
        );
        upgrading.on('error', reject);
        upgrading.end();
      });
    const first = await upgrade();
    first.socket.destroy();
    const second = await upgrade();
    expect(new Set([first.target, second.target])).toEqual(
      new Set([stack.a.url, stack.b.url]),
    );
    const upgradesTo = (replica: RecordingTarget) =>
      replica.received.filter(r => r.url === '/live').length;
    expect([upgradesTo(stack.a), upgradesTo(stack.b)]).toEqual([1, 1]);

    // A browser keeps its live reload open; stop() must not wait for it.
    const closed = new Promise(resolve => second.socket.once('close', resolve));
    second.socket.on('error', () => {});
    await stack.alb.stop();
    await closed;
  });

  it('does not health-check the target of a rule with one target', async () => {
    const [single, a, b] = await Promise.all([
      startRecordingTarget(),
      startRecordingTarget(),
      startRecordingTarget(),
    ]);
    const twoRules = await startAlbEmulator({
      port: 0,
      rules: [
        {
          path: '/api/*',
          target: { targets: [single.url], healthCheck: { intervalMs: 50 } },
          onUnauthenticatedRequest: 'deny',
        },
        {
          path: '*',
          target: { targets: [a.url, b.url], healthCheck: { intervalMs: 50 } },
          onUnauthenticatedRequest: 'authenticate',
        },
      ],
    });
    try {
      single.readiness = 503;
      // The group of two, checked at the same interval, is the clock.
      await waitFor(
        'three checks of the group of two',
        () => a.healthChecks() >= 3,
      );
      expect(single.healthChecks()).toBe(0);
      expect(twoRules.targetHealth()).toEqual([
        { target: single.url, healthy: true },
        { target: a.url, healthy: true },
        { target: b.url, healthy: true },
      ]);
    } finally {
      await twoRules.stop();
      await Promise.all([single.stop(), a.stop(), b.stop()]);
    }
  });

  it('ends its health checks when the emulator stops', async () => {
    const { a, alb: groupAlb } = await startGroup();
    await waitFor('a health check', () => a.healthChecks() >= 1);
    await groupAlb.stop();
    // Counted once closed: a check sent just before stop() may still have reached a.
    await waitFor(
      'no check open on a',
      async () => (await a.connections()) === 0,
    );
    const checks = a.healthChecks();
    // Four intervals: a check left running would have come by now.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(a.healthChecks()).toBe(checks);
  });

  it('is shared by the rules given the same group: one round robin, one set of health checks', async () => {
    const [a, b] = await Promise.all([
      startRecordingTarget(),
      startRecordingTarget(),
    ]);
    const group = { targets: [a.url, b.url], healthCheck: { intervalMs: 50 } };
    const shared = await startAlbEmulator({
      port: 0,
      rules: [
        { path: '/api/*', target: group, onUnauthenticatedRequest: 'deny' },
        { path: '*', target: group, onUnauthenticatedRequest: 'authenticate' },
      ],
    });
    try {
      expect(shared.targetHealth()).toHaveLength(2);
      const browser = new BrowserLikeClient();
      await browser.signIn(`${shared.url}/`, 'bob');
      const byApi = await browser.request(`${shared.url}/api/x`);
      const byApp = await browser.request(`${shared.url}/catalog`);
      expect(byApi.headers.get('x-alb-emulator-target')).not.toBe(
        byApp.headers.get('x-alb-emulator-target'),
      );
    } finally {
      await shared.stop();
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
