import type { IncomingHttpHeaders } from 'node:http';
import { AuthFailure } from '../protocols/AwsError';

/** An authentication failure found before the service-specific error format is known. */
export class AuthProblem extends Error {
  constructor(
    readonly failure: AuthFailure,
    detail = '',
  ) {
    super(detail);
  }
}

/** What a request's SigV4 signature claims, from its Authorization header or presigned query. */
export interface SignatureClaim {
  form: 'header' | 'query';
  accessKeyId: string;
  /** The credential scope's parts. */
  scopeDate: string;
  region: string;
  service: string;
  /** Lower-case header names, as listed by the signer. */
  signedHeaders: string[];
  signature: string;
  /** `YYYYMMDDTHHMMSSZ`: `X-Amz-Date`, or the `Date` header converted. */
  amzDate: string;
  /** Presigned URLs only: seconds the signature is valid from `amzDate`. */
  expiresSeconds?: number;
  sessionToken?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** A header's value; repeats joined with commas, as SigV4 canonicalises them. */
export function header(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseScope(credential: string) {
  // <access key id>/<yyyymmdd>/<region>/<service>/aws4_request
  const parts = credential.split('/');
  if (
    parts.length !== 5 ||
    parts[4] !== 'aws4_request' ||
    !/^\d{8}$/.test(parts[1])
  ) {
    throw new AuthProblem(
      'incompleteSignature',
      `Credential should be scoped to a valid date, region and service: ${credential.split('/').slice(1).join('/')}`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = parts;
  return { accessKeyId, scopeDate, region, service };
}

function toAmzDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{8}T\d{6}Z$/.test(value)) return value;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return undefined;
  return new Date(parsed).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * Reads the signature a request claims to carry. Returns undefined for an unsigned request;
 * throws `AuthProblem('incompleteSignature')` for a malformed one.
 */
export function parseSignature(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): SignatureClaim | undefined {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const match =
      /^(\S+)\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(
        authorization,
      );
    if (!match) {
      throw new AuthProblem(
        'incompleteSignature',
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
      );
    }
    if (match[1] !== ALGORITHM) {
      throw new AuthProblem(
        'incompleteSignature',
        `Unsupported AWS 'algorithm': '${match[1]}'`,
      );
    }
    const amzDate = toAmzDate(
      header(headers, 'x-amz-date') ?? header(headers, 'date'),
    );
    if (!amzDate) {
      throw new AuthProblem(
        'incompleteSignature',
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    return {
      form: 'header',
      ...parseScope(match[2]),
      signedHeaders: match[3].split(';'),
      signature: match[4],
      amzDate,
      sessionToken: header(headers, 'x-amz-security-token'),
    };
  }

  if (!query.has('X-Amz-Signature') && !query.has('X-Amz-Credential'))
    return undefined;
  const missing = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
    'X-Amz-Signature',
  ].filter(name => !query.get(name));
  if (missing.length > 0) {
    throw new AuthProblem(
      'incompleteSignature',
      `A presigned request requires ${missing.join(', ')}.`,
    );
  }
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new AuthProblem(
      'incompleteSignature',
      `Unsupported AWS 'algorithm': '${query.get('X-Amz-Algorithm')}'`,
    );
  }
  const amzDate = toAmzDate(query.get('X-Amz-Date')!);
  const expires = query.has('X-Amz-Expires')
    ? Number(query.get('X-Amz-Expires'))
    : 604800;
  if (
    !amzDate ||
    !Number.isInteger(expires) ||
    expires < 1 ||
    expires > 604800
  ) {
    throw new AuthProblem(
      'incompleteSignature',
      'X-Amz-Date must be YYYYMMDDTHHMMSSZ and X-Amz-Expires between 1 and 604800 seconds.',
    );
  }
  return {
    form: 'query',
    ...parseScope(query.get('X-Amz-Credential')!),
    signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
    signature: query.get('X-Amz-Signature')!,
    amzDate,
    expiresSeconds: expires,
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
  };
}
