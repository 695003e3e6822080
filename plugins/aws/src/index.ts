/**
 * The aws-bridge frontend plugin: the ALB sign-in page and the entity AWS card; the AWS admin
 * page is added to it as it lands. This entry point is for Backstage's legacy frontend
 * system; `@aws-bridge/plugin-aws/alpha` is for the new one.
 *
 * @packageDocumentation
 */

export { awsPlugin, EntityAwsCard } from './plugin';
export { isAwsAnnotated } from '@aws-bridge/plugin-aws-common';
export {
  AwsAlbSignInPage,
  AwsAlbSessionEndedPrompt,
} from './components/AwsAlbSignInPage';
export type { AwsAlbSignInPageProps } from './components/AwsAlbSignInPage';
