import type { Config } from '@backstage/config';
import {
  credentialsConfigError,
  StaticKeysConfig,
} from './awsCredentialsConfig';

/** Static keys come in pairs, and exclude a profile. Secrets are never echoed back. */
export function readStaticKeys(config: Config, at: string): StaticKeysConfig {
  const accessKeyId = config.getOptionalString('accessKeyId');
  // Trimmed, as @backstage/integration-aws-node does: a pasted secret often ends in a newline.
  const secretAccessKey = config.getOptionalString('secretAccessKey')?.trim();
  const profile = config.getOptionalString('profile');
  if (accessKeyId && !secretAccessKey) {
    throw credentialsConfigError(
      `${at}.secretAccessKey`,
      'an accessKeyId is configured but no secretAccessKey',
    );
  }
  if (!accessKeyId && secretAccessKey) {
    throw credentialsConfigError(
      `${at}.accessKeyId`,
      'a secretAccessKey is configured but no accessKeyId',
    );
  }
  if (profile && accessKeyId) {
    throw credentialsConfigError(
      `${at}.profile`,
      'a profile and static keys (accessKeyId, secretAccessKey) are both configured; use one',
    );
  }
  return { accessKeyId, secretAccessKey, profile };
}
