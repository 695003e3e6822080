// The config readers every aws-bridge backend package shares: one error format naming the key,
// and one reader each for the value kinds Backstage's `Config` does not check for us (sizes,
// bounded durations, lists that may be one string, non-empty strings, http(s) URLs).
//
// They read plain values (`config.getOptional(key)`), not `Config` objects, because the proxy's
// routes sit under keys such as `/apigw` that `Config` cannot address; a reader of a `Config`
// passes `config.getOptional(key)` and the full key.
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import bytes from 'bytes';

/**
 * Makes the error for a mistake at a config key. It is an `InputError` (a 400 if it ever
 * reaches a response); thrown while a plugin starts, it stops the backend with a message that
 * names the key.
 *
 * @public
 */
export type AwsConfigErrorFactory = (
  key: string,
  message: string,
) => InputError;

/**
 * The error factory for one config area: `Invalid <area> config at <key>: <message>`.
 *
 * @public
 */
export function awsConfigErrors(area: string): AwsConfigErrorFactory {
  return (key, message) =>
    new InputError(`Invalid ${area} config at ${key}: ${message}`);
}

/**
 * A non-empty string, trimmed; undefined when the key is absent.
 *
 * @public
 */
export function readAwsConfigString(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw error(key, 'must be a non-empty string');
  }
  return raw.trim();
}

/**
 * A non-empty list of non-empty strings; undefined when the key is absent. With
 * `allowSingle`, one string stands for a list of one. `what` names the items in the error
 * (`must be a non-empty list of <what>`).
 *
 * @public
 */
export function readAwsConfigStringList(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  options: { what?: string; allowSingle?: boolean } = {},
): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = options.allowSingle && typeof raw === 'string' ? [raw] : raw;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some(item => typeof item !== 'string' || item.trim() === '')
  ) {
    const what = options.what ?? 'non-empty strings';
    throw error(
      key,
      options.allowSingle
        ? `must be a string or a non-empty list of ${what}`
        : `must be a non-empty list of ${what}`,
    );
  }
  return list as string[];
}

/**
 * A block of config as a plain object, `{}` when the key is absent; with `knownKeys`, any other
 * key in it is a mistake named by its full key, so that a misspelt limit is refused at startup
 * rather than silently left at its default.
 *
 * @public
 */
export function readAwsConfigObject(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  knownKeys?: readonly string[],
): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw error(key, 'must be an object');
  }
  const block = raw as Record<string, unknown>;
  const unknown =
    knownKeys && Object.keys(block).find(field => !knownKeys.includes(field));
  if (unknown !== undefined) {
    throw error(
      `${key}.${unknown}`,
      `unknown key; known keys are ${knownKeys!.join(', ')}`,
    );
  }
  return block;
}

/**
 * A whole number from `min` to `max`; `defaultValue` when the key is absent.
 *
 * @public
 */
export function readAwsConfigWholeNumber(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  limits: { defaultValue: number; min: number; max: number },
): number {
  if (raw === undefined) return limits.defaultValue;
  if (
    typeof raw !== 'number' ||
    !Number.isInteger(raw) ||
    raw < limits.min ||
    raw > limits.max
  ) {
    throw error(
      key,
      `must be a whole number from ${limits.min} to ${limits.max}`,
    );
  }
  return raw;
}

/**
 * `true` or `false`; `defaultValue` when the key is absent.
 *
 * @public
 */
export function readAwsConfigBoolean(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  defaultValue: boolean,
): boolean {
  if (raw === undefined) return defaultValue;
  if (typeof raw !== 'boolean') throw error(key, 'must be true or false');
  return raw;
}

/**
 * An http(s) URL without credentials; `withQuery` allows a query and fragment (an IdP's logout
 * URL has one). Undefined when the key is absent. The value is quoted in errors, so use it
 * only for keys that hold no secret.
 *
 * @public
 */
export function readAwsConfigHttpUrl(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  options: { withQuery?: boolean } = {},
): string | undefined {
  const value = readAwsConfigString(raw, key, error);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw error(key, `'${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw error(key, `'${value}' must be an http(s) URL`);
  }
  // Checked first, and without quoting the value: it holds a password.
  if (url.username || url.password) {
    throw error(key, 'must not hold a user name or password');
  }
  if (!options.withQuery && (url.search || url.hash)) {
    throw error(key, `'${value}' must not have a query or fragment`);
  }
  return value;
}

/**
 * Bounds for {@link readAwsConfigDurationMs}.
 *
 * @public
 */
export type AwsConfigDurationLimits = {
  defaultMs: number;
  minMs: number;
  maxMs: number;
  /** The range as the error says it: `1 second and 1 day`. */
  range: string;
};

/**
 * A duration as Backstage reads one (`30s`, `2 minutes`, `{ seconds: 30 }`, an ISO 8601
 * duration) or a number of milliseconds, within `limits`; `limits.defaultMs` when absent.
 *
 * @public
 */
export function readAwsConfigDurationMs(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  limits: AwsConfigDurationLimits,
): number {
  if (raw === undefined) return limits.defaultMs;
  const range = `must be a duration between ${limits.range}`;
  let ms: number;
  if (typeof raw === 'number') {
    ms = raw;
  } else {
    try {
      ms = durationToMilliseconds(
        readDurationFromConfig(new ConfigReader({ value: raw as any }), {
          key: 'value',
        }),
      );
    } catch {
      // Backstage's message names the stand-in key `value` of the stand-in config above, not
      // the key that is wrong, so it is replaced rather than passed on.
      throw error(
        key,
        `${range}, written like 30s, 2 minutes, { seconds: 30 } or PT30S`,
      );
    }
  }
  if (!Number.isFinite(ms) || ms < limits.minMs || ms > limits.maxMs) {
    throw error(key, range);
  }
  return ms;
}

// What `bytes` parses, made strict: it reads `12abc` as 12 bytes, and it has no `kib`-style
// units, which our docs have always accepted (both mean powers of 1024, as `bytes` does).
const SIZE = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])i?b|b)?$/i;

/**
 * A byte count, or a size such as `512kb`, `5mb`, `1 GiB` (powers of 1024, read by `bytes`);
 * `defaultBytes` when absent.
 *
 * @public
 */
export function readAwsConfigSize(
  raw: unknown,
  key: string,
  error: AwsConfigErrorFactory,
  defaultBytes: number,
): number {
  if (raw === undefined) return defaultBytes;
  let size = NaN;
  if (typeof raw === 'number') {
    size = raw;
  } else if (typeof raw === 'string') {
    const match = SIZE.exec(raw.trim());
    if (match) {
      size =
        bytes.parse(`${match[1]}${match[2] ? `${match[2]}b` : 'b'}`) ?? NaN;
    }
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw error(key, `'${String(raw)}' is not a size such as 5mb or 1048576`);
  }
  return size;
}

/**
 * A group mapping, read from `config.getOptionalConfigArray(...)` at `key`: a list of
 * `{ <nameKey>, group }`, each outside group name (an IdP's, a directory's) once, to the Group
 * entity ref its members join (`platform` is `group:<defaultNamespace>/platform`). `source`
 * names whose groups they are in the errors (`IdP`: "map each IdP group once").
 *
 * @public
 */
export function readAwsConfigGroupMapping(
  entries: Config[],
  key: string,
  error: AwsConfigErrorFactory,
  options: { nameKey: string; source: string; defaultNamespace?: string },
): Map<string, string> {
  const { nameKey, source, defaultNamespace = 'default' } = options;
  const mapping = new Map<string, string>();
  entries.forEach((entry, index) => {
    const at = `${key}[${index}]`;
    const name = entry.getOptional(nameKey);
    const group = entry.getOptional('group');
    if (typeof name !== 'string' || name === '') {
      throw error(`${at}.${nameKey}`, `is required: the ${source} group name`);
    }
    if (mapping.has(name)) {
      throw error(
        `${at}.${nameKey}`,
        `'${name}' is mapped twice: map each ${source} group once`,
      );
    }
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(String(group ?? ''), {
          defaultKind: 'group',
          defaultNamespace,
        }),
      );
    } catch {
      throw error(
        `${at}.group`,
        `'${group ?? ''}' is not a Group entity ref (group:default/platform)`,
      );
    }
    if (!ref.startsWith('group:')) {
      throw error(`${at}.group`, `'${group}' is not a Group entity ref`);
    }
    mapping.set(name, ref);
  });
  return mapping;
}
