import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import {
  fromIni,
  fromNodeProviderChain,
  fromTokenFile,
} from '@aws-sdk/credential-providers';
import type { AwsCredentialSourceKind } from '@aws-bridge/plugin-aws-common';
import { DEFAULT_ROLE_SESSION_NAME } from '../config/awsCredentialsConfig';
import { assumeRoleFetch } from './assumeRole';
import type { CredentialsFetch } from './RefreshingCredentials';
import {
  otherServiceClientConfig,
  stsClientConfig,
  StsSettings,
} from './stsClientConfig';

/** A way of getting credentials, before caching. */
export type CredentialSource = {
  kind: AwsCredentialSourceKind;
  roleArn?: string;
  /** For `assumeRole`: whether an external ID is sent, and whose keys sign the call. */
  externalId?: boolean;
  signedWith?: 'entry' | 'mainAccount';
  fetch: CredentialsFetch;
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
 * One of the SDK's own providers, which take no AbortSignal: past the deadline, callers are
 * failed all the same (withDeadline), and the STS client it makes gives up its socket then
 * (stsClientConfig). Called without arguments, as before: a provider reads its argument as
 * the calling client's config, which there is none of.
 */
function uncancellable(
  provider: AwsCredentialIdentityProvider,
): CredentialsFetch {
  return () => provider();
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
  const { roleArn, roleSessionName } = entry;
  if (roleArn && entry.webIdentityTokenFile) {
    return {
      kind: 'webIdentity',
      roleArn,
      fetch: uncancellable(
        fromTokenFile({
          webIdentityTokenFile: entry.webIdentityTokenFile,
          roleArn,
          roleSessionName,
          clientConfig: stsClientConfig(sts),
        }),
      ),
    };
  }
  if (roleArn) {
    const ownKeys = Boolean(entry.accessKeyId && entry.secretAccessKey);
    return {
      kind: 'assumeRole',
      roleArn,
      externalId: entry.externalId !== undefined,
      signedWith: ownKeys ? 'entry' : 'mainAccount',
      fetch: assumeRoleFetch({
        roleArn,
        // Every entry with a role has a session name once read; this is for the type.
        roleSessionName: roleSessionName ?? DEFAULT_ROLE_SESSION_NAME,
        externalId: entry.externalId,
        signWith: ownKeys
          ? staticCredentials(entry.accessKeyId!, entry.secretAccessKey!)
          : mainAccountCredentials,
        sts,
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
      fetch: uncancellable(
        fromIni({ profile: entry.profile, clientConfig: sharedClientConfig }),
      ),
    };
  }
  return {
    kind: 'defaultChain',
    fetch: uncancellable(
      fromNodeProviderChain({ clientConfig: sharedClientConfig }),
    ),
  };
}
