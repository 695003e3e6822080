import { PassportProfile } from '@backstage/plugin-auth-node';
import { JWTPayload } from 'jose';
import { AlbTokenHeader, AlbUserClaims } from './AlbTokenVerifier';

/**
 * What the awsalb provider hands to sign-in resolvers and profile transforms as `result`.
 * `fullProfile`, `expiresInSeconds` and `accessToken` are named as in Backstage's own awsalb
 * module, so resolvers written for it keep working.
 *
 * @public
 */
export type AwsAlbResult = {
  /** The profile in the shape Backstage's awsalb module gives. */
  fullProfile: PassportProfile;
  /** Seconds left until the ALB token expires (not its absolute `exp`). */
  expiresInSeconds: number;
  /** The `x-amzn-oidc-accesstoken` header: a JWT for some IdPs, opaque for others. */
  accessToken: string;
  /** The verified user claims. */
  claims: AlbUserClaims;
  /** The verified token header: `signer`, `client`, `kid`. */
  header: AlbTokenHeader;
  /** The username claim chosen by `idp` or `usernameClaim`. */
  username?: string;
  /**
   * The email, lower-cased, when it counts: an address the IdP did not mark unverified
   * (`email_verified`), read from the first email claim that holds one.
   */
  email?: string;
  /** Why the claims' email does not count, when there is one and it does not. */
  emailRefused?: string;
  /** The access token's claims, when `accessToken` verification is configured. */
  accessTokenClaims?: JWTPayload;
  /** The access token's scopes, when `accessToken` verification is configured. */
  scopes?: string[];
};
