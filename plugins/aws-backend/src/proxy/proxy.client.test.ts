import {
  AwsProxyClient,
  AwsProxyRefusedError,
} from '@aws-bridge/plugin-aws-common';
import {
  emulatorAccounts,
  USER_AUTH,
  useBackendOnEmulator,
} from '../__testUtils__';

// AwsProxyClient, what the entity card calls AWS with, against the real backend and the AWS
// emulator's demo fixture: the paging loop, the alias, and the proxy's refusals as typed
// errors. Nothing is faked but the user's token (mockCredentials), which the test backend
// accepts.

const setup = useBackendOnEmulator(
  url => ({
    // As the demo's app-config.yaml has them.
    '/tagging': {
      target: url,
      service: 'tagging',
      region: 'us-east-1',
      regions: ['eu-west-1'],
      accounts: '*',
      allowedMethods: ['POST'],
      allowedOperations: ['GetResources'],
    },
    '/iam': {
      target: url,
      service: 'iam',
      region: 'us-east-1',
      accounts: ['111111111111', '222222222222'],
      allowedOperations: ['ListAccountAliases'],
    },
  }),
  url => emulatorAccounts(url),
);

const client = () =>
  new AwsProxyClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `${setup.backend.url}/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            authorization: USER_AUTH,
          },
        }),
    },
  });

describe('AwsProxyClient through the real backend and the AWS emulator', () => {
  it('follows PaginationToken to the last page of GetResources', async () => {
    const before = setup.emulator.calls()['tagging:GetResources'] ?? 0;
    const resources = await client().getTaggedResources({
      route: '/tagging',
      accountId: '111111111111',
      region: 'us-east-1',
      tags: { app: 'payments-api', env: 'prod' },
    });

    // 120 alarms and 9 other resources: two pages of at most 100.
    expect(setup.emulator.calls()['tagging:GetResources'] - before).toBe(2);
    expect(resources).toHaveLength(129);
    expect(new Set(resources.map(r => r.arn)).size).toBe(129);
    expect(resources.every(r => r.accountId === '111111111111')).toBe(true);
    expect(resources.map(r => r.arn)).toEqual(
      expect.arrayContaining([
        'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
        'arn:aws:cloudwatch:us-east-1:111111111111:alarm:payments-api-p99-latency-120',
        'arn:aws:s3:::payments-api-receipts',
      ]),
    );
    // The bucket's ARN has no region: it is the region searched.
    expect(
      resources.find(r => r.arn === 'arn:aws:s3:::payments-api-receipts')
        ?.region,
    ).toBe('us-east-1');
    // Neither the other app's instance nor the eu-west-1 function.
    expect(resources.some(r => r.arn.includes('legacy-billing'))).toBe(false);
    expect(resources.some(r => r.arn.includes('eu-west-1'))).toBe(false);
  });

  it('searches the account and region picked', async () => {
    const resources = await client().getTaggedResources({
      route: 'tagging',
      accountId: '222222222222',
      region: 'eu-west-1',
      tags: { app: 'orders-search' },
    });
    expect(resources.map(r => r.arn).sort()).toEqual([
      'arn:aws:dynamodb:eu-west-1:222222222222:table/orders-search-cursors',
      'arn:aws:es:eu-west-1:222222222222:domain/orders-search',
      'arn:aws:lambda:eu-west-1:222222222222:function:orders-indexer',
      'arn:aws:s3:::orders-search-snapshots',
      'arn:aws:sqs:eu-west-1:222222222222:orders-index-queue',
    ]);
    expect(resources[0].tags).toMatchObject({ app: 'orders-search' });
  });

  it("reads the account's alias from IAM ListAccountAliases", async () => {
    await expect(
      client().getAccountAlias({ route: '/iam', accountId: '111111111111' }),
    ).resolves.toBe('payments-prod');
    await expect(
      client().getAccountAlias({ route: '/iam', accountId: '222222222222' }),
    ).resolves.toBe('orders-staging');
  });

  it.each([
    [
      'an account nobody configured',
      { accountId: '444444444444', region: 'us-east-1' },
      400,
      'account-not-configured',
      /cannot sign for account 444444444444: this Backstage has no AWS credentials for it$/,
    ],
    [
      'a region the route does not list',
      { accountId: '111111111111', region: 'ap-south-1' },
      400,
      'region-not-allowed',
      /^Region 'ap-south-1' is not one AWS proxy route '\/tagging' serves; an admin can see/,
    ],
  ])(
    'throws the proxy refusal for %s, with its reason, naming what was asked for',
    async (_what, scope, status, reason, message) => {
      const error = await client()
        .getTaggedResources({ route: '/tagging', tags: { app: 'x' }, ...scope })
        .catch(e => e);
      expect(error).toBeInstanceOf(AwsProxyRefusedError);
      expect(error).toMatchObject({
        status,
        reason,
        context: {
          route: '/tagging',
          ...scope,
          iamAction: 'tag:GetResources',
        },
      });
      expect(error.message).toMatch(message);
    },
  );

  it('throws route-not-found for a route the backend does not have', async () => {
    const error = await client()
      .getAccountAlias({ route: '/nope', accountId: '111111111111' })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsProxyRefusedError);
    expect(error.reason).toBe('route-not-found');
    expect(error.message).toMatch(/^No AWS proxy route matches '\/nope\/'/);
    expect(error.message).not.toMatch(/\/tagging|\/iam/);
  });
});
