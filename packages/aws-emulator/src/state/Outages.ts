/**
 * How a service answers during an outage: `reset` drops the connection without an answer (a
 * network error for the caller), `unavailable` answers 503 `ServiceUnavailable` in the
 * service's own error format.
 */
export type OutageMode = 'reset' | 'unavailable';

export const OUTAGE_MODES: readonly OutageMode[] = ['reset', 'unavailable'];

/** One outage, as {@link Outages.list} and the health endpoint report it. */
export interface Outage {
  /** The signature scope's service: `sts`, `tagging`, `execute-api`, ... */
  service: string;
  mode: OutageMode;
  /** When it ends, ISO 8601. */
  endsAt: string;
}

const SERVICE = /^[\w-]{1,64}$/;
/** An outage longer than a day is a mistake, not a test. */
const MAX_OUTAGE_MS = 24 * 60 * 60 * 1000;

/**
 * Outages by service: for a while, every request for that service fails as its mode says.
 * Timed by the real clock, not the emulator's `now` option (which tests set to a skewed or
 * fixed time), so that an outage of 30 s lasts 30 s. A new outage of a service replaces its
 * current one.
 */
export class Outages {
  private readonly byService = new Map<
    string,
    { mode: OutageMode; until: number }
  >();

  constructor(private readonly clock: () => number = Date.now) {}

  start(service: string, ms: number, mode: OutageMode) {
    if (typeof service !== 'string' || !SERVICE.test(service)) {
      throw new Error(
        `outage: service must be a signature scope's service, like sts or execute-api; got ${service}`,
      );
    }
    if (typeof ms !== 'number' || !(ms > 0) || ms > MAX_OUTAGE_MS) {
      throw new Error(
        `outage: the duration must be over 0 and at most a day, got ${ms} ms`,
      );
    }
    if (!OUTAGE_MODES.includes(mode)) {
      throw new Error(
        `outage: mode must be ${OUTAGE_MODES.join(' or ')}, got ${mode}`,
      );
    }
    this.byService.set(service, { mode, until: this.clock() + ms });
  }

  /** Ends the outage of `service`, or every outage when none is named. */
  end(service?: string) {
    if (service === undefined) this.byService.clear();
    else this.byService.delete(service);
  }

  /** The mode of the outage `service` is in now, if it is in one. */
  modeOf(service: string): OutageMode | undefined {
    const outage = this.byService.get(service);
    if (!outage) return undefined;
    if (this.clock() >= outage.until) {
      this.byService.delete(service);
      return undefined;
    }
    return outage.mode;
  }

  /** The outages in progress. */
  list(): Outage[] {
    const now = this.clock();
    const current: Outage[] = [];
    for (const [service, { mode, until }] of this.byService) {
      if (now >= until) this.byService.delete(service);
      else
        current.push({ service, mode, endsAt: new Date(until).toISOString() });
    }
    return current;
  }
}
