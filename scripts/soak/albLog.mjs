// Watches the ALB emulator's log for its target group's health changes ("target <url>
// unhealthy: ...", "target <url> healthy again") and timestamps each line when it appears
// (the log has no times of its own). The soak uses them to know when the ALB took the killed
// replica out, which bounds the 502s that replica may cause.
import fs from 'node:fs';

const POLL_MS = 200;
const HEALTH_LINE = /target (\S+) (unhealthy|healthy again)(.*)$/;

/**
 * Starts watching `logFile`; `now()` gives the soak's clock. Returns `events()` (each
 * `{ at, target, healthy, line }`) and `stop()`.
 */
export function watchAlbLog(logFile, now) {
  const events = [];
  let offset = fs.statSync(logFile).size;
  let partial = '';
  const read = () => {
    let size;
    try {
      size = fs.statSync(logFile).size;
    } catch {
      return;
    }
    if (size <= offset) return;
    const fd = fs.openSync(logFile, 'r');
    try {
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        const match = HEALTH_LINE.exec(line);
        if (match) {
          events.push({
            at: now(),
            target: match[1],
            healthy: match[2] === 'healthy again',
            line: line.trim(),
          });
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(read, POLL_MS);
  return {
    events: () => [...events],
    stop() {
      clearInterval(timer);
      read();
    },
  };
}
