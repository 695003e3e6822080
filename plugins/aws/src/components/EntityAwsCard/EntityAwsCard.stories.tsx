import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityAwsCard } from './EntityAwsCard';
import { componentWithAnnotations } from './exampleEntity';

const inEntity = (entity: Entity) => () => (
  <div style={{ maxWidth: 640, padding: 16 }}>
    <EntityProvider entity={entity}>
      <EntityAwsCard />
    </EntityProvider>
  </div>
);

export default {
  title: 'Plugins/aws/EntityAwsCard',
  component: EntityAwsCard,
};

export const AccountRegionAndTags = inEntity(
  componentWithAnnotations({
    'aws-bridge.io/aws-account-id': '111111111111',
    'aws-bridge.io/aws-region': 'us-east-1',
    'aws-bridge.io/aws-resource-tags': 'app=payments-api,env=prod',
  }),
);

export const AccountOnly = inEntity(
  componentWithAnnotations({ 'aws-bridge.io/aws-account-id': '222222222222' }),
);

export const MalformedAccountId = inEntity(
  componentWithAnnotations({ 'aws-bridge.io/aws-account-id': '1234' }),
);

export const MissingAnnotation = inEntity(componentWithAnnotations({}));
