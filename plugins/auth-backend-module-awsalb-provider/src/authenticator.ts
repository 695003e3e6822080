import { Config } from '@backstage/config';
import {
  createProxyAuthenticator,
  ProxyAuthenticator,
} from '@backstage/plugin-auth-node';
import { AccessTokenVerifier } from './AccessTokenVerifier';
import { AlbKeyCache } from './AlbKeyCache';
import { AlbTokenVerifier } from './AlbTokenVerifier';
import { AwsAlbProviderOptions, readAwsAlbProviderConfig } from './config';
import { readIdentity } from './profile';
import { readSingleHeader } from './requestHeaders';
import { AwsAlbAuthError } from './errors';
import { AwsAlbResult } from './types';

/** What `initialize` builds once per backend from the provider's config. */
export type AwsAlbAuthenticatorContext = {
  options: AwsAlbProviderOptions;
  /** The ALB's public keys, which `tokens` verifies with; the admin page counts them. */
  keys: AlbKeyCache;
  tokens: AlbTokenVerifier;
  accessTokens?: AccessTokenVerifier;
  now: () => number;
};

/** Builds the verifiers for a config; `now` is the clock, for tests. */
export function createAwsAlbAuthenticatorContext(
  config: Config,
  now: () => number = Date.now,
): AwsAlbAuthenticatorContext {
  const options = readAwsAlbProviderConfig(config);
  const keys = new AlbKeyCache({
    publicKeyEndpoint: options.publicKeyEndpoint,
  });
  return {
    options,
    keys,
    tokens: new AlbTokenVerifier({ ...options, keys, now }),
    accessTokens:
      options.accessToken &&
      new AccessTokenVerifier(
        options.accessToken,
        options.clockToleranceSeconds,
        now,
      ),
    now,
  };
}

/**
 * The authenticator with its context's type, for this package's provider factory, which reads
 * the context (the key cache, for the admin page).
 */
export const albAuthenticator = createProxyAuthenticator<
  AwsAlbAuthenticatorContext,
  AwsAlbResult,
  { expiresInSeconds: number }
>({
  async defaultProfileTransform(result: AwsAlbResult) {
    return {
      profile: {
        email: result.email,
        displayName: result.fullProfile.displayName,
        picture: result.fullProfile.photos?.[0]?.value,
      },
    };
  },

  initialize({ config }) {
    return createAwsAlbAuthenticatorContext(config);
  },

  async authenticate({ req }, { options, tokens, accessTokens, now }) {
    const token = readSingleHeader(
      req.rawHeaders,
      options.identityHeader,
      options.maxHeaderBytes,
    );
    const accessToken = readSingleHeader(
      req.rawHeaders,
      options.accessTokenHeader,
      options.maxHeaderBytes,
    );

    const { header, claims, expiresAt } = await tokens.verify(token);
    const verifiedAccessToken = await accessTokens?.verify(accessToken);
    // Both headers come from the ALB's one session; claims read from the access token (Cognito's
    // groups) must be about the person the ALB's token names.
    if (
      verifiedAccessToken?.claims.sub !== undefined &&
      verifiedAccessToken.claims.sub !== claims.sub
    ) {
      throw new AwsAlbAuthError(
        'invalid-access-token',
        "The IdP access token is for another subject than the ALB's token",
      );
    }
    const identity = readIdentity(claims, options.claims, options.emailTrust);
    const expiresInSeconds = Math.max(0, expiresAt - Math.floor(now() / 1000));

    return {
      result: {
        fullProfile: identity.fullProfile,
        expiresInSeconds,
        accessToken,
        claims,
        header,
        username: identity.username,
        email: identity.email,
        emailRefused: identity.emailRefused,
        accessTokenClaims: verifiedAccessToken?.claims,
        scopes: verifiedAccessToken?.scopes,
      },
      providerInfo: { expiresInSeconds },
    };
  },
});

/**
 * The awsalb proxy authenticator: verifies the ALB's headers on each sign-in request and
 * reads the user from them. Every failure is an `AwsAlbAuthError` (401) naming its reason.
 *
 * Its context is this package's own business, so it is typed `unknown`, as Backstage's
 * `createProxyAuthProviderFactory` takes authenticators.
 *
 * @public
 */
export const awsAlbAuthenticator: ProxyAuthenticator<
  unknown,
  AwsAlbResult,
  { expiresInSeconds: number }
> = albAuthenticator;
