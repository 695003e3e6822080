import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';

/** A sign-in the ALB has sent to the IdP and not yet seen come back. */
type PendingSignIn = { nonce: string; returnTo: string; expiresAt: number };

const PENDING_TTL_MS = 15 * 60_000;
const MAX_PENDING = 10_000;

/**
 * The ALB's side of the authorization code flow, with panva's `openid-client`: the redirect
 * to the IdP with `state` and `nonce`, then at `/oauth2/idpresponse` the code exchanged with
 * the client secret, the ID token checked, and the userinfo endpoint called.
 */
export class AlbOidcClient {
  #config?: Promise<oidc.Configuration>;
  readonly #pending = new Map<string, PendingSignIn>();

  constructor(
    private readonly options: {
      issuer: string;
      clientId: string;
      clientSecret: string;
      redirectUri: string;
      scope: string;
    },
  ) {}

  /** The IdP's discovery document, read on first use (the IdP may start after the ALB). */
  #discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.options;
    this.#config ??= oidc
      .discovery(new URL(issuer), clientId, clientSecret, undefined, {
        // The demo runs on http://localhost; a real ALB only talks to an https IdP.
        execute: issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch(error => {
        this.#config = undefined;
        throw error;
      });
    return this.#config;
  }

  /** Where to send a browser that has no session; `returnTo` is where it goes after. */
  async authorizationUrl(returnTo: string, now = Date.now()): Promise<string> {
    const config = await this.#discover();
    // A Map iterates in insertion order and every entry lives as long, so the expired (and,
    // past the cap, the oldest) are at the front: stop at the first one to keep.
    for (const [key, value] of this.#pending) {
      if (value.expiresAt >= now && this.#pending.size < MAX_PENDING) break;
      this.#pending.delete(key);
    }
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    this.#pending.set(state, {
      nonce,
      returnTo,
      expiresAt: now + PENDING_TTL_MS,
    });
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope,
      state,
      nonce,
    }).href;
  }

  /**
   * Completes a sign-in from the IdP's redirect to `/oauth2/idpresponse`: the user's userinfo
   * claims, the access token, and where the browser was going.
   */
  async complete(callbackUrl: URL): Promise<{
    claims: Record<string, unknown> & { sub: string };
    accessToken: string;
    returnTo: string;
  }> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const pending = this.#pending.get(state);
    this.#pending.delete(state);
    if (!pending || pending.expiresAt < Date.now()) {
      throw new Error('unknown or expired state: start again from the app');
    }
    const config = await this.#discover();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const sub = tokens.claims()!.sub;
    const claims = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    return {
      claims: claims as Record<string, unknown> & { sub: string },
      accessToken: tokens.access_token,
      returnTo: pending.returnTo,
    };
  }
}
