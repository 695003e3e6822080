import aws4 from 'aws4';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Identities, KnownKey } from '../state/Identities';
import { AuthProblem, header, SignatureClaim } from './parseSignature';

/** AWS refuses signatures dated more than this far from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The request target exactly as received: raw path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body, when buffered (undefined when it was too large to keep). */
  body: Buffer | undefined;
  /** SHA-256 of the whole body, hex. */
  bodySha256: string;
}

function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)!;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** The signature time against the emulator's clock, as AWS checks it (messages as AWS words them). */
function checkTime(claim: SignatureClaim, now: number) {
  const signedAt = parseAmzDate(claim.amzDate);
  if (claim.scopeDate !== claim.amzDate.slice(0, 8)) {
    throw new AuthProblem(
      'badSignature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scopeDate}' != '${claim.amzDate.slice(0, 8)}'`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    throw new AuthProblem(
      'clockSkew',
      `Signature not yet current: ${claim.amzDate} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  if (claim.form === 'query') {
    if (signedAt + claim.expiresSeconds! * 1000 < now) {
      throw new AuthProblem('presignedExpired');
    }
  } else if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    throw new AuthProblem(
      'clockSkew',
      `Signature expired: ${claim.amzDate} is now earlier than ${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
}

/** The access key must be known, and a session token must match it and be unexpired. */
function checkKey(
  claim: SignatureClaim,
  identities: Identities,
  now: number,
): KnownKey {
  const key = identities.findKey(claim.accessKeyId);
  if (!key || key.sessionToken !== claim.sessionToken) {
    throw new AuthProblem('unknownKey');
  }
  if (key.expiresAt !== undefined && key.expiresAt <= now) {
    throw new AuthProblem('expiredToken');
  }
  return key;
}

/** `x-amz-content-sha256`, when sent, must be the body's hash or `UNSIGNED-PAYLOAD`. */
function checkContentHash(request: SignedRequest) {
  const declared = request.headers['x-amz-content-sha256'];
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') return;
  if (declared !== request.bodySha256) {
    throw new AuthProblem(
      'contentHashMismatch',
      `Client computed: ${declared}, server computed: ${request.bodySha256}`,
    );
  }
}

/** The request target without the `X-Amz-Signature` parameter, which is not signed. */
function withoutSignatureParam(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter(p => !p.startsWith('X-Amz-Signature='));
  return params.length
    ? `${url.slice(0, q)}?${params.join('&')}`
    : url.slice(0, q);
}

/**
 * Computes the signature with the `aws4` package, an implementation independent of the
 * `@smithy/signature-v4` our plugins sign with, so a mistake in one is not hidden by the
 * same mistake in the other. aws4 is given exactly the headers the client says it signed.
 */
function expectedSignature(
  claim: SignatureClaim,
  request: SignedRequest,
  key: KnownKey,
) {
  const headers: Record<string, string> = {};
  const include: Record<string, boolean> = {};
  for (const name of claim.signedHeaders) {
    const value = header(request.headers, name);
    if (value === undefined) {
      throw new AuthProblem('badSignature');
    }
    headers[name] = value;
    include[name] = true;
  }
  const signer = new aws4.RequestSigner(
    {
      method: request.method,
      path:
        claim.form === 'query'
          ? withoutSignatureParam(request.url)
          : request.url,
      headers,
      body: request.body,
      service: claim.service,
      region: claim.region,
      signQuery: claim.form === 'query',
      // Sign what was sent: no added Content-Type, X-Amz-Date or token headers.
      doNotModifyHeaders: true,
      // aws4 skips some headers (user-agent, range, ...) unless told the client signed them.
      extraHeadersToInclude: include,
    } as aws4.Request,
    {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: claim.form === 'query' ? claim.sessionToken : undefined,
    },
  );
  signer.datetime = claim.amzDate;
  try {
    return signer.signature();
  } catch {
    // A path aws4 cannot decode (a stray `%`) cannot have been signed correctly.
    throw new AuthProblem('badSignature');
  }
}

/**
 * Verifies a SigV4-signed request: the time, the key and its session token, the declared
 * payload hash, then the signature. Returns the key it was signed with; throws AuthProblem.
 */
export function verifySignature(
  claim: SignatureClaim,
  request: SignedRequest,
  identities: Identities,
  now: number,
): KnownKey {
  if (!claim.signedHeaders.includes('host')) {
    throw new AuthProblem(
      'incompleteSignature',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  checkTime(claim, now);
  const key = checkKey(claim, identities, now);
  checkContentHash(request);
  if (
    claim.form === 'header' &&
    request.body === undefined &&
    request.headers['x-amz-content-sha256'] === undefined
  ) {
    throw new AuthProblem(
      'incompleteSignature',
      'A body this large must be signed with an x-amz-content-sha256 header.',
    );
  }
  const expected = Buffer.from(expectedSignature(claim, request, key));
  const given = Buffer.from(claim.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AuthProblem('badSignature');
  }
  return key;
}
