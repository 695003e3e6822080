/**
 * The identity providers with a preset, chosen with `idp`.
 *
 * @public
 */
export type AwsAlbIdp = 'cognito' | 'okta' | 'entra' | 'google' | 'generic';

/** Which claims of the ALB's user claims hold what; each list is tried in order. */
export type ClaimMapping = {
  username: string[];
  email: string[];
  displayName: string[];
  picture: string[];
};

/** A preset: every IdP calls the picture `picture`, and all but Entra ID the email `email`. */
function preset(
  claims: Pick<ClaimMapping, 'username' | 'displayName'> &
    Partial<Pick<ClaimMapping, 'email'>>,
): ClaimMapping {
  return { email: ['email'], picture: ['picture'], ...claims };
}

/**
 * What each IdP's userinfo endpoint (which the ALB signs and forwards) calls the username.
 * Cognito returns `username`; Okta `preferred_username`; Entra ID puts the sign-in name in
 * `upn` and often leaves `email` empty; Google has no username, so the email stands in (only
 * when it counts as an email: verified). The generic preset never falls back to the email: an
 * email names a person only through the email resolvers, which check it.
 */
export const IDP_PRESETS: Record<AwsAlbIdp, ClaimMapping> = {
  cognito: preset({
    username: ['username', 'cognito:username'],
    displayName: ['name', 'username'],
  }),
  okta: preset({
    username: ['preferred_username'],
    displayName: ['name', 'preferred_username'],
  }),
  entra: preset({
    username: ['upn', 'preferred_username'],
    email: ['email', 'upn'],
    displayName: ['name', 'upn'],
  }),
  google: preset({ username: ['email'], displayName: ['name', 'email'] }),
  generic: preset({
    username: ['preferred_username', 'username'],
    displayName: ['name', 'preferred_username'],
  }),
};

export const IDP_NAMES = Object.keys(IDP_PRESETS) as AwsAlbIdp[];
