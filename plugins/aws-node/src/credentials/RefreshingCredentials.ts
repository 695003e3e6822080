import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@aws-sdk/types';
import { withDeadline } from './withDeadline';

/**
 * Gets credentials once. A fetch that can be cancelled (AssumeRole) heeds the signal, which
 * is aborted when its callers stop waiting for it; the others ignore it.
 */
export type CredentialsFetch = (
  abortSignal: AbortSignal,
) => Promise<AwsCredentialIdentity>;

/** Getting credentials took longer than the deadline. */
export class CredentialsTimeoutError extends Error {
  name = 'CredentialsTimeoutError';
}

/** Credentials are refreshed once they are this close to expiring. */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Credentials this close to expiring are not handed out: a request signed now may still be in flight. */
const EXPIRY_MARGIN_MS = 10_000;
/** After a failed background refresh, wait at least this long before the next one, so an STS outage is not hammered. */
const RETRY_INTERVAL_MS = 30_000;

/**
 * How long a failure keeps the next fetch away: `initialMs` after the first, doubling with each
 * failure in a row up to `maxMs`; the first success ends it (aws.credentialsBackoff).
 */
export type CredentialsBackoffSettings = { initialMs: number; maxMs: number };

/** One second, doubling to a minute: a broken account costs AWS about one call a minute. */
export const DEFAULT_CREDENTIALS_BACKOFF: CredentialsBackoffSettings = {
  initialMs: 1_000,
  maxMs: 60_000,
};

/** While fetches fail: how many failed in a row, and when the next may run. */
export type CredentialsBackoffState = { failures: number; retryAt: Date };

/** How long one fetch of credentials may take unless told otherwise. */
export const DEFAULT_CREDENTIALS_TIMEOUT_MS = 10_000;

export type RefreshingCredentialsOptions = {
  /** The clock; tests move it. */
  now?: () => number;
  /** How long one fetch may take before callers get an error. Default 10 s. */
  timeoutMs?: number;
  /** Told about each failed refresh, and whether cached credentials still cover callers. */
  onRefreshError?: (error: Error, servingCachedUntil?: Date) => void;
  /** How long failures keep the next fetch away. Default 1 s doubling to 1 minute. */
  backoff?: CredentialsBackoffSettings;
};

/**
 * Wraps a way of fetching credentials (an AssumeRole call, a profile, the default chain) so that:
 *
 * - however many callers ask at once, the provider runs once (single-flight);
 * - credentials are reused until 5 minutes before they expire, then refreshed in the
 *   background while callers keep getting the cached ones;
 * - a refresh that fails (an STS outage) fails no caller while the cached credentials are
 *   still valid; only once they have expired does a caller see the error;
 * - credentials without an expiry (static keys) are fetched once;
 * - a fetch that takes longer than `timeoutMs` (an STS that never answers) fails its callers
 *   then;
 * - after a failure with nothing usable cached, callers get that failure at once, without a
 *   new fetch, until the backoff has passed (1 s, doubling with each failure in a row up to a
 *   minute): however many callers a broken account has, AWS sees about one call per step,
 *   and STS's per-account throttling is not spent on it. `retryNow` ends the wait (an admin's
 *   re-check).
 *
 * It also keeps what the admin page reports: the expiry, the last error, the last latency.
 */
export class RefreshingCredentials {
  private readonly fetchCredentials: CredentialsFetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly onRefreshError?: RefreshingCredentialsOptions['onRefreshError'];
  private readonly backoffSettings: CredentialsBackoffSettings;

  private current?: AwsCredentialIdentity;
  private inFlight?: Promise<AwsCredentialIdentity>;
  private lastFailureAt?: number;
  private lastErrorValue?: Error;
  /** Failed fetches in a row; 0 after a success. */
  private failures = 0;
  /**
   * Until when callers get the last failure rather than a new fetch; set with that failure
   * (and lastErrorValue), cleared with them by the next success.
   */
  private retryAt?: number;

  constructor(
    fetchCredentials: CredentialsFetch,
    options: RefreshingCredentialsOptions = {},
  ) {
    this.fetchCredentials = fetchCredentials;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS;
    this.onRefreshError = options.onRefreshError;
    this.backoffSettings = options.backoff ?? DEFAULT_CREDENTIALS_BACKOFF;
  }

  /** An AwsCredentialIdentityProvider: give it to any AWS SDK v3 client. */
  readonly provide: AwsCredentialIdentityProvider = async () => {
    const cached = this.current;
    if (cached && this.isUsable(cached)) {
      if (this.isDueForRefresh(cached) && this.mayRetry()) {
        // Callers keep the cached credentials; a failure is recorded and reported, not thrown.
        this.refresh().catch(() => {});
      }
      return cached;
    }
    if (
      !this.inFlight &&
      this.lastErrorValue &&
      this.retryAt !== undefined &&
      this.now() < this.retryAt
    ) {
      throw this.lastErrorValue;
    }
    return this.refresh();
  };

  /**
   * While fetches fail: how many in a row, and when the next may run; undefined once one has
   * succeeded (or none has failed).
   */
  get backoff(): CredentialsBackoffState | undefined {
    if (this.retryAt === undefined) return undefined;
    return { failures: this.failures, retryAt: new Date(this.retryAt) };
  }

  /**
   * Lets the next caller fetch at once, whatever the backoff says: an admin's re-check, after
   * fixing a role. A failure then waits the next step, as if the wait had passed.
   */
  retryNow(): void {
    if (this.retryAt !== undefined) this.retryAt = this.now();
  }

  /** When the credentials in use expire; undefined before the first fetch or when they never do. */
  get expiration(): Date | undefined {
    return this.current?.expiration;
  }

  /** The error of the last refresh, cleared by the next one that succeeds. */
  get lastError(): Error | undefined {
    return this.lastErrorValue;
  }

  private isUsable(credentials: AwsCredentialIdentity): boolean {
    const expiration = credentials.expiration?.getTime();
    return (
      expiration === undefined || this.now() < expiration - EXPIRY_MARGIN_MS
    );
  }

  private isDueForRefresh(credentials: AwsCredentialIdentity): boolean {
    const expiration = credentials.expiration?.getTime();
    return (
      expiration !== undefined && this.now() >= expiration - REFRESH_WINDOW_MS
    );
  }

  /** Whether a background refresh may run: past the backoff, and 30 s after the last failure. */
  private mayRetry(): boolean {
    if (this.lastFailureAt === undefined) return true;
    const now = this.now();
    return (
      now - this.lastFailureAt >= RETRY_INTERVAL_MS &&
      (this.retryAt === undefined || now >= this.retryAt)
    );
  }

  private refresh(): Promise<AwsCredentialIdentity> {
    this.inFlight ??= this.fetchOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * The fetch's answer, or an error once `timeoutMs` has passed; an AssumeRole is then
   * aborted. The SDK's own providers cannot be (see withDeadline); the STS clients this
   * package gives them give up their socket after the same deadline (stsClientConfig).
   */
  private fetchWithDeadline(): Promise<AwsCredentialIdentity> {
    return withDeadline(
      signal => this.fetchCredentials(signal),
      this.timeoutMs,
      () =>
        new CredentialsTimeoutError(
          `no credentials within ${this.timeoutMs} ms (aws.credentialsTimeout): STS or the credential source did not answer`,
        ),
    );
  }

  private async fetchOnce(): Promise<AwsCredentialIdentity> {
    try {
      const credentials = await this.fetchWithDeadline();
      this.current = credentials;
      this.lastErrorValue = undefined;
      this.lastFailureAt = undefined;
      this.failures = 0;
      this.retryAt = undefined;
      return credentials;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.lastErrorValue = failure;
      this.lastFailureAt = this.now();
      this.failures += 1;
      const { initialMs, maxMs } = this.backoffSettings;
      const delay = Math.min(initialMs * 2 ** (this.failures - 1), maxMs);
      this.retryAt = this.lastFailureAt + delay;
      const cached = this.current;
      this.onRefreshError?.(
        failure,
        cached && this.isUsable(cached) ? cached.expiration : undefined,
      );
      throw failure;
    }
  }
}
