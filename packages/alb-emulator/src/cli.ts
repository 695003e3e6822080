/* eslint-disable no-console */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ListenerRule } from './alb/listenerRules';
import { IDP_FLAVOURS, IdpFlavour } from './idp/idpClaims';
import { DEFAULT_SESSION_TIMEOUT_SECONDS, startAlbEmulator } from './server';

const USAGE = `Usage: alb-emulator --backend URL [--app URL] [options]
  --port 8080              where browsers connect (ALB_EMULATOR_PORT)
  --host 127.0.0.1
  --public-url URL         the URL browsers use (default http://localhost:<port>)
  --backend URL            the Backstage backend: gets /api/*
  --app URL                the app (dev server); default: the backend serves the app
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
        backend: { type: 'string' },
        app: { type: 'string' },
        'api-unauthenticated': { type: 'string', default: 'deny' },
        'session-timeout': { type: 'string' },
        idp: { type: 'string', default: 'generic' },
        signer: { type: 'string' },
        'client-id': { type: 'string' },
        users: { type: 'string' },
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
  if (!values.backend) fail('--backend is required');
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
  // The recommended listener rules: /api/* answers 401 without a session (a script or an
  // expired tab gets an error, not an IdP login page), everything else goes to the IdP.
  const rules: ListenerRule[] = [
    {
      path: '/api/*',
      target: values.backend,
      onUnauthenticatedRequest: apiRule,
    },
    {
      path: '*',
      target: values.app ?? values.backend,
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
  const stop = () => alb.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
