// The demo as the browser test and `npm run start:replicas` start it: the config overrides (the
// ALB emulator's URL is the app's and the backend's, as in production, and every port is one
// chosen for this run) and how long it may take to answer.

// npm start builds the app's bundle on a busy 2-core machine: minutes, not seconds.
export const DEMO_START_TIMEOUT_MS = 300_000;

/** The awsalb provider's settings that depend on where the ALB emulator listens. */
function albProviderConfig(albUrl) {
  return {
    issuer: `${albUrl}/idp`,
    publicKeyEndpoint: `${albUrl}/_alb/public-keys`,
    logoutUrl: `${albUrl}/idp/session/end?client_id=aws-bridge-demo&post_logout_redirect_uri=${encodeURIComponent(`${albUrl}/`)}`,
  };
}

/**
 * The demo's Cognito pool stands for the demo IdP's directory: its people are bound to the IdP
 * subjects they sign in with, whose issuer is this run's ALB (app-config.yaml has port 8080's).
 */
function directoryConfig(albUrl) {
  return {
    providers: {
      awsDirectory: { 'demo-cognito': { idpIssuer: `${albUrl}/idp` } },
    },
  };
}

/**
 * `npm start`'s: the app's dev server and the backend listen on their own ports behind the ALB,
 * and the proxy routes go to this run's AWS emulator.
 */
export function developmentConfig({
  albUrl,
  devServerPort,
  backendPort,
  emulatorPort,
}) {
  return {
    ...emulatorRoutes(emulatorPort),
    app: {
      baseUrl: albUrl,
      listen: { host: '127.0.0.1', port: devServerPort },
    },
    backend: {
      baseUrl: albUrl,
      listen: { port: backendPort, host: '127.0.0.1' },
      cors: { origin: albUrl },
    },
    auth: { providers: { awsalb: albProviderConfig(albUrl) } },
    catalog: directoryConfig(albUrl),
  };
}

/**
 * The proxy routes the entity card calls and the admin page probes, to this run's AWS emulator
 * (app-config.yaml has the emulator's usual port, 4566).
 */
function emulatorRoutes(emulatorPort) {
  const emulator = `http://127.0.0.1:${emulatorPort}`;
  return {
    aws: {
      proxy: {
        routes: {
          '/tagging': { target: emulator },
          '/iam': { target: emulator },
          '/fraud-api': { target: `${emulator}/prod` },
          '/demo-api': { target: `${emulator}/prod` },
          '/payments-api': { target: `${emulator}/prod` },
        },
      },
    },
  };
}

/** The production part's: the backend serves the built app behind the ALB. */
export function productionConfig({ albUrl, backendPort }) {
  return {
    app: { baseUrl: albUrl },
    backend: {
      baseUrl: albUrl,
      listen: { port: backendPort, host: '127.0.0.1' },
    },
    auth: { providers: { awsalb: albProviderConfig(albUrl) } },
    catalog: directoryConfig(albUrl),
  };
}

/**
 * One replica of `npm run start:replicas`: it serves the built app and the API behind the ALB,
 * on the PostgreSQL database every replica shares, and signs with this run's AWS emulator.
 */
export function replicaConfig({ albUrl, backendPort, emulatorPort, database }) {
  const config = productionConfig({ albUrl, backendPort });
  return {
    ...emulatorRoutes(emulatorPort),
    ...config,
    backend: {
      ...config.backend,
      cors: { origin: albUrl },
      database: { client: 'pg', connection: database },
      // A replica told to stop answers its readiness check with 503 at once, then keeps
      // serving for this long, so the ALB (health checks every 2 s, out after 2 failures) takes
      // it out before it stops listening: nothing in flight is cut (docs/replicas.md).
      lifecycle: { serverShutdownDelay: { seconds: 5 } },
    },
  };
}
