import { awsAlbAuthenticator } from '@aws-bridge/plugin-auth-backend-module-awsalb-provider';
import awsBackendPlugin from '@aws-bridge/plugin-aws-backend';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  parseAwsAnnotations,
} from '@aws-bridge/plugin-aws-common';
import { DefaultAwsCredentialsManager } from '@aws-bridge/plugin-aws-node';
import catalogModuleAwsUsers from '@aws-bridge/plugin-catalog-backend-module-aws-users';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';

// One table of AWS region names and account IDs, asked of every package that reads them, each
// through what an adopter uses: the entity annotations, the credentials config, a proxy route,
// the ALB sign-in config and a directory sync. They all answer alike because they all ask
// aws-common's isAwsRegion and isAwsAccountId; this holds them to it.

const REGIONS: Array<[string, boolean]> = [
  ['us-east-1', true],
  ['us-gov-west-1', true],
  ['cn-north-1', true],
  ['us-isob-east-1', true],
  // In the SDK's partitions since 2025 (aws-eusc); once refused by the proxy and the card.
  ['eusc-de-east-1', true],
  ['US-EAST-1', false],
  ['useast1', false],
  ['moon-1', false],
];

const ACCOUNTS: Array<[string, boolean]> = [
  ['012345678901', true],
  ['12345', false],
  ['0123456789012', false],
];

/** True when the call succeeds, else its error's message (a refusal quotes the value). */
async function accepted(fn: () => unknown): Promise<true | string> {
  try {
    await fn();
    return true;
  } catch (error) {
    return String((error as Error).message);
  }
}

async function startsWith(features: BackendFeature[], config: JsonObject) {
  const backend = await startTestBackend({
    features: [...features, mockServices.rootConfig.factory({ data: config })],
  });
  await backend.stop();
}

const albArn = (region: string) =>
  `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188`;

const readers: Record<
  string,
  { region?: (region: string) => unknown; account?: (id: string) => unknown }
> = {
  'aws-common: entity annotations': {
    region: region => {
      const result = parseAwsAnnotations({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'c',
          annotations: {
            [AWS_ACCOUNT_ID_ANNOTATION]: '012345678901',
            [AWS_REGION_ANNOTATION]: region,
          },
        },
      });
      if (!result.ok) throw result.error;
    },
    account: id => {
      const result = parseAwsAnnotations({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'c',
          annotations: { [AWS_ACCOUNT_ID_ANNOTATION]: id },
        },
      });
      if (!result.ok) throw result.error;
    },
  },
  'aws-node: aws.mainAccount.region, aws.accounts[].accountId': {
    region: region =>
      DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({ aws: { mainAccount: { region } } }),
      ),
    account: accountId =>
      DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            accounts: [
              { accountId, roleName: 'backstage-reader', region: 'us-east-1' },
            ],
          },
        }),
      ),
  },
  'aws-backend: a proxy route': {
    region: region =>
      startsWith([awsBackendPlugin], {
        aws: {
          proxy: {
            routes: {
              '/x': {
                target: 'https://tagging.{region}.amazonaws.com',
                region,
              },
            },
          },
        },
      }),
    account: accountId =>
      startsWith([awsBackendPlugin], {
        aws: {
          proxy: {
            routes: {
              '/x': {
                target: 'https://tagging.us-east-1.amazonaws.com',
                accountId,
              },
            },
          },
        },
      }),
  },
  'awsalb: auth.providers.awsalb.region': {
    region: region =>
      awsAlbAuthenticator.initialize({
        config: new ConfigReader({
          issuer: 'https://idp.example.com',
          dangerouslyAllowAnySigner: true,
          region,
        }),
      } as any),
  },
  'awsalb: a signer ALB ARN': {
    region: region =>
      awsAlbAuthenticator.initialize({
        config: new ConfigReader({
          issuer: 'https://idp.example.com',
          signer: albArn(region),
        }),
      } as any),
    account: accountId =>
      awsAlbAuthenticator.initialize({
        config: new ConfigReader({
          issuer: 'https://idp.example.com',
          signer: albArn('us-east-1').replace('123456789012', accountId),
        }),
      } as any),
  },
  'catalog module: a directory sync': {
    region: region =>
      startsWith([catalogPlugin, catalogModuleAwsUsers], {
        catalog: {
          providers: {
            awsDirectory: { corp: { identityStoreId: 'd-1234567890', region } },
          },
        },
      }),
    account: accountId =>
      startsWith([catalogPlugin, catalogModuleAwsUsers], {
        catalog: {
          providers: {
            awsDirectory: {
              corp: {
                identityStoreId: 'd-1234567890',
                region: 'us-east-1',
                accountId,
              },
            },
          },
        },
      }),
  },
};

const accepts = (table: Array<[string, boolean]>) =>
  table.filter(([, ok]) => ok).map(([value]) => value);
const refuses = (table: Array<[string, boolean]>) =>
  table.filter(([, ok]) => !ok).map(([value]) => value);

describe('every package reads AWS names alike', () => {
  describe.each(Object.entries(readers))('%s', (_name, read) => {
    const kinds = [
      ['region', REGIONS, read.region],
      ['account', ACCOUNTS, read.account],
    ] as const;
    for (const [kind, table, check] of kinds) {
      if (!check) continue;
      it.each(accepts(table))(`accepts the ${kind} %j`, async value => {
        expect(await accepted(() => check(value))).toBe(true);
      });
      it.each(refuses(table))(`refuses the ${kind} %j`, async value => {
        expect(await accepted(() => check(value))).toEqual(
          expect.stringContaining(value),
        );
      });
    }
  });
});
