import { AwsProxyClient } from './AwsProxyClient';
import {
  AwsBackendUnreachableError,
  AwsProxyRefusedError,
  AwsServiceError,
} from './errors';

// The client's reading of every kind of answer, with the HTTP boundary (fetchApi) faked. The
// same client against the real backend: AwsProxyClient.backend.test.ts.

type Answer = () => Response | Promise<Response>;

function clientAnswering(answer: Answer) {
  const requests: { url: string; init: RequestInit }[] = [];
  const client = new AwsProxyClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage.test/api/${id}` },
    fetchApi: {
      fetch: async (input, init) => {
        requests.push({ url: String(input), init: init ?? {} });
        return answer();
      },
    },
  });
  return { client, requests };
}

const json = (status: number, body: unknown, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const tagged = (client: AwsProxyClient) =>
  client.getTaggedResources({
    route: '/tagging',
    accountId: '111111111111',
    region: 'eu-west-1',
    tags: { app: 'payments-api', env: 'prod' },
  });

describe('AwsProxyClient', () => {
  it('calls the route with the account and region headers and the GetResources request', async () => {
    const { client, requests } = clientAnswering(() =>
      json(200, {
        PaginationToken: '',
        ResourceTagMappingList: [
          {
            ResourceARN: 'arn:aws:s3:::bucket',
            Tags: [{ Key: 'app', Value: 'payments-api' }],
          },
        ],
      }),
    );
    await expect(tagged(client)).resolves.toEqual([
      {
        arn: 'arn:aws:s3:::bucket',
        accountId: '111111111111',
        region: 'eu-west-1',
        tags: { app: 'payments-api' },
      },
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(
      'http://backstage.test/api/aws/proxy/tagging/',
    );
    expect(requests[0].init.method).toBe('POST');
    expect(requests[0].init.headers).toEqual({
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
      'x-aws-bridge-account': '111111111111',
      'x-aws-bridge-region': 'eu-west-1',
    });
    expect(JSON.parse(String(requests[0].init.body))).toEqual({
      TagFilters: [
        { Key: 'app', Values: ['payments-api'] },
        { Key: 'env', Values: ['prod'] },
      ],
      ResourcesPerPage: 100,
    });
  });

  it('sends each PaginationToken back and stops at the empty one', async () => {
    const pages = [
      {
        PaginationToken: 'page-2',
        ResourceTagMappingList: [
          { ResourceARN: 'arn:aws:sqs:eu-west-1:111111111111:a' },
        ],
      },
      // AWS may send an empty page that still has a token.
      { PaginationToken: 'page-3', ResourceTagMappingList: [] },
      {
        PaginationToken: '',
        ResourceTagMappingList: [
          { ResourceARN: 'arn:aws:sqs:eu-west-1:111111111111:b' },
        ],
      },
    ];
    const { client, requests } = clientAnswering(() =>
      json(200, pages.shift()),
    );
    const resources = await tagged(client);
    expect(resources.map(r => r.arn)).toEqual([
      'arn:aws:sqs:eu-west-1:111111111111:a',
      'arn:aws:sqs:eu-west-1:111111111111:b',
    ]);
    expect(
      requests.map(r => JSON.parse(String(r.init.body)).PaginationToken),
    ).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('stops with an error when AWS hands back a token it sent before', async () => {
    const { client, requests } = clientAnswering(() =>
      json(200, { PaginationToken: 'same', ResourceTagMappingList: [] }),
    );
    await expect(tagged(client)).rejects.toThrow(
      /same PaginationToken twice in account 111111111111/,
    );
    expect(requests).toHaveLength(2);
  });

  it("throws the proxy's refusal with its reason, status and message", async () => {
    const { client } = clientAnswering(() =>
      json(403, {
        error: {
          name: 'NotAllowedError',
          message:
            "You may not call AWS proxy route '/tagging': the permission policy denies aws.proxy.tagging",
          reason: 'permission-denied',
        },
        request: { method: 'POST', url: '/api/aws/proxy/tagging/' },
        response: { statusCode: 403 },
      }),
    );
    const error = await tagged(client).catch(e => e);
    expect(error).toBeInstanceOf(AwsProxyRefusedError);
    expect(error).toMatchObject({
      status: 403,
      reason: 'permission-denied',
      errorName: 'NotAllowedError',
      message: expect.stringMatching(/denies aws\.proxy\.tagging$/),
      context: {
        route: '/tagging',
        accountId: '111111111111',
        region: 'eu-west-1',
        iamAction: 'tag:GetResources',
      },
    });
  });

  it('leaves out a reason this version does not know', async () => {
    const { client } = clientAnswering(() =>
      json(400, {
        error: { name: 'InputError', message: 'x', reason: 'new-reason' },
        response: { statusCode: 400 },
      }),
    );
    const error = await tagged(client).catch(e => e);
    expect(error).toBeInstanceOf(AwsProxyRefusedError);
    expect(error.reason).toBeUndefined();
  });

  it("throws AWS's JSON error with its code and message, and knows an access denial", async () => {
    const { client } = clientAnswering(() =>
      json(
        400,
        {
          __type: 'com.amazonaws.tagging#AccessDeniedException',
          Message:
            'User: arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage is not authorized to perform: tag:GetResources',
        },
        { 'x-amzn-requestid': 'req-1' },
      ),
    );
    const error = await tagged(client).catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      status: 400,
      code: 'AccessDeniedException',
      requestId: 'req-1',
      isAccessDenied: true,
    });
    expect(error.awsMessage).toMatch(
      /not authorized to perform: tag:GetResources/,
    );
  });

  it("prefers the x-amzn-errortype header, and reads AWS's XML errors", async () => {
    const throttled = clientAnswering(() =>
      json(
        400,
        { message: 'Rate exceeded' },
        {
          'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/',
        },
      ),
    );
    await expect(tagged(throttled.client)).rejects.toMatchObject({
      code: 'ThrottlingException',
      awsMessage: 'Rate exceeded',
      isAccessDenied: false,
    });

    const xml = clientAnswering(
      () =>
        new Response(
          '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:ListAccountAliases &amp; more</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
          { status: 403, headers: { 'content-type': 'text/xml' } },
        ),
    );
    const error = await xml.client
      .getAccountAlias({ route: '/iam', accountId: '111111111111' })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      code: 'AccessDenied',
      awsMessage:
        'User is not authorized to perform: iam:ListAccountAliases & more',
      requestId: 'r-2',
      isAccessDenied: true,
      context: { iamAction: 'iam:ListAccountAliases' },
    });
  });

  it('reads the alias, and no alias from an empty list', async () => {
    const answers = [
      '<ListAccountAliasesResponse><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>payments-prod</member></AccountAliases></ListAccountAliasesResult></ListAccountAliasesResponse>',
      '<ListAccountAliasesResponse><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases/></ListAccountAliasesResult></ListAccountAliasesResponse>',
    ];
    const { client, requests } = clientAnswering(
      () => new Response(answers.shift(), { status: 200 }),
    );
    const alias = () =>
      client.getAccountAlias({ route: 'iam', accountId: '111111111111' });
    await expect(alias()).resolves.toBe('payments-prod');
    await expect(alias()).resolves.toBeUndefined();
    expect(requests[0].url).toBe(
      'http://backstage.test/api/aws/proxy/iam/?Action=ListAccountAliases&Version=2010-05-08',
    );
  });

  it('says the backend is unreachable when the fetch fails or something else answers a 5xx', async () => {
    const down = clientAnswering(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await tagged(down.client).catch(e => e);
    expect(error).toBeInstanceOf(AwsBackendUnreachableError);
    expect(error.message).toBe(
      'Could not reach the Backstage backend at http://backstage.test/api/aws: Failed to fetch',
    );

    const gateway = clientAnswering(
      () =>
        new Response('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
        }),
    );
    const fromAlb = await tagged(gateway.client).catch(e => e);
    expect(fromAlb).toBeInstanceOf(AwsBackendUnreachableError);
    expect(fromAlb.status).toBe(502);
  });

  it('passes an abort through as it is', async () => {
    const controller = new AbortController();
    const { client } = clientAnswering(() => {
      controller.abort();
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    const error = await client
      .getTaggedResources({
        route: '/tagging',
        accountId: '111111111111',
        tags: {},
        signal: controller.signal,
      })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
  });
});
