import {
  createRemoteJWKSet,
  errors as joseErrors,
  JWTPayload,
  jwtVerify,
} from 'jose';
import { isCompactJwt } from './compactJwt';
import { AccessTokenOptions } from './config';
import { describeFetchError } from './describeFetchError';
import { AwsAlbAuthError } from './errors';

/** The IdP's access token once verified: its claims and the scopes it grants. */
export type VerifiedAccessToken = {
  claims: JWTPayload;
  scopes: string[];
};

const DISCOVERY_TIMEOUT_MS = 5000;

/** Scopes as IdPs write them: `scope` as a space-separated string (Cognito, RFC 9068), `scp` as a list (Okta, Entra). */
export function scopesOf(claims: JWTPayload): string[] {
  const raw = claims.scope ?? claims.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  if (Array.isArray(raw))
    return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

function refuse(message: string): AwsAlbAuthError {
  return new AwsAlbAuthError(
    'invalid-access-token',
    `The IdP access token ${message}`,
  );
}

/**
 * Verifies the `x-amzn-oidc-accesstoken` the ALB forwards, against the IdP's own keys. Only
 * used when `accessToken` is configured: for Google and other IdPs the token is opaque, and
 * sign-in needs nothing from it. The JWKS URL is read from the issuer's discovery document
 * on first use unless configured; jose's remote key set caches the keys and refetches them
 * when a token names a key it does not know.
 */
export class AccessTokenVerifier {
  readonly #options: AccessTokenOptions;
  readonly #clockToleranceSeconds: number;
  readonly #now: () => number;
  #keySet?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(
    options: AccessTokenOptions,
    clockToleranceSeconds: number,
    now = Date.now,
  ) {
    this.#options = options;
    this.#clockToleranceSeconds = clockToleranceSeconds;
    this.#now = now;
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    if (!isCompactJwt(token)) {
      throw refuse('is not a JWT, and accessToken verification is configured');
    }
    const keySet = await this.#getKeySet();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keySet, {
        issuer: this.#options.issuer,
        audience: this.#options.audiences,
        clockTolerance: this.#clockToleranceSeconds,
        currentDate: new Date(this.#now()),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw refuse('has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw refuse(`has a wrong ${error.claim} claim: ${error.reason}`);
      }
      if (error instanceof joseErrors.JOSEError) {
        throw refuse(`could not be verified: ${error.message}`);
      }
      throw refuse(`could not be verified: ${(error as Error).message}`);
    }
    const { cognito } = this.#options;
    if (cognito && claims.token_use !== 'access') {
      throw refuse(
        `is not a Cognito access token (token_use ${JSON.stringify(claims.token_use)}, not "access")`,
      );
    }
    if (
      cognito?.clientIds &&
      !cognito.clientIds.includes(claims.client_id as string)
    ) {
      throw refuse(
        `was issued to client ${JSON.stringify(claims.client_id)}, which is not a configured clientId`,
      );
    }
    const scopes = scopesOf(claims);
    const missing = this.#options.requiredScopes.filter(
      s => !scopes.includes(s),
    );
    if (missing.length > 0) {
      throw new AwsAlbAuthError(
        'missing-scope',
        `The IdP access token lacks the required scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      );
    }
    return { claims, scopes };
  }

  #getKeySet() {
    if (!this.#keySet) {
      this.#keySet = this.#discoverJwksUrl().then(url =>
        createRemoteJWKSet(new URL(url)),
      );
      // A failed discovery is retried on the next sign-in rather than remembered.
      this.#keySet.catch(() => (this.#keySet = undefined));
    }
    return this.#keySet;
  }

  async #discoverJwksUrl(): Promise<string> {
    if (this.#options.jwksUrl) return this.#options.jwksUrl;
    const url = `${this.#options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { jwks_uri?: unknown };
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      document = (await response.json()) as { jwks_uri?: unknown };
    } catch (error) {
      throw refuse(
        `could not be verified: the IdP discovery document ${url} could not be read: ${describeFetchError(error)}`,
      );
    }
    if (typeof document?.jwks_uri !== 'string') {
      throw refuse(
        `could not be verified: the IdP discovery document ${url} has no jwks_uri`,
      );
    }
    return document.jwks_uri;
  }
}
