import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  RequestListener,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { AlbOidcClient } from './alb/AlbOidcClient';
import { AlbSigner } from './alb/AlbSigner';
import { ListenerRule, ruleMatcher } from './alb/listenerRules';
import { forwardRequest, forwardUpgrade } from './alb/forwardRequest';
import { TargetGroup, TargetHealth } from './alb/TargetGroup';
import {
  AlbSession,
  DEFAULT_SESSION_COOKIE_NAME,
  SessionCookies,
} from './alb/sessionCookies';
import { createIdp } from './idp/createIdp';
import { loadDemoUsers } from './idp/demoUsers';
import { IdpFlavour } from './idp/idpClaims';

/** The demo ALB's ARN: the `signer` the demo's app-config accepts. */
export const DEMO_ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:999999999999:loadbalancer/app/aws-bridge-demo/0123456789abcdef';
/** The ALB's default `SessionTimeout`: 7 days. */
export const DEFAULT_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** Where the emulator serves its public keys, as `public-keys.auth.elb.<region>.amazonaws.com` does. */
export const PUBLIC_KEYS_PATH = '/_alb/public-keys';
/** The ALB's fixed callback path; it never reaches the targets. */
export const IDP_RESPONSE_PATH = '/oauth2/idpresponse';

export type AlbEmulatorOptions = {
  port?: number;
  host?: string;
  /** The URL browsers use; default `http://localhost:<port>`. The IdP is at `<publicUrl>/idp`. */
  publicUrl?: string;
  /** Listener rules in priority order, e.g. `/api/*` to the backend with `deny`, `*` to the app. */
  rules: ListenerRule[];
  signer?: string;
  clientId?: string;
  idp?: IdpFlavour;
  sessionTimeoutSeconds?: number;
  scope?: string;
  sessionCookieName?: string;
  /** A users fixture (YAML); default the demo users. */
  usersFile?: string;
  /** Called with one line per sign-in, fault and target health change; never a token. */
  log?: (line: string) => void;
};

export type AlbEmulator = {
  url: string;
  issuer: string;
  signer: string;
  clientId: string;
  publicKeyEndpoint: string;
  /** The kid of the emulator's one signing key. */
  kid: string;
  /** The IdP's end-session endpoint: the demo's `logoutUrl` without its query. */
  endSessionUrl: string;
  /** Each target's health, target group by target group, in the order of the rules. */
  targetHealth(): TargetHealth[];
  /** Closes the listener and ends the health checks. */
  stop(): Promise<void>;
};

// The ALB refuses user claims larger than this (AWS: "The maximum size of user claims is 11K bytes").
const MAX_CLAIMS_BYTES = 11 * 1024;

// What a real ALB answers to a `deny` rule without a session, byte for byte.
const DENY_BODY =
  '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n</body>\r\n</html>\r\n';

function plain(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * Starts the ALB emulator: the `authenticate-oidc` action of an Application Load Balancer in
 * front of the demo, with its IdP, on one port.
 */
export async function startAlbEmulator(
  options: AlbEmulatorOptions,
): Promise<AlbEmulator> {
  const log = options.log ?? (() => {});
  // Built before the port is bound, so a target that is not a URL fails the start and leaves
  // nothing listening. A Map by `rule.target`: rules given the same group share it.
  const groups = new Map<ListenerRule['target'], TargetGroup>();
  for (const rule of options.rules) {
    if (!groups.has(rule.target)) {
      groups.set(rule.target, new TargetGroup(rule.target, log));
    }
  }
  const targetFor = (rule: ListenerRule) => groups.get(rule.target)!.next();
  // The port is bound first (with port 0 the URLs below depend on it) and the IdP is set up
  // after, which takes a while (an RSA key). A Node server with no request handler never
  // answers, so a request in between (a readiness poll) would hang for good; until the ALB is
  // set up, it gets what a real ALB answers while its target group has no target: a 503.
  let handleRequest: RequestListener = (_req, res) =>
    plain(res, 503, '503 Service Unavailable: the ALB emulator is starting');
  const server = createServer((req, res) => handleRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = (options.publicUrl ?? `http://localhost:${port}`).replace(
    /\/$/,
    '',
  );
  const issuer = `${url}/idp`;
  const signer = options.signer ?? DEMO_ALB_ARN;
  const clientId = options.clientId ?? 'aws-bridge-demo';
  const clientSecret = randomBytes(24).toString('base64url');
  const sessionTimeout =
    options.sessionTimeoutSeconds ?? DEFAULT_SESSION_TIMEOUT_SECONDS;
  const cookieName = options.sessionCookieName ?? DEFAULT_SESSION_COOKIE_NAME;

  const idp = await createIdp({
    issuer,
    directory: loadDemoUsers(options.usersFile),
    flavour: options.idp ?? 'generic',
    client: {
      clientId,
      clientSecret,
      redirectUri: `${url}${IDP_RESPONSE_PATH}`,
      postLogoutRedirectUri: `${url}/`,
    },
    accessTokenTtlSeconds: Math.max(sessionTimeout, 60),
  });
  const oidcClient = new AlbOidcClient({
    issuer,
    clientId,
    clientSecret,
    redirectUri: `${url}${IDP_RESPONSE_PATH}`,
    scope: options.scope ?? 'openid email profile',
  });
  const albSigner = new AlbSigner({ signer, issuer, clientId });
  const matchRule = ruleMatcher(options.rules);
  const cookies = new SessionCookies({
    name: cookieName,
    secure: url.startsWith('https:'),
  });

  const albHeaders = (session: AlbSession) => ({
    'x-amzn-oidc-data': albSigner.sign(session.claims),
    'x-amzn-oidc-accesstoken': session.accessToken,
    'x-amzn-oidc-identity': session.claims.sub,
  });

  async function completeSignIn(req: IncomingMessage, res: ServerResponse) {
    const callbackUrl = new URL(req.url ?? '/', url);
    const idpError = callbackUrl.searchParams.get('error');
    if (idpError) {
      plain(res, 401, `401 Unauthorized: the IdP answered ${idpError}`);
      return;
    }
    let signedIn;
    try {
      signedIn = await oidcClient.complete(callbackUrl);
    } catch (error) {
      log(`sign-in failed: ${(error as Error).message}`);
      plain(
        res,
        401,
        `401 Unauthorized: sign-in failed (${(error as Error).message})`,
      );
      return;
    }
    const claimBytes = Buffer.byteLength(JSON.stringify(signedIn.claims));
    if (claimBytes > MAX_CLAIMS_BYTES) {
      plain(
        res,
        500,
        `500 Internal Server Error: the user claims are ${claimBytes} bytes, more than the ALB's 11 KB; ` +
          'ask the IdP for fewer claims (scopes, group claims)',
      );
      return;
    }
    // Rounded up: the cookie's expiry is in whole seconds, and rounding down would cut up to a
    // second off the session (a 1 s session could end at once, as a loaded CI machine saw).
    const expiresAt = Math.ceil(Date.now() / 1000) + sessionTimeout;
    const setCookies = await cookies.write(
      {
        claims: signedIn.claims,
        accessToken: signedIn.accessToken,
        expiresAt,
      },
      req,
    );
    log(`signed in ${signedIn.claims.sub} for ${sessionTimeout} s`);
    res.writeHead(302, {
      location: signedIn.returnTo,
      'set-cookie': setCookies,
      'cache-control': 'no-store',
    });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0];
    if (pathname === '/idp' || pathname.startsWith('/idp/')) {
      await idp.handle(req, res);
      return;
    }
    if (pathname.startsWith(`${PUBLIC_KEYS_PATH}/`)) {
      const kid = decodeURIComponent(
        pathname.slice(PUBLIC_KEYS_PATH.length + 1),
      );
      if (kid !== albSigner.kid) {
        plain(res, 404, 'no such key');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(albSigner.publicKeyPem);
      return;
    }
    if (pathname === IDP_RESPONSE_PATH) {
      await completeSignIn(req, res);
      return;
    }
    const rule = matchRule(path);
    if (!rule) {
      plain(res, 404, '404 Not Found: no listener rule matches this path');
      return;
    }
    const session = await cookies.read(req);
    if (session) {
      forwardRequest(req, res, targetFor(rule), albHeaders(session));
      return;
    }
    if (rule.onUnauthenticatedRequest === 'deny') {
      res.writeHead(401, {
        'content-type': 'text/html',
        server: 'awselb/2.0',
        'cache-control': 'no-store',
      });
      res.end(DENY_BODY);
      return;
    }
    const returnTo = req.method === 'GET' ? path : '/';
    res.writeHead(302, {
      location: await oidcClient.authorizationUrl(returnTo),
      'cache-control': 'no-store',
    });
    res.end();
  }

  handleRequest = (req, res) => {
    handle(req, res).catch(error => {
      log(`error: ${(error as Error).message}`);
      if (!res.headersSent)
        plain(res, 500, `ALB emulator error: ${(error as Error).message}`);
      else res.destroy();
    });
  };
  for (const group of groups.values()) group.start();
  // An upgraded socket is no longer the HTTP server's: closeAllConnections() misses it, and
  // close() would wait for it (a browser keeps its live reload open for good).
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    const rule = matchRule(req.url ?? '/');
    cookies.read(req).then(
      session => {
        if (!rule || !session) {
          socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
          return;
        }
        forwardUpgrade(req, socket, head, targetFor(rule), albHeaders(session));
      },
      () => socket.destroy(),
    );
  });

  return {
    url,
    issuer,
    signer,
    clientId,
    publicKeyEndpoint: `${url}${PUBLIC_KEYS_PATH}`,
    kid: albSigner.kid,
    endSessionUrl: idp.endSessionUrl,
    targetHealth: () => [...groups.values()].flatMap(group => group.health()),
    stop: () =>
      new Promise<void>(resolve => {
        for (const group of groups.values()) group.stop();
        for (const socket of upgraded) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
