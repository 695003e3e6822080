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
/** After a failed background refresh, wait this long before the next one, so an STS outage is not hammered. */
const RETRY_INTERVAL_MS = 30_000;

/** How long one fetch of credentials may take unless told otherwise. */
export const DEFAULT_CREDENTIALS_TIMEOUT_MS = 10_000;

export type RefreshingCredentialsOptions = {
  /** The clock; tests move it. */
  now?: () => number;
  /** How long one fetch may take before callers get an error. Default 10 s. */
  timeoutMs?: number;
  /** Told about each failed refresh, and whether cached credentials still cover callers. */
  onRefreshError?: (error: Error, servingCachedUntil?: Date) => void;
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
 *   then, and the next caller starts a new one.
 *
 * It also keeps what the admin page reports: the expiry, the last error, the last latency.
 */
export class RefreshingCredentials {
  private readonly fetchCredentials: CredentialsFetch;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly onRefreshError?: RefreshingCredentialsOptions['onRefreshError'];

  private current?: AwsCredentialIdentity;
  private inFlight?: Promise<AwsCredentialIdentity>;
  private lastFailureAt?: number;
  private lastErrorValue?: Error;

  constructor(
    fetchCredentials: CredentialsFetch,
    options: RefreshingCredentialsOptions = {},
  ) {
    this.fetchCredentials = fetchCredentials;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CREDENTIALS_TIMEOUT_MS;
    this.onRefreshError = options.onRefreshError;
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
    return this.refresh();
  };

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

  private mayRetry(): boolean {
    return (
      this.lastFailureAt === undefined ||
      this.now() - this.lastFailureAt >= RETRY_INTERVAL_MS
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
      return credentials;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.lastErrorValue = failure;
      this.lastFailureAt = this.now();
      const cached = this.current;
      this.onRefreshError?.(
        failure,
        cached && this.isUsable(cached) ? cached.expiration : undefined,
      );
      throw failure;
    }
  }
}
