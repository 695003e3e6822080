export type { AwsApi, AwsProxyRequest, AwsTaggedResource } from './AwsApi';
export { AwsProxyClient } from './AwsProxyClient';
export type { AwsProxyClientOptions } from './AwsProxyClient';
export {
  AwsBackendUnreachableError,
  AwsProxyRefusedError,
  AwsServiceError,
  isAwsCallError,
} from './errors';
export type { AwsCallContext, AwsCallError } from './errors';
export { AwsAdminClient } from './AwsAdminClient';
export type { AwsAdminApi } from './AwsAdminApi';
