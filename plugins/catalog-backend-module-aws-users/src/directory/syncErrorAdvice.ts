import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';

const PERMISSIONS = {
  'cognito-user-pool':
    'cognito-idp:ListGroups, cognito-idp:ListUsersInGroup and cognito-idp:ListUsers',
  'identity-store':
    'identitystore:ListGroups, identitystore:ListGroupMemberships and identitystore:ListUsers',
};

/**
 * What to change when a sync fails with an AWS error code, naming the config key. Undefined
 * when the code does not say; AWS's own message is shown either way.
 */
export function adviseOnSyncFailure(
  code: string,
  config: AwsDirectoryProviderConfig,
): string | undefined {
  const who = config.accountId
    ? `account ${config.accountId}'s credentials (aws.accounts)`
    : "the main account's credentials (aws.mainAccount)";
  const what =
    config.kind === 'cognito-user-pool'
      ? `user pool ${config.directoryId}`
      : `identity store ${config.directoryId}`;
  switch (code) {
    case 'AccessDeniedException':
    case 'NotAuthorizedException':
    case 'AccessDenied':
      return `Allow ${PERMISSIONS[config.kind]} on ${what} in the policy of ${who}.`;
    case 'ResourceNotFoundException':
      return (
        `There is no ${what} in ${config.region} for ${who}: check ` +
        `${config.configKey}.${config.kind === 'cognito-user-pool' ? 'userPoolId' : 'identityStoreId'}, ` +
        `${config.configKey}.region and ${config.configKey}.accountId.`
      );
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'CredentialsProviderError':
      return `${who} were refused: the accounts section of this page shows why.`;
    case 'TooManyRequestsException':
    case 'ThrottlingException':
      return 'AWS throttled the listing: sync less often, or raise the quota.';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return `AWS could not be reached from this backend (${code}): check its network and any AWS_ENDPOINT_URL setting.`;
    default:
      return undefined;
  }
}
