import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import type { ForwardContext } from '../proxy/forwardRequest';
import { EMPTY_SHA256 } from '../proxy/requestBody';
import { describeRoute } from './describeRoute';

/** A probe waits at most this long, or the route's timeout if shorter. */
const PROBE_TIMEOUT_MS = 10_000;
/** How much of an unhealthy answer's body becomes its error text. */
const ERROR_TEXT_BYTES = 300;

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  // undici wraps the socket error ("fetch failed"-style); the cause says what happened.
  const cause = e.cause?.code ? ` (${e.cause.code})` : '';
  const code = e.code && !e.message.includes(e.code) ? ` (${e.code})` : '';
  return `${e.message}${code}${cause}`.slice(0, ERROR_TEXT_BYTES);
}

const since = (start: number) => Math.round(performance.now() - start);

/**
 * Checks one route as the proxy would use it with no account or region picked: gets the
 * route's credentials, then sends a signed GET (HEAD for S3) to its healthCheckPath and times
 * the answer. A `fresh` probe (an admin's "check again") asks AWS for the credentials even
 * while failures keep them in backoff.
 * Never throws: every failure is in the result.
 */
export async function probeRoute(
  ctx: ForwardContext,
  options: { fresh: boolean } = { fresh: false },
): Promise<AwsProxyRouteHealth> {
  const { route, agent } = ctx;
  const signer = ctx.signers.own;
  const base = { ...describeRoute(route), checkedAt: new Date().toISOString() };

  const credentialsStart = performance.now();
  try {
    await signer.checkCredentials(options);
  } catch (error) {
    return {
      ...base,
      credentials: {
        ok: false,
        latencyMs: since(credentialsStart),
        error: errorText(error),
      },
      healthy: false,
    };
  }
  const credentials = { ok: true, latencyMs: since(credentialsStart) };

  const path = `${route.target.pathPrefix}${route.healthCheckPath}`;
  // S3 answers GET / with a listing of the bucket; HEAD (HeadBucket) asks the same question
  // without the listing. Other APIs often route GET only.
  const method = route.service === 's3' ? 'HEAD' : 'GET';
  const probeStart = performance.now();
  try {
    const headers = await signer.sign({
      method,
      path,
      queryParams: {},
      headers: {
        host: route.target.host,
        'x-amz-content-sha256': EMPTY_SHA256,
      },
    });
    const timeout = Math.min(route.timeoutMs, PROBE_TIMEOUT_MS);
    const response = await agent.request({
      origin: route.target.origin,
      path,
      method,
      headers,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      // headersTimeout and bodyTimeout bound each wait, not the whole exchange: an unhealthy
      // answer's body that trickles in would hold the probe, and every admin page waiting on
      // it, for ever. This bounds the headers and the body together, and cancels the request.
      signal: AbortSignal.timeout(2 * timeout),
    });
    const status = response.statusCode;
    const healthy = status < 500 && status !== 401 && status !== 403;
    let error: string | undefined;
    if (healthy) {
      await response.body.dump();
    } else {
      const body = await response.body.text();
      error = `${status}: ${body.replace(/\s+/g, ' ').trim()}`.slice(
        0,
        ERROR_TEXT_BYTES,
      );
    }
    return {
      ...base,
      credentials,
      probe: { path, status, latencyMs: since(probeStart), error },
      healthy,
    };
  } catch (error) {
    return {
      ...base,
      credentials,
      probe: { path, latencyMs: since(probeStart), error: errorText(error) },
      healthy: false,
    };
  }
}
