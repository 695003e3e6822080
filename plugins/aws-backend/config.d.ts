/** One route of the SigV4 proxy, in the expanded form. */
interface AwsProxyRouteConfig {
  /**
   * The URL requests are forwarded to; `/api/aws/proxy/<route>/<rest>` goes to
   * `<target><rest>`. Its path is kept as a prefix; a trailing slash on it makes no
   * difference. No query, fragment or credentials.
   */
  target: string;
  /**
   * The SigV4 signing name (execute-api, es, aoss, s3, lambda, ...). Inferred from AWS
   * hostnames; required for a CNAME, a private endpoint or an emulator.
   */
  service?: string;
  /** The SigV4 signing region. Inferred from AWS hostnames like `service`. */
  region?: string;
  /**
   * Sign with this account's credentials, as configured under `aws.accounts` (or
   * `aws.accountDefaults`). Without accountId or roleArn, the main account's are used.
   */
  accountId?: string;
  /** Sign with credentials from sts:AssumeRole into this role, made with the main account's. */
  roleArn?: string;
  /** The session name for roleArn. Default `backstage`. */
  roleSessionName?: string;
  /**
   * The external ID roleArn's trust policy requires.
   * @visibility secret
   */
  externalId?: string;
  /**
   * How long a call may take until AWS's response headers arrive (504 after it; 408 while a
   * signed body is still arriving), reading the body, getting credentials and waiting for a
   * free connection included; then the longest pause allowed while a response streams.
   * `30s`, `2m`, `{ seconds: 30 }` or milliseconds. Default 30s.
   */
  timeout?: string | number | { [unit: string]: number };
  /**
   * Connections this route keeps to each upstream origin; calls past them wait their turn
   * (within `timeout`). Each route has its own, so one route's slow calls cannot take the
   * connections another needs. 1 to 4096. Default 64.
   */
  maxConnections?: number;
  /**
   * Request bodies are hashed for the signature, so they are read into memory up to this size;
   * larger ones get a 413. `512kb`, `5mb` or bytes. Default 5mb. S3 routes stream bodies
   * unsigned (UNSIGNED-PAYLOAD) and have no limit.
   */
  maxRequestBodySize?: string | number;
  /**
   * Request headers forwarded besides the defaults (accept, accept-encoding, accept-language,
   * cache-control, content-*, if-*, pragma, range), e.g. `x-amz-target` for a JSON-RPC API.
   * Authorization, Cookie, Host, hop-by-hop and the signature's X-Amz-* headers never pass.
   */
  allowedRequestHeaders?: string[];
  /**
   * Response headers passed back besides the defaults (content-*, cache-control, etag,
   * expires, last-modified, accept-ranges and AWS request IDs). Set-Cookie never passes.
   */
  allowedResponseHeaders?: string[];
  /** Open this route to callers without a Backstage token. Default false. */
  allowUnauthenticatedRequests?: boolean;
  /**
   * The HTTP methods the route forwards, e.g. `[GET, HEAD]`; any other gets a 403 before
   * anything is sent. Default: every method.
   */
  allowedMethods?: string[];
  /**
   * The operations the route forwards, for JSON-RPC APIs (the `X-Amz-Target` header) and
   * query APIs (every `Action` parameter, in the query or a form body): names such as
   * `GetResources`, a full target such as `ResourceGroupsTaggingAPI_20170126.GetResources`, or
   * a prefix ending in `*` such as `Describe*`. A request naming another operation, or none,
   * gets a 403. Not for S3. Default: every operation.
   */
  allowedOperations?: string[];
  /**
   * Accounts a caller may pick with the `x-aws-bridge-account` header: `'*'` for any account
   * the credentials service can sign for (aws.accounts, aws.accountDefaults, the main
   * account), or a list of account IDs. Without it, a caller may not pick.
   */
  accounts?: '*' | string[];
  /**
   * Regions a caller may pick with the `x-aws-bridge-region` header, besides `region`. Put
   * `{region}` in the target for a regional endpoint (`https://tagging.{region}.amazonaws.com`);
   * the first listed is the default when `region` is not set.
   */
  regions?: string[];
  /** The path under the target the health probe sends a signed GET to (HEAD for S3). Default `/`. */
  healthCheckPath?: string;
}

export interface Config {
  /**
   * Configuration for the aws-bridge plugins. The credential keys (`mainAccount`,
   * `accounts`, `accountDefaults`) are described by @aws-bridge/plugin-aws-node.
   */
  aws?: {
    /**
     * What the admin API's costly actions may cost: fresh route probes
     * (`POST /api/aws/admin/routes/check`), account re-checks (`POST .../accounts/check`) and
     * "Sync now" (`POST .../directory-syncs/:id/run`), which need `aws.admin.run`. See
     * docs/admin-page.md.
     */
    admin?: {
      /**
       * An action asked for within this long of the last one for the same target (a route,
       * the accounts, a directory sync) answers with that one's result rather than running
       * again; for a sync, a scheduled run counts. `30s`, `{ minutes: 1 }` or milliseconds;
       * 0 (off) to 1 hour. Default 30s.
       */
      minRunInterval?: string | number | { [unit: string]: number };
      /**
       * How many of these actions one caller (a user, or a calling service) may start in a
       * window, whatever the target; past it, a 429 with Retry-After. Counted per backend
       * process.
       */
      runLimit?: {
        /** 1 to 1000. Default 10. */
        perCaller?: number;
        /** 1 second to 1 hour. Default 1m. */
        window?: string | number | { [unit: string]: number };
      };
    };
    /** The SigV4 proxy at `/api/aws/proxy/<route>/<rest>`. See docs/sigv4-proxy.md. */
    proxy?: {
      /**
       * Open every route to callers without a Backstage user or service token. Default false:
       * only signed-in users and other backends may call AWS through the proxy.
       */
      allowUnauthenticatedRequests?: boolean;
      /**
       * How long the admin API (`/api/aws/admin/routes`, `/api/aws/admin/accounts`) reuses a
       * route's probe or an account's check before running it again. `60s`, `5m`,
       * `{ minutes: 5 }` or milliseconds; 1 second to 1 day. Default 60s.
       */
      healthCheckInterval?: string | number | { [unit: string]: number };
      /**
       * Record GET, HEAD and OPTIONS calls with the auditor service too. Default true. false
       * records only calls with other methods: for a busy read-heavy proxy, where each audited
       * call costs two auditor log events (docs/performance.md).
       */
      auditReads?: boolean;
      /**
       * What all signed request bodies being read or sent may hold together, in this backend
       * process: past it a call gets a 503. At least each route's maxRequestBodySize. `100mb`
       * or bytes. Default 100mb.
       */
      maxBufferedBodySize?: string | number;
      /**
       * How long a user's ALLOW of a route's permission (and of `aws.admin.read`) is reused
       * without asking the permission framework again: a revoked permission is refused at most
       * this long after the change. A DENY is never reused. `5s`, `{ seconds: 30 }` or
       * milliseconds; 0 (ask on every call) to 5 minutes. Default 5s. See docs/sigv4-proxy.md.
       */
      permissionDecisionCacheTtl?: string | number | { [unit: string]: number };
      /**
       * Routes by name (`/apigw`, `/search`): a target URL (the short form), or an object.
       */
      routes?: { [route: string]: string | AwsProxyRouteConfig };
    };
  };

  /**
   * Segment's `@segment/backstage-plugin-proxy-sigv4-backend` config, read unchanged so that
   * migrating is a package swap. Every key but allowUnauthenticatedRequests is a route, served
   * at `/api/aws/proxy/<route>`. Unlike Segment's plugin, routes need a Backstage token unless
   * allowUnauthenticatedRequests is true.
   */
  proxysigv4?: {
    [route: string]: string | boolean | AwsProxyRouteConfig;
  };
}
