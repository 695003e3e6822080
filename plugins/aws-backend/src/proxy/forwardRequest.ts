import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import { Agent, Dispatcher, errors as undiciErrors } from 'undici';
import type { BodyBudget } from './BodyBudget';
import {
  badGateway,
  gatewayTimeout,
  ProxyError,
  requestTimeout,
  sendProxyError,
  statusOf,
} from './proxyErrors';
import { hasBody, readSignedBody } from './requestBody';
import { buildRequestTarget } from './requestTarget';
import { recordCallDetails } from './auditProxyCall';
import { readCallerScope } from './callerScope';
import { ownAccount, ProxyRoute, RouteTarget } from './config/routeTypes';
import type { RouteSigners } from './RouteSigners';
import { checkMethod, checkOperations } from './requestRules';
import { requestedOperations } from './requestOperations';

/** Methods whose requests carry a body, so an empty one is still sent as `content-length: 0`. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * One route's upstream connections: an undici Agent, which keeps a keep-alive pool per origin,
 * of at most `maxConnections` connections each. A route has its own, so that slow calls on one
 * route cannot take the connections another route needs to the same origin. undici costs far
 * less per request than node:http's client (docs/performance.md: the proxy went from about 40%
 * to over 80% of a bare Backstage route's throughput when it moved to undici).
 */
export function createUpstreamAgent(maxConnections: number): Agent {
  return new Agent({
    connections: maxConnections,
    keepAliveTimeout: 30_000,
    // AWS endpoints close idle connections after 60 s or more; never reuse one that old.
    keepAliveMaxTimeout: 50_000,
  });
}

export type ForwardContext = {
  route: ProxyRoute;
  signers: RouteSigners;
  agent: Agent;
  /** Shared by every route: what signed bodies may hold together. */
  bodyBudget: BodyBudget;
  logger: LoggerService;
};

/** The reason a call is aborted when the route's timeout passes before AWS's response headers. */
class CallDeadline extends Error {
  name = 'CallDeadline';
}

/** Where a call is when its deadline passes; it decides the answer (408 or 504). */
type CallPhase = 'checks' | 'body' | 'credentials' | 'upstream';

/** The promise's outcome, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeUpstreamError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (error.code === 'ECONNRESET') return 'connection reset (ECONNRESET)';
  if (error.code === 'ENOTFOUND') return 'host not found (ENOTFOUND)';
  if (error.code === 'UND_ERR_SOCKET') {
    return `connection closed by the upstream (${error.message})`;
  }
  return error.code ? `${error.message} (${error.code})` : error.message;
}

/**
 * Forwards one request to the route's target: checks the account and region picked and the
 * method, builds the target path, filters the headers, reads and hashes the body (or streams
 * it unsigned, for S3), checks the operation, signs, sends, and pipes the answer back as it
 * arrives. Every failure answers in Backstage's error shape: 400 for a path, query, account or
 * region that may not be used, 403 for a method or operation the route does not allow, 413
 * for a body over the limit, 408 for a body that does not arrive in time, 503 when the
 * bodies held together reach aws.proxy.maxBufferedBodySize, 502 when credentials or the
 * upstream fail, 504 when AWS's response headers do not arrive in time. The route's timeout
 * counts from the start of the call to AWS's response headers, the body, the credentials and
 * the wait for a free connection included. Nothing reaches AWS before every check has passed.
 */
export async function forwardRequest(
  ctx: ForwardContext,
  req: Request,
  res: Response,
  restWithQuery: string,
): Promise<void> {
  const { route, logger } = ctx;
  // A browser that goes away takes its upstream request with it; so does the deadline.
  const abort = new AbortController();
  let clientLeft = false;
  res.once('close', () => {
    if (!res.writableFinished) {
      clientLeft = true;
      abort.abort();
    }
  });
  // A timer rather than AbortSignal.timeout: the deadline ends when AWS's response begins
  // (clearTimeout below), and a timeout signal cannot be cleared. Either way it aborts the work
  // through `abort`, not only our wait for it.
  const deadline = setTimeout(
    () => abort.abort(new CallDeadline()),
    route.timeoutMs,
  );
  let phase: CallPhase = 'checks';
  let bodyBytesTaken = 0;
  let upstream: RouteTarget = route.target;
  try {
    const scope = readCallerScope(route, req.headers);
    upstream = scope.target;
    recordCallDetails(res, {
      account: scope.accountId ?? ownAccount(route),
      region: scope.region,
    });
    const method = req.method.toUpperCase();
    checkMethod(route, method);
    const signer = await ctx.signers.forScope(scope);
    const target = buildRequestTarget(
      upstream.pathPrefix,
      restWithQuery,
      route.service === 's3',
    );
    const headers = route.headers.requestHeaders(req.rawHeaders);
    headers.host = upstream.host;
    // Content encoding is between the browser and AWS, which sees the browser's
    // Accept-Encoding. Hidden from Backstage's compression middleware, which reads it when the
    // response starts, so that it does not gzip what AWS sent: that would hold back the first
    // bytes of a stream in zlib's buffer, and change the bytes.
    delete req.headers['accept-encoding'];
    let body: Buffer | Request | undefined;
    if (route.unsignedPayload) {
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      const length = req.headers['content-length'];
      if (length !== undefined) headers['content-length'] = length;
      if (hasBody(req)) body = req;
    } else {
      phase = 'body';
      const read = await readSignedBody(
        req,
        route.maxRequestBodyBytes,
        ctx.bodyBudget,
        abort.signal,
      );
      bodyBytesTaken = read.taken;
      headers['x-amz-content-sha256'] = read.sha256;
      if (read.body.length > 0 || BODY_METHODS.has(method)) {
        headers['content-length'] = String(read.body.length);
        body = read.body;
      }
    }
    if (route.access.allowedOperations) {
      const operations = requestedOperations({
        headers,
        path: target.path,
        queryParams: target.queryParams,
        body: body instanceof Buffer ? body : undefined,
      });
      recordCallDetails(res, { operations });
      checkOperations(route, operations);
    }
    phase = 'credentials';
    // Only our wait is cut short here: the credentials being fetched are the route's shared
    // provider's, which the next call will want, so that fetch is left to finish.
    const signedHeaders = await untilAborted(
      signer.sign({
        method,
        path: target.path,
        queryParams: target.queryParams,
        headers,
      }),
      abort.signal,
    );
    phase = 'upstream';
    // undici can only abort a request once it has a connection; one still queued for a free
    // connection is answered here at the deadline, and undici drops it when it is dispatched.
    const sent = ctx.agent.stream(
      {
        origin: upstream.origin,
        path: target.query ? `${target.path}?${target.query}` : target.path,
        method: method as Dispatcher.HttpMethod,
        headers: signedHeaders,
        body,
        signal: abort.signal,
        headersTimeout: route.timeoutMs,
        // While streaming, a pause this long means the upstream is stuck.
        bodyTimeout: route.timeoutMs,
      },
      ({ statusCode, headers: upstreamHeaders }) => {
        // The response has begun: from here only bodyTimeout (a stalled stream) applies.
        clearTimeout(deadline);
        res.writeHead(
          statusCode,
          route.headers.responseHeaders(upstreamHeaders),
        );
        return res;
      },
    );
    await untilAborted(sent, abort.signal);
  } catch (error) {
    if (clientLeft) return; // nobody to answer
    const answer =
      abort.signal.reason instanceof CallDeadline
        ? deadlineError(route, upstream, phase)
        : toProxyError(route, upstream, error as Error);
    recordCallDetails(res, { error: answer });
    // A refused path or a large body is the caller's business; a fault on our side is ours.
    if (statusOf(answer) >= 500) {
      const detail =
        answer instanceof ProxyError && answer.logDetail
          ? ` (cause: ${answer.logDetail})`
          : '';
      logger.warn(
        `AWS proxy route '/${route.name}': ${req.method} failed: ${answer.message}${detail}`,
      );
    }
    sendProxyError(req, res, answer);
  } finally {
    clearTimeout(deadline);
    ctx.bodyBudget.giveBack(bodyBytesTaken);
  }
}

/** The answer when the route's timeout passes before AWS's response headers. */
function deadlineError(
  route: ProxyRoute,
  upstream: RouteTarget,
  phase: CallPhase,
): Error {
  if (phase === 'body') return requestTimeout(route.timeoutMs);
  const what =
    phase === 'credentials'
      ? `no AWS credentials within ${route.timeoutMs} ms`
      : `no response from its target within ${route.timeoutMs} ms (the wait for a free connection included)`;
  return gatewayTimeout(
    `AWS proxy route '/${route.name}': ${what}`,
    `target ${upstream.host}`,
  );
}

/** The answer for a failure: the proxy's own errors as they are, upstream faults as 502/504. */
function toProxyError(
  route: ProxyRoute,
  upstream: RouteTarget,
  error: Error,
): Error {
  if (error instanceof ProxyError || !(error as any).code) {
    // ProxyError, and InputError from the request target: already what the client should see.
    return error;
  }
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return gatewayTimeout(
      `AWS proxy route '/${route.name}': no response from its target within ${route.timeoutMs} ms`,
      `target ${upstream.host}`,
    );
  }
  // The target's address is the log's: callers learn what failed, not where the backend
  // connects (an internal host, a port).
  return badGateway(
    `AWS proxy route '/${route.name}': its target failed: ${describeUpstreamError(error as NodeJS.ErrnoException)}`,
    `target ${upstream.host}`,
  );
}
