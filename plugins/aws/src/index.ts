/**
 * The aws-bridge frontend plugin: the entity AWS card today; the ALB sign-in page and the AWS
 * admin page are added to it as they land. This entry point is for Backstage's legacy frontend
 * system; `@aws-bridge/plugin-aws/alpha` is for the new one.
 *
 * @packageDocumentation
 */

export { awsPlugin, EntityAwsCard } from './plugin';
export { isAwsAnnotated } from '@aws-bridge/plugin-aws-common';
