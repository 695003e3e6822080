import { ClientRequest, request } from 'node:http';

/** An ALB target group's health check; every field has the emulator's default. */
export type HealthCheck = {
  /** The path each target gets `GET` on; default Backstage's readiness endpoint. */
  path?: string;
  /** Between the end of one check and the start of the next; default 2000. */
  intervalMs?: number;
  /** A check not answered in this time fails; default 1000. */
  timeoutMs?: number;
  /** Consecutive successes that bring an unhealthy target back; default 2. */
  healthyThreshold?: number;
  /** Consecutive failures that take a healthy target out; default 2. */
  unhealthyThreshold?: number;
};

/** Targets a rule forwards to in turn, as an ALB target group does. */
export type TargetGroupConfig = {
  targets: string[];
  healthCheck?: HealthCheck;
};

/** One target's state, as `describe-target-health` shows it. */
export type TargetHealth = {
  /** The target's origin, e.g. `http://127.0.0.1:7007`. */
  target: string;
  healthy: boolean;
  /** Why an unhealthy target is out, e.g. `health check GET /x answered 503`. */
  reason?: string;
};

/**
 * The emulator's defaults. A real ALB's are 30 s, 5 s, 5 and 2 (HTTP matcher 200); these are
 * shorter so a demo sees a replica leave and come back within seconds.
 */
export const DEFAULT_HEALTH_CHECK: Required<HealthCheck> = {
  path: '/.backstage/health/v1/readiness',
  intervalMs: 2000,
  timeoutMs: 1000,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
};

type Target = {
  origin: string;
  healthy: boolean;
  reason?: string;
  successes: number;
  failures: number;
  /** The wait before the next check, or the check in flight; `stop()` ends either. */
  timer?: NodeJS.Timeout;
  check?: ClientRequest;
};

function checkedHealthCheck(given: HealthCheck = {}): Required<HealthCheck> {
  // `{ path: undefined }` means the default, not no path.
  const set = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined),
  );
  const check = { ...DEFAULT_HEALTH_CHECK, ...set };
  if (!check.path.startsWith('/')) {
    throw new Error(`healthCheck.path must start with /, got ${check.path}`);
  }
  for (const key of ['intervalMs', 'timeoutMs'] as const) {
    if (!(check[key] > 0)) {
      throw new Error(`healthCheck.${key} must be above 0, got ${check[key]}`);
    }
  }
  for (const key of ['healthyThreshold', 'unhealthyThreshold'] as const) {
    if (!Number.isInteger(check[key]) || check[key] < 1) {
      throw new Error(
        `healthCheck.${key} must be a whole number from 1, got ${check[key]}`,
      );
    }
  }
  return check;
}

function origin(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error(`target ${target} is not a URL`);
  }
  // The emulator forwards with node:http, and only the origin: a target's path is not kept.
  if (url.protocol !== 'http:') {
    throw new Error(`target ${target} must be an http:// URL`);
  }
  return url.origin;
}

/**
 * A rule's targets: round robin across the healthy ones (the ALB's default algorithm), health
 * checks that take a target out and bring it back, and "fail open" when none is healthy.
 * A single URL is a group of one, never checked: failing open, it gets every request whatever
 * its health, and the checks would only fill its log.
 */
export class TargetGroup {
  readonly #targets: Target[];
  readonly #check: Required<HealthCheck>;
  readonly #log: (line: string) => void;
  #last = -1;
  #stopped = false;

  constructor(
    config: string | TargetGroupConfig,
    log: (line: string) => void = () => {},
  ) {
    const { targets, healthCheck } =
      typeof config === 'string' ? { targets: [config] } : config;
    if (targets.length === 0) {
      throw new Error('a target group needs at least one target');
    }
    this.#targets = targets.map(target => ({
      origin: origin(target),
      // A real ALB starts targets as "initial" until checks pass; healthy at once lets the
      // demo start without waiting an interval, and a failing check still takes one out.
      healthy: true,
      successes: 0,
      failures: 0,
    }));
    this.#check = checkedHealthCheck(healthCheck);
    this.#log = log;
  }

  /** Starts the health checks, the first one at once; a group of one is not checked. */
  start(): void {
    if (this.#targets.length < 2) return;
    for (const target of this.#targets) this.#runCheck(target);
  }

  /** Ends the health checks, the one in flight too: no timer or socket stays behind. */
  stop(): void {
    this.#stopped = true;
    for (const target of this.#targets) {
      clearTimeout(target.timer);
      target.check?.destroy();
    }
  }

  /** The origin of the target the next request goes to. */
  next(): string {
    const count = this.#targets.length;
    for (let step = 1; step <= count; step++) {
      const index = (this.#last + step) % count;
      if (this.#targets[index].healthy) {
        this.#last = index;
        return this.#targets[index].origin;
      }
    }
    // No target is healthy: the ALB "fails open" and routes to all of them, in turn.
    this.#last = (this.#last + 1) % count;
    return this.#targets[this.#last].origin;
  }

  health(): TargetHealth[] {
    return this.#targets.map(({ origin: target, healthy, reason }) =>
      reason === undefined ? { target, healthy } : { target, healthy, reason },
    );
  }

  #runCheck(target: Target) {
    const { path, timeoutMs } = this.#check;
    const done = (failure?: string) => {
      clearTimeout(target.timer);
      target.check = undefined;
      if (this.#stopped) return;
      this.#record(target, failure && `health check GET ${path} ${failure}`);
      // The next check waits for this one, so a slow target never has two in flight.
      target.timer = setTimeout(
        () => this.#runCheck(target),
        this.#check.intervalMs,
      ).unref();
    };
    // A connection of its own (no agent), as each ALB check is: a pooled one would hide a
    // target that stopped accepting connections.
    const check = request(`${target.origin}${path}`, {
      agent: false,
      headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
    });
    target.check = check;
    let timedOut = false;
    target.timer = setTimeout(() => {
      timedOut = true;
      check.destroy();
    }, timeoutMs).unref();
    check.on('response', answer => {
      // A target stopping halfway through the body is no reason to crash the emulator.
      answer.on('error', () => {});
      answer.resume();
      const status = answer.statusCode ?? 0;
      done(status >= 200 && status < 400 ? undefined : `answered ${status}`);
    });
    check.on('error', error => {
      if (timedOut) done(`timed out after ${timeoutMs} ms`);
      else
        done(
          `failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
        );
    });
    check.end();
  }

  #record(target: Target, failure: string | undefined) {
    const { healthyThreshold, unhealthyThreshold } = this.#check;
    if (failure === undefined) {
      target.failures = 0;
      target.successes += 1;
      if (!target.healthy && target.successes >= healthyThreshold) {
        target.healthy = true;
        target.reason = undefined;
        this.#log(`target ${target.origin} healthy again`);
      }
      return;
    }
    target.successes = 0;
    target.failures += 1;
    if (!target.healthy) {
      target.reason = failure;
    } else if (target.failures >= unhealthyThreshold) {
      target.healthy = false;
      target.reason = failure;
      this.#log(`target ${target.origin} unhealthy: ${failure}`);
      if (this.#targets.every(t => !t.healthy)) {
        this.#log(
          `no healthy target in the group of ${this.#targets.map(t => t.origin).join(', ')}: failing open, routing to all of them`,
        );
      }
    }
  }
}
