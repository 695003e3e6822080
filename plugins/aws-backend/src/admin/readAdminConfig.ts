import {
  awsConfigErrors,
  readAwsConfigDurationMs,
  readAwsConfigObject,
  readAwsConfigWholeNumber,
} from '@aws-bridge/plugin-aws-node';
import type { Config } from '@backstage/config';

/** A mistake in `aws.admin`, naming the key: it stops the backend at startup. */
const configError = awsConfigErrors('AWS admin');

/** What the admin API's costly actions may cost AWS and the catalog (aws.admin). */
export type AdminConfig = {
  /**
   * A route probe, an account re-check or a directory sync asked for within this long of the
   * last one for the same target answers with that one's result instead of running again.
   */
  minRunIntervalMs: number;
  /** How many costly actions one caller may start per `runWindowMs`; past it, a 429. */
  runsPerCaller: number;
  runWindowMs: number;
};

export const DEFAULT_ADMIN_CONFIG: AdminConfig = {
  minRunIntervalMs: 30_000,
  runsPerCaller: 10,
  runWindowMs: 60_000,
};

const ADMIN_KEYS = ['minRunInterval', 'runLimit'];
const RUN_LIMIT_KEYS = ['perCaller', 'window'];

/**
 * Reads `aws.admin`: `minRunInterval` (0, which turns it off, to 1 hour; default 30s) and
 * `runLimit: { perCaller, window }` (1 to 1000 actions per 1 second to 1 hour; default 10 a
 * minute). Throws an InputError naming the key for any mistake.
 */
export function readAdminConfig(config: Config): AdminConfig {
  const admin = readAwsConfigObject(
    config.getOptional('aws.admin'),
    'aws.admin',
    configError,
    ADMIN_KEYS,
  );
  const runLimit = readAwsConfigObject(
    admin.runLimit,
    'aws.admin.runLimit',
    configError,
    RUN_LIMIT_KEYS,
  );
  return {
    minRunIntervalMs: readAwsConfigDurationMs(
      admin.minRunInterval,
      'aws.admin.minRunInterval',
      configError,
      {
        defaultMs: DEFAULT_ADMIN_CONFIG.minRunIntervalMs,
        minMs: 0,
        maxMs: 3_600_000,
        range: '0 (off) and 1 hour',
      },
    ),
    runsPerCaller: readAwsConfigWholeNumber(
      runLimit.perCaller,
      'aws.admin.runLimit.perCaller',
      configError,
      { defaultValue: DEFAULT_ADMIN_CONFIG.runsPerCaller, min: 1, max: 1000 },
    ),
    runWindowMs: readAwsConfigDurationMs(
      runLimit.window,
      'aws.admin.runLimit.window',
      configError,
      {
        defaultMs: DEFAULT_ADMIN_CONFIG.runWindowMs,
        minMs: 1000,
        maxMs: 3_600_000,
        range: '1 second and 1 hour',
      },
    ),
  };
}
