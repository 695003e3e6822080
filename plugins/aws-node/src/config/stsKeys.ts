import { isAwsRegion } from '@aws-bridge/plugin-aws-common';
import type { Config } from '@backstage/config';
import { credentialsConfigError, StsConfig } from './awsCredentialsConfig';

/** Reads the keys every entry may have: `region` and `stsEndpoint`. */
export function readStsConfig(config: Config, at: string): StsConfig {
  const region = config.getOptionalString('region');
  if (region !== undefined && !isAwsRegion(region)) {
    throw credentialsConfigError(
      `${at}.region`,
      `'${region}' is not an AWS region name, e.g. 'eu-west-1'`,
    );
  }
  return { region, stsEndpoint: readStsEndpoint(config, at) };
}

/**
 * Checked here rather than with the shared readAwsConfigHttpUrl: that one says `is not a URL`
 * or `must be an http(s) URL`, where this key has always said `is not an http(s) URL` with an
 * example (and tests hold it to that); it also trims the value, which this key never did.
 */
function readStsEndpoint(config: Config, at: string): string | undefined {
  const stsEndpoint = config.getOptionalString('stsEndpoint');
  if (stsEndpoint === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(stsEndpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw credentialsConfigError(
      `${at}.stsEndpoint`,
      `'${stsEndpoint}' is not an http(s) URL, e.g. 'https://sts.eu-west-1.amazonaws.com'`,
    );
  }
  return stsEndpoint;
}
