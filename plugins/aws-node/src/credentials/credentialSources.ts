import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import {
  fromIni,
  fromNodeProviderChain,
  fromTemporaryCredentials,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import type { AwsCredentialSourceKind } from '@aws-bridge/plugin-aws-common';

/** Where STS calls for one account go. */
export type StsSettings = {
  region: string;
  /** Unset: the SDK's own resolution, which honours AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** How long getting credentials may take (aws.credentialsTimeout). */
  timeoutMs: number;
};

/** Client config for the STS clients this package makes. */
export function stsClientConfig(sts: StsSettings) {
  return {
    region: sts.region,
    // Only when configured: an explicit endpoint turns off the SDK's AWS_ENDPOINT_URL_* lookup.
    ...(sts.endpoint ? { endpoint: sts.endpoint } : {}),
    customUserAgent: 'aws-bridge-credentials',
    // Each attempt's socket is given up after the deadline, so that an STS that never answers
    // holds no connection longer than callers wait (RefreshingCredentials bounds the whole call).
    requestHandler: {
      connectionTimeout: sts.timeoutMs,
      requestTimeout: sts.timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * The same, for clients of other services (SSO, IAM): an entry's `stsEndpoint` is STS's
 * alone, so they keep the SDK's endpoint resolution (AWS_ENDPOINT_URL_<SERVICE> and the rest).
 */
export function otherServiceClientConfig(sts: StsSettings) {
  const { endpoint: _stsOnly, ...config } = stsClientConfig(sts);
  return config;
}

/** A way of getting credentials, before caching. */
export type CredentialSource = {
  kind: AwsCredentialSourceKind;
  roleArn?: string;
  /** For `assumeRole`: whether an external ID is sent, and whose keys sign the call. */
  externalId?: boolean;
  signedWith?: 'entry' | 'mainAccount';
  fetch: AwsCredentialIdentityProvider;
};

/** The keys of a config entry that decide where its credentials come from. */
export type CredentialSourceConfig = {
  accessKeyId?: string;
  secretAccessKey?: string;
  profile?: string;
  roleArn?: string;
  roleSessionName?: string;
  externalId?: string;
  webIdentityTokenFile?: string;
};

function staticCredentials(
  accessKeyId: string,
  secretAccessKey: string,
): AwsCredentialIdentityProvider {
  // A fresh object each time: the SDK annotates the credentials it is given.
  return async () => ({ accessKeyId, secretAccessKey });
}

/**
 * Picks the source for an entry, in the order @backstage/integration-aws-node uses: a role
 * (by web identity, or assumed with the entry's static keys or else the main account's
 * credentials), then static keys, then a profile, then the SDK's default chain.
 */
export function createCredentialSource(
  entry: CredentialSourceConfig,
  sts: StsSettings,
  mainAccountCredentials?: AwsCredentialIdentityProvider,
): CredentialSource {
  const clientConfig = stsClientConfig(sts);
  const { roleArn, roleSessionName } = entry;
  if (roleArn && entry.webIdentityTokenFile) {
    return {
      kind: 'webIdentity',
      roleArn,
      fetch: fromTokenFile({
        webIdentityTokenFile: entry.webIdentityTokenFile,
        roleArn,
        roleSessionName,
        clientConfig,
      }),
    };
  }
  if (roleArn) {
    const ownKeys = Boolean(entry.accessKeyId && entry.secretAccessKey);
    return {
      kind: 'assumeRole',
      roleArn,
      externalId: entry.externalId !== undefined,
      signedWith: ownKeys ? 'entry' : 'mainAccount',
      fetch: fromTemporaryCredentials({
        masterCredentials: ownKeys
          ? staticCredentials(entry.accessKeyId!, entry.secretAccessKey!)
          : mainAccountCredentials,
        params: {
          RoleArn: roleArn,
          RoleSessionName: roleSessionName,
          ExternalId: entry.externalId,
        },
        clientConfig,
      }),
    };
  }
  if (entry.accessKeyId && entry.secretAccessKey) {
    return {
      kind: 'static',
      fetch: staticCredentials(entry.accessKeyId, entry.secretAccessKey),
    };
  }
  // A profile or the default chain may call SSO as well as STS, and an explicit endpoint would
  // send both to STS's; they keep the SDK's resolution (AWS_ENDPOINT_URL_STS and the rest).
  const sharedClientConfig = otherServiceClientConfig(sts);
  if (entry.profile) {
    return {
      kind: 'profile',
      fetch: fromIni({
        profile: entry.profile,
        clientConfig: sharedClientConfig,
      }),
    };
  }
  return {
    kind: 'defaultChain',
    fetch: fromNodeProviderChain({ clientConfig: sharedClientConfig }),
  };
}
