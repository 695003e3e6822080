export { awsApiRef } from './AwsApi';
export type { AwsApi, AwsProxyRequest, AwsTaggedResource } from './AwsApi';
export { AwsProxyClient } from './AwsProxyClient';
export {
  AwsBackendUnreachableError,
  AwsProxyRefusedError,
  AwsServiceError,
  isAwsCallError,
} from './errors';
export type { AwsCallContext, AwsCallError } from './errors';
