import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import {
  badGateway,
  gatewayTimeout,
  ProxyError,
  sendProxyError,
} from './proxyErrors';
import { hasBody, readSignedBody } from './requestBody';
import { buildRequestTarget } from './requestTarget';
import type { ProxyRoute } from './routeConfig';
import type { RouteSigner } from './RouteSigner';

/** Methods whose requests carry a body, so an empty one is still sent as `content-length: 0`. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The upstream connections, kept alive and reused across requests and routes. */
export type UpstreamAgents = { http: http.Agent; https: https.Agent };

export function createUpstreamAgents(): UpstreamAgents {
  // LIFO keeps the most recently used sockets busy and lets the rest idle out.
  const options = {
    keepAlive: true,
    maxSockets: 256,
    scheduling: 'lifo' as const,
  };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

export type ForwardContext = {
  route: ProxyRoute;
  signer: RouteSigner;
  agents: UpstreamAgents;
  logger: LoggerService;
};

function describeUpstreamError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (error.code === 'ECONNRESET') return 'connection reset (ECONNRESET)';
  if (error.code === 'ENOTFOUND') return 'host not found (ENOTFOUND)';
  return error.code ? `${error.message} (${error.code})` : error.message;
}

/**
 * Forwards one request to the route's target: builds the target path, filters the headers,
 * reads and hashes the body (or streams it unsigned, for S3), signs, sends, and pipes the
 * answer back as it arrives. Every failure answers in Backstage's error shape: 400 for a
 * path or query that may not be sent, 413 for a body over the limit, 502 when credentials
 * or the upstream fail, 504 when the upstream does not answer in time.
 */
export async function forwardRequest(
  ctx: ForwardContext,
  req: Request,
  res: Response,
  restWithQuery: string,
): Promise<void> {
  const { route, logger } = ctx;
  let upstreamRequest: http.ClientRequest | undefined;
  try {
    const target = buildRequestTarget(
      route.target.pathPrefix,
      restWithQuery,
      route.service === 's3',
    );
    const headers = route.headers.requestHeaders(req.rawHeaders);
    headers.host = route.target.host;
    const method = req.method.toUpperCase();
    let body: Buffer | undefined;
    if (route.unsignedPayload) {
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      const length = req.headers['content-length'];
      if (length !== undefined) headers['content-length'] = length;
    } else {
      const read = await readSignedBody(req, route.maxRequestBodyBytes);
      body = read.body;
      headers['x-amz-content-sha256'] = read.sha256;
      if (body.length > 0 || BODY_METHODS.has(method)) {
        headers['content-length'] = String(body.length);
      }
    }
    const signedHeaders = await ctx.signer.sign({
      method,
      path: target.path,
      queryParams: target.queryParams,
      headers,
    });
    const client = route.target.protocol === 'https:' ? https : http;
    const request = client.request({
      protocol: route.target.protocol,
      hostname: route.target.hostname,
      port: route.target.port || undefined,
      method,
      path: target.query ? `${target.path}?${target.query}` : target.path,
      headers: signedHeaders,
      agent:
        route.target.protocol === 'https:' ? ctx.agents.https : ctx.agents.http,
    });
    upstreamRequest = request;
    await exchange(ctx, req, res, request, body);
  } catch (error) {
    upstreamRequest?.destroy();
    if (!(error instanceof ProxyError) || error.status >= 500) {
      logger.warn(
        `AWS proxy route '/${route.name}': ${req.method} failed: ${(error as Error).message}`,
      );
    }
    sendProxyError(req, res, error as Error);
  }
}

/** Sends the request and pipes the response back; resolves when both are done or abandoned. */
function exchange(
  ctx: ForwardContext,
  req: Request,
  res: Response,
  request: http.ClientRequest,
  body: Buffer | undefined,
): Promise<void> {
  const { route } = ctx;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let headerTimer: NodeJS.Timeout | undefined = undefined;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(headerTimer);
      if (error) reject(error);
      else resolve();
    };
    headerTimer = setTimeout(() => {
      request.destroy(
        gatewayTimeout(
          `AWS proxy route '/${route.name}': no response from ${route.target.host} within ${route.timeoutMs} ms`,
        ),
      );
    }, route.timeoutMs);

    // A browser that goes away takes its upstream request with it.
    res.on('close', () => {
      if (!res.writableFinished) {
        request.destroy();
        settle();
      }
    });

    request.on('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        settle();
        return;
      }
      settle(
        error instanceof ProxyError
          ? error
          : badGateway(
              `AWS proxy route '/${route.name}': ${route.target.host} failed: ${describeUpstreamError(error)}`,
            ),
      );
    });

    request.on('response', upstream => {
      clearTimeout(headerTimer);
      // While streaming, a pause this long means the upstream is stuck.
      request.setTimeout(route.timeoutMs, () => request.destroy());
      res.writeHead(
        upstream.statusCode ?? 502,
        route.headers.responseHeaders(upstream.headers),
      );
      pipeline(upstream, res, () => settle());
    });

    if (body) {
      request.end(body);
    } else if (hasBody(req)) {
      pipeline(req, request, error => {
        if (error) request.destroy();
      });
    } else {
      request.end();
    }
  });
}
