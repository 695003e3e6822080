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
export {
  awsSignInStatusServiceRef,
  DefaultAwsSignInStatusService,
} from './signInStatus/awsSignInStatusServiceRef';
export type {
  AwsSignInStatusReporter,
  AwsSignInStatusService,
} from './signInStatus/awsSignInStatusServiceRef';
export {
  awsUserProvisioningServiceRef,
  DefaultAwsUserProvisioningService,
} from './userProvisioning/awsUserProvisioningServiceRef';
export {
  AWS_PROVISIONED_AT_SIGN_IN,
  awsIdpSubject,
  awsJitUserAnnotations,
  awsJitUserDigest,
  isAwsJitUserEntityFor,
} from './userProvisioning/jitUserMarks';
export type {
  AwsDirectorySync,
  AwsJitUser,
  AwsJitUserProvisioner,
  AwsUserProvisioningService,
} from './userProvisioning/awsUserProvisioningServiceRef';
export { errorCodeOf as awsErrorCodeOf } from './credentials/credentialsAdvice';
export { isRoleArn, isRoleSessionName } from './config/roleArn';
export {
  awsConfigErrors,
  readAwsConfigBoolean,
  readAwsConfigDurationMs,
  readAwsConfigGroupMapping,
  readAwsConfigHttpUrl,
  readAwsConfigObject,
  readAwsConfigWholeNumber,
  readAwsConfigSize,
  readAwsConfigString,
  readAwsConfigStringList,
} from './config/configReaders';
export type {
  AwsConfigDurationLimits,
  AwsConfigErrorFactory,
} from './config/configReaders';
// Defined in the common library (the admin page reads them); re-exported, as before.
export type {
  AwsAccountDescription,
  AwsCredentialSourceKind,
} from '@aws-bridge/plugin-aws-common';
export type {
  AwsCredentialProvider,
  AwsCredentialProviderOptions,
  AwsCredentialsManager,
  AwsCredentialsService,
  AwsRoleCredentialProviderOptions,
  AwsDescribeAccountsOptions,
} from './types';
export { openAwsBridgeTables } from './database/awsBridgeTables';
export type {
  AwsBridgeKnex,
  AwsBridgeMigration,
} from './database/awsBridgeTables';
