import {
  BackstageUserIdentity,
  DiscoveryApi,
  IdentityApi,
  ProfileInfo,
} from '@backstage/core-plugin-api';
import { albSessionEnded, signOutAtAlbAndIdp } from './albAuthEndpoints';
import { albSessionState } from './albSessionState';

/** How often an open app asks whether its ALB session still holds, by default. */
export const DEFAULT_SESSION_CHECK_INTERVAL_MS = 60_000;

/**
 * The identity `ProxiedSignInPage` signs in with, made right for an ALB: sign-out ends the
 * ALB's session and the IdP's (Backstage's proxied identity only forgets the token), and an ALB
 * session that ends while the app is open is noticed (on a timer, when the tab comes back into
 * view, and when a token refresh fails) and reported to the session-ended prompt.
 */
export class AwsAlbIdentity implements IdentityApi {
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.checkSession();
  };

  readonly #navigate?: (url: string) => void;

  /**
   * `checkIntervalMs` (default 60 s; 0 for no timer) sets how often the session is checked;
   * `navigate` is how sign-out leaves for the IdP (default `window.location.assign`).
   */
  constructor(
    private readonly inner: IdentityApi,
    private readonly discoveryApi: DiscoveryApi,
    options: {
      checkIntervalMs?: number;
      navigate?: (url: string) => void;
    } = {},
  ) {
    const checkIntervalMs =
      options.checkIntervalMs ?? DEFAULT_SESSION_CHECK_INTERVAL_MS;
    this.#navigate = options.navigate;
    albSessionState.set('active');
    if (checkIntervalMs > 0) {
      this.#timer = setInterval(
        () => void this.checkSession(),
        checkIntervalMs,
      );
    }
    document.addEventListener('visibilitychange', this.#onVisible);
    window.addEventListener('focus', this.#onVisible);
  }

  /** Asks the ALB whether the session holds; reports it when it does not. */
  async checkSession(): Promise<void> {
    if (albSessionState.get() === 'ended') return;
    if (await albSessionEnded(this.discoveryApi)) {
      this.stopWatching();
      albSessionState.set('ended');
    }
  }

  /** Stops the timer and the focus listeners (sign-out and a session that ended do it too). */
  stopWatching() {
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisible);
    window.removeEventListener('focus', this.#onVisible);
  }

  /** Runs a call of the inner identity; a failure (a refresh the ALB refused) triggers a check. */
  async #watch<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      void this.checkSession();
      throw error;
    }
  }

  getUserId(): string {
    return (this.inner as { getUserId?(): string }).getUserId?.() ?? '';
  }

  getProfile(): ProfileInfo {
    return (this.inner as { getProfile?(): ProfileInfo }).getProfile?.() ?? {};
  }

  getIdToken(): Promise<string | undefined> {
    return this.#watch(
      () =>
        (
          this.inner as { getIdToken?(): Promise<string | undefined> }
        ).getIdToken?.() ?? Promise.resolve(undefined),
    );
  }

  getProfileInfo(): Promise<ProfileInfo> {
    return this.#watch(() => this.inner.getProfileInfo());
  }

  getBackstageIdentity(): Promise<BackstageUserIdentity> {
    return this.#watch(() => this.inner.getBackstageIdentity());
  }

  getCredentials(): Promise<{ token?: string }> {
    return this.#watch(() => this.inner.getCredentials());
  }

  async signOut(): Promise<void> {
    this.stopWatching();
    await this.inner.signOut();
    await signOutAtAlbAndIdp(this.discoveryApi, this.#navigate);
  }
}
