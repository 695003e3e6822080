// The soak's fault timeline, as fractions of its length (so a shorter SOAK_SECONDS scales it):
//   20%       replica 2 killed with SIGKILL (its process group): no graceful shutdown
//   35%       replica 2 started again (restartReplica), on its port; the ALB brings it back
//   50%-62.5% STS outage (30 s of 240), every connection reset (the emulator's outage switch)
//   70%-80%   the flaky upstream resets every other connection
// Each step prints the time it actually happened; `windows()` gives them for the report.

export const KILLED_REPLICA = 2;

export const TIMELINE = {
  kill: 0.2,
  restart: 0.35,
  stsOutage: [0.5, 0.625],
  flaky: [0.7, 0.8],
};

/** The emulator's AssumeRole counts, by account and replica. */
export async function assumeRoleCounts(emulatorUrl) {
  const res = await fetch(`${emulatorUrl}/_emulator/health`);
  if (res.status !== 200) {
    throw new Error(`the emulator's health answered ${res.status}`);
  }
  return (await res.json()).assumeRole;
}

const seconds = ms => `${(ms / 1000).toFixed(1)} s`;

/**
 * Schedules the faults over `durationMs` of the soak's clock `now()` (which starts at 0 when
 * the users start). Returns `windows()` and `settled()`, which resolves once every step that
 * started has ended (a restart takes a while); `cancel()` drops the steps not yet started.
 */
export function runFaults({ durationMs, now, demo, emulatorUrl, flaky, out }) {
  const times = {};
  const errors = [];
  const running = new Set();
  const timers = [];
  const at = (fraction, name, step) => {
    const delay = Math.max(0, fraction * durationMs - now());
    timers.push(
      setTimeout(() => {
        const work = (async () => {
          try {
            await step();
          } catch (error) {
            errors.push(`${name}: ${error.message}`);
            out(`  ${seconds(now())}: ${name} FAILED: ${error.message}`);
          }
        })();
        running.add(work);
        work.finally(() => running.delete(work));
      }, delay),
    );
  };

  at(TIMELINE.kill, 'kill replica 2', async () => {
    const { child } = demo.replicas[KILLED_REPLICA - 1];
    const exited = new Promise(resolve => child.once('exit', resolve));
    times.killedAt = now();
    // Its process group: the replica's node process and anything it runs. SIGKILL, not the
    // demo's SIGTERM: the replica gets no chance to fail its readiness check first.
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    out(
      `  ${seconds(times.killedAt)}: replica 2 (pid ${child.pid}) killed with SIGKILL`,
    );
  });
  at(TIMELINE.restart, 'restart replica 2', async () => {
    times.restartAt = now();
    out(`  ${seconds(times.restartAt)}: replica 2 starting again`);
    const replica = await demo.restartReplica(KILLED_REPLICA);
    times.restartedAt = now();
    out(
      `  ${seconds(times.restartedAt)}: replica 2 ready again (pid ${replica.child.pid})`,
    );
  });
  const [stsStart, stsEnd] = TIMELINE.stsOutage;
  at(stsStart, 'STS outage', async () => {
    const outageSeconds = ((stsEnd - stsStart) * durationMs) / 1000;
    times.assumeRoleBeforeOutage = await assumeRoleCounts(emulatorUrl);
    const sent = now();
    const res = await fetch(`${emulatorUrl}/_emulator/outages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'sts',
        seconds: outageSeconds,
        mode: 'reset',
      }),
    });
    if (res.status !== 200) {
      throw new Error(
        `the emulator answered ${res.status}: ${await res.text()}`,
      );
    }
    times.stsOutage = [sent, now() + outageSeconds * 1000];
    out(
      `  ${seconds(times.stsOutage[0])}: STS outage for ${outageSeconds.toFixed(1)} s (every connection reset)`,
    );
  });
  // Just after the outage: what it changed in the AssumeRole counts.
  at(
    stsEnd + 1000 / durationMs,
    'AssumeRole counts after the outage',
    async () => {
      times.assumeRoleAfterOutage = await assumeRoleCounts(emulatorUrl);
    },
  );
  const [flakyStart, flakyEnd] = TIMELINE.flaky;
  at(flakyStart, 'flaky upstream', async () => {
    flaky.setFaulty(true);
    times.flaky = [now()];
    out(
      `  ${seconds(times.flaky[0])}: the flaky upstream resets every other connection`,
    );
  });
  at(flakyEnd, 'flaky upstream ends', async () => {
    flaky.setFaulty(false);
    times.flaky = [times.flaky?.[0] ?? now(), now()];
    out(`  ${seconds(now())}: the flaky upstream answers everything again`);
  });

  return {
    times: () => ({ ...times }),
    errors: () => [...errors],
    cancel() {
      for (const timer of timers) clearTimeout(timer);
      flaky.setFaulty(false);
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
