import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import type { JsonObject } from '@backstage/types';
import {
  FakeAnswer,
  fakeAwsProxy,
  fakeAwsProxyClient,
  paymentsResources,
  refusals,
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
  const client = fakeAwsProxyClient(fetchApi);
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

/** The payments component in another account, which the proxy refuses as `refusal` says. */
function refusedAccountStory(
  accountId: string,
  refusal: (accountId: string) => Response,
) {
  return story(
    componentWithAnnotations({
      ...PAYMENTS,
      'aws-bridge.io/aws-account-id': accountId,
    }),
    { answer: () => refusal(accountId), config: {} },
  );
}

export const AccountNotAllowedByRoute = refusedAccountStory(
  '333333333333',
  refusals.accountNotAllowed,
);

export const AccountNotConfigured = refusedAccountStory(
  '444444444444',
  refusals.accountNotConfigured,
);

export const RegionNotServedBesideResources = story(
  componentWithAnnotations({
    ...PAYMENTS,
    'aws-bridge.io/aws-region': 'us-east-1, ap-south-1',
  }),
  {
    answer: call =>
      call.region === 'ap-south-1'
        ? refusals.regionNotServed('ap-south-1')
        : undefined,
  },
);

export const RouteNotFound = story(componentWithAnnotations(PAYMENTS), {
  answer: () => refusals.routeNotFound(),
  config: {},
});

export const PermissionDenied = story(componentWithAnnotations(PAYMENTS), {
  answer: () => refusals.permissionDenied(),
  config: {},
});

export const AwsRefusedTheRole = story(componentWithAnnotations(PAYMENTS), {
  answer: call =>
    call.route === 'tagging' ? refusals.roleMayNotGetResources() : undefined,
});

export const CredentialsFailed = story(componentWithAnnotations(PAYMENTS), {
  answer: () => refusals.credentialsFailed('111111111111'),
  config: {},
});

export const SessionEnded = story(componentWithAnnotations(PAYMENTS), {
  answer: () => refusals.sessionEnded(),
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
    call.route === 'iam' ? refusals.roleMayNotListAliases() : undefined,
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
