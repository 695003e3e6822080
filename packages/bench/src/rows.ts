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
  | 'backstage-proxy';

export const ROW_NAMES: RowName[] = [
  'direct',
  'floor',
  'aws-bridge',
  'aws-bridge-reads-unaudited',
  'segment',
  'backstage-proxy',
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
