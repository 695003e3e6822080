import {
  AWS_PROXY_ACCOUNT_HEADER,
  AWS_PROXY_REGION_HEADER,
  awsProxyRouteName,
} from '../proxy';
import type { AwsApi, AwsProxyRequest, AwsTaggedResource } from './AwsApi';
import { AwsBackend } from './awsBackend';
import { AwsCallContext } from './errors';
import { readErrorResponse } from './readErrorResponse';

// AWS's largest page for GetResources: the fewest calls for an entity with many resources.
const RESOURCES_PER_PAGE = 100;
// A bound on the paging loop, should a service keep handing out new tokens: 100,000 resources.
const MAX_PAGES = 1000;

type GetResourcesPage = {
  PaginationToken?: string;
  ResourceTagMappingList?: {
    ResourceARN?: string;
    Tags?: { Key?: string; Value?: string }[];
  }[];
};

function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/**
 * The {@link AwsProxyClient}'s way to the backend: Backstage's DiscoveryApi and FetchApi, or
 * anything shaped like them (as `@backstage/catalog-client` takes them).
 *
 * @public
 */
export interface AwsProxyClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/**
 * The default {@link AwsApi}: calls the aws-bridge backend's proxy at
 * `<discovery base URL for 'aws'>/proxy/<route>`. In a frontend, give it Backstage's
 * `fetchApi` so the signed-in user's token goes with each call (the `awsApiRef` factory of
 * `@aws-bridge/plugin-aws` does); elsewhere, a fetch that adds a token.
 *
 * @public
 */
export class AwsProxyClient implements AwsApi {
  private readonly backend: AwsBackend;

  constructor(options: AwsProxyClientOptions) {
    this.backend = new AwsBackend(options);
  }

  async fetch(request: AwsProxyRequest): Promise<Response> {
    const context: AwsCallContext = {
      route: request.route,
      accountId: request.accountId,
      region: request.region,
      iamAction: request.iamAction,
    };
    const route = awsProxyRouteName(request.route);
    const path = request.path ?? '/';

    const headers: Record<string, string> = { ...request.headers };
    if (request.accountId)
      headers[AWS_PROXY_ACCOUNT_HEADER] = request.accountId;
    if (request.region) headers[AWS_PROXY_REGION_HEADER] = request.region;

    const response = await this.backend.fetch(
      `/proxy/${route}${path.startsWith('/') ? '' : '/'}${path}`,
      {
        method: request.method ?? 'GET',
        headers,
        body: request.body,
        signal: request.signal,
      },
      context,
    );
    if (!response.ok) {
      throw await readErrorResponse(response, context);
    }
    return response;
  }

  async getTaggedResources(options: {
    route: string;
    accountId: string;
    region?: string;
    tags: Record<string, string>;
    signal?: AbortSignal;
  }): Promise<AwsTaggedResource[]> {
    const { route, accountId, region, tags, signal } = options;
    const TagFilters = Object.entries(tags).map(([Key, Value]) => ({
      Key,
      Values: [Value],
    }));
    const resources: AwsTaggedResource[] = [];
    const tokensSeen = new Set<string>();
    let token: string | undefined;

    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await this.fetch({
        route,
        accountId,
        region,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
        },
        body: JSON.stringify({
          TagFilters,
          ResourcesPerPage: RESOURCES_PER_PAGE,
          ...(token ? { PaginationToken: token } : {}),
        }),
        iamAction: 'tag:GetResources',
        signal,
      });
      const body = (await response.json()) as GetResourcesPage;
      for (const mapping of body.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        resources.push({
          arn: mapping.ResourceARN,
          accountId,
          region: regionOfArn(mapping.ResourceARN) ?? region ?? '',
          tags: Object.fromEntries(
            (mapping.Tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
          ),
        });
      }
      // AWS ends with an empty token; a token seen before would loop forever.
      token = body.PaginationToken || undefined;
      if (!token) return resources;
      if (tokensSeen.has(token)) {
        throw new Error(
          `GetResources returned the same PaginationToken twice in account ${accountId}; stopped after ${resources.length} resources`,
        );
      }
      tokensSeen.add(token);
    }
    throw new Error(
      `GetResources had more than ${MAX_PAGES} pages in account ${accountId}; stopped after ${resources.length} resources`,
    );
  }

  async getAccountAlias(options: {
    route: string;
    accountId: string;
    signal?: AbortSignal;
  }): Promise<string | undefined> {
    const response = await this.fetch({
      route: options.route,
      accountId: options.accountId,
      path: '/?Action=ListAccountAliases&Version=2010-05-08',
      iamAction: 'iam:ListAccountAliases',
      signal: options.signal,
    });
    // <AccountAliases><member>payments-prod</member></AccountAliases>: an account has one
    // alias at most, and aliases are [a-z0-9-], so no entities to decode.
    const match = /<AccountAliases>\s*<member>([^<]*)<\/member>/.exec(
      await response.text(),
    );
    return match?.[1].trim() || undefined;
  }
}
