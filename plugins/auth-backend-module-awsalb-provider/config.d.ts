import { HumanDuration } from '@backstage/types';

export interface Config {
  auth?: {
    providers?: {
      /**
       * Sign-in behind an AWS Application Load Balancer (ALB) whose listener rule
       * authenticates users with OIDC. The keys of Backstage's own awsalb provider, plus
       * more. See docs/alb-sign-in.md.
       */
      awsalb?: {
        /**
         * The IdP's issuer URL configured on the ALB; the tokens' `iss` must equal it.
         *
         * @example https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example
         */
        issuer: string;
        /**
         * The ARN of the ALB that signs the tokens; the tokens' `signer` must equal it.
         * Required, unless `signers` or `dangerouslyAllowAnySigner` is set.
         *
         * @example arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188
         */
        signer?: string;
        /** Several ALBs that may sign tokens, instead of `signer`. */
        signers?: string[];
        /**
         * Accept tokens signed by any ALB. Any ALB in any AWS account can sign a valid
         * token, so only set this when something else guarantees the ALB (never on an
         * internet-facing target). Default false.
         */
        dangerouslyAllowAnySigner?: boolean;
        /**
         * The ALB's region, which picks the public key endpoint. Default: the region in the
         * signer's ARN.
         *
         * @example us-east-1
         */
        region?: string;
        /**
         * The ALB key endpoint; a key is fetched from `<publicKeyEndpoint>/<kid>`. Default:
         * `https://public-keys.auth.elb.<region>.amazonaws.com`, or for GovCloud
         * `https://s3-<region>.amazonaws.com/aws-elb-public-keys-prod-<region>`.
         */
        publicKeyEndpoint?: string;
        /**
         * The OIDC client ID(s) of the ALB's authenticate action; when set, the token
         * header's `client` must be one of them.
         */
        clientId?: string | string[];
        /**
         * How far the clocks of the ALB and Backstage may differ when checking `exp`,
         * `nbf` and `iat`. At most 5 minutes. Default 10 seconds.
         */
        clockTolerance?: HumanDuration | string;
        /**
         * The identity provider, which picks the claims read for the username, email,
         * display name and picture. Default generic.
         */
        idp?: 'cognito' | 'okta' | 'entra' | 'google' | 'generic';
        /** The claim holding the username, instead of the `idp` preset's. */
        usernameClaim?: string;
        /** The claim holding the email, instead of the `idp` preset's. */
        emailClaim?: string;
        /**
         * Whether an email counts only when the IdP says it is verified (`email_verified`
         * true or "true"). Set false only for an IdP that never sends `email_verified` and
         * holds only addresses its admins assign. An email marked unverified never counts.
         * Entra ID's `upn` is assigned by the tenant and needs no `email_verified`. Default true.
         */
        requireVerifiedEmail?: boolean;
        /** The claim holding the display name, instead of the `idp` preset's. */
        displayNameClaim?: string;
        /** The claim holding the picture URL, instead of the `idp` preset's. */
        pictureClaim?: string;
        /** The header carrying the ALB's signed claims. Default x-amzn-oidc-data. */
        identityHeader?: string;
        /** The header carrying the IdP's access token. Default x-amzn-oidc-accesstoken. */
        accessTokenHeader?: string;
        /**
         * The longest ALB header accepted, in bytes. Default 12288. Must be below Node's limit
         * on all headers together (16384 unless `--max-http-header-size` raises it), which
         * Node enforces first with a bare 431; the backend refuses to start otherwise.
         */
        maxHeaderBytes?: number;
        /**
         * Verify the IdP's access token too (only for IdPs whose access tokens are JWTs),
         * and require scopes. Its scopes are then passed to sign-in resolvers.
         */
        accessToken?: {
          /**
           * Whether the access token is verified. Default: true for `idp: cognito` (its groups
           * are in the access token), else true when this block is set.
           */
          enabled?: boolean;
          /** The IdP's JWKS URL. Default: `jwks_uri` from the issuer's discovery document. */
          jwksUrl?: string;
          /** The access token's issuer. Default: `issuer`. */
          issuer?: string;
          /** The access token's audience(s), checked when set. */
          audience?: string | string[];
          /** Scopes the access token must grant. */
          requiredScopes?: string[];
        };
        signIn?: {
          resolvers: Array<
            | {
                resolver: 'emailMatchingUserEntityProfileEmail';
                allowedDomains?: string[];
                dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
              }
            | {
                resolver: 'emailLocalPartMatchingUserEntityName';
                /** Required: the local part names one person only within domains you own. */
                allowedDomains: string[];
                dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
              }
            | {
                resolver: 'usernameMatchingUserEntityName';
                allowedDomains?: string[];
                dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
              }
          >;
        };
        /**
         * How long a sign-in lasts before the app checks back with the ALB. Default: the
         * Backstage token's lifetime (auth.backstageTokenExpiration, 1 hour).
         */
        sessionDuration?: HumanDuration | string;
        /**
         * Where sign-out sends the browser once the ALB's session cookies are expired: the
         * IdP's logout URL, so the IdP's own session ends too and a reload asks for a login.
         * Without it, the IdP signs the user straight back in. Query parameters are kept.
         *
         * @example https://backstage-example.auth.us-east-1.amazoncognito.com/logout?client_id=5ouq3o9r0o4c1v7m9k3c2p1gq8&logout_uri=https%3A%2F%2Fbackstage.example.com%2F
         */
        logoutUrl?: string;
        /**
         * Just-in-time provisioning: a person the sign-in resolvers do not find becomes a User
         * entity from their claims (name from the username claim, display name, email,
         * picture, groups), and signs in as it; later sign-ins update it when the claims
         * change. Needs `@aws-bridge/plugin-catalog-backend-module-aws-users` in the backend.
         * See docs/user-provisioning.md.
         */
        provisioning?: {
          /** Default false. */
          enabled?: boolean;
          /**
           * Only people in one of these IdP groups (from the groups claim, compared exactly)
           * are provisioned, and each makes them a member of the Group entity of the same name,
           * or of the one `groupMapping` names. A name that is not an entity name as it is
           * (`Data Science`) must be in `groupMapping`.
           */
          allowedGroups?: string[];
          /**
           * IdP group names and the Group entities they make a person a member of. Only the
           * groups here and in `allowedGroups` become memberships; every other IdP group is
           * ignored.
           */
          groupMapping?: Array<{
            /** The group's name as the IdP sends it, compared exactly. */
            idpGroup: string;
            /** The Group entity ref, `group:default/data-science` (kind and namespace may be left out). */
            group: string;
          }>;
          /** A groups claim with more entries than this is refused. Default 100, at most 1000. */
          maxGroups?: number;
          /** Only people whose email is in one of these domains are provisioned. */
          allowedEmailDomains?: string[];
          /**
           * The claim holding the person's groups: a list of names. Default `groups`, in the
           * ALB's user claims; for `idp: cognito`, `cognito:groups` in the verified access token
           * (Cognito's userinfo never has groups).
           */
          groupsClaim?: string;
        };
        /**
         * The authenticate action's `SessionCookieName`, whose shards (`<name>-0`, `<name>-1`,
         * ...) sign-out expires. Default AWSELBAuthSessionCookie.
         */
        sessionCookieName?: string;
      };
    };
  };
}
