import {
  readAwsConfigDurationMs,
  readAwsConfigSize,
  readAwsConfigWholeNumber,
} from '@aws-bridge/plugin-aws-node';
import { configError } from './configError';
import {
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  type ProxyRoute,
} from './routeTypes';

/** What one route's calls may take: time, body size, connections. */
export type RouteLimits = Pick<
  ProxyRoute,
  'timeoutMs' | 'maxRequestBodyBytes' | 'maxConnections'
>;

/** Reads a route's `timeout`, `maxRequestBodySize` and `maxConnections`. */
export function readRouteLimits(
  value: Record<string, unknown>,
  key: string,
): RouteLimits {
  return {
    timeoutMs: readAwsConfigDurationMs(
      value.timeout,
      `${key}.timeout`,
      configError,
      {
        defaultMs: DEFAULT_TIMEOUT_MS,
        minMs: 1,
        maxMs: 3_600_000,
        range: '1 ms and 1 hour',
      },
    ),
    maxRequestBodyBytes: readAwsConfigSize(
      value.maxRequestBodySize,
      `${key}.maxRequestBodySize`,
      configError,
      DEFAULT_MAX_REQUEST_BODY_BYTES,
    ),
    maxConnections: readAwsConfigWholeNumber(
      value.maxConnections,
      `${key}.maxConnections`,
      configError,
      { defaultValue: DEFAULT_MAX_CONNECTIONS, min: 1, max: 4096 },
    ),
  };
}
