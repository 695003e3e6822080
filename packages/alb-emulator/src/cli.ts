/* eslint-disable no-console */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ListenerRule } from './alb/listenerRules';
import { DEFAULT_HEALTH_CHECK } from './alb/TargetGroup';
import { IDP_FLAVOURS, IdpFlavour } from './idp/idpClaims';
import { DEFAULT_SESSION_TIMEOUT_SECONDS, startAlbEmulator } from './server';

const USAGE = `Usage: alb-emulator --backend URL [--backend URL...] [--app URL] [options]
  --port 8080              where browsers connect (ALB_EMULATOR_PORT)
  --host 127.0.0.1
  --public-url URL         the URL browsers use (default http://localhost:<port>)
  --backend URL            the Backstage backend: gets /api/*. Given more than once (or as
                           URL,URL), the backends are a target group: round robin across the
                           healthy ones, each health-checked
  --app URL                the app (dev server); default: the backends serve the app
  --health-check-path PATH what a target group's backends get GET on
                           (default ${DEFAULT_HEALTH_CHECK.path})
  --health-check-interval N
                           seconds between checks (default ${DEFAULT_HEALTH_CHECK.intervalMs / 1000}; a real ALB's is 30)
  --api-unauthenticated deny|authenticate
                           what /api/* gets without a session (default deny, as recommended)
  --session-timeout N      seconds (default ${DEFAULT_SESSION_TIMEOUT_SECONDS}, 7 days, as the ALB)
  --idp ${IDP_FLAVOURS.join('|')}
                           whose userinfo claims the IdP imitates (default generic)
  --signer ARN             the ALB ARN in each token's header
  --client-id ID
  --users FILE             a users fixture (default src/fixture/users.yaml)`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** The URL's origin if it is an http:// URL: the emulator forwards to targets over plain HTTP. */
function httpOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: {
          type: 'string',
          default: process.env.ALB_EMULATOR_PORT ?? '8080',
        },
        host: { type: 'string', default: '127.0.0.1' },
        'public-url': { type: 'string' },
        backend: { type: 'string', multiple: true },
        app: { type: 'string' },
        'api-unauthenticated': { type: 'string', default: 'deny' },
        'session-timeout': { type: 'string' },
        idp: { type: 'string', default: 'generic' },
        signer: { type: 'string' },
        'client-id': { type: 'string' },
        users: { type: 'string' },
        'health-check-path': { type: 'string' },
        'health-check-interval': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a port number, got ${values.port}`);
  }
  const backends = (values.backend ?? [])
    .flatMap(list => list.split(','))
    .map(backend => backend.trim())
    .filter(Boolean);
  if (backends.length === 0) fail('--backend is required');
  const seen = new Set<string>();
  for (const backend of backends) {
    const origin = httpOrigin(backend);
    if (!origin) fail(`--backend must be an http:// URL, got ${backend}`);
    // As in a real target group, where a target is registered once.
    if (seen.has(origin)) fail(`--backend ${origin} is given twice`);
    seen.add(origin);
  }
  const healthCheckPath =
    values['health-check-path'] ?? DEFAULT_HEALTH_CHECK.path;
  if (!healthCheckPath.startsWith('/')) {
    fail(`--health-check-path must start with /, got ${healthCheckPath}`);
  }
  const healthCheckInterval =
    values['health-check-interval'] === undefined
      ? DEFAULT_HEALTH_CHECK.intervalMs / 1000
      : Number(values['health-check-interval']);
  if (!(healthCheckInterval > 0)) {
    fail(
      `--health-check-interval must be a number of seconds above 0, got ${values['health-check-interval']}`,
    );
  }
  const apiRule = values['api-unauthenticated'];
  if (apiRule !== 'deny' && apiRule !== 'authenticate') {
    fail(`--api-unauthenticated must be deny or authenticate, got ${apiRule}`);
  }
  if (!IDP_FLAVOURS.includes(values.idp as IdpFlavour)) {
    fail(`--idp must be one of ${IDP_FLAVOURS.join(', ')}, got ${values.idp}`);
  }
  const sessionTimeout =
    values['session-timeout'] === undefined
      ? undefined
      : Number(values['session-timeout']);
  if (sessionTimeout !== undefined && !(sessionTimeout >= 1)) {
    fail(
      `--session-timeout must be a number of seconds, got ${values['session-timeout']}`,
    );
  }
  // Two backends or more are replicas behind one target group. Without --app both rules get
  // the same group object, so they share it: one round robin, one health check per backend.
  const backend: ListenerRule['target'] =
    backends.length === 1
      ? backends[0]
      : {
          targets: backends,
          healthCheck: {
            path: healthCheckPath,
            intervalMs: healthCheckInterval * 1000,
          },
        };
  if (
    backends.length === 1 &&
    (values['health-check-path'] ?? values['health-check-interval'])
  ) {
    console.warn(
      'one --backend is not health-checked: the --health-check-* flags apply to two or more',
    );
  }
  // The recommended listener rules: /api/* answers 401 without a session (a script or an
  // expired tab gets an error, not an IdP login page), everything else goes to the IdP.
  const rules: ListenerRule[] = [
    {
      path: '/api/*',
      target: backend,
      onUnauthenticatedRequest: apiRule,
    },
    {
      path: '*',
      target: values.app ?? backend,
      onUnauthenticatedRequest: 'authenticate',
    },
  ];
  const alb = await startAlbEmulator({
    port,
    host: values.host,
    publicUrl: values['public-url'],
    rules,
    sessionTimeoutSeconds: sessionTimeout,
    idp: values.idp as IdpFlavour,
    signer: values.signer,
    clientId: values['client-id'],
    usersFile: values.users
      ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.users)
      : undefined,
    log: line => console.log(line),
  });
  console.log(
    `alb-emulator listening on ${alb.url} (IdP ${alb.issuer}, keys ${alb.publicKeyEndpoint}, ` +
      `signer ${alb.signer}; /api/* without a session: ${apiRule})`,
  );
  if (backends.length > 1) {
    console.log(
      `target group: ${backends.join(', ')} in turn, each checked with GET ${healthCheckPath} ` +
        `every ${healthCheckInterval} s`,
    );
  }
  const stop = () => alb.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
