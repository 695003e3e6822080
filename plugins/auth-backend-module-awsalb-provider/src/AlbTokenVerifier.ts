import { compactVerify, errors as joseErrors } from 'jose';
import { AlbKeyCache, isAlbKeyId } from './AlbKeyCache';
import { isCompactJwt } from './compactJwt';
import { AwsAlbAuthError } from './errors';

/**
 * The header of the ALB's `x-amzn-oidc-data` token. Besides `alg` and `kid`, the ALB puts the
 * signing ALB's ARN, the issuer, the OIDC client ID and the expiry here.
 *
 * @public
 */
export type AlbTokenHeader = {
  alg: 'ES256';
  kid: string;
  signer: string;
  iss?: string;
  client?: string;
  exp?: number;
  [name: string]: unknown;
};

/**
 * The user claims the ALB got from the IdP's userinfo endpoint, as it signed them.
 *
 * @public
 */
export type AlbUserClaims = {
  sub: string;
  iss?: string;
  exp?: number;
  [claim: string]: unknown;
};

/** @public */
export type VerifiedAlbToken = {
  header: AlbTokenHeader;
  claims: AlbUserClaims;
  /** When the token expires, in seconds since the epoch. */
  expiresAt: number;
};

/** @public */
export type AlbTokenVerifierOptions = {
  issuer: string;
  /** The accepted ALB ARNs, or 'any'. */
  signers: string[] | 'any';
  /** The accepted OIDC client IDs (the header's `client`); unset accepts any. */
  clientIds?: string[];
  clockToleranceSeconds: number;
  keys: AlbKeyCache;
  /** The clock, in milliseconds since the epoch; for tests. */
  now?: () => number;
};

/** A value from the token, quoted for an error message and cut short: it is attacker-chosen. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function decodeJsonSegment(
  segment: string,
  what: string,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    // The parser's message quotes the input, which is part of the token: leave it out.
    throw new AwsAlbAuthError(
      'malformed-token',
      `The ALB token's ${what} is not JSON`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsAlbAuthError(
      'malformed-token',
      `The ALB token's ${what} is not a JSON object`,
    );
  }
  return value as Record<string, unknown>;
}

function readTime(
  source: Record<string, unknown>,
  claim: string,
  where: string,
): number | undefined {
  const value = source[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AwsAlbAuthError(
      'malformed-token',
      `The ALB token's ${where} ${claim} is not a number of seconds`,
    );
  }
  return value;
}

/**
 * Verifies the ALB's `x-amzn-oidc-data` token as AWS specifies: ES256 only, signed with the
 * key the ALB key endpoint serves for the token's `kid`, by one of the configured ALBs, for
 * the configured issuer and client, and not expired. Checks that need no key run first, so a
 * forged token with a foreign signer or a bad kid never causes a key fetch.
 *
 * @public
 */
export class AlbTokenVerifier {
  readonly #options: AlbTokenVerifierOptions;
  readonly #now: () => number;

  constructor(options: AlbTokenVerifierOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<VerifiedAlbToken> {
    if (!isCompactJwt(token)) {
      throw new AwsAlbAuthError(
        'malformed-token',
        'The ALB token is not a JWT: expected three base64url segments',
      );
    }
    const [headerSegment, payloadSegment] = token.split('.');
    const header = decodeJsonSegment(headerSegment, 'header');

    if (header.alg !== 'ES256') {
      throw new AwsAlbAuthError(
        'unsupported-algorithm',
        `The ALB token's alg is ${quote(header.alg)}; only ES256 is accepted`,
      );
    }
    if (!isAlbKeyId(header.kid)) {
      throw new AwsAlbAuthError(
        'invalid-kid',
        `The ALB token's kid ${quote(header.kid)} is not a UUID`,
      );
    }
    this.#checkSigner(header.signer);

    const key = await this.#options.keys.getKey(header.kid);
    try {
      await compactVerify(token, key, { algorithms: ['ES256'] });
    } catch (error) {
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw new AwsAlbAuthError(
          'invalid-signature',
          `The ALB token's signature does not match the ALB key ${header.kid}`,
        );
      }
      throw new AwsAlbAuthError(
        'malformed-token',
        `The ALB token could not be verified: ${(error as Error).message}`,
      );
    }

    const claims = decodeJsonSegment(payloadSegment, 'payload');
    const verifiedHeader = header as AlbTokenHeader;
    const expiresAt = this.#checkClaims(verifiedHeader, claims);
    return {
      header: verifiedHeader,
      claims: claims as AlbUserClaims,
      expiresAt,
    };
  }

  #checkSigner(signer: unknown) {
    const { signers } = this.#options;
    if (typeof signer !== 'string' || signer === '') {
      throw new AwsAlbAuthError(
        'invalid-signer',
        "The ALB token's header has no signer",
      );
    }
    if (signers !== 'any' && !signers.includes(signer)) {
      throw new AwsAlbAuthError(
        'invalid-signer',
        `The ALB token was signed by ${quote(signer)}, which is not a configured signer`,
      );
    }
  }

  /** Checks issuer, client and times; returns the expiry. */
  #checkClaims(
    header: AlbTokenHeader,
    claims: Record<string, unknown>,
  ): number {
    const {
      issuer,
      clientIds,
      clockToleranceSeconds: tolerance,
    } = this.#options;

    // The ALB writes iss into both the header and the payload; both must match.
    for (const [where, iss] of [
      ['header', header.iss],
      ['payload', claims.iss],
    ] as const) {
      if (iss !== undefined && iss !== issuer) {
        throw new AwsAlbAuthError(
          'invalid-issuer',
          `The ALB token's issuer ${quote(iss)} (in its ${where}) is not the configured issuer ${quote(issuer)}`,
        );
      }
    }
    if (header.iss === undefined && claims.iss === undefined) {
      throw new AwsAlbAuthError('missing-claim', 'The ALB token has no iss');
    }

    if (
      clientIds &&
      (typeof header.client !== 'string' || !clientIds.includes(header.client))
    ) {
      throw new AwsAlbAuthError(
        'invalid-client',
        `The ALB token's client ${quote(header.client)} is not a configured clientId`,
      );
    }

    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new AwsAlbAuthError('missing-claim', 'The ALB token has no sub');
    }

    const now = Math.floor(this.#now() / 1000);
    const expiries = [
      readTime(header, 'exp', 'header'),
      readTime(claims, 'exp', 'payload'),
    ].filter((exp): exp is number => exp !== undefined);
    if (expiries.length === 0) {
      throw new AwsAlbAuthError('missing-claim', 'The ALB token has no exp');
    }
    const expiresAt = Math.min(...expiries);
    if (now > expiresAt + tolerance) {
      throw new AwsAlbAuthError(
        'expired',
        `The ALB token expired at ${new Date(expiresAt * 1000).toISOString()}, ${now - expiresAt} s ago`,
      );
    }
    const notBefore = readTime(claims, 'nbf', 'payload');
    if (notBefore !== undefined && now + tolerance < notBefore) {
      throw new AwsAlbAuthError(
        'not-yet-valid',
        `The ALB token is not valid before ${new Date(notBefore * 1000).toISOString()}`,
      );
    }
    const issuedAt = readTime(claims, 'iat', 'payload');
    if (issuedAt !== undefined && now + tolerance < issuedAt) {
      throw new AwsAlbAuthError(
        'not-yet-valid',
        `The ALB token was issued in the future, at ${new Date(issuedAt * 1000).toISOString()}`,
      );
    }
    return expiresAt;
  }
}
