/**
 * @jest-environment node
 */
import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type { AwsEmulator } from '@aws-bridge/aws-emulator';
import awsBackendPlugin from '@aws-bridge/plugin-aws-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { AddressInfo } from 'node:net';
import { AwsProxyClient } from './AwsProxyClient';
import { AwsProxyRefusedError } from './errors';

// The API client against the real aws backend plugin and the AWS emulator's demo fixture: the
// paging loop, the alias, and the proxy's refusals as typed errors. Nothing is faked but the
// user's token (mockCredentials), which the test backend accepts.

let emulator: AwsEmulator;
let stopBackend: () => Promise<void>;
let client: AwsProxyClient;

beforeAll(async () => {
  emulator = await startAwsEmulator();
  const sts = { stsEndpoint: emulator.url };
  const backend = await startTestBackend({
    features: [
      awsBackendPlugin,
      mockServices.rootConfig.factory({
        data: {
          aws: {
            mainAccount: {
              accessKeyId: 'AKIAAWSBRIDGEDEMO001',
              secretAccessKey: 'demo-secret-for-the-platform-backstage-user',
              region: 'us-east-1',
              ...sts,
            },
            accounts: [
              {
                accountId: '111111111111',
                roleName: 'BackstageReadOnly',
                externalId: 'aws-bridge-demo',
                ...sts,
              },
              {
                accountId: '222222222222',
                roleName: 'BackstageReadOnly',
                ...sts,
              },
            ],
            // As the demo's app-config.yaml has them.
            proxy: {
              routes: {
                '/tagging': {
                  target: emulator.url,
                  service: 'tagging',
                  region: 'us-east-1',
                  regions: ['eu-west-1'],
                  accounts: '*',
                  allowedMethods: ['POST'],
                  allowedOperations: ['GetResources'],
                },
                '/iam': {
                  target: emulator.url,
                  service: 'iam',
                  region: 'us-east-1',
                  accounts: ['111111111111', '222222222222'],
                  allowedOperations: ['ListAccountAliases'],
                },
              },
            },
          },
        },
      }),
    ],
  });
  stopBackend = () => backend.stop();
  const { port } = backend.server.address() as AddressInfo;
  client = new AwsProxyClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://127.0.0.1:${port}/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            authorization: mockCredentials.user.header('user:default/alice'),
          },
        }),
    },
  });
});

afterAll(async () => {
  await stopBackend?.();
  await emulator?.stop();
});

describe('AwsProxyClient through the real backend and the AWS emulator', () => {
  it('follows PaginationToken to the last page of GetResources', async () => {
    const resources = await client.getTaggedResources({
      route: '/tagging',
      accountId: '111111111111',
      region: 'us-east-1',
      tags: { app: 'payments-api', env: 'prod' },
    });

    // 120 alarms and 9 other resources: two pages of at most 100.
    expect(emulator.calls()['tagging:GetResources']).toBe(2);
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
    const resources = await client.getTaggedResources({
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
      client.getAccountAlias({ route: '/iam', accountId: '111111111111' }),
    ).resolves.toBe('payments-prod');
    await expect(
      client.getAccountAlias({ route: '/iam', accountId: '222222222222' }),
    ).resolves.toBe('orders-staging');
  });

  it.each([
    [
      'an account nobody configured',
      { accountId: '333333333333', region: 'us-east-1' },
      400,
      'account-not-configured',
      /Account 333333333333 .*aws\.accounts/,
    ],
    [
      'a region the route does not list',
      { accountId: '111111111111', region: 'ap-south-1' },
      400,
      'region-not-allowed',
      /aws\.proxy\.routes\.\/tagging\.regions lists us-east-1, eu-west-1/,
    ],
  ])(
    'throws the proxy refusal for %s, with its reason and the key to change',
    async (_what, scope, status, reason, message) => {
      const error = await client
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
    const error = await client
      .getAccountAlias({ route: '/nope', accountId: '111111111111' })
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsProxyRefusedError);
    expect(error.reason).toBe('route-not-found');
    expect(error.message).toMatch(/\/tagging, \/iam|\/iam, \/tagging/);
  });
});
