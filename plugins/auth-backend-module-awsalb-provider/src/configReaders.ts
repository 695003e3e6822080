// The awsalb module's config readers: the shared aws-bridge readers (`@aws-bridge/plugin-aws-node`),
// which give every package one message format, fed `Config` values and keys relative to
// `auth.providers.awsalb`. Only what the shared readers do not do is written here.
import {
  awsConfigErrors,
  readAwsConfigHttpUrl,
  readAwsConfigString,
  readAwsConfigStringList,
} from '@aws-bridge/plugin-aws-node';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

/** Where the provider's config lives; every config error names its key under it. */
export const CONFIG_ROOT = 'auth.providers.awsalb';

const albConfigError = awsConfigErrors('ALB sign-in');

/** A claim name: what a token's JSON can hold as a key, within reason. */
const CLAIM_NAME = /^\S{1,128}$/;

/**
 * The error for a mistake at `key`, relative to `auth.providers.awsalb`:
 * `Invalid ALB sign-in config at auth.providers.awsalb.<key>: <message>`.
 */
export function configError(key: string, message: string): InputError {
  return albConfigError(`${CONFIG_ROOT}.${key}`, message);
}

// Each reader takes a block of the provider's config, a key in it, and `at`: the block's own
// key with a trailing dot (`accessToken.`), empty at the provider's top level, so that errors
// name the full key.

/**
 * A non-empty string, as written. The shared reader checks it; its trimmed copy is not used,
 * because sign-in compares these values (the issuer, the signer ARNs) byte for byte with what
 * the ALB sends, and has always compared exactly what the config says.
 */
export function readString(
  config: Config,
  key: string,
  at = '',
): string | undefined {
  const raw = config.getOptional(key);
  const checked = readAwsConfigString(raw, at + key, configError);
  return checked === undefined ? undefined : (raw as string);
}

/**
 * A non-empty list of non-empty strings. With `allowSingle` (the default, as the provider's
 * top-level lists and `accessToken`'s have always been read), one string is a list of one.
 */
export function readStringList(
  config: Config,
  key: string,
  at = '',
  { allowSingle = true } = {},
): string[] | undefined {
  return readAwsConfigStringList(
    config.getOptional(key),
    at + key,
    configError,
    {
      allowSingle,
    },
  );
}

/** An http(s) URL; with `withQuery`, it may have a query (an IdP's logout URL has one). */
export function readHttpUrl(
  config: Config,
  key: string,
  at = '',
  options: { withQuery?: boolean } = {},
): string | undefined {
  return readAwsConfigHttpUrl(
    config.getOptional(key),
    at + key,
    configError,
    options,
  );
}

/** A claim name (`email`, `cognito:groups`), as written. */
export function readClaimName(
  config: Config,
  key: string,
  at = '',
): string | undefined {
  const claim = readString(config, key, at);
  if (claim !== undefined && !CLAIM_NAME.test(claim)) {
    throw configError(at + key, `'${claim}' is not a claim name`);
  }
  return claim;
}

/**
 * A duration in seconds, as Backstage reads durations (`30s`, `{ minutes: 5 }`, ISO 8601).
 * Read with Backstage's reader directly rather than the shared `readAwsConfigDurationMs`,
 * which takes a bare number as milliseconds and words its bounds as one range: these keys
 * have always refused a number, and each bound has its own message.
 */
export function readDurationSeconds(
  config: Config,
  key: string,
): number | undefined {
  if (!config.has(key)) return undefined;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw configError(key, (error as Error).message);
  }
  if (!(ms >= 0)) throw configError(key, 'must not be negative');
  return ms / 1000;
}
