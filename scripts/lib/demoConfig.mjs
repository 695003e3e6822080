// The demo as the browser test starts it: the config overrides (the ALB emulator's URL is the
// app's and the backend's, as in production, and every port is one free for this run) and how
// long it may take to answer.

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
    // The routes the entity card calls and the admin page probes, to this run's AWS emulator
    // (app-config.yaml has the emulator's usual port, 4566).
    aws: {
      proxy: {
        routes: {
          '/tagging': { target: `http://127.0.0.1:${emulatorPort}` },
          '/iam': { target: `http://127.0.0.1:${emulatorPort}` },
          '/fraud-api': { target: `http://127.0.0.1:${emulatorPort}/prod` },
          '/demo-api': { target: `http://127.0.0.1:${emulatorPort}/prod` },
          '/payments-api': {
            target: `http://127.0.0.1:${emulatorPort}/prod`,
          },
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
  };
}
