import { maxHeaderSize as nodeMaxHeaderSize } from 'node:http';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { AwsAlbIdp, ClaimMapping, IDP_NAMES, IDP_PRESETS } from './idpPresets';

/** Where the provider's config lives; every config error names its key under it. */
export const CONFIG_ROOT = 'auth.providers.awsalb';

/**
 * The longest ALB header accepted by default. It must stay well under Node's limit on all of
 * a request's headers together (`http.maxHeaderSize`, 16 KiB unless `--max-http-header-size`
 * raises it): past that, Node answers a bare 431 before this module sees the request, so a
 * larger default could never be reached. 12 KiB leaves 4 KiB for the other headers.
 */
const DEFAULT_MAX_HEADER_BYTES = 12 * 1024;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 10;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

/** An ALB's ARN; the region and account are captured. */
const ALB_ARN =
  /^arn:aws(?:-[a-z]+)*:elasticloadbalancing:([a-z]{2,}(?:-[a-z]+)+-\d+):(\d{12}):loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}$/;
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-\d+$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** A cookie name: an HTTP token (RFC 6265). */
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** The ALB's default `SessionCookieName`. */
export const DEFAULT_SESSION_COOKIE_NAME = 'AWSELBAuthSessionCookie';
const CLAIM_NAME = /^\S{1,128}$/;

/** The access-token check, on when `accessToken` is configured. */
export type AccessTokenOptions = {
  /** Where the IdP's keys are; when unset, read from the issuer's discovery document. */
  jwksUrl?: string;
  issuer: string;
  audiences?: string[];
  requiredScopes: string[];
};

/** The provider's config, read and checked once at startup. */
export type AwsAlbProviderOptions = {
  issuer: string;
  /** The ALB ARNs whose signature is accepted, or 'any' when `dangerouslyAllowAnySigner`. */
  signers: string[] | 'any';
  /** The key endpoint; a key's URL is `<publicKeyEndpoint>/<kid>`. */
  publicKeyEndpoint: string;
  clientIds?: string[];
  clockToleranceSeconds: number;
  identityHeader: string;
  accessTokenHeader: string;
  maxHeaderBytes: number;
  idp: AwsAlbIdp;
  claims: ClaimMapping;
  accessToken?: AccessTokenOptions;
  sessionDurationSeconds?: number;
  /** Sign-out: the ALB's session cookie, and where the browser goes next. */
  signOut: {
    /** The authenticate action's `SessionCookieName`; its shards are `<name>-0`, `<name>-1`, ... */
    sessionCookieName: string;
    /** The IdP's logout URL; without it, sign-out ends only the ALB's session. */
    logoutUrl?: string;
  };
};

function configError(key: string, message: string): InputError {
  return new InputError(
    `Invalid ALB sign-in config at ${CONFIG_ROOT}.${key}: ${message}`,
  );
}

/**
 * The public key endpoint AWS documents for a region: the regional ELB endpoint, and for
 * GovCloud the regional S3 bucket.
 */
export function defaultPublicKeyEndpoint(region: string): string {
  if (region.startsWith('us-gov-')) {
    return `https://s3-${region}.amazonaws.com/aws-elb-public-keys-prod-${region}`;
  }
  return `https://public-keys.auth.elb.${region}.amazonaws.com`;
}

/** The region of an ALB ARN, or undefined when it is not an ALB ARN. */
export function regionOfAlbArn(arn: string): string | undefined {
  return ALB_ARN.exec(arn)?.[1];
}

/** A string, or a list of strings, as a non-empty list. */
function readStringList(
  config: Config,
  key: string,
  prefix = '',
): string[] | undefined {
  if (!config.has(key)) return undefined;
  const value = config.get(key);
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every(item => typeof item === 'string' && item.length > 0)
  ) {
    throw configError(
      prefix + key,
      'must be a string or a non-empty list of strings',
    );
  }
  return list as string[];
}

function readString(
  config: Config,
  key: string,
  prefix = '',
): string | undefined {
  if (!config.has(key)) return undefined;
  const value = config.get(key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(prefix + key, 'must be a non-empty string');
  }
  return value;
}

function readHttpUrl(
  config: Config,
  key: string,
  prefix = '',
): string | undefined {
  const value = readString(config, key, prefix);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(prefix + key, `'${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(prefix + key, `'${value}' must be an http(s) URL`);
  }
  if (url.search || url.hash) {
    throw configError(
      prefix + key,
      `'${value}' must not have a query or fragment`,
    );
  }
  return value;
}

/** An http(s) URL that may carry a query, as IdP logout URLs do. */
function readLogoutUrl(config: Config): string | undefined {
  const value = readString(config, 'logoutUrl');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError('logoutUrl', `'${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('logoutUrl', `'${value}' must be an http(s) URL`);
  }
  return value;
}

function readSessionCookieName(config: Config): string {
  const name = readString(config, 'sessionCookieName');
  if (name === undefined) return DEFAULT_SESSION_COOKIE_NAME;
  if (!COOKIE_NAME.test(name)) {
    throw configError('sessionCookieName', `'${name}' is not a cookie name`);
  }
  return name;
}

function readDurationSeconds(config: Config, key: string): number | undefined {
  if (!config.has(key)) return undefined;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  } catch (error) {
    throw configError(key, `${(error as Error).message}`);
  }
  if (!(ms >= 0)) throw configError(key, 'must not be negative');
  return ms / 1000;
}

function readSigners(config: Config): string[] | 'any' {
  const signer = readString(config, 'signer');
  const signers = readStringList(config, 'signers');
  const allowAny = config.getOptionalBoolean('dangerouslyAllowAnySigner');
  if (signer !== undefined && signers !== undefined) {
    throw configError('signers', "set either 'signer' or 'signers', not both");
  }
  const list = signers ?? (signer === undefined ? undefined : [signer]);
  if (list === undefined) {
    if (allowAny) return 'any';
    throw configError(
      'signer',
      "is required: the ARN of the ALB that signs the tokens (or a list in 'signers'). " +
        'Without it, any ALB in any AWS account could sign users in. ' +
        "Set 'dangerouslyAllowAnySigner: true' only if something else guarantees the ALB.",
    );
  }
  if (allowAny) {
    throw configError(
      'dangerouslyAllowAnySigner',
      `cannot be combined with '${signers ? 'signers' : 'signer'}'`,
    );
  }
  list.forEach((arn, index) => {
    if (!ALB_ARN.test(arn)) {
      const key = signers ? `signers[${index}]` : 'signer';
      throw configError(
        key,
        `'${arn}' is not an Application Load Balancer ARN ` +
          '(arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)',
      );
    }
  });
  return list;
}

function readPublicKeyEndpoint(
  config: Config,
  signers: string[] | 'any',
): string {
  const endpoint = readHttpUrl(config, 'publicKeyEndpoint');
  const region = readString(config, 'region');
  if (region !== undefined && !REGION.test(region)) {
    throw configError('region', `'${region}' is not an AWS region`);
  }
  // The kid is appended after a slash: `https://keys.example/` and `https://keys.example` are one endpoint.
  if (endpoint) return endpoint.replace(/\/+$/, '');
  if (region) return defaultPublicKeyEndpoint(region);
  if (signers === 'any') {
    throw configError(
      'region',
      "is required when no signer is configured (or set 'publicKeyEndpoint')",
    );
  }
  const regions = [...new Set(signers.map(arn => regionOfAlbArn(arn)!))];
  if (regions.length > 1) {
    throw configError(
      'region',
      `is required: the signers are in ${regions.join(' and ')}; ` +
        "an ALB's keys are served per region, so set 'region' or 'publicKeyEndpoint'",
    );
  }
  return defaultPublicKeyEndpoint(regions[0]);
}

function readClaimMapping(config: Config, idp: AwsAlbIdp): ClaimMapping {
  const mapping = { ...IDP_PRESETS[idp] };
  for (const field of [
    'username',
    'email',
    'displayName',
    'picture',
  ] as const) {
    const key = `${field}Claim`;
    const claim = readString(config, key);
    if (claim === undefined) continue;
    if (!CLAIM_NAME.test(claim))
      throw configError(key, `'${claim}' is not a claim name`);
    mapping[field] = [claim];
  }
  return mapping;
}

function readHeaderName(config: Config, key: string, fallback: string): string {
  const name = readString(config, key);
  if (name === undefined) return fallback;
  if (!HEADER_NAME.test(name.toLowerCase())) {
    throw configError(key, `'${name}' is not an HTTP header name`);
  }
  return name.toLowerCase();
}

function readAccessTokenOptions(
  config: Config,
  issuer: string,
): AccessTokenOptions | undefined {
  if (!config.has('accessToken')) return undefined;
  const block = config.getConfig('accessToken');
  const at = 'accessToken.';
  return {
    jwksUrl: readHttpUrl(block, 'jwksUrl', at),
    issuer: readString(block, 'issuer', at) ?? issuer,
    audiences: readStringList(block, 'audience', at),
    requiredScopes: readStringList(block, 'requiredScopes', at) ?? [],
  };
}

/**
 * Reads and checks `auth.providers.awsalb`. Every mistake throws, naming the key, so a
 * misconfigured provider stops the backend at startup rather than failing each sign-in.
 */
export function readAwsAlbProviderConfig(
  config: Config,
): AwsAlbProviderOptions {
  const issuer = readString(config, 'issuer');
  if (issuer === undefined) {
    throw configError(
      'issuer',
      "is required: the IdP's issuer URL, as in the tokens' iss claim",
    );
  }
  const signers = readSigners(config);
  const publicKeyEndpoint = readPublicKeyEndpoint(config, signers);

  const idp = (readString(config, 'idp') ?? 'generic') as AwsAlbIdp;
  if (!IDP_NAMES.includes(idp)) {
    throw configError('idp', `'${idp}' is not one of ${IDP_NAMES.join(', ')}`);
  }

  const clockToleranceSeconds =
    readDurationSeconds(config, 'clockTolerance') ??
    DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw configError('clockTolerance', 'must be at most 5 minutes');
  }

  const maxHeaderBytes =
    config.getOptionalNumber('maxHeaderBytes') ?? DEFAULT_MAX_HEADER_BYTES;
  if (!Number.isInteger(maxHeaderBytes) || maxHeaderBytes < 1024) {
    throw configError(
      'maxHeaderBytes',
      'must be a whole number of bytes, at least 1024',
    );
  }
  if (maxHeaderBytes >= nodeMaxHeaderSize) {
    throw configError(
      'maxHeaderBytes',
      `${maxHeaderBytes} can never be reached: Node refuses requests whose headers together pass ${nodeMaxHeaderSize} bytes with a bare 431 first. Set it lower, or start Node with a larger --max-http-header-size`,
    );
  }

  const sessionDurationSeconds = readDurationSeconds(config, 'sessionDuration');
  if (sessionDurationSeconds !== undefined && sessionDurationSeconds < 60) {
    throw configError('sessionDuration', 'must be at least 1 minute');
  }

  return {
    issuer,
    signers,
    publicKeyEndpoint,
    clientIds: readStringList(config, 'clientId'),
    clockToleranceSeconds,
    identityHeader: readHeaderName(
      config,
      'identityHeader',
      'x-amzn-oidc-data',
    ),
    accessTokenHeader: readHeaderName(
      config,
      'accessTokenHeader',
      'x-amzn-oidc-accesstoken',
    ),
    maxHeaderBytes,
    idp,
    claims: readClaimMapping(config, idp),
    accessToken: readAccessTokenOptions(config, issuer),
    sessionDurationSeconds,
    signOut: {
      sessionCookieName: readSessionCookieName(config),
      logoutUrl: readLogoutUrl(config),
    },
  };
}
