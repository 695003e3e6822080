export interface Config {
  /**
   * AWS account credentials, read by @aws-bridge/plugin-aws-node. The same keys as
   * @backstage/integration-aws-node, plus `roleSessionName` and `stsEndpoint`. Without this
   * block, every account uses the AWS SDK's default credential chain.
   * See docs/credentials.md.
   */
  aws?: {
    /**
     * The credentials Backstage itself runs with, used for accounts no entry names and to
     * assume the roles of entries without static keys. Empty (`{}`) or absent: the AWS SDK's
     * default credential chain (environment, web identity, SSO, container and instance
     * metadata).
     */
    mainAccount?: {
      /**
       * The access key ID of static credentials (with `secretAccessKey`).
       * @visibility secret
       */
      accessKeyId?: string;
      /**
       * The secret access key of static credentials (with `accessKeyId`).
       * @visibility secret
       */
      secretAccessKey?: string;
      /** A profile in the shared AWS config and credentials files; not with static keys. */
      profile?: string;
      /**
       * The STS region for the main account, and the default STS region of every other entry.
       * Defaults to AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1.
       */
      region?: string;
      /**
       * An STS endpoint URL for the main account, e.g. a VPC endpoint. Defaults to the SDK's
       * choice: AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the regional endpoint.
       */
      stsEndpoint?: string;
    };

    /** Accounts with their own way of getting credentials. One entry per account. */
    accounts?: Array<{
      /** The account ID, 12 digits, quoted in YAML: '012345678901'. */
      accountId: string;
      /**
       * The access key ID of static credentials for this account; with `roleName`, the key
       * that assumes the role.
       * @visibility secret
       */
      accessKeyId?: string;
      /**
       * The secret access key that goes with `accessKeyId`.
       * @visibility secret
       */
      secretAccessKey?: string;
      /** A profile in the shared AWS config and credentials files; not with static keys or roleName. */
      profile?: string;
      /**
       * The IAM role to assume in this account: its name (with its path, if it has one), or
       * its full ARN in this account.
       */
      roleName?: string;
      /** The partition of the role: aws, aws-cn, aws-us-gov, ... Defaults to the region's. */
      partition?: string;
      /** The STS region to assume the role in. Defaults to the main account's STS region. */
      region?: string;
      /**
       * The external ID the role's trust policy requires.
       * @visibility secret
       */
      externalId?: string;
      /** A file holding an OIDC token to assume the role with (AssumeRoleWithWebIdentity). */
      webIdentityTokenFile?: string;
      /** The role session name, seen in CloudTrail. Defaults to `backstage`. */
      roleSessionName?: string;
      /** An STS endpoint URL for this account. Defaults as for the main account. */
      stsEndpoint?: string;
    }>;

    /**
     * How long getting one account's credentials may take (an AssumeRole call, a profile, the
     * default chain) before the call that needs them fails (the proxy answers 502). Each STS
     * request is abandoned after the same time. A duration such as `10s` or `{ seconds: 10 }`,
     * from 1 second to 2 minutes. Default 10 seconds.
     */
    credentialsTimeout?: string | { [unit: string]: number };

    /**
     * After getting an account's (or a role's) credentials fails, callers get that failure at
     * once, without asking AWS again, until the backoff has passed: `initial` after the first
     * failure, doubling with each failure in a row up to `max`; the first success ends it, and
     * so does an admin's re-check on `/aws-admin`. One backoff per account and role, shared by
     * every caller in this backend process. Durations such as `1s` or `{ minutes: 1 }`.
     */
    credentialsBackoff?: {
      /** The first wait: 100 ms to 1 minute. Default 1s. */
      initial?: string | number | { [unit: string]: number };
      /** The longest wait: from `initial` to 1 hour. Default 1m. */
      max?: string | number | { [unit: string]: number };
    };

    /** How to get credentials for an account no entry names: assume this role in it. */
    accountDefaults?: {
      /** The role name to assume in any account (a name, not an ARN). */
      roleName?: string;
      /** The partition of the role. Defaults to the region's, then aws. */
      partition?: string;
      /** The STS region. Defaults to the main account's STS region. */
      region?: string;
      /**
       * The external ID the roles' trust policies require.
       * @visibility secret
       */
      externalId?: string;
      /** A file holding an OIDC token to assume the role with. */
      webIdentityTokenFile?: string;
      /** The role session name. Defaults to `backstage`. */
      roleSessionName?: string;
      /** An STS endpoint URL. Defaults as for the main account. */
      stsEndpoint?: string;
    };
  };
}
