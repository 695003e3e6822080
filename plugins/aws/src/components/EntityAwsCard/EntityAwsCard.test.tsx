import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { EntityAwsCard } from './EntityAwsCard';
import { componentWithAnnotations } from './exampleEntity';

async function renderCard(entity: Entity) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityAwsCard />
    </EntityProvider>,
  );
}

describe('EntityAwsCard', () => {
  it('shows the account, region and resource tags from the annotations', async () => {
    await renderCard(
      componentWithAnnotations({
        'aws-bridge.io/aws-account-id': '111111111111',
        'aws-bridge.io/aws-region': 'us-east-1',
        'aws-bridge.io/aws-resource-tags': 'app=payments-api,env=prod',
      }),
    );

    expect(screen.getByText('AWS')).toBeInTheDocument();
    expect(screen.getByText('111111111111')).toBeInTheDocument();
    expect(screen.getByText('us-east-1')).toBeInTheDocument();
    expect(screen.getByText('app=payments-api')).toBeInTheDocument();
    expect(screen.getByText('env=prod')).toBeInTheDocument();
  });

  it('says when no region or tags are set', async () => {
    await renderCard(
      componentWithAnnotations({
        'aws-bridge.io/aws-account-id': '222222222222',
      }),
    );

    expect(screen.getByText('222222222222')).toBeInTheDocument();
    expect(screen.getByText(/^not set/)).toBeInTheDocument();
    expect(screen.getByText('none')).toBeInTheDocument();
  });

  it('names the malformed annotation instead of showing its value as data', async () => {
    await renderCard(
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
