import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AwsError, AuthFailure } from './AwsError';

/**
 * The wire formats the emulator speaks:
 * - `query`: STS and IAM (form-encoded `Action=` requests, XML answers).
 * - `json`: JSON 1.1 services (`X-Amz-Target`): Resource Groups Tagging, Cognito user pools,
 *   the Identity Store.
 * - `rest-json`: API Gateway style endpoints (the echo and stream endpoints).
 * - `rest-xml`: S3, whose errors are `<Error>` documents.
 */
export type Protocol = 'query' | 'json' | 'rest-json' | 'rest-xml';

const QUERY_NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
};

/**
 * JSON services whose error shapes spell the message `Message` and carry the request ID in
 * the body (their models say so); the others send `message`.
 */
const CAPITALISED_JSON_ERRORS = new Set(['identitystore']);

export function escapeXml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    c =>
      ({
        '<': '&lt;',
        '>': '&gt;',
        '&': '&amp;',
        "'": '&apos;',
        '"': '&quot;',
      })[c]!,
  );
}

/** `{ A: 'x', B: { C: 'y' }, D: ['p', 'q'] }` as `<A>x</A><B><C>y</C></B><D><member>p</member>...` */
export function toXml(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(item => `<member>${toXml(item)}</member>`).join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** A query-protocol success: `<ActionResponse><ActionResult>...</ActionResult>...`. */
export function sendQueryResult(
  res: ServerResponse,
  service: string,
  action: string,
  result: Record<string, unknown>,
) {
  const requestId = randomUUID();
  const body =
    `<${action}Response xmlns="${QUERY_NAMESPACES[service]}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  res.writeHead(200, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, body: unknown, status = 200) {
  const requestId = randomUUID();
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
  });
  res.end(JSON.stringify(body));
}

export function sendError(
  res: ServerResponse,
  protocol: Protocol,
  service: string,
  error: AwsError,
) {
  const requestId = randomUUID();
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  let body: string;
  switch (protocol) {
    case 'query':
      headers['content-type'] = 'text/xml';
      body =
        `<ErrorResponse xmlns="${
          QUERY_NAMESPACES[service] ?? QUERY_NAMESPACES.sts
        }">` +
        `<Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
        `<Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`;
      break;
    case 'rest-xml':
      headers['content-type'] = 'application/xml';
      body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error>` +
        `<Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message>` +
        `<RequestId>${requestId}</RequestId></Error>`;
      break;
    case 'json':
      headers['content-type'] = 'application/x-amz-json-1.1';
      body = JSON.stringify({
        __type: `com.amazon.coral.service#${error.code}`,
        ...(CAPITALISED_JSON_ERRORS.has(service)
          ? { Message: error.message, RequestId: requestId }
          : { message: error.message }),
        ...error.fields,
      });
      break;
    default:
      headers['content-type'] = 'application/json';
      headers['x-amzn-errortype'] = error.code;
      body = JSON.stringify({ message: error.message });
  }
  if (!res.headersSent) res.writeHead(error.status, headers);
  res.end(body);
}

/**
 * The code, status and message AWS answers an authentication failure with, for the
 * protocol family of the service that was called. `detail` completes the message where
 * AWS puts specifics in it (the clock-skew times, the expected hash).
 */
export function authError(
  protocol: Protocol,
  failure: AuthFailure,
  detail = '',
): AwsError {
  const json = protocol === 'json' || protocol === 'rest-json';
  const status = protocol === 'json' ? 400 : 403;
  switch (failure) {
    case 'missingAuthentication':
      return new AwsError(
        json
          ? 'MissingAuthenticationTokenException'
          : 'MissingAuthenticationToken',
        status,
        'Request is missing Authentication Token',
      );
    case 'badSignature':
      return new AwsError(
        json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch',
        status,
        'The request signature we calculated does not match the signature you provided. ' +
          'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    case 'unknownKey':
      return new AwsError(
        json ? 'UnrecognizedClientException' : 'InvalidClientTokenId',
        status,
        protocol === 'rest-xml'
          ? 'The AWS Access Key Id you provided does not exist in our records.'
          : 'The security token included in the request is invalid.',
      );
    case 'expiredToken':
      return new AwsError(
        json ? 'ExpiredTokenException' : 'ExpiredToken',
        protocol === 'rest-xml' ? 400 : status,
        'The security token included in the request is expired',
      );
    case 'clockSkew':
      if (protocol === 'rest-xml') {
        return new AwsError(
          'RequestTimeTooSkewed',
          403,
          `The difference between the request time and the current time is too large. ${detail}`,
        );
      }
      return new AwsError(
        json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch',
        status,
        detail,
      );
    case 'presignedExpired':
      return new AwsError('AccessDenied', 403, 'Request has expired');
    case 'contentHashMismatch':
      return new AwsError(
        'XAmzContentSHA256Mismatch',
        400,
        `The provided 'x-amz-content-sha256' header does not match what was computed. ${detail}`,
      );
    case 'incompleteSignature':
      return new AwsError(
        json ? 'IncompleteSignatureException' : 'IncompleteSignature',
        protocol === 'json' || protocol === 'query' ? 400 : 403,
        detail,
      );
    default:
      throw new Error(
        `unknown authentication failure ${failure satisfies never}`,
      );
  }
}
