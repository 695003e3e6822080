import type express from 'express';
import { rateLimit } from 'express-rate-limit';
import { ProxyError, withReason } from '../proxy/proxyErrors';
import type { AdminConfig } from './readAdminConfig';

/** Where the admin API's run guard leaves who is calling, for the limiter's key. */
export const ADMIN_CALLER = 'awsAdminCaller';

/**
 * The per-caller limit on the admin API's costly actions (route probes, account re-checks,
 * directory syncs started now), shared by all of them: past `runsPerCaller` within
 * `runWindowMs`, a 429 with `Retry-After` and the RateLimit headers. Keyed by the Backstage
 * principal the run guard authenticated (a user's entity ref, a service's subject), so one
 * person cannot spend another's allowance; counted per backend process.
 *
 * express-rate-limit is what Backstage's own `backend.rateLimit` uses.
 */
export function createRunRateLimit(admin: AdminConfig): express.RequestHandler {
  return rateLimit({
    windowMs: admin.runWindowMs,
    limit: admin.runsPerCaller,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) =>
      String(res.locals[ADMIN_CALLER] ?? 'anonymous'),
    // Keyed by principal, not by address: the checks of how addresses are read do not apply.
    validate: {
      ip: false,
      trustProxy: false,
      xForwardedForHeader: false,
      forwardedHeader: false,
      keyGeneratorIpFallback: false,
    },
    handler: (_req, res, next) => {
      const retryAfter = res.getHeader('retry-after');
      next(
        withReason(
          new ProxyError(
            429,
            'TooManyRequestsError',
            `Too many admin actions: each person may start ${admin.runsPerCaller} checks or syncs per ${Math.round(
              admin.runWindowMs / 1000,
            )} s (aws.admin.runLimit); try again in ${retryAfter ?? 'a while'} s`,
          ),
          'rate-limited',
        ),
      );
    },
  });
}
