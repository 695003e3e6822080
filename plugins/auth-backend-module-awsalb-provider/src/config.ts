import { maxHeaderSize as nodeMaxHeaderSize } from 'node:http';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { readPublicKeyEndpoint, readSigners } from './albSigners';
import {
  configError,
  readClaimName,
  readDurationSeconds,
  readHttpUrl,
  readString,
  readStringList,
} from './configReaders';
import { AwsAlbIdp, ClaimMapping, IDP_NAMES, IDP_PRESETS } from './idpPresets';
import type { EmailTrust } from './profile';

/**
 * The longest ALB header accepted by default. It must stay well under Node's limit on all of
 * a request's headers together (`http.maxHeaderSize`, 16 KiB unless `--max-http-header-size`
 * raises it): past that, Node answers a bare 431 before this module sees the request, so a
 * larger default could never be reached. 12 KiB leaves 4 KiB for the other headers.
 */
const DEFAULT_MAX_HEADER_BYTES = 12 * 1024;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 10;
const MAX_CLOCK_TOLERANCE_SECONDS = 300;

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** A cookie name: an HTTP token (RFC 6265). */
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** The ALB's default `SessionCookieName`. */
export const DEFAULT_SESSION_COOKIE_NAME = 'AWSELBAuthSessionCookie';

/** The access-token check: on when `accessToken` is configured, and by default for Cognito. */
export type AccessTokenOptions = {
  /** Where the IdP's keys are; when unset, read from the issuer's discovery document. */
  jwksUrl?: string;
  issuer: string;
  audiences?: string[];
  requiredScopes: string[];
  /**
   * Cognito's shape: `token_use` must be `access` (not an ID token passed off as one), and
   * `client_id` (Cognito's access tokens have no `aud`) one of `clientIds` when they are set.
   */
  cognito?: { clientIds?: string[] };
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
  emailTrust: EmailTrust;
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

function readSessionCookieName(config: Config): string {
  const name = readString(config, 'sessionCookieName');
  if (name === undefined) return DEFAULT_SESSION_COOKIE_NAME;
  if (!COOKIE_NAME.test(name)) {
    throw configError('sessionCookieName', `'${name}' is not a cookie name`);
  }
  return name;
}

function readClaimMapping(config: Config, idp: AwsAlbIdp): ClaimMapping {
  const mapping = { ...IDP_PRESETS[idp] };
  for (const field of [
    'username',
    'email',
    'displayName',
    'picture',
  ] as const) {
    const claim = readClaimName(config, `${field}Claim`);
    if (claim !== undefined) mapping[field] = [claim];
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

/**
 * The access-token check. Configuring `accessToken` turns it on; for `idp: cognito` it is on
 * by default, because Cognito's access token, a JWT from the user pool's keys, is where its
 * groups are; `accessToken.enabled: false` turns it off either way.
 */
function readAccessTokenOptions(
  config: Config,
  issuer: string,
  idp: AwsAlbIdp,
  clientIds: string[] | undefined,
): AccessTokenOptions | undefined {
  const block = config.getOptionalConfig('accessToken');
  const at = 'accessToken.';
  const enabled =
    block?.getOptionalBoolean('enabled') ??
    (idp === 'cognito' || block !== undefined);
  if (!enabled) return undefined;
  return {
    jwksUrl: block && readHttpUrl(block, 'jwksUrl', at),
    issuer: (block && readString(block, 'issuer', at)) ?? issuer,
    audiences: block && readStringList(block, 'audience', at),
    requiredScopes:
      (block && readStringList(block, 'requiredScopes', at)) ?? [],
    cognito: idp === 'cognito' ? { clientIds } : undefined,
  };
}

/** Backstage's token lifetime, as its auth backend reads `auth.backstageTokenExpiration`. */
const TOKEN_LIFETIME = {
  key: 'auth.backstageTokenExpiration',
  default: 3600,
  min: 600,
  max: 86400,
};

function backstageTokenLifetimeSeconds(rootConfig: Config): number {
  if (!rootConfig.has(TOKEN_LIFETIME.key)) return TOKEN_LIFETIME.default;
  const ms = durationToMilliseconds(
    readDurationFromConfig(rootConfig, { key: TOKEN_LIFETIME.key }),
  );
  const seconds = Math.round(ms / 1000);
  return Math.min(TOKEN_LIFETIME.max, Math.max(TOKEN_LIFETIME.min, seconds));
}

/**
 * `sessionDuration` caps how long a Backstage token from this provider lives. Backstage sets
 * every token's lifetime from `auth.backstageTokenExpiration` and offers no way to shorten one,
 * so the cap is kept by refusing to start when that lifetime is longer: a token must not keep
 * working after the session it came from is meant to have ended.
 */
export function checkSessionDuration(
  rootConfig: Config,
  sessionDurationSeconds: number | undefined,
): void {
  if (sessionDurationSeconds === undefined) return;
  const lifetime = backstageTokenLifetimeSeconds(rootConfig);
  if (lifetime > sessionDurationSeconds) {
    throw configError(
      'sessionDuration',
      `${sessionDurationSeconds} s is shorter than the Backstage token's own lifetime, ${lifetime} s ` +
        `(${TOKEN_LIFETIME.key}, default 1 hour), so a token would outlive the session. Set ` +
        `${TOKEN_LIFETIME.key} to at most ${sessionDurationSeconds} s (Backstage's minimum is 10 minutes), ` +
        'or sessionDuration to at least the token lifetime',
    );
  }
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

  const clientIds = readStringList(config, 'clientId');
  return {
    issuer,
    signers,
    publicKeyEndpoint,
    clientIds,
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
    emailTrust: {
      requireVerified:
        config.getOptionalBoolean('requireVerifiedEmail') ?? true,
    },
    accessToken: readAccessTokenOptions(config, issuer, idp, clientIds),
    sessionDurationSeconds,
    signOut: {
      sessionCookieName: readSessionCookieName(config),
      // An IdP's logout URL carries its parameters in the query.
      logoutUrl: readHttpUrl(config, 'logoutUrl', '', { withQuery: true }),
    },
  };
}
