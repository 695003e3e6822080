import { AwsProxyClient } from '@aws-bridge/plugin-aws-common';
import type { FetchApi } from '@backstage/core-plugin-api';

// The HTTP boundary of the entity card, faked at fetchApi: answers what the aws-bridge proxy
// and AWS answer (the proxy's error body, AWS's JSON and XML), so the card's own code, the API
// client included, runs for real. Stories and tests share it.

/** A resource in the fake account: its ARN and tags; the region is read from the ARN. */
export type FakeResource = {
  arn: string;
  tags: Record<string, string>;
  region?: string;
};

export type FakeProxyCall = {
  route: string;
  accountId?: string;
  region?: string;
  body?: any;
};

/** What the fake answers for one call, or undefined to answer from `resources`. */
export type FakeAnswer = (call: FakeProxyCall) => Response | undefined;

export const json = (status: number, body: unknown, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** The proxy's own refusal, in Backstage's error shape with its reason. */
export const proxyError = (
  status: number,
  name: string,
  message: string,
  reason?: string,
) =>
  json(status, {
    error: { name, message, ...(reason ? { reason } : {}) },
    request: { method: 'POST', url: '/api/aws/proxy/tagging/' },
    response: { statusCode: status },
  });

export const accessDenied = (action: string, principal: string) =>
  json(
    400,
    {
      __type: 'AccessDeniedException',
      Message: `User: ${principal} is not authorized to perform: ${action}`,
    },
    { 'x-amzn-requestid': '8f2c9a1e-0000-4000-8000-000000000001' },
  );

const aliasXml = (alias?: string) =>
  new Response(
    `<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases>${
      alias ? `<member>${alias}</member>` : ''
    }</AccountAliases></ListAccountAliasesResult></ListAccountAliasesResponse>`,
    { status: 200, headers: { 'content-type': 'text/xml' } },
  );

function matches(resource: FakeResource, call: FakeProxyCall): boolean {
  const region = resource.arn.split(':')[3] || resource.region;
  const filters: { Key: string; Values: string[] }[] =
    call.body?.TagFilters ?? [];
  return (
    region === (call.region ?? 'us-east-1') &&
    filters.every(f => f.Values.includes(resource.tags[f.Key]))
  );
}

/**
 * A fetchApi that plays the proxy at `http://backstage.test/api/aws/proxy`: GetResources from
 * `resources` (paged by ResourcesPerPage), ListAccountAliases from `aliases`, unless `answer`
 * answers first. `calls` records what the card asked.
 */
export function fakeAwsProxy(options: {
  resources?: FakeResource[];
  aliases?: Record<string, string>;
  answer?: FakeAnswer;
  /** Resolves each answer only when this resolves (to show loading). */
  hold?: Promise<void>;
}) {
  const calls: FakeProxyCall[] = [];
  const fetchApi: FetchApi = {
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const route = url.pathname
        .replace(/^\/api\/aws\/proxy\//, '')
        .split('/')[0];
      const call: FakeProxyCall = {
        route,
        accountId: headers['x-aws-bridge-account'],
        region: headers['x-aws-bridge-region'],
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      await options.hold;
      const answered = options.answer?.(call);
      if (answered) return answered;
      if (url.searchParams.get('Action') === 'ListAccountAliases') {
        return aliasXml(options.aliases?.[call.accountId ?? '']);
      }
      const all = (options.resources ?? []).filter(r => matches(r, call));
      const perPage = call.body?.ResourcesPerPage ?? 50;
      const offset = Number(call.body?.PaginationToken ?? 0);
      const next = offset + perPage < all.length ? offset + perPage : undefined;
      return json(200, {
        PaginationToken: next === undefined ? '' : String(next),
        ResourceTagMappingList: all.slice(offset, offset + perPage).map(r => ({
          ResourceARN: r.arn,
          Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
        })),
      });
    },
  };
  return { fetchApi, calls };
}

export const FAKE_BASE_URL = 'http://backstage.test/api';

/** The discovery API in front of the fake: every plugin under {@link FAKE_BASE_URL}. */
export const fakeDiscoveryApi = {
  getBaseUrl: async (pluginId: string) => `${FAKE_BASE_URL}/${pluginId}`,
};

/** The real client, as the plugin registers it, on the fake's fetchApi. */
export const fakeAwsProxyClient = (fetchApi: FetchApi) =>
  new AwsProxyClient({ discoveryApi: fakeDiscoveryApi, fetchApi });

/** payments-api's resources, as in the AWS emulator's demo fixture (fewer alarms). */
export function paymentsResources(alarms = 3): FakeResource[] {
  const tags = { app: 'payments-api', env: 'prod' };
  return [
    {
      arn: 'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
      tags,
    },
    { arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/payments', tags },
    { arn: 'arn:aws:sqs:us-east-1:111111111111:payments-events', tags },
    { arn: 'arn:aws:s3:::payments-api-receipts', region: 'us-east-1', tags },
    { arn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5', tags },
    {
      arn: 'arn:aws:lambda:eu-west-1:111111111111:function:payments-api-dr',
      tags,
    },
    ...Array.from({ length: alarms }, (_, i) => ({
      arn: `arn:aws:cloudwatch:us-east-1:111111111111:alarm:payments-api-p99-latency-${String(i + 1).padStart(3, '0')}`,
      tags,
    })),
    {
      arn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0a1b2c3d4e5f60001',
      tags: { app: 'legacy-billing', env: 'prod' },
    },
  ];
}

const ROLE =
  'arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage';

/**
 * The proxy's and AWS's answers to the card's calls when something is wrong, word for word as
 * they send them (messages from plugins/aws-backend), for the card's tests and stories.
 */
export const refusals = {
  accountNotAllowed: (account: string) =>
    proxyError(
      403,
      'NotAllowedError',
      `AWS proxy route '/tagging' may not be called for account ${account}; an admin can see the route's settings on /aws-admin`,
      'account-not-allowed',
    ),
  accountNotConfigured: (account: string) =>
    proxyError(
      400,
      'InputError',
      `AWS proxy route '/tagging' cannot sign for account ${account}: this Backstage has no AWS credentials for it`,
      'account-not-configured',
    ),
  regionNotServed: (region: string) =>
    proxyError(
      400,
      'InputError',
      `Region '${region}' is not one AWS proxy route '/tagging' serves; an admin can see the route's settings on /aws-admin`,
      'region-not-allowed',
    ),
  routeNotFound: () =>
    proxyError(
      404,
      'NotFoundError',
      "No AWS proxy route matches '/tagging/'; an admin can see the routes there are on /aws-admin",
      'route-not-found',
    ),
  permissionDenied: () =>
    proxyError(
      403,
      'NotAllowedError',
      "You may not call AWS proxy route '/tagging': the permission policy denies aws.proxy.tagging",
      'permission-denied',
    ),
  credentialsFailed: (account: string) =>
    proxyError(
      502,
      'BadGatewayError',
      `Could not get AWS credentials for proxy route '/tagging' and account ${account}: AWS refused them (HTTP 403 AccessDenied); an admin can see why in the backend log and at /api/aws/admin/accounts`,
      'credentials-failed',
    ),
  sessionEnded: () =>
    proxyError(401, 'AuthenticationError', 'Missing credentials'),
  roleMayNotGetResources: () => accessDenied('tag:GetResources', ROLE),
  roleMayNotListAliases: () => accessDenied('iam:ListAccountAliases', ROLE),
};
