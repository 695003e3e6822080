import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AwsJitUserTransformer } from './jit/defaultJitUserTransformer';
import type {
  AwsDirectoryGroupTransformer,
  AwsDirectoryUserTransformer,
} from './directory/types';

/**
 * Replaces how directory users and groups, and people provisioned at sign-in, become
 * entities, as Backstage's Microsoft Graph provider lets its transformers be replaced.
 *
 * @public
 */
export interface AwsUsersTransformsExtensionPoint {
  /** Maps directory users (every sync). */
  setUserTransformer(transformer: AwsDirectoryUserTransformer): void;
  /** Maps directory groups (every sync). */
  setGroupTransformer(transformer: AwsDirectoryGroupTransformer): void;
  /** Maps people provisioned at sign-in. Keep the default's annotations: sign-in reads them. */
  setJitUserTransformer(transformer: AwsJitUserTransformer): void;
}

/**
 * The extension point of the aws-users catalog module.
 *
 * @public
 */
export const awsUsersTransformsExtensionPoint =
  createExtensionPoint<AwsUsersTransformsExtensionPoint>({
    id: 'catalog.aws-users.transforms',
  });
