import { isAwsProxyErrorReason } from '../proxyErrors';
import {
  AwsBackendUnreachableError,
  AwsCallContext,
  AwsCallError,
  AwsProxyRefusedError,
  AwsServiceError,
} from './errors';
import { xmlText } from './xmlText';

// Enough of any error body to find its code and message; AWS's are small.
const MAX_BODY_CHARS = 64 * 1024;

type ProxyErrorBody = {
  error: { name: string; message: string; reason?: unknown };
  response: { statusCode: number };
};

function isProxyErrorBody(body: any): body is ProxyErrorBody {
  return (
    typeof body?.error?.name === 'string' &&
    typeof body?.error?.message === 'string' &&
    typeof body?.response?.statusCode === 'number'
  );
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * AWS's error code, wherever the service's protocol puts it: the `x-amzn-errortype` header
 * (`AccessDeniedException:http://...`), a JSON `__type` (`com.amazon...#ThrottlingException`)
 * or `code`, or an XML `<Code>` (query and REST-XML services).
 */
function awsErrorCode(response: Response, json: any, text: string) {
  const fromHeader = response.headers.get('x-amzn-errortype')?.split(':')[0];
  const fromJson = json?.__type ?? json?.code ?? json?.Code;
  const raw =
    fromHeader ||
    (typeof fromJson === 'string' ? fromJson : undefined) ||
    xmlText(text, 'Code');
  return raw?.slice(raw.lastIndexOf('#') + 1).trim() || undefined;
}

function awsErrorMessage(json: any, text: string): string {
  const fromJson = json?.message ?? json?.Message;
  return (
    (typeof fromJson === 'string' ? fromJson : undefined) ??
    xmlText(text, 'Message') ??
    ''
  );
}

/**
 * Turns a non-2xx answer from the proxy into the error it stands for: the proxy's own refusal
 * (Backstage's error body), AWS's error (its code and message), or, when neither is there and
 * the status is a 5xx, something in front of the backend answering for it.
 */
export async function readErrorResponse(
  response: Response,
  context: AwsCallContext,
): Promise<AwsCallError> {
  const text = (await response.text().catch(() => '')).slice(0, MAX_BODY_CHARS);
  const json = parseJson(text);

  if (isProxyErrorBody(json)) {
    const { name, message, reason } = json.error;
    return new AwsProxyRefusedError(
      response.status,
      isAwsProxyErrorReason(reason) ? reason : undefined,
      name,
      message,
      context,
    );
  }

  const code = awsErrorCode(response, json, text);
  if (code) {
    const requestId =
      response.headers.get('x-amzn-requestid') ??
      response.headers.get('x-amz-request-id') ??
      xmlText(text, 'RequestId');
    return new AwsServiceError(
      response.status,
      code,
      awsErrorMessage(json, text),
      requestId ?? undefined,
      context,
    );
  }

  if (response.status >= 500) {
    return new AwsBackendUnreachableError(
      `The Backstage backend did not answer: HTTP ${response.status} ${response.statusText}`.trim(),
      context,
      response.status,
    );
  }
  // Neither the proxy's shape nor AWS's: say what came back rather than guess.
  return new AwsServiceError(
    response.status,
    `HTTP ${response.status}`,
    text.slice(0, 200),
    undefined,
    context,
  );
}
