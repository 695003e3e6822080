import { AwsProxyClient } from '@aws-bridge/plugin-aws-common';
import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import type { JsonObject } from '@backstage/types';
import {
  accessDenied,
  FAKE_BASE_URL,
  FakeAnswer,
  fakeAwsProxy,
  paymentsResources,
  proxyError,
} from '../../__testUtils__/fakeAwsProxy';
import { awsApiRef } from '../../api';
import { EntityAwsCard } from './EntityAwsCard';
import { componentWithAnnotations } from './exampleEntity';

// Every state of the card, with the proxy faked at fetchApi as in the card's tests.

const PAYMENTS = {
  'aws-bridge.io/aws-account-id': '111111111111',
  'aws-bridge.io/aws-region': 'us-east-1, eu-west-1',
  'aws-bridge.io/aws-resource-tags': 'app=payments-api,env=prod',
};

const DEMO_CONFIG: JsonObject = {
  aws: { entityCard: { accountAliasRoute: '/iam' } },
};

function story(
  entity: Entity,
  options: {
    answer?: FakeAnswer;
    hold?: Promise<void>;
    config?: JsonObject;
    alarms?: number;
  } = {},
) {
  // Made once per story, not per render: the card fetches again when its API changes.
  const { fetchApi } = fakeAwsProxy({
    resources: paymentsResources(options.alarms ?? 12),
    aliases: { '111111111111': 'payments-prod' },
    answer: options.answer,
    hold: options.hold,
  });
  const client = new AwsProxyClient({
    discoveryApi: { getBaseUrl: async id => `${FAKE_BASE_URL}/${id}` },
    fetchApi,
  });
  const config = mockApis.config({ data: options.config ?? DEMO_CONFIG });
  return () => (
    <TestApiProvider
      apis={[
        [awsApiRef, client],
        [configApiRef, config],
      ]}
    >
      <div style={{ maxWidth: 760, padding: 16 }}>
        <EntityProvider entity={entity}>
          <EntityAwsCard />
        </EntityProvider>
      </div>
    </TestApiProvider>
  );
}

const refusal =
  (status: number, name: string, message: string, reason?: string) => () =>
    proxyError(status, name, message, reason);

export default {
  title: 'Plugins/aws/EntityAwsCard',
  component: EntityAwsCard,
};

export const Resources = story(componentWithAnnotations(PAYMENTS));

export const ManyResourcesPaged = story(componentWithAnnotations(PAYMENTS), {
  alarms: 120,
});

export const ThroughIdentityCenterPortal = story(
  componentWithAnnotations(PAYMENTS),
  {
    config: {
      aws: {
        entityCard: { accountAliasRoute: '/iam' },
        console: {
          identityCenter: {
            portalSubdomain: 'd-9067000000',
            roleName: 'ReadOnlyAccess',
          },
        },
      },
    },
  },
);

export const Loading = story(componentWithAnnotations(PAYMENTS), {
  hold: new Promise<void>(() => {}),
});

export const NoResources = story(
  componentWithAnnotations({
    ...PAYMENTS,
    'aws-bridge.io/aws-resource-tags': 'app=checkout-batch',
  }),
);

export const NoResourceTags = story(
  componentWithAnnotations({ 'aws-bridge.io/aws-account-id': '222222222222' }),
);

export const AccountNotAllowedByRoute = story(
  componentWithAnnotations({
    ...PAYMENTS,
    'aws-bridge.io/aws-account-id': '333333333333',
  }),
  {
    answer: refusal(
      403,
      'NotAllowedError',
      "AWS proxy route '/tagging' may not be called for account 333333333333; aws.proxy.routes./tagging.accounts allows 111111111111, 222222222222",
      'account-not-allowed',
    ),
    config: {},
  },
);

export const AccountNotConfigured = story(
  componentWithAnnotations({
    ...PAYMENTS,
    'aws-bridge.io/aws-account-id': '444444444444',
  }),
  {
    answer: refusal(
      400,
      'InputError',
      "Account 444444444444 is not one the AWS credentials service knows: There is no AWS config for account 444444444444. Add it under aws.accounts (accountId: '444444444444' with a roleName, static keys or a profile), or set aws.accountDefaults.roleName to assume the same role in every account.",
      'account-not-configured',
    ),
    config: {},
  },
);

export const RegionNotServedBesideResources = story(
  componentWithAnnotations({
    ...PAYMENTS,
    'aws-bridge.io/aws-region': 'us-east-1, ap-south-1',
  }),
  {
    answer: call =>
      call.region === 'ap-south-1'
        ? proxyError(
            400,
            'InputError',
            "Region 'ap-south-1' is not one AWS proxy route '/tagging' serves; aws.proxy.routes./tagging.regions lists us-east-1, eu-west-1",
            'region-not-allowed',
          )
        : undefined,
  },
);

export const RouteNotFound = story(componentWithAnnotations(PAYMENTS), {
  answer: refusal(
    404,
    'NotFoundError',
    "No AWS proxy route matches '/tagging/'; the configured routes are /demo-api, /payments-api",
    'route-not-found',
  ),
  config: {},
});

export const PermissionDenied = story(componentWithAnnotations(PAYMENTS), {
  answer: refusal(
    403,
    'NotAllowedError',
    "You may not call AWS proxy route '/tagging': the permission policy denies aws.proxy.tagging",
    'permission-denied',
  ),
  config: {},
});

export const AwsRefusedTheRole = story(componentWithAnnotations(PAYMENTS), {
  answer: call =>
    call.route === 'tagging'
      ? accessDenied(
          'tag:GetResources',
          'arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage',
        )
      : undefined,
});

export const CredentialsFailed = story(componentWithAnnotations(PAYMENTS), {
  answer: refusal(
    502,
    'BadGatewayError',
    "Could not get AWS credentials for proxy route '/tagging' and account 111111111111: AWS refused them (HTTP 403 AccessDenied); an admin can see why in the backend log and at /api/aws/admin/accounts",
    'credentials-failed',
  ),
  config: {},
});

export const SessionEnded = story(componentWithAnnotations(PAYMENTS), {
  answer: refusal(401, 'AuthenticationError', 'Missing credentials'),
  config: {},
});

export const BackendUnreachable = story(componentWithAnnotations(PAYMENTS), {
  answer: () => {
    throw new TypeError('Failed to fetch');
  },
  config: {},
});

export const AliasUnavailable = story(componentWithAnnotations(PAYMENTS), {
  answer: call =>
    call.route === 'iam'
      ? accessDenied(
          'iam:ListAccountAliases',
          'arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage',
        )
      : undefined,
});

export const InvalidConfig = story(componentWithAnnotations(PAYMENTS), {
  config: {
    aws: { console: { identityCenter: { portalSubdomain: 'evil.example/x' } } },
  },
});

export const MalformedAccountId = story(
  componentWithAnnotations({ 'aws-bridge.io/aws-account-id': '1234' }),
);

export const MissingAnnotation = story(componentWithAnnotations({}));
