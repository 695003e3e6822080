import { DemoUser } from './demoUsers';

/** The IdPs whose userinfo answers the emulator imitates: the presets of the awsalb module. */
export type IdpFlavour = 'cognito' | 'okta' | 'entra' | 'google' | 'generic';

export const IDP_FLAVOURS: IdpFlavour[] = [
  'cognito',
  'okta',
  'entra',
  'google',
  'generic',
];

/** A stable numeric ID from a UUID, as Google's `sub` is numeric. */
function numericSub(sub: string): string {
  return BigInt(`0x${sub.replace(/-/g, '').slice(0, 15)}`).toString();
}

/**
 * The userinfo claims each IdP returns for a user, as the ALB forwards them in
 * `x-amzn-oidc-data`. Cognito's are those of a real ALB token (quoted in
 * awslabs/aws-jwt-verify#109, the shape behind backstage#26132): `username` is the user's `sub`,
 * a UUID, in a pool that signs in by email, `email_verified` is the string "true", and there
 * are no groups (Cognito puts them in its access token: cognitoAccessTokens.ts); so only an
 * email resolver finds a Cognito user. Okta sends
 * `preferred_username` and `groups`; Entra ID the sign-in name in `upn` and no `email`; Google
 * a numeric `sub` and no username at all.
 */
export function userinfoClaims(
  user: DemoUser,
  flavour: IdpFlavour,
): Record<string, unknown> & { sub: string } {
  switch (flavour) {
    case 'cognito':
      return {
        sub: user.sub,
        email_verified: 'true',
        name: user.name,
        email: user.email,
        username: user.sub,
      };
    case 'okta':
      return {
        sub: user.sub,
        name: user.name,
        preferred_username: user.email,
        email: user.email,
        email_verified: true,
        groups: user.groups,
      };
    case 'entra':
      return { sub: user.sub, name: user.name, upn: user.email };
    case 'google':
      return {
        sub: numericSub(user.sub),
        name: user.name,
        email: user.email,
        email_verified: true,
      };
    default:
      return {
        sub: user.sub,
        name: user.name,
        preferred_username: user.username,
        email: user.email,
        email_verified: true,
        groups: user.groups,
      };
  }
}

/** Which scope releases which claim, for the IdP's userinfo endpoint. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'preferred_username', 'username', 'upn', 'groups'],
};
