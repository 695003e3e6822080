import { NotAllowedError } from '@backstage/errors';
import { withReason } from './proxyErrors';

/**
 * What a request to AWS names as its operation, read the way AWS reads it, for the
 * `allowedOperations` check. A request whose body this cannot read with certainty (an encoded
 * body, a media type that is not one, a form in another charset, JSON that does not parse) is
 * refused rather than guessed at: the check must never see one operation where AWS sees another.
 */
export type OperationRequest = {
  /** The headers that go to AWS, lower-case names, repeats joined with `, `. */
  headers: Record<string, string>;
  /** The path sent to AWS, percent-encoded, without the query. */
  path: string;
  queryParams: Record<string, string | string[]>;
  /** The body that goes to AWS; undefined when it streams unread (S3 routes). */
  body?: Buffer;
};

/** An RFC 9110 media type, `type/subtype`, nothing else: no list, no stray characters. */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** The JSON protocols' media types: AWS JSON 1.0/1.1 (X-Amz-Target) and REST-JSON. */
function isJsonMediaType(mediaType: string): boolean {
  return (
    mediaType === 'application/json' ||
    mediaType === 'application/x-amz-json-1.0' ||
    mediaType === 'application/x-amz-json-1.1' ||
    mediaType.endsWith('+json')
  );
}

/** Smithy RPC v2 names the operation in the path: `/service/<Service>/operation/<Operation>`. */
const RPC_V2_PATH = /\/service\/[^/]+\/operation\/([^/]+)\/?$/;

function uninspectable(why: string): NotAllowedError {
  return withReason(
    new NotAllowedError(
      `The request cannot be checked against this route's allowedOperations: ${why}`,
    ),
    'operation-not-allowed',
  );
}

/** The media type and its charset; throws when the header is anything but one media type. */
function readContentType(value: string | undefined): {
  mediaType?: string;
  charset?: string;
} {
  if (value === undefined || value.trim() === '') return {};
  const [type, ...params] = value.split(';');
  const mediaType = type.trim().toLowerCase();
  if (!MEDIA_TYPE.test(mediaType)) {
    throw uninspectable(
      'Content-Type is not one media type (send a single Content-Type header)',
    );
  }
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = param
      .slice(0, eq < 0 ? undefined : eq)
      .trim()
      .toLowerCase();
    if (name !== 'charset') continue;
    if (charset !== undefined) {
      throw uninspectable('Content-Type names a charset twice');
    }
    charset = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return { mediaType, charset };
}

/** The Action parameters of a form body, names matched without case as in the query. */
function formActions(body: Buffer): string[] {
  const actions: string[] = [];
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (name.toLowerCase() === 'action') actions.push(value);
  }
  return actions;
}

/**
 * The operations a body names. A JSON body names none (JSON protocols name the operation in
 * X-Amz-Target) but must parse as JSON, as AWS will parse it; any other body is read as a
 * form, as query APIs read it whatever its declared type, and must be UTF-8.
 */
function bodyOperations(
  headers: Record<string, string>,
  body: Buffer,
): string[] {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw uninspectable(
      `a body sent with Content-Encoding '${encoding.slice(0, 40)}' cannot be read; send it unencoded`,
    );
  }
  const { mediaType, charset } = readContentType(headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw uninspectable(
      `a body in charset '${charset.slice(0, 40)}' cannot be read; send it as UTF-8`,
    );
  }
  if (mediaType && isJsonMediaType(mediaType)) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      throw uninspectable(
        `the body is not the JSON its type (${mediaType}) says`,
      );
    }
    return [];
  }
  return formActions(body);
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // buildRequestTarget has refused malformed escapes already
  }
}

/**
 * The operations a request names, as AWS reads them: the `X-Amz-Target` header of JSON-RPC
 * APIs (`ResourceGroupsTaggingAPI_20170126.GetResources`), the operation in a Smithy RPC v2
 * path, and every `Action` parameter of query APIs, in the query string or a form body.
 * Throws a 403 for a request it cannot read with certainty.
 */
export function requestedOperations(request: OperationRequest): string[] {
  const operations: string[] = [];
  const target = request.headers['x-amz-target'];
  if (target !== undefined) operations.push(target.trim());
  const rpcV2 = RPC_V2_PATH.exec(decodedPath(request.path));
  if (rpcV2) operations.push(rpcV2[1]);
  // Parameter names are matched without case, so that `action=` cannot slip past the check.
  for (const [name, value] of Object.entries(request.queryParams)) {
    if (name.toLowerCase() === 'action') operations.push(...[value].flat());
  }
  if (request.body && request.body.length > 0) {
    operations.push(...bodyOperations(request.headers, request.body));
  }
  return operations;
}
