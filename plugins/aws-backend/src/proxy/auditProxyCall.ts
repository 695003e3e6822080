import type {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import type { ProxyRoute } from './config/routeTypes';

/** What forwardRequest learns about a call that the audit record needs. */
export type ProxyCallDetails = {
  /** The account signed for: picked, the route's own, or `main` for the main account's. */
  account?: string;
  region?: string;
  /** The operations named (X-Amz-Target, Action) on a route with allowedOperations. */
  operations?: string[];
  /** The error the proxy answered with, if it answered with one. */
  error?: Error;
};

const DETAILS = Symbol('aws-proxy-call');

/** Adds to what the audit record of this call will say. */
export function recordCallDetails(res: Response, details: ProxyCallDetails) {
  const locals = res.locals as { [DETAILS]?: ProxyCallDetails };
  locals[DETAILS] = { ...locals[DETAILS], ...details };
}

function callDetails(res: Response): ProxyCallDetails {
  return (res.locals as { [DETAILS]?: ProxyCallDetails })[DETAILS] ?? {};
}

/** Methods that only read; a call with any other is recorded at medium severity. */
export const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The request as the auditor sees it, fixed when the call starts: the URL without its query
 * string, since query values can hold anything (tokens, search terms, personal data), and the
 * client's address read now (Express reads `ip` from the socket, which a request whose body was
 * streamed upstream, as to S3, no longer has when the outcome is written). The proxy also
 * checks the caller's token on this view, so the auditor finds the credentials already
 * resolved for it (Backstage's `httpAuth` caches them per request object).
 *
 * A plain object that reads through to the request, not `Object.create(req)`: an object made
 * the prototype of another is reshaped by V8 (it gets a prototype map), and every property
 * read on that request afterwards, in Express and in the proxy, went slower. That alone cost
 * the proxy a quarter of its throughput with auditing on (docs/performance.md, issue 31).
 */
export function auditedRequestView(req: Request): Request {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const view = {
    method: req.method,
    originalUrl: q < 0 ? url : url.slice(0, q),
    ip: req.ip,
    hostname: req.hostname,
    // What Backstage's auditor and httpAuth read: the token and the user agent.
    headers: req.headers,
    get: (name: string) => req.get(name),
    header: (name: string) => req.get(name),
  };
  return view as unknown as Request;
}

/**
 * Records one proxied call with the auditor service (event `proxy-request`): who (the
 * auditor's actor), the route, method and path (no query), the account and region signed
 * for, the operation, the status and the duration. Never bodies, query values, headers or
 * secrets. The `initiated` record is written when the call starts; `succeeded` (status below
 * 400) or `failed` when the response ends or the client goes away.
 */
export function auditProxyCall(options: {
  auditor: AuditorService;
  logger: LoggerService;
  route: ProxyRoute;
  /** The call's request as {@link auditedRequestView} gives it. */
  request: Request;
  res: Response;
  /** The path under the route, without the query. */
  path: string;
}): void {
  const { auditor, logger, route, request, res } = options;
  const started = performance.now();
  const method = request.method.toUpperCase();
  const meta = {
    route: `/${route.name}`,
    method,
    path: options.path.slice(0, 1024),
  };
  const report = (error: unknown) =>
    logger.warn(
      `Could not write the audit record of an AWS proxy call to '/${route.name}': ${
        (error as Error).message
      }`,
    );
  const event: Promise<AuditorServiceEvent | undefined> = auditor
    .createEvent({
      eventId: 'proxy-request',
      severityLevel: READ_METHODS.has(method) ? 'low' : 'medium',
      request,
      meta,
    })
    .catch(error => {
      report(error);
      return undefined;
    });

  let recorded = false;
  const finish = () => {
    if (recorded) return;
    recorded = true;
    const details = callDetails(res);
    const completed = res.writableFinished;
    const status = res.statusCode;
    const outcome = {
      ...meta,
      ...(details.account ? { account: details.account } : {}),
      ...(details.region ? { region: details.region } : {}),
      ...(details.operations?.length
        ? { operation: details.operations.join(',').slice(0, 200) }
        : {}),
      status,
      durationMs: Math.round(performance.now() - started),
      ...(completed ? {} : { aborted: true }),
    };
    event
      .then(e => {
        if (!e) return undefined;
        if (completed && status < 400) return e.success({ meta: outcome });
        const error =
          details.error ??
          new Error(
            completed
              ? `AWS answered ${status}`
              : 'The client went away before the response ended',
          );
        return e.fail({ error, meta: outcome });
      })
      .catch(report);
  };
  // A response emits 'close' once it has been sent, or when the client went away before that
  // (then `writableFinished` is false): one listener sees both.
  res.once('close', finish);
}
