/**
 * The aws-bridge frontend plugin: the ALB sign-in page, the entity AWS card and `awsApiRef`
 * (AWS calls through the SigV4 proxy, for other plugins too) and the AWS admin page
 * (`AwsAdminPage`, `awsAdminApiRef`, `RequireAwsAdmin`). This entry point is for Backstage's legacy frontend
 * system; `@aws-bridge/plugin-aws/alpha` is for the new one.
 *
 * @packageDocumentation
 */

export { awsPlugin, AwsAdminPage, EntityAwsCard } from './plugin';
export { awsAdminApiRef, awsApiRef } from './api';
export { awsAdminRouteRef } from './routes';
export { RequireAwsAdmin } from './components/AwsAdminPage/RequireAwsAdmin';
// The clients, their errors, their types and `isAwsAnnotated` live in the common library
// (they run in Node too); re-exported so a frontend plugin needs one import (see the README).
export {
  AwsAdminClient,
  AwsBackendUnreachableError,
  AwsProxyClient,
  AwsProxyRefusedError,
  AwsServiceError,
  isAwsAnnotated,
  isAwsCallError,
} from '@aws-bridge/plugin-aws-common';
export type {
  AwsAccountDescription,
  AwsAdminApi,
  AwsAlbSignInStatus,
  AwsProxyRouteHealth,
  AwsApi,
  AwsCallContext,
  AwsCallError,
  AwsProxyRequest,
  AwsTaggedResource,
} from '@aws-bridge/plugin-aws-common';
export {
  AwsAlbSignInPage,
  AwsAlbSessionEndedPrompt,
} from './components/AwsAlbSignInPage';
export type { AwsAlbSignInPageProps } from './components/AwsAlbSignInPage';
