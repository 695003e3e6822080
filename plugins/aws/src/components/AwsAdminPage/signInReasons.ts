/**
 * What each awsalb failure reason means for an admin: where to look. Reasons not listed are
 * shown as they are.
 */
export const SIGN_IN_REASONS: Record<string, string> = {
  'missing-header':
    'No x-amzn-oidc-data header: the request did not come through the ALB, or its listener rule does not authenticate',
  'duplicate-header':
    'The ALB header came twice: something in front of Backstage adds it',
  'header-too-long': 'The ALB header was longer than maxHeaderBytes',
  'malformed-token': 'The ALB token could not be read',
  'unsupported-algorithm': 'The token was not signed with ES256, as ALBs sign',
  'invalid-kid': 'The token named no valid key ID',
  'key-fetch-failed':
    'The ALB public key could not be fetched from the key endpoint',
  'invalid-signature':
    "The token's signature did not verify: forged or altered",
  'invalid-signer': 'Signed by an ALB that is not in signer',
  'invalid-issuer': 'Issued by an IdP other than issuer',
  'invalid-client': 'Issued to an app client not in clientId',
  expired: 'The ALB token had expired: a stale session, or clock skew',
  'not-yet-valid':
    'The token is not valid yet: clock skew between the ALB and this host',
  'missing-claim': 'The token lacked a claim the IdP preset needs',
  'invalid-access-token': 'The access token failed its check',
  'missing-scope': 'The access token lacked a required scope',
  'user-not-found': 'No User entity in the catalog matched the person',
  'sign-in-refused': 'The sign-in resolver refused the person',
  'not-provisioned':
    'Not in the catalog, and just-in-time provisioning did not admit them (allowlist, or a name another entity has)',
  'unexpected-error':
    'An unexpected error, in a resolver or the catalog: see the backend logs',
};
