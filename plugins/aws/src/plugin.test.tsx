import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { awsPlugin, EntityAwsCard, isAwsAnnotated } from './index';

describe('@aws-bridge/plugin-aws (legacy frontend system)', () => {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-search',
      annotations: { 'aws-bridge.io/aws-account-id': '222222222222' },
    },
  };

  it('is the aws plugin', () => {
    expect(awsPlugin.getId()).toBe('aws');
  });

  it('exports the card as a lazily loaded component extension', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityAwsCard />
      </EntityProvider>,
    );

    expect(await screen.findByText('222222222222')).toBeInTheDocument();
  });

  it('exports isAwsAnnotated for EntitySwitch', () => {
    expect(isAwsAnnotated(entity)).toBe(true);
    expect(isAwsAnnotated({ ...entity, metadata: { name: 'x' } })).toBe(false);
  });
});
