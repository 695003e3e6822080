/**
 * Shared catalog annotations, types and the SigV4 proxy's client (`AwsProxyClient`, which runs
 * in a browser and in Node) for the aws-bridge plugins.
 *
 * @packageDocumentation
 */

export {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  AWS_RESOURCE_TAGS_ANNOTATION,
} from './annotations';
export { AwsAnnotationError } from './errors';
export type { AwsAnnotationErrorCode } from './errors';
export {
  AWS_PARTITION_NAMES,
  AWS_REGION_PATTERN_SOURCE,
  isAwsAccountId,
  isAwsPartition,
  isAwsRegion,
} from './awsNames';
export { isAwsAnnotated, parseAwsAnnotations } from './parseAwsAnnotations';
export type {
  AwsAnnotationsResult,
  AwsEntityAnnotations,
} from './parseAwsAnnotations';
export {
  AWS_PROXY_ACCOUNT_HEADER,
  AWS_PROXY_PERMISSION_PREFIX,
  AWS_PROXY_REGION_HEADER,
  awsProxyRouteName,
  awsProxyRoutePermission,
  isAwsProxyRoutePermission,
} from './proxy';
export type { AwsProxyErrorReason } from './proxyErrors';
export { awsAdminReadPermission, awsAdminRunPermission } from './health';
export type {
  AwsHealthResponse,
  AwsProxyRouteHealth,
  AwsProxyRoutesCheckResponse,
  AwsProxyRoutesHealthResponse,
} from './health';
export type {
  AwsAccountDescription,
  AwsAccountsHealthResponse,
  AwsCredentialSourceKind,
} from './accountHealth';
export type {
  AwsAlbKeyEndpointCheck,
  AwsAlbProviderSummary,
  AwsAlbSignInFailureCount,
  AwsAlbSignInStatus,
} from './signInStatus';
export {
  AWS_CLAIMS_DIGEST_ANNOTATION,
  AWS_DIRECTORY_SYNC_SKIPS_KEPT,
  AWS_DIRECTORY_USER_ID_ANNOTATION,
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
  awsEntityNameFor,
  isEmailAddress,
} from './userProvisioning';
export type {
  AwsDirectoryKind,
  AwsDirectorySkipReason,
  AwsDirectorySyncRun,
  AwsDirectorySyncSkip,
  AwsDirectorySyncStatus,
  AwsDirectorySyncsResponse,
} from './userProvisioning';
export {
  AwsAdminClient,
  AwsBackendUnreachableError,
  AwsProxyClient,
  AwsProxyRefusedError,
  AwsServiceError,
  isAwsCallError,
} from './client';
export type {
  AwsAdminApi,
  AwsApi,
  AwsCallContext,
  AwsCallError,
  AwsProxyClientOptions,
  AwsProxyRequest,
  AwsTaggedResource,
} from './client';
