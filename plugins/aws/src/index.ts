/**
 * The aws-bridge frontend plugin: the ALB sign-in page, the entity AWS card and `awsApiRef`
 * (AWS calls through the SigV4 proxy, for other plugins too); the AWS admin page is added to
 * it as it lands. This entry point is for Backstage's legacy frontend
 * system; `@aws-bridge/plugin-aws/alpha` is for the new one.
 *
 * @packageDocumentation
 */

export { awsPlugin, EntityAwsCard } from './plugin';
export { awsApiRef } from './api';
// The client and its errors live in the common library (they run in Node too); re-exported
// so a frontend plugin needs one import.
export {
  AwsBackendUnreachableError,
  AwsProxyClient,
  AwsProxyRefusedError,
  AwsServiceError,
  isAwsCallError,
} from '@aws-bridge/plugin-aws-common';
export type {
  AwsApi,
  AwsCallContext,
  AwsCallError,
  AwsProxyRequest,
  AwsTaggedResource,
} from '@aws-bridge/plugin-aws-common';
export { isAwsAnnotated } from '@aws-bridge/plugin-aws-common';
export {
  AwsAlbSignInPage,
  AwsAlbSessionEndedPrompt,
} from './components/AwsAlbSignInPage';
export type { AwsAlbSignInPageProps } from './components/AwsAlbSignInPage';
