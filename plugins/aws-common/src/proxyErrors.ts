/**
 * Why the SigV4 proxy refused a call, sent as `error.reason` in its error body beside
 * Backstage's `name` and `message`, so a caller can branch on it without reading the message
 * text. Errors without one (a malformed path, a body too large, AWS unreachable) are told
 * apart by their status.
 *
 * - `route-not-found`: no route has that name (404).
 * - `account-not-allowed`: the caller picked an account the route does not let it pick (the
 *   route has no `accounts`, or its list leaves the account out; 400 or 403).
 * - `account-not-configured`: the route allows the account, but no `aws.accounts` entry or
 *   `aws.accountDefaults` covers it (400).
 * - `region-not-allowed`: the caller picked a region the route's `regions` does not list (400).
 * - `permission-denied`: the permission policy denies the route's permission (403).
 * - `method-not-allowed`, `operation-not-allowed`: the route's `allowedMethods` or
 *   `allowedOperations` leaves the request out (403).
 * - `credentials-failed`: the route's credentials for the account could not be had (502).
 * - `rate-limited`: the caller started more admin actions than `aws.admin.runLimit` allows (429).
 *
 * @public
 */
export type AwsProxyErrorReason =
  | 'route-not-found'
  | 'account-not-allowed'
  | 'account-not-configured'
  | 'region-not-allowed'
  | 'permission-denied'
  | 'method-not-allowed'
  | 'operation-not-allowed'
  | 'credentials-failed'
  | 'rate-limited';

const REASONS: ReadonlySet<string> = new Set<AwsProxyErrorReason>([
  'route-not-found',
  'account-not-allowed',
  'account-not-configured',
  'region-not-allowed',
  'permission-denied',
  'method-not-allowed',
  'operation-not-allowed',
  'credentials-failed',
  'rate-limited',
]);

/**
 * Whether a value is one of the {@link AwsProxyErrorReason}s this version knows.
 */
export function isAwsProxyErrorReason(
  value: unknown,
): value is AwsProxyErrorReason {
  return typeof value === 'string' && REASONS.has(value);
}
