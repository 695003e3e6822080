/**
 * One call to AWS through the aws-bridge SigV4 proxy (`/api/aws/proxy/<route>/<path>`).
 *
 * @public
 */
export interface AwsProxyRequest {
  /** The proxy route, as configured under `aws.proxy.routes`: `/tagging` or `tagging`. */
  route: string;
  /**
   * The account to call AWS as (`x-aws-bridge-account`); one the route's `accounts` allows.
   * Omitted: the route's own account.
   */
  accountId?: string;
  /** The region to call (`x-aws-bridge-region`); one of the route's `regions`. */
  region?: string;
  /** Appended to the route's target, query string included; default `/`. */
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /**
   * The IAM action the request needs (`tag:GetResources`), so that when AWS refuses it the
   * error can name what the route's role lacks.
   */
  iamAction?: string;
}

/**
 * A resource the Resource Groups Tagging API found.
 *
 * @public
 */
export interface AwsTaggedResource {
  arn: string;
  /** The account searched. */
  accountId: string;
  /**
   * The resource's region: from its ARN, else the region searched (an S3 bucket's ARN has
   * none); empty when neither says.
   */
  region: string;
  tags: Record<string, string>;
}

/**
 * Calls AWS through the aws-bridge SigV4 proxy, with the caller's Backstage token (in a
 * browser, the signed-in user's); the caller never holds an AWS credential. Failures are thrown as
 * {@link AwsProxyRefusedError} (the proxy refused, with its reason),
 * {@link AwsServiceError} (AWS answered with an error) or {@link AwsBackendUnreachableError}.
 *
 * @public
 */
export interface AwsApi {
  /** Sends one request through the proxy; resolves with AWS's response when it is 2xx. */
  fetch(request: AwsProxyRequest): Promise<Response>;

  /**
   * Every resource carrying all the given tags, in one account and region, with the Resource
   * Groups Tagging API's `GetResources`, following `PaginationToken` to the last page.
   */
  getTaggedResources(options: {
    route: string;
    accountId: string;
    region?: string;
    tags: Record<string, string>;
    signal?: AbortSignal;
  }): Promise<AwsTaggedResource[]>;

  /** The account's alias (IAM `ListAccountAliases`), or undefined when it has none. */
  getAccountAlias(options: {
    route: string;
    accountId: string;
    signal?: AbortSignal;
  }): Promise<string | undefined>;
}
