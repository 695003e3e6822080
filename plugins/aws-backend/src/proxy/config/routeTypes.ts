import type { HeaderPolicy } from '../headerPolicy';
import type { RouteAccessRules } from './routeAccessConfig';

/** Where a route's credentials come from. */
export type RouteCredentials =
  /** From the credentials service: the account's (aws.accounts), or the main account's. */
  | { kind: 'account'; accountId?: string }
  /** sts:AssumeRole into this role with the main account's credentials. */
  | {
      kind: 'role';
      roleArn: string;
      roleSessionName?: string;
      externalId?: string;
    };

/** Where a route's requests go. */
export type RouteTarget = {
  protocol: 'http:' | 'https:';
  /** `https://host[:port]`, where connections go. */
  origin: string;
  hostname: string;
  /** Empty for the protocol's default port. */
  port: string;
  /** The Host header signed and sent: hostname plus a non-default port. */
  host: string;
  /** The target's path without a trailing slash: `` or `/prod`. */
  pathPrefix: string;
};

/** One proxy route, read and checked. */
export type ProxyRoute = {
  /** The route's name without slashes at either end: `apigw`, `teams/search`. */
  name: string;
  /** Where it is configured, for messages: `aws.proxy.routes./apigw`. */
  configKey: string;
  /** The target in the route's own region. */
  target: RouteTarget;
  /**
   * The target for each region a caller may pick (a `{region}` in the configured target is
   * replaced by it), the route's own region first.
   */
  targets: ReadonlyMap<string, RouteTarget>;
  service: string;
  /** The route's signing region: what a caller gets without picking one. */
  region: string;
  /** Methods, operations, and the accounts and regions a caller may pick. */
  access: RouteAccessRules;
  /** The path under the target that the health probe GETs, with a leading slash. */
  healthCheckPath: string;
  credentials: RouteCredentials;
  /** How long to wait for AWS's response headers, and the longest pause while streaming. */
  timeoutMs: number;
  /** Signed request bodies are read into memory up to this size; larger ones get a 413. */
  maxRequestBodyBytes: number;
  /** Connections the route keeps to each upstream origin; calls past them wait their turn. */
  maxConnections: number;
  /** S3: the body is streamed and signed as `UNSIGNED-PAYLOAD`, as the AWS SDKs do over TLS. */
  unsignedPayload: boolean;
  headers: HeaderPolicy;
  allowUnauthenticatedRequests: boolean;
};

/** The account a route signs for when the caller picks none: an ID, or `main`. */
export function ownAccount(route: ProxyRoute): string {
  const { credentials } = route;
  if (credentials.kind === 'role') return credentials.roleArn.split(':')[4];
  return credentials.accountId ?? 'main';
}

/** `aws.proxy` (and Segment's `proxysigv4`), read and checked. */
export type ProxyConfig = {
  routes: ProxyRoute[];
  /** How long a route's or an account's health is reused before it is checked again. */
  healthCheckIntervalMs: number;
  /** Whether GET, HEAD and OPTIONS calls are audited too (the default), or only the others. */
  auditReads: boolean;
  /** Whether every route is open without a Backstage token. */
  allowUnauthenticatedRequests: boolean;
  /** What all signed request bodies being read or sent may hold together, in bytes. */
  maxBufferedBodyBytes: number;
  /**
   * How long a user's ALLOW of a route's (or the admin API's) permission is reused, in ms;
   * 0 asks the permission framework on every call.
   */
  permissionDecisionTtlMs: number;
};

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 64;
export const DEFAULT_MAX_BUFFERED_BODY_BYTES = 100 * 1024 * 1024;
export const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 60_000;
/** aws.proxy.permissionDecisionCacheTtl when not set: as Backstage's draft caller-side cache. */
export const DEFAULT_PERMISSION_DECISION_TTL_MS = 5_000;
