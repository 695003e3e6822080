/**
 * The aws-bridge frontend plugin for Backstage's new frontend system:
 * `createApp({ features: [awsPlugin] })` with `import awsPlugin from '@aws-bridge/plugin-aws/alpha'`.
 *
 * @packageDocumentation
 */
import { isAwsAnnotated } from '@aws-bridge/plugin-aws-common';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The AWS card on entity pages (extension id `entity-card:aws`), shown on entities that carry
 * the `aws-bridge.io/aws-account-id` annotation; a malformed value shows as an error in the card.
 *
 * @alpha
 */
export const entityAwsCard = EntityCardBlueprint.make({
  params: {
    filter: isAwsAnnotated,
    loader: () =>
      import('./components/EntityAwsCard').then(m => <m.EntityAwsCard />),
  },
});

/**
 * The aws-bridge plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'aws',
  info: { packageJson: () => import('../package.json') },
  extensions: [entityAwsCard],
});
