import {
  awsProxyRouteName,
  isAwsAccountId,
} from '@aws-bridge/plugin-aws-common';
import { isRoleArn, isRoleSessionName } from '@aws-bridge/plugin-aws-node';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { HeaderPolicy } from './headerPolicy';
import { inferSigningScope, isRegionName } from './inferService';
import { configError } from './configError';
import {
  firstListedRegion,
  readRouteAccessRules,
  RouteAccessRules,
} from './routeAccessConfig';

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
};

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 64;
export const DEFAULT_MAX_BUFFERED_BODY_BYTES = 100 * 1024 * 1024;
const DEFAULT_ROLE_SESSION_NAME = 'backstage';

const ROUTE_NAME = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9._~-]+)*$/;
const EXPANDED_KEYS = new Set([
  'target',
  'service',
  'region',
  'accountId',
  'roleArn',
  'roleSessionName',
  'externalId',
  'timeout',
  'maxRequestBodySize',
  'maxConnections',
  'allowedRequestHeaders',
  'allowedResponseHeaders',
  'allowUnauthenticatedRequests',
  'allowedMethods',
  'allowedOperations',
  'accounts',
  'regions',
  'healthCheckPath',
]);

function optionalString(
  value: Record<string, unknown>,
  field: string,
  key: string,
): string | undefined {
  const v = value[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') {
    throw configError(`${key}.${field}`, 'must be a non-empty string');
  }
  return v.trim();
}

/**
 * A target as an error may quote it: not at all when it may hold credentials (`user:pass@`
 * that did not parse cannot be cut out reliably), else in quotes, shortened.
 */
function quoteTarget(raw: string): string {
  return raw.includes('@')
    ? "the value (not quoted: it contains '@', which may be credentials)"
    : `'${raw.slice(0, 200)}'`;
}

function readTarget(raw: unknown, key: string): RouteTarget {
  if (typeof raw !== 'string') {
    throw configError(
      key,
      'must be a URL such as https://abc.execute-api.us-east-1.amazonaws.com/prod',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(key, `${quoteTarget(raw)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(key, `must be an http or https URL, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw configError(key, 'must not contain credentials');
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw configError(key, 'must not have a query or fragment');
  }
  return {
    protocol: url.protocol,
    origin: url.origin,
    hostname: url.hostname,
    port: url.port,
    host: url.host,
    // `https://host/prod/` and `https://host/prod` are the same prefix, so that `<rest>` is
    // appended with exactly the slashes the caller sent.
    pathPrefix: url.pathname.replace(/\/$/, ''),
  };
}

/**
 * A duration in config: `30s`, `2 minutes`, `{ seconds: 30 }`, or a number of milliseconds,
 * between `minMs` and `maxMs` (`range` says so in the error).
 */
function readDurationMs(
  raw: unknown,
  key: string,
  limits: { defaultMs: number; minMs: number; maxMs: number; range: string },
): number {
  if (raw === undefined) return limits.defaultMs;
  let ms: number;
  if (typeof raw === 'number') {
    ms = raw;
  } else {
    try {
      ms = durationToMilliseconds(
        readDurationFromConfig(new ConfigReader({ value: raw as any }), {
          key: 'value',
        }),
      );
    } catch (error) {
      throw configError(key, (error as Error).message);
    }
  }
  if (!Number.isFinite(ms) || ms < limits.minMs || ms > limits.maxMs) {
    throw configError(key, `must be a duration between ${limits.range}`);
  }
  return ms;
}

const readTimeout = (raw: unknown, key: string) =>
  readDurationMs(raw, key, {
    defaultMs: DEFAULT_TIMEOUT_MS,
    minMs: 1,
    maxMs: 3_600_000,
    range: '1 ms and 1 hour',
  });

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A byte count, or `512kb`, `5mb`, `1 GiB` (powers of 1024). */
function readSize(
  raw: unknown,
  key: string,
  defaultBytes = DEFAULT_MAX_REQUEST_BODY_BYTES,
): number {
  if (raw === undefined) return defaultBytes;
  let bytes = NaN;
  if (typeof raw === 'number') {
    bytes = raw;
  } else if (typeof raw === 'string') {
    const match = SIZE.exec(raw.trim());
    if (match) {
      bytes = Math.floor(
        Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()],
      );
    }
  }
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw configError(
      key,
      `'${String(raw)}' is not a size such as 5mb or 1048576`,
    );
  }
  return bytes;
}

function readHeaderList(raw: unknown, key: string): string[] | undefined {
  if (raw === undefined) return undefined;
  if (
    !Array.isArray(raw) ||
    raw.some(
      v => typeof v !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v),
    )
  ) {
    throw configError(key, 'must be a list of header names');
  }
  return raw as string[];
}

function readCredentials(
  value: Record<string, unknown>,
  key: string,
): RouteCredentials {
  const accountId = optionalString(value, 'accountId', key);
  const roleArn = optionalString(value, 'roleArn', key);
  const roleSessionName = optionalString(value, 'roleSessionName', key);
  const externalId = optionalString(value, 'externalId', key);
  if (accountId && roleArn) {
    throw configError(key, 'set accountId or roleArn, not both');
  }
  if (roleArn) {
    if (!isRoleArn(roleArn)) {
      throw configError(
        `${key}.roleArn`,
        `'${roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
      );
    }
    if (roleSessionName && !isRoleSessionName(roleSessionName)) {
      throw configError(
        `${key}.roleSessionName`,
        'must be 2 to 64 of the characters [A-Za-z0-9_+=,.@-]',
      );
    }
    return {
      kind: 'role',
      roleArn,
      roleSessionName: roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
      externalId,
    };
  }
  if (roleSessionName || externalId) {
    throw configError(
      key,
      `${roleSessionName ? 'roleSessionName' : 'externalId'} needs roleArn; for an account in aws.accounts, set accountId and configure the role there`,
    );
  }
  if (accountId !== undefined && !isAwsAccountId(accountId)) {
    throw configError(
      `${key}.accountId`,
      `'${accountId}' is not a 12-digit AWS account ID`,
    );
  }
  return { kind: 'account', accountId };
}

function readHealthCheckPath(value: Record<string, unknown>, key: string) {
  const path = optionalString(value, 'healthCheckPath', key) ?? '/';
  if (!path.startsWith('/') || /[?#\s]/.test(path)) {
    throw configError(
      `${key}.healthCheckPath`,
      'must be a path under the target starting with /, without a query',
    );
  }
  return path;
}

/** Reads one route, short form (a target URL) or expanded form. */
export function readRoute(
  routeKey: string,
  raw: unknown,
  key: string,
  openByDefault: boolean,
): ProxyRoute {
  const name = awsProxyRouteName(routeKey);
  if (
    !ROUTE_NAME.test(name) ||
    name.split('/').some(s => s === '.' || s === '..')
  ) {
    throw configError(
      key,
      `'${routeKey}' is not a route name: use letters, digits and - _ . ~, in one or more segments like /apigw or /team/search`,
    );
  }
  let value: Record<string, unknown> = {};
  if (typeof raw === 'string') {
    value = { target: raw };
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    value = raw as Record<string, unknown>;
  }
  if (value.target === undefined) {
    throw configError(
      key,
      'needs a target URL (the short form), or an object with target',
    );
  }
  for (const field of Object.keys(value)) {
    if (!EXPANDED_KEYS.has(field)) {
      throw configError(
        `${key}.${field}`,
        `unknown key; known keys are ${[...EXPANDED_KEYS].join(', ')}`,
      );
    }
  }
  // A `{region}` in the target is replaced by the signing region: one route for a regional
  // API in every region a caller may pick.
  const template = value.target;
  const regionInTarget =
    typeof template === 'string' && template.includes('{region}');
  const targetIn = (r: string) =>
    readTarget(
      regionInTarget ? template.replaceAll('{region}', r) : template,
      `${key}.target`,
    );
  const configuredRegion =
    optionalString(value, 'region', key) ??
    (regionInTarget ? firstListedRegion(value) : undefined);
  if (regionInTarget && !configuredRegion) {
    throw configError(
      key,
      'a target with {region} needs region (or regions, whose first entry is the default)',
    );
  }
  // Checked before it goes into a target; an inferred region matched the region pattern.
  if (configuredRegion && !isRegionName(configuredRegion)) {
    throw configError(
      `${key}.region`,
      `'${configuredRegion}' is not an AWS region name`,
    );
  }
  const target = targetIn(configuredRegion ?? '');
  const inferred = inferSigningScope(target.hostname);
  const service = optionalString(value, 'service', key) ?? inferred.service;
  const region = configuredRegion ?? inferred.region;
  if (!service) {
    throw configError(
      key,
      `cannot tell the AWS service from the host '${target.hostname}'; set service (the SigV4 signing name, e.g. execute-api, es, s3, lambda)`,
    );
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(service)) {
    throw configError(
      `${key}.service`,
      `'${service}' is not a SigV4 service name`,
    );
  }
  if (!region) {
    throw configError(
      key,
      `cannot tell the AWS region from the host '${target.hostname}'; set region (e.g. us-east-1)`,
    );
  }
  const allowUnauthenticatedRequests = readBoolean(
    value,
    'allowUnauthenticatedRequests',
    key,
    openByDefault,
  );
  const access = readRouteAccessRules(value, key, region);
  if (access.allowedOperations && service === 's3') {
    throw configError(
      `${key}.allowedOperations`,
      'applies to JSON-RPC (X-Amz-Target) and query (Action=) APIs; S3 is a REST API, limit it with allowedMethods',
    );
  }
  const regions = access.selectableRegions ?? [region];
  if (!regionInTarget && inferred.region && regions.length > 1) {
    throw configError(
      `${key}.regions`,
      `the target's host is in ${inferred.region}; for a route that serves several regions, put {region} in the target (e.g. https://tagging.{region}.amazonaws.com)`,
    );
  }
  if (allowUnauthenticatedRequests && access.selectableAccounts) {
    throw configError(
      `${key}.accounts`,
      'an open route (allowUnauthenticatedRequests) may not let callers pick the account: anyone could then call AWS as any of them',
    );
  }
  return {
    name,
    configKey: key,
    target,
    targets: new Map(
      regions.map(r => [r, r === region ? target : targetIn(r)]),
    ),
    service,
    region,
    access,
    healthCheckPath: readHealthCheckPath(value, key),
    credentials: readCredentials(value, key),
    timeoutMs: readTimeout(value.timeout, `${key}.timeout`),
    maxRequestBodyBytes: readSize(
      value.maxRequestBodySize,
      `${key}.maxRequestBodySize`,
    ),
    maxConnections: readMaxConnections(
      value.maxConnections,
      `${key}.maxConnections`,
    ),
    unsignedPayload: service === 's3',
    headers: new HeaderPolicy({
      allowedRequestHeaders: [
        ...(readHeaderList(
          value.allowedRequestHeaders,
          `${key}.allowedRequestHeaders`,
        ) ?? []),
        // The operation check reads X-Amz-Target, so a route that has one forwards it.
        ...(access.allowedOperations ? ['x-amz-target'] : []),
      ],
      allowedResponseHeaders: readHeaderList(
        value.allowedResponseHeaders,
        `${key}.allowedResponseHeaders`,
      ),
    }),
    allowUnauthenticatedRequests,
  };
}

function readMaxConnections(raw: unknown, key: string): number {
  if (raw === undefined) return DEFAULT_MAX_CONNECTIONS;
  if (
    typeof raw !== 'number' ||
    !Number.isInteger(raw) ||
    raw < 1 ||
    raw > 4096
  ) {
    throw configError(key, 'must be a whole number from 1 to 4096');
  }
  return raw;
}

function readBoolean(
  block: Record<string, unknown>,
  field: string,
  key: string,
  defaultValue: boolean,
): boolean {
  const value = block[field];
  if (value === undefined) return defaultValue;
  if (typeof value !== 'boolean') {
    throw configError(`${key}.${field}`, 'must be true or false');
  }
  return value;
}

const readOpenFlag = (block: Record<string, unknown>, key: string) =>
  readBoolean(block, 'allowUnauthenticatedRequests', key, false);

function asObject(raw: unknown, key: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(key, 'must be an object');
  }
  return raw as Record<string, unknown>;
}

const PROXY_KEYS = [
  'routes',
  'allowUnauthenticatedRequests',
  'healthCheckInterval',
  'auditReads',
  'maxBufferedBodySize',
];
export const DEFAULT_HEALTH_CHECK_INTERVAL_MS = 60_000;

const readHealthCheckInterval = (raw: unknown) =>
  readDurationMs(raw, 'aws.proxy.healthCheckInterval', {
    defaultMs: DEFAULT_HEALTH_CHECK_INTERVAL_MS,
    minMs: 1000,
    maxMs: 86_400_000,
    range: '1 second and 1 day',
  });

/**
 * Reads `aws.proxy` and, for those migrating, Segment's `proxysigv4` block unchanged (every
 * key but `allowUnauthenticatedRequests` is a route there). Throws an InputError naming the
 * key for any mistake, so a bad route stops the backend at startup.
 *
 * Unlike Segment's plugin, which is open unless told otherwise, routes require a Backstage
 * token unless `allowUnauthenticatedRequests: true` is set, in either block or on the route.
 */
export function readProxyConfig(config: Config): ProxyConfig {
  const proxy = asObject(config.getOptional('aws.proxy'), 'aws.proxy');
  for (const field of Object.keys(proxy)) {
    if (!PROXY_KEYS.includes(field)) {
      throw configError(
        `aws.proxy.${field}`,
        `unknown key; known keys are ${PROXY_KEYS.join(', ')}`,
      );
    }
  }
  const open = readOpenFlag(proxy, 'aws.proxy');
  const routes: ProxyRoute[] = [];
  for (const [routeKey, raw] of Object.entries(
    asObject(proxy.routes, 'aws.proxy.routes'),
  )) {
    routes.push(readRoute(routeKey, raw, `aws.proxy.routes.${routeKey}`, open));
  }

  const segment = asObject(config.getOptional('proxysigv4'), 'proxysigv4');
  const segmentOpen = readOpenFlag(segment, 'proxysigv4');
  for (const [routeKey, raw] of Object.entries(segment)) {
    if (routeKey === 'allowUnauthenticatedRequests') continue;
    routes.push(
      readRoute(routeKey, raw, `proxysigv4.${routeKey}`, segmentOpen),
    );
  }

  const seen = new Map<string, string>();
  for (const route of routes) {
    const earlier = seen.get(route.name);
    if (earlier) {
      throw configError(
        route.configKey,
        `route '/${route.name}' is also configured at ${earlier}`,
      );
    }
    seen.set(route.name, route.configKey);
  }
  const maxBufferedBodyBytes = readSize(
    proxy.maxBufferedBodySize,
    'aws.proxy.maxBufferedBodySize',
    DEFAULT_MAX_BUFFERED_BODY_BYTES,
  );
  // A body a route accepts must fit in what all bodies may hold together.
  const tooLarge = routes.find(
    r => !r.unsignedPayload && r.maxRequestBodyBytes > maxBufferedBodyBytes,
  );
  if (tooLarge) {
    throw configError(
      `${tooLarge.configKey}.maxRequestBodySize`,
      `${tooLarge.maxRequestBodyBytes} bytes is more than aws.proxy.maxBufferedBodySize (${maxBufferedBodyBytes} bytes), which all bodies share`,
    );
  }
  return {
    routes,
    allowUnauthenticatedRequests: open,
    healthCheckIntervalMs: readHealthCheckInterval(proxy.healthCheckInterval),
    auditReads: readBoolean(proxy, 'auditReads', 'aws.proxy', true),
    maxBufferedBodyBytes,
  };
}
