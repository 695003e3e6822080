import { PassportProfile } from '@backstage/plugin-auth-node';
import { AlbUserClaims } from './AlbTokenVerifier';
import { ClaimMapping } from './idpPresets';

/** The first of `claims` that holds a non-empty string. */
function firstString(
  claims: AlbUserClaims,
  names: string[],
): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** `jane@example.com`: `example.com`; what the domain allowlists of sign-in compare. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** What the user claims say about the user, through the IdP's claim mapping. */
export type AlbIdentity = {
  username?: string;
  email?: string;
  /** The profile, in the shape Backstage's own awsalb module returns, for resolvers written for it. */
  fullProfile: PassportProfile;
};

/**
 * Reads the identity from the ALB's user claims. Nothing is required but `sub`: a token
 * without an email signs in as far as the chosen resolver allows, and never crashes.
 */
export function readIdentity(
  claims: AlbUserClaims,
  mapping: ClaimMapping,
): AlbIdentity {
  const email = firstString(claims, mapping.email)?.toLowerCase();
  const username = firstString(claims, mapping.username);
  const displayName = firstString(claims, mapping.displayName);
  const picture = firstString(claims, mapping.picture);
  const givenName = firstString(claims, ['given_name']);
  const familyName = firstString(claims, ['family_name']);

  return {
    username,
    email,
    fullProfile: {
      provider: 'awsalb',
      id: claims.sub,
      displayName: displayName ?? username ?? claims.sub,
      username,
      name: givenName || familyName ? { givenName, familyName } : undefined,
      emails: email ? [{ value: email }] : undefined,
      photos: picture ? [{ value: picture }] : undefined,
    } as PassportProfile,
  };
}
