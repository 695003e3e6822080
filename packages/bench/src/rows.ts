/*
 * The rows of the table: what each one starts, which URLs it is measured on, and its config.
 * Every Backstage row gets the same base config (in-memory SQLite, 127.0.0.1, a fixed port)
 * and differs only in the plugin under test and that plugin's own config.
 */
import { FLOOR_PATH } from './floorPlugin';
import { SIGNED_MARKER, UPSTREAM_MARKER } from './upstream';

export type RowName =
  | 'direct'
  | 'floor'
  | 'aws-bridge'
  | 'aws-bridge-reads-unaudited'
  | 'segment'
  | 'backstage-proxy'
  | 'aws-bridge-signed-in'
  | 'aws-bridge-signed-in-permissions'
  | 'aws-bridge-signed-in-permissions-uncached'
  | 'aws-bridge-signed-in-1000-routes'
  | 'backstage-proxy-signed-in';

export const ROW_NAMES: RowName[] = [
  'direct',
  'floor',
  'aws-bridge',
  'aws-bridge-reads-unaudited',
  'segment',
  'backstage-proxy',
  'aws-bridge-signed-in',
  'aws-bridge-signed-in-permissions',
  'aws-bridge-signed-in-permissions-uncached',
  'aws-bridge-signed-in-1000-routes',
  'backstage-proxy-signed-in',
];

// Static, fake credentials: the upstream does not check signatures, but both SigV4 proxies
// still sign every request, which is the cost being measured.
const ACCESS_KEY_ID = 'AKIABENCHBENCHBENCH1';
const SECRET_ACCESS_KEY = 'bench-secret-not-real';

export interface RowPlan {
  name: RowName;
  /** Path of the small JSON request on the server measured (backend, or upstream for direct). */
  smallPath: string;
  /** Text the small response must contain: proves a proxy reached the upstream, and signed. */
  expectBody: string;
  /** Path of the 1 GiB stream, or undefined when the row cannot stream (floor). */
  streamPath?: string;
  /** Plugin config merged into the backend's base config; undefined for `direct`. */
  config?: (upstream: string) => Record<string, unknown>;
  /** Extra environment of this row's backend process only. */
  env?: Record<string, string>;
  /**
   * Call as a signed-in user: the harness gets a Backstage user token from the row's auth
   * backend (guest provider) and sends it as `Authorization: Bearer` on every request.
   */
  signedIn?: boolean;
}

/** The aws-bridge rows' config: one open route to the upstream, signed with static keys. */
function awsBridgeConfig(upstream: string, auditReads: boolean) {
  return {
    aws: {
      mainAccount: {
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: SECRET_ACCESS_KEY,
      },
      proxy: {
        allowUnauthenticatedRequests: true,
        auditReads,
        routes: {
          '/bench': {
            target: upstream,
            service: 'execute-api',
            region: 'us-east-1',
          },
        },
      },
    },
  };
}

/** The auth backend with the guest provider, allowed outside development for the bench. */
const SIGN_IN_CONFIG = {
  auth: {
    providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
  },
};

/**
 * The signed-in rows' aws-bridge config: `routeCount` routes, each signing with its own
 * account's static keys, as a deployment with one route per service and account has them. The
 * route measured, `/bench`, comes last in config order. No route is open, so every call needs
 * the user token; reads are not audited, like the rows it is compared with (issue 31 is about
 * auditing's cost).
 */
type SignedInOptions = {
  routeCount: number;
  /** permission.enabled */
  permissions: boolean;
  /** aws.proxy.permissionDecisionCacheTtl; its default when undefined. */
  cacheTtl?: number;
};

function signedInAwsBridgeConfig(upstream: string, options: SignedInOptions) {
  const accounts = [];
  const routes: Record<string, unknown> = {};
  for (let i = 1; i <= options.routeCount; i++) {
    const accountId = String(100000000000 + i);
    accounts.push({
      accountId,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
    });
    const name =
      i === options.routeCount
        ? '/bench'
        : `/route-${String(i).padStart(4, '0')}`;
    routes[name] = {
      target: upstream,
      service: 'execute-api',
      region: 'us-east-1',
      accountId,
    };
  }
  return {
    ...SIGN_IN_CONFIG,
    permission: { enabled: options.permissions },
    aws: {
      accounts,
      proxy: {
        auditReads: false,
        ...(options.cacheTtl !== undefined && {
          permissionDecisionCacheTtl: options.cacheTtl,
        }),
        routes,
      },
    },
  };
}

/** The environment of a signed-in row: the auth backend, and the permission backend. */
const SIGNED_IN_ENV = {
  BENCH_PLUGIN: 'aws-bridge',
  BENCH_SIGN_IN: '1',
  BENCH_PERMISSIONS: '1',
};

/** A signed-in aws-bridge row: the same call, with the config `options` describe. */
function signedInAwsBridgeRow(
  name: RowName,
  options: SignedInOptions,
): RowPlan {
  return {
    name,
    smallPath: '/api/aws/proxy/bench/small',
    expectBody: SIGNED_MARKER,
    config: upstream => signedInAwsBridgeConfig(upstream, options),
    env: SIGNED_IN_ENV,
    signedIn: true,
  };
}

export const ROWS: Record<RowName, RowPlan> = {
  direct: {
    name: 'direct',
    smallPath: '/small',
    expectBody: UPSTREAM_MARKER,
    streamPath: '/stream',
  },
  floor: {
    name: 'floor',
    smallPath: FLOOR_PATH,
    expectBody: '"ok":true',
    config: () => ({}),
  },
  'aws-bridge': {
    name: 'aws-bridge',
    smallPath: '/api/aws/proxy/bench/small',
    expectBody: SIGNED_MARKER,
    streamPath: '/api/aws/proxy/bench/stream',
    config: upstream => awsBridgeConfig(upstream, true),
  },
  // The same plugin with aws.proxy.auditReads: false: the GETs measured are not audited, which
  // shows what the two auditor events of each audited call cost.
  'aws-bridge-reads-unaudited': {
    name: 'aws-bridge-reads-unaudited',
    smallPath: '/api/aws/proxy/bench/small',
    expectBody: SIGNED_MARKER,
    config: upstream => awsBridgeConfig(upstream, false),
    env: { BENCH_PLUGIN: 'aws-bridge' },
  },
  segment: {
    name: 'segment',
    smallPath: '/api/proxy-sigv4/bench/small',
    expectBody: SIGNED_MARKER,
    streamPath: '/api/proxy-sigv4/bench/stream',
    // @segment/backstage-plugin-proxy-sigv4-backend 0.6.0 accepts an expanded route with
    // `service` and `region` (normalizeRouteConfig in its dist), which aws4 uses instead of
    // guessing them from the host, so a plain 127.0.0.1 target signs fine. Its
    // `proxysigv4.allowUnauthenticatedRequests` is left out on purpose: it defaults to true,
    // and the router treats every key under `proxysigv4` as a route, so setting it makes startup
    // fail with "Route path must be an absolute path starting with '/'".
    config: upstream => ({
      proxysigv4: {
        '/bench': {
          target: upstream,
          service: 'execute-api',
          region: 'us-east-1',
        },
      },
    }),
    // It reads credentials only through the AWS SDK's default provider chain.
    env: {
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_REGION: 'us-east-1',
    },
  },
  'backstage-proxy': {
    name: 'backstage-proxy',
    smallPath: '/api/proxy/bench/small',
    expectBody: UPSTREAM_MARKER,
    streamPath: '/api/proxy/bench/stream',
    config: upstream => ({
      proxy: {
        endpoints: {
          '/bench': {
            target: upstream,
            credentials: 'dangerously-allow-unauthenticated',
          },
        },
      },
    }),
  },
  // The signed-in rows: a Backstage user token on every call, as the entity card sends it.
  // All of them run the permission backend with the allow-all policy; `permission.enabled`
  // says whether plugins ask it.
  'aws-bridge-signed-in': signedInAwsBridgeRow('aws-bridge-signed-in', {
    routeCount: 3,
    permissions: false,
  }),
  'aws-bridge-signed-in-permissions': signedInAwsBridgeRow(
    'aws-bridge-signed-in-permissions',
    { routeCount: 3, permissions: true },
  ),
  // The same with the decision cache off: every call asks the permission backend over HTTP.
  'aws-bridge-signed-in-permissions-uncached': signedInAwsBridgeRow(
    'aws-bridge-signed-in-permissions-uncached',
    { routeCount: 3, permissions: true, cacheTtl: 0 },
  ),
  'aws-bridge-signed-in-1000-routes': signedInAwsBridgeRow(
    'aws-bridge-signed-in-1000-routes',
    { routeCount: 1000, permissions: true },
  ),
  // Backstage's proxy with its default `credentials: require`: the same user token, checked
  // and then removed before the call goes upstream. It asks no permission.
  'backstage-proxy-signed-in': {
    name: 'backstage-proxy-signed-in',
    smallPath: '/api/proxy/bench/small',
    expectBody: UPSTREAM_MARKER,
    config: upstream => ({
      ...SIGN_IN_CONFIG,
      permission: { enabled: true },
      proxy: { endpoints: { '/bench': { target: upstream } } },
    }),
    env: { ...SIGNED_IN_ENV, BENCH_PLUGIN: 'backstage-proxy' },
    signedIn: true,
  },
};

/** The config every Backstage row shares. */
export function baseConfig(port: number): Record<string, unknown> {
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
  };
}
