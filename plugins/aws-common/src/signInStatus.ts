/**
 * The ALB sign-in's health, as `GET /api/aws/admin/sign-in` answers it. The awsalb auth module
 * reports it and the aws backend plugin serves it, through the aws-node library's
 * `awsSignInStatusServiceRef`: neither plugin depends on the other. Holds no token and no
 * personal data beyond a user's entity ref.
 */

/**
 * The awsalb provider's config, summarised for admins: what decides who may sign in.
 *
 * @public
 */
export type AwsAlbProviderSummary = {
  /** The IdP's issuer the ALB's tokens must name. */
  issuer: string;
  /** The ALB ARNs whose signature is accepted, or `any` (dangerouslyAllowAnySigner). */
  signers: string[] | 'any';
  /** Where the ALB's public keys are fetched: `<publicKeyEndpoint>/<kid>`. */
  publicKeyEndpoint: string;
  /** The IdP preset that decides the username and email claims: cognito, okta, ... */
  idp: string;
  /** The app client IDs accepted; absent when any is. */
  clientIds?: string[];
  /** Whether the access token is verified too (`accessToken` config). */
  accessTokenCheck: boolean;
  /** `sessionDuration`, in seconds, when set. */
  sessionDurationSeconds?: number;
};

/**
 * Whether the ALB key endpoint answers, from a fetch made when the status was asked for.
 *
 * @public
 */
export type AwsAlbKeyEndpointCheck = {
  /** The URL fetched: a cached key's, or a placeholder key ID's when none is cached. */
  url: string;
  /** The endpoint answered as a key endpoint does (200 for a known key, 403 or 404 for an unknown one). */
  ok: boolean;
  /** The HTTP status; absent when it did not answer. */
  status?: number;
  latencyMs: number;
  /** Why it counts as failed. */
  error?: string;
  checkedAt: string;
};

/**
 * Sign-ins that failed for one reason since the backend started.
 *
 * @public
 */
export type AwsAlbSignInFailureCount = {
  /** The provider's failure reason: `expired`, `invalid-signer`, `user-not-found`, ... */
  reason: string;
  count: number;
  /** When the last one happened (ISO 8601). */
  lastAt: string;
  /**
   * The last one's message, for reasons about the system (a key that could not be fetched, a
   * signer not accepted); absent for reasons about a person (no matching user), whose message
   * names them.
   */
  lastMessage?: string;
};

/**
 * What `GET /api/aws/admin/sign-in` answers.
 *
 * @public
 */
export type AwsAlbSignInStatus = {
  /**
   * False when no awsalb provider has reported: the module is not installed, or
   * `auth.providers.awsalb` is not configured, or the auth plugin has not started yet.
   */
  configured: boolean;
  provider?: AwsAlbProviderSummary;
  /** How many ALB public keys this backend holds. */
  cachedKeys?: number;
  keyEndpoint?: AwsAlbKeyEndpointCheck;
  /** Failures by reason, most recent first. Counted by this backend since it started. */
  failures: AwsAlbSignInFailureCount[];
  /** The last sign-in that succeeded on this backend. */
  lastSuccess?: { at: string; userEntityRef: string };
  /** When this backend started counting (ISO 8601). */
  countingSince?: string;
};
