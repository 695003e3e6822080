import type { AwsAlbKeyEndpointCheck } from '@aws-bridge/plugin-aws-common';
import type { AlbKeyCache } from '../AlbKeyCache';
import { describeFetchError } from '../describeFetchError';

/** A key ID no ALB has: asked for when no key is cached, so the endpoint answers 403 or 404. */
const PLACEHOLDER_KID = '00000000-0000-4000-8000-000000000000';
const PROBE_TIMEOUT_MS = 5000;

/**
 * Asks the key endpoint for a key, as a sign-in would: the most recent cached key's, which it
 * must serve (200), or, with none cached, a key ID no ALB has, which an endpoint that works
 * answers with 403 (AWS's regional endpoints) or 404. Anything else, or no answer, fails.
 * Never throws.
 */
export async function probeKeyEndpoint(
  keys: AlbKeyCache,
): Promise<AwsAlbKeyEndpointCheck> {
  const known = keys.newestKeyId;
  const url = keys.urlFor(known ?? PLACEHOLDER_KID);
  const checkedAt = new Date().toISOString();
  const start = performance.now();
  const latency = () => Math.round(performance.now() - start);
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      redirect: 'error',
    });
    await response.body?.cancel();
    const { status } = response;
    const ok = known ? status === 200 : status === 403 || status === 404;
    return {
      url,
      ok,
      status,
      latencyMs: latency(),
      error: ok
        ? undefined
        : `HTTP ${status}, where a key endpoint answers ${known ? '200 for a key it served before' : '403 or 404 for an unknown key'}`,
      checkedAt,
    };
  } catch (error) {
    return {
      url,
      ok: false,
      latencyMs: latency(),
      error: describeFetchError(error, PROBE_TIMEOUT_MS),
      checkedAt,
    };
  }
}
