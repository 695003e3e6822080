import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { CredentialsFetch } from './RefreshingCredentials';
import { stsClientConfig, StsSettings } from './stsClientConfig';

export type AssumeRoleOptions = {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  /** The credentials that call sts:AssumeRole. */
  signWith?: AwsCredentialIdentityProvider;
  sts: StsSettings;
};

/**
 * sts:AssumeRole, made as the SDK's `fromTemporaryCredentials` makes it (one STS client, made
 * on first use; the same credentials out, less the credential scope, which the
 * @aws-sdk/client-sts in use does not model) but cancellable: that provider takes no
 * AbortSignal, so an AssumeRole past aws.credentialsTimeout ran on after its callers had been failed.
 */
export function assumeRoleFetch(options: AssumeRoleOptions): CredentialsFetch {
  let client: STSClient | undefined;
  return async abortSignal => {
    client ??= new STSClient({
      ...stsClientConfig(options.sts),
      credentials: options.signWith,
    });
    const { Credentials } = await client.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.roleSessionName,
        ExternalId: options.externalId,
      }),
      { abortSignal },
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
      throw new Error(
        `Invalid response from STS.assumeRole call with role ${options.roleArn}`,
      );
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };
}
