/**
 * AWS account credentials for Backstage backends: a drop-in for
 * `@backstage/integration-aws-node`, with cached single-flight AssumeRole, account health,
 * and a shared backend service.
 *
 * @packageDocumentation
 */
export { DefaultAwsCredentialsManager } from './DefaultAwsCredentialsManager';
export type { DefaultAwsCredentialsManagerOptions } from './DefaultAwsCredentialsManager';
export { awsCredentialsServiceRef } from './awsCredentialsServiceRef';
export { isRoleArn, isRoleSessionName } from './config/roleArn';
export type {
  AwsAccountDescription,
  AwsCredentialProvider,
  AwsCredentialProviderOptions,
  AwsCredentialsManager,
  AwsCredentialsService,
  AwsCredentialSourceKind,
  AwsRoleCredentialProviderOptions,
} from './types';
