import type { Config } from '@backstage/config';
import {
  CredentialsBackoffSettings,
  DEFAULT_CREDENTIALS_BACKOFF,
  DEFAULT_CREDENTIALS_TIMEOUT_MS,
} from '../credentials/RefreshingCredentials';
import { readAccountDefaults } from './accountDefaults';
import { readAccounts } from './accountEntries';
import {
  AwsCredentialsConfig,
  credentialsConfigError,
  EMPTY_AWS_CREDENTIALS_CONFIG,
  MainAccountConfig,
} from './awsCredentialsConfig';
import { readAwsConfigDurationMs } from './configReaders';
import { readStaticKeys } from './staticKeys';
import { readStsConfig } from './stsKeys';

const CREDENTIALS_TIMEOUT_LIMITS = {
  defaultMs: DEFAULT_CREDENTIALS_TIMEOUT_MS,
  minMs: 1_000,
  maxMs: 120_000,
  range: '1 second and 2 minutes',
};

/** aws.credentialsTimeout: a duration from 1 second to 2 minutes; default 10 seconds. */
function readCredentialsTimeoutMs(aws: Config): number {
  const key = 'aws.credentialsTimeout';
  const raw = aws.getOptional('credentialsTimeout');
  // The shared reader takes a bare number as milliseconds; this key never has (config.d.ts
  // types it as a duration), and a number whose unit is guessed is what it must not become.
  if (typeof raw === 'number') {
    throw credentialsConfigError(
      key,
      `must be a duration between ${CREDENTIALS_TIMEOUT_LIMITS.range} with its unit, such as 10s or { seconds: 10 }`,
    );
  }
  return readAwsConfigDurationMs(
    raw,
    key,
    credentialsConfigError,
    CREDENTIALS_TIMEOUT_LIMITS,
  );
}

/**
 * aws.credentialsBackoff: after a failure, how long callers get it without a new fetch.
 * `initial` 100 ms to 1 minute (default 1s), `max` from `initial` to 1 hour (default 1m).
 */
function readCredentialsBackoff(aws: Config): CredentialsBackoffSettings {
  const key = 'aws.credentialsBackoff';
  const backoff = aws.getOptionalConfig('credentialsBackoff');
  if (!backoff) return DEFAULT_CREDENTIALS_BACKOFF;
  const initialMs = readAwsConfigDurationMs(
    backoff.getOptional('initial'),
    `${key}.initial`,
    credentialsConfigError,
    {
      defaultMs: DEFAULT_CREDENTIALS_BACKOFF.initialMs,
      minMs: 100,
      maxMs: 60_000,
      range: '100 milliseconds and 1 minute',
    },
  );
  const maxMs = readAwsConfigDurationMs(
    backoff.getOptional('max'),
    `${key}.max`,
    credentialsConfigError,
    {
      defaultMs: Math.max(DEFAULT_CREDENTIALS_BACKOFF.maxMs, initialMs),
      minMs: initialMs,
      maxMs: 3_600_000,
      range: `${key}.initial (${initialMs} ms) and 1 hour`,
    },
  );
  return { initialMs, maxMs };
}

function readMainAccount(aws: Config): MainAccountConfig {
  const main = aws.getOptionalConfig('mainAccount');
  if (!main) return {};
  return {
    ...readStsConfig(main, 'aws.mainAccount'),
    ...readStaticKeys(main, 'aws.mainAccount'),
  };
}

/**
 * Reads and checks the `aws` block: the keys of @backstage/integration-aws-node plus
 * `roleSessionName` and `stsEndpoint`. Every mistake throws an InputError naming the key, so
 * the backend refuses to start rather than failing on the first AWS call.
 */
export function readAwsCredentialsConfig(aws: Config): AwsCredentialsConfig {
  const mainAccount = readMainAccount(aws);
  const accounts = readAccounts(aws);
  const accountDefaults = aws.has('accountDefaults')
    ? readAccountDefaults(
        aws.getConfig('accountDefaults'),
        'aws.accountDefaults',
      )
    : EMPTY_AWS_CREDENTIALS_CONFIG.accountDefaults;
  return {
    mainAccount,
    accounts,
    accountDefaults,
    credentialsTimeoutMs: readCredentialsTimeoutMs(aws),
    credentialsBackoff: readCredentialsBackoff(aws),
  };
}
