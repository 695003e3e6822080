// Samples each backend replica's resident memory (VmRSS in /proc/<pid>/status) every 5 s.
// The pid is the replica's own node process (`replicas[i].child`, the group leader), so after
// a restart it is the new process; a replica that is down is sampled as null.
import fs from 'node:fs';

export const SAMPLE_INTERVAL_MS = 5000;

/** VmRSS of `pid` in KiB, or null when the process is gone. */
function rssKiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Starts sampling `demo.replicas` on the soak's clock `now()`. Returns `samples()` (each
 * `{ at, replicas: [{ index, start, pid, rssKiB }] }`) and `stop()`.
 */
export function sampleMemory(demo, now) {
  const samples = [];
  const sample = () =>
    samples.push({
      at: now(),
      replicas: demo.replicas.map(replica => ({
        index: replica.index,
        start: replica.start,
        pid: replica.child.pid,
        rssKiB:
          replica.child.exitCode === null && replica.child.signalCode === null
            ? rssKiB(replica.child.pid)
            : null,
      })),
    });
  sample();
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return {
    samples: () => [...samples],
    stop() {
      clearInterval(timer);
    },
  };
}
