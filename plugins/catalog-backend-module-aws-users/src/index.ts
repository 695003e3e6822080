/**
 * A Backstage catalog module: User and Group entities from AWS directories (an Amazon Cognito
 * user pool, the IAM Identity Center identity store) on a schedule, and from ALB sign-in claims
 * just in time.
 *
 * @packageDocumentation
 */
export { catalogModuleAwsUsers as default } from './module';
export { awsUsersTransformsExtensionPoint } from './extensionPoint';
export type { AwsUsersTransformsExtensionPoint } from './extensionPoint';
export {
  defaultAwsDirectoryGroupTransformer,
  defaultAwsDirectoryUserTransformer,
} from './directory/defaultTransformers';
export type {
  AwsDirectoryContext,
  AwsDirectoryGroup,
  AwsDirectoryGroupTransformer,
  AwsDirectoryUser,
  AwsDirectoryUserTransformer,
} from './directory/types';
export { defaultAwsJitUserTransformer } from './jit/defaultJitUserTransformer';
export type { AwsJitUserTransformer } from './jit/defaultJitUserTransformer';
