import type { JsonObject } from '@backstage/types';
import { Entity } from '@backstage/catalog-model';
import { configApiRef, discoveryApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  FakeAnswer,
  fakeAwsProxy,
  fakeAwsProxyClient,
  fakeDiscoveryApi,
  FakeResource,
  paymentsResources,
  refusals,
} from '../../__testUtils__/fakeAwsProxy';
import { awsApiRef } from '../../api';
import { EntityAwsCard } from './EntityAwsCard';
import { componentWithAnnotations } from './exampleEntity';

// The card with the real API client; only fetchApi (the HTTP boundary) is faked.

const PAYMENTS = {
  'aws-bridge.io/aws-account-id': '111111111111',
  'aws-bridge.io/aws-region': 'us-east-1',
  'aws-bridge.io/aws-resource-tags': 'app=payments-api,env=prod',
};

async function renderCard(
  entity: Entity,
  options: {
    resources?: FakeResource[];
    aliases?: Record<string, string>;
    answer?: FakeAnswer;
    hold?: Promise<void>;
    config?: JsonObject;
  } = {},
) {
  const proxy = fakeAwsProxy(options);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, fakeDiscoveryApi],
        [awsApiRef, fakeAwsProxyClient(proxy.fetchApi)],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityAwsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return proxy;
}

const rowOf = (name: string) => screen.getByText(name).closest('tr')!;

describe('EntityAwsCard', () => {
  it("lists the entity's tagged resources with type, name, region, ARN and console link", async () => {
    const { calls } = await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
    });

    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    const fn = within(rowOf('payments-api'));
    expect(fn.getByText('Lambda function')).toBeInTheDocument();
    expect(fn.getByText('us-east-1')).toBeInTheDocument();
    expect(
      fn.getByText(
        'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
      ),
    ).toBeInTheDocument();
    expect(
      fn.getByRole('link', { name: /open payments-api/i }),
    ).toHaveAttribute(
      'href',
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/payments-api',
    );
    expect(
      within(rowOf('payments')).getByText('DynamoDB table'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('payments-api-receipts')).getByText('S3 bucket'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('a1b2c3d4e5')).getByText('API Gateway REST API'),
    ).toBeInTheDocument();
    // Only what carries both tags, in the regions the entity names.
    expect(screen.queryByText('i-0a1b2c3d4e5f60001')).not.toBeInTheDocument();
    expect(screen.queryByText('payments-api-dr')).not.toBeInTheDocument();

    expect(calls).toEqual([
      {
        route: 'tagging',
        accountId: '111111111111',
        region: 'us-east-1',
        body: {
          TagFilters: [
            { Key: 'app', Values: ['payments-api'] },
            { Key: 'env', Values: ['prod'] },
          ],
          ResourcesPerPage: 100,
        },
      },
    ]);
  });

  it('shows what was searched: account with its alias, regions and tags', async () => {
    await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
      aliases: { '111111111111': 'payments-prod' },
      config: { aws: { entityCard: { accountAliasRoute: '/iam' } } },
    });
    expect(
      await screen.findByText('111111111111 (payments-prod)'),
    ).toBeInTheDocument();
    expect(screen.getByText('app=payments-api')).toBeInTheDocument();
    expect(screen.getByText('env=prod')).toBeInTheDocument();
  });

  it('says why the alias is missing without hiding the resources', async () => {
    await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
      config: { aws: { entityCard: { accountAliasRoute: '/iam' } } },
      answer: call =>
        call.route === 'iam' ? refusals.roleMayNotListAliases() : undefined,
    });
    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        /The account alias could not be read: AWS refused the call: AccessDeniedException/,
      ),
    ).toBeInTheDocument();
  });

  it('searches every region the entity names, follows pages, and pages and filters the table', async () => {
    const { calls } = await renderCard(
      componentWithAnnotations({
        ...PAYMENTS,
        'aws-bridge.io/aws-region': 'us-east-1, eu-west-1',
      }),
      { resources: paymentsResources(120) },
    );

    expect(await screen.findByText('126 resources')).toBeInTheDocument();
    expect(calls.map(c => [c.region, c.body.PaginationToken])).toEqual(
      expect.arrayContaining([
        ['us-east-1', undefined],
        ['us-east-1', '100'],
        ['eu-west-1', undefined],
      ]),
    );
    expect(calls).toHaveLength(3);
    // 10 rows a page.
    expect(screen.getAllByText(/^arn:aws:/)).toHaveLength(10);

    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'eu-west-1:111111111111:function' },
    });
    await waitFor(() =>
      expect(screen.getAllByText(/^arn:aws:/)).toHaveLength(1),
    );
    expect(screen.getByText('payments-api-dr')).toBeInTheDocument();
  });

  it('counts the resources by type, and a type chip narrows the table to that type', async () => {
    await renderCard(
      componentWithAnnotations({
        ...PAYMENTS,
        'aws-bridge.io/aws-region': 'us-east-1,eu-west-1',
      }),
      { resources: paymentsResources(12) },
    );
    const types = within(
      await screen.findByRole('group', { name: 'Resource types' }),
    );
    // Most first.
    expect(types.getAllByRole('button').map(b => b.textContent)).toEqual([
      'CloudWatch alarm 12',
      'Lambda function 2',
      'API Gateway REST API 1',
      'DynamoDB table 1',
      'S3 bucket 1',
      'SQS queue 1',
    ]);
    fireEvent.click(types.getByText('Lambda function 2'));
    await waitFor(() =>
      expect(screen.getAllByText(/^arn:aws:/).map(e => e.textContent)).toEqual([
        'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
        'arn:aws:lambda:eu-west-1:111111111111:function:payments-api-dr',
      ]),
    );
    fireEvent.click(types.getByText('Lambda function 2'));
    await waitFor(() =>
      expect(screen.getAllByText(/^arn:aws:/)).toHaveLength(10),
    );
  });

  it('shows progress while AWS answers', async () => {
    let release = () => {};
    const hold = new Promise<void>(resolve => {
      release = resolve;
    });
    await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
      hold,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    release();
    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('names the tags, account and regions searched when nothing carries the tags', async () => {
    await renderCard(
      componentWithAnnotations({
        ...PAYMENTS,
        'aws-bridge.io/aws-region': 'us-east-1,eu-west-1',
        'aws-bridge.io/aws-resource-tags': 'app=nothing',
      }),
      { resources: paymentsResources() },
    );
    expect(
      await screen.findByText(
        'No resources carry the tags app=nothing in account 111111111111 (us-east-1, eu-west-1). Check the tags on the resources, or the aws-bridge.io/aws-resource-tags annotation.',
      ),
    ).toBeInTheDocument();
  });

  it('asks for the tags annotation instead of listing the whole account', async () => {
    const { calls } = await renderCard(
      componentWithAnnotations({
        'aws-bridge.io/aws-account-id': '222222222222',
      }),
    );
    expect(
      await screen.findByText('Info: No resource tags to search by'),
    ).toBeInTheDocument();
    expect(screen.getByText("the route's default region")).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it.each([
    [
      'an account the route does not allow',
      refusals.accountNotAllowed('111111111111'),
      'The proxy route /tagging does not allow account 111111111111',
      /may not be called for account 111111111111; an admin can see/,
    ],
    [
      'an account nobody configured',
      refusals.accountNotConfigured('111111111111'),
      'Account 111111111111 has no AWS credentials configured',
      /cannot sign for account 111111111111: this Backstage has no AWS credentials/,
    ],
    [
      'a region the route does not serve',
      refusals.regionNotServed('us-east-1'),
      'The proxy route /tagging does not serve us-east-1',
      /not one AWS proxy route '\/tagging' serves; an admin can see/,
    ],
    [
      'a route that does not exist',
      refusals.routeNotFound(),
      'The proxy route /tagging does not exist',
      /set aws\.entityCard\.resourcesRoute/,
    ],
    [
      'a permission the policy denies',
      refusals.permissionDenied(),
      'You may not use the proxy route /tagging',
      /\(aws\.proxy\.tagging\)/,
    ],
    [
      'credentials that could not be had',
      refusals.credentialsFailed('111111111111'),
      'Could not get AWS credentials for account 111111111111',
      /AWS refused them \(HTTP 403 AccessDenied\)/,
    ],
    [
      'AWS refusing the role',
      refusals.roleMayNotGetResources(),
      "AWS refused: the route's role may not call tag:GetResources",
      /Allow tag:GetResources in the IAM policy of the role the route \/tagging uses in account 111111111111/,
    ],
    [
      'a session that ended',
      refusals.sessionEnded(),
      'Your Backstage session has ended',
      /Reload the page to sign in again/,
    ],
  ])('explains %s and what to change', async (_what, response, title, text) => {
    await renderCard(componentWithAnnotations(PAYMENTS), {
      answer: () => response.clone(),
    });
    expect(await screen.findByText(`Error: ${title}`)).toBeInTheDocument();
    expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    expect(screen.queryByText(/resources$/)).not.toBeInTheDocument();
  });

  it("shows one region's refusal beside the other region's resources", async () => {
    await renderCard(
      componentWithAnnotations({
        ...PAYMENTS,
        'aws-bridge.io/aws-region': 'us-east-1,ap-south-1',
      }),
      {
        resources: paymentsResources(),
        answer: call =>
          call.region === 'ap-south-1'
            ? refusals.regionNotServed('ap-south-1')
            : undefined,
      },
    );
    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Error: The proxy route /tagging does not serve ap-south-1',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('In ap-south-1.')).toBeInTheDocument();
  });

  it('says the backend is unreachable, and the refresh button tries again', async () => {
    let down = true;
    const { calls } = await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
      answer: () => {
        if (down) throw new TypeError('Failed to fetch');
        return undefined;
      },
    });
    expect(
      await screen.findByText(
        'Error: The Backstage backend could not be reached',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Could not reach the Backstage backend at http://backstage.test/api/aws: Failed to fetch',
      ),
    ).toBeInTheDocument();

    down = false;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('8 resources')).toBeInTheDocument();
    expect(
      screen.queryByText('Error: The Backstage backend could not be reached'),
    ).not.toBeInTheDocument();
    expect(calls).toHaveLength(2);
  });

  it("links through the Identity Center portal into the resource's account when configured", async () => {
    await renderCard(componentWithAnnotations(PAYMENTS), {
      resources: paymentsResources(),
      config: {
        aws: {
          console: {
            identityCenter: {
              portalSubdomain: 'd-9067000000',
              roleName: 'ReadOnly',
            },
          },
        },
      },
    });
    const link = await screen.findByRole('link', {
      name: /open payments-api-receipts/i,
    });
    expect(link).toHaveAttribute(
      'href',
      `https://d-9067000000.awsapps.com/start/#/console?account_id=111111111111&role_name=ReadOnly&destination=${encodeURIComponent(
        'https://s3.console.aws.amazon.com/s3/buckets/payments-api-receipts',
      )}`,
    );
  });

  it('names a malformed config key', async () => {
    const { calls } = await renderCard(componentWithAnnotations(PAYMENTS), {
      config: {
        aws: {
          console: { identityCenter: { portalSubdomain: 'evil.com/x?' } },
        },
      },
    });
    expect(
      screen.getByText('Error: The app config for the AWS card is not valid'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/aws\.console\.identityCenter\.portalSubdomain must be/),
    ).toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('names the malformed annotation instead of showing its value as data', async () => {
    const { calls } = await renderCard(
      componentWithAnnotations({
        'aws-bridge.io/aws-account-id': '1234',
        'aws-bridge.io/aws-region': 'us-east-1',
      }),
    );

    expect(
      screen.getByText(
        'Error: The aws-bridge.io/aws-account-id annotation is not valid',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/must be a 12-digit AWS account ID, got '1234'/),
    ).toBeInTheDocument();
    expect(screen.queryByText('us-east-1')).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('points to the missing annotation on an entity without one', async () => {
    await renderCard(componentWithAnnotations({}));

    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/aws-bridge\.io\/aws-account-id/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('AWS')).not.toBeInTheDocument();
  });
});
