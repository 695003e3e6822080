import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { cognitoUserPoolReader } from './readCognitoUserPool';
import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';
import { identityStoreReader } from './readIdentityStore';
import type { AwsDirectoryReader } from './types';

/**
 * The reader for a configured directory, signing with the credentials service's provider for
 * its account (the main account when none is set). The provider is looked up on each read, so
 * a credentials failure fails that run, and is reported, rather than startup.
 */
export function createDirectoryReader(
  config: AwsDirectoryProviderConfig,
  credentials: AwsCredentialsService,
): AwsDirectoryReader {
  const sdkCredentials: AwsCredentialIdentityProvider = async () => {
    const provider = await credentials.getCredentialProvider(
      config.accountId ? { accountId: config.accountId } : {},
    );
    return provider.sdkCredentialProvider();
  };
  const clientConfig = { region: config.region, credentials: sdkCredentials };
  return config.kind === 'cognito-user-pool'
    ? cognitoUserPoolReader(clientConfig, config.directoryId)
    : identityStoreReader(clientConfig, config.directoryId);
}
