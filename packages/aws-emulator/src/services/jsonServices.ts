import { cognitoOperations } from './cognitoIdentityProvider';
import type { JsonOperation } from './context';
import { identityStoreOperations } from './identityStore';
import { taggingOperations } from './tagging';

/**
 * The JSON 1.1 services, keyed by the signing name in the credential scope: the
 * `X-Amz-Target` prefix their operations carry, and the operations the emulator answers.
 */
export const JSON_SERVICES: Record<
  string,
  { targetPrefix: string; operations: Record<string, JsonOperation> }
> = {
  tagging: {
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
    operations: taggingOperations,
  },
  'cognito-idp': {
    targetPrefix: 'AWSCognitoIdentityProviderService',
    operations: cognitoOperations,
  },
  identitystore: {
    targetPrefix: 'AWSIdentityStore',
    operations: identityStoreOperations,
  },
};
