import { isEmailAddress } from '@aws-bridge/plugin-aws-common';
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

/** `jane@example.com`: `jane`; the name a resolver or provisioning makes of an email-like claim. */
export function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/**
 * Claims that hold a sign-in name the IdP's directory assigns, not an address the person can
 * set: `email_verified` does not describe them. Entra ID's `upn` is chosen by the tenant's
 * admins within the tenant's verified domains.
 */
const DIRECTORY_ASSIGNED_EMAIL_CLAIMS = ['upn'];

/** How the email's `email_verified` claim is read. */
export type EmailTrust = {
  /**
   * When false, an email without an `email_verified` claim counts (for IdPs that never send
   * it). An email marked unverified (`false` or `"false"`) never counts.
   */
  requireVerified: boolean;
};

/** What the user claims say about the user, through the IdP's claim mapping. */
export type AlbIdentity = {
  username?: string;
  /** The first email claim that counts: verified, and an email address. Lower-cased. */
  email?: string;
  /** Why an email the claims hold does not count, when none does; for the resolvers' 401. */
  emailRefused?: string;
  /** The profile, in the shape Backstage's own awsalb module returns, for resolvers written for it. */
  fullProfile: PassportProfile;
};

/** Whether `email_verified` lets the email count: `true`/`"true"`, or absent when allowed. */
function verification(
  claims: AlbUserClaims,
  trust: EmailTrust,
): string | undefined {
  const verified = claims.email_verified;
  if (verified === true || verified === 'true') return undefined;
  if (verified === undefined && !trust.requireVerified) return undefined;
  if (verified === undefined) {
    return 'the IdP does not say it is verified (no email_verified claim; see requireVerifiedEmail)';
  }
  return `the IdP marks it unverified (email_verified: ${JSON.stringify(verified)})`;
}

/** The email in claim `name`, lower-cased, when it counts; otherwise why not (nothing when empty). */
function emailIn(
  claims: AlbUserClaims,
  name: string,
  trust: EmailTrust,
): { email?: string; refused?: string } {
  const value = firstString(claims, [name])?.toLowerCase();
  if (value === undefined) return {};
  if (!isEmailAddress(value)) return { refused: 'it is not an email address' };
  const unverified = DIRECTORY_ASSIGNED_EMAIL_CLAIMS.includes(name)
    ? undefined
    : verification(claims, trust);
  return unverified ? { refused: unverified } : { email: value };
}

/**
 * The email that counts: the first claim of the mapping that holds one, is not marked
 * unverified, and is an address. A refused claim is passed over, so Entra ID's unverified
 * `email` gives way to its `upn`.
 */
function readEmail(
  claims: AlbUserClaims,
  names: string[],
  trust: EmailTrust,
): Pick<AlbIdentity, 'email' | 'emailRefused'> {
  let emailRefused: string | undefined;
  for (const name of names) {
    const { email, refused } = emailIn(claims, name, trust);
    if (email) return { email };
    if (refused) {
      emailRefused ??= `the ${name} claim does not count as an email: ${refused}`;
    }
  }
  return { emailRefused };
}

/**
 * The username: the first claim of the mapping that holds one, in order. A claim the mapping
 * also reads the email from (Google's `email`, Entra's `upn`) names the person only when it
 * counts as an email.
 */
function readUsername(
  claims: AlbUserClaims,
  mapping: ClaimMapping,
  trust: EmailTrust,
): string | undefined {
  for (const name of mapping.username) {
    const counts =
      !mapping.email.includes(name) || emailIn(claims, name, trust).email;
    const value = counts ? firstString(claims, [name]) : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Reads the identity from the ALB's user claims. Nothing is required but `sub`: a token
 * without an email signs in as far as the chosen resolver allows, and never crashes.
 */
export function readIdentity(
  claims: AlbUserClaims,
  mapping: ClaimMapping,
  trust: EmailTrust,
): AlbIdentity {
  const { email, emailRefused } = readEmail(claims, mapping.email, trust);
  const username = readUsername(claims, mapping, trust);
  const displayName = firstString(claims, mapping.displayName);
  const picture = firstString(claims, mapping.picture);
  const givenName = firstString(claims, ['given_name']);
  const familyName = firstString(claims, ['family_name']);

  return {
    username,
    email,
    emailRefused,
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
