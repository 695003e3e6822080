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

/**
 * What each IdP's userinfo endpoint (which the ALB signs and forwards) calls the username.
 * Cognito returns `username`; Okta `preferred_username`; Entra ID puts the sign-in name in
 * `upn` and often leaves `email` empty; Google has no username, so the email stands in.
 */
export const IDP_PRESETS: Record<AwsAlbIdp, ClaimMapping> = {
  cognito: {
    username: ['username', 'cognito:username'],
    email: ['email'],
    displayName: ['name', 'username'],
    picture: ['picture'],
  },
  okta: {
    username: ['preferred_username'],
    email: ['email'],
    displayName: ['name', 'preferred_username'],
    picture: ['picture'],
  },
  entra: {
    username: ['upn', 'preferred_username'],
    email: ['email', 'upn'],
    displayName: ['name', 'upn'],
    picture: ['picture'],
  },
  google: {
    username: ['email'],
    email: ['email'],
    displayName: ['name', 'email'],
    picture: ['picture'],
  },
  generic: {
    username: ['preferred_username', 'username', 'email'],
    email: ['email'],
    displayName: ['name', 'preferred_username'],
    picture: ['picture'],
  },
};

export const IDP_NAMES = Object.keys(IDP_PRESETS) as AwsAlbIdp[];
