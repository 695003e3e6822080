/*
 * The big-response measurement: one GET of BENCH_STREAM_BYTES (1 GiB) through the server,
 * consumed and discarded as fast as possible. It shows whether a proxy streams (low TTFB, flat
 * memory) or buffers the whole body (TTFB close to the full transfer time, RSS growing by about
 * the body size).
 */
import fs from 'node:fs';
import http from 'node:http';

const MiB = 1024 * 1024;

export interface StreamResult {
  ttfbMs?: number;
  seconds?: number;
  /** Peak RSS during the stream minus RSS just before it, of `pid`. */
  rssGrowthMiB?: number;
  /** Set when the stream did not complete as expected; the other fields may still be set. */
  error?: string;
}

export interface StreamOptions {
  expectedBytes: number;
  timeoutMs: number;
  /** Process whose memory is sampled (the backend, or the upstream for `direct`). */
  pid?: number;
  sampleMs?: number;
  /** Abort when RSS grows beyond this, so a buffering proxy cannot exhaust the machine. */
  rssLimitBytes: number;
}

/** Resident set size of a process in bytes, from /proc (Linux only), or undefined. */
function readRss(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function measureStream(
  url: string,
  options: StreamOptions,
): Promise<StreamResult> {
  const { pid } = options;
  const before = pid === undefined ? undefined : readRss(pid);
  let peak = before ?? 0;
  let overLimit = false;

  return new Promise<StreamResult>(resolve => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    let ttfbMs: number | undefined;
    let bytes = 0;
    let settled = false;

    // Filled in once the request exists, cleared by finish().
    const timers: { sampler?: NodeJS.Timeout; deadline?: NodeJS.Timeout } = {};

    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearInterval(timers.sampler);
      clearTimeout(timers.deadline);
      resolve({
        ttfbMs,
        seconds: error ? undefined : elapsedMs() / 1000,
        rssGrowthMiB: before === undefined ? undefined : (peak - before) / MiB,
        error,
      });
    };

    // agent: false, so no socket is kept alive into the next row.
    const req = http.get(url, { agent: false }, res => {
      if (res.statusCode !== 200) {
        res.resume();
        finish(`HTTP ${res.statusCode}`);
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (ttfbMs === undefined) ttfbMs = elapsedMs();
        bytes += chunk.length;
      });
      res.on('end', () => {
        finish(
          bytes === options.expectedBytes
            ? undefined
            : `got ${bytes} of ${options.expectedBytes} bytes`,
        );
      });
      res.on('error', error => finish(error.message));
      // Backstop: a connection closed without 'end' or 'error' still ends the measurement.
      res.on('close', () => finish(`closed after ${bytes} bytes`));
    });
    req.on('error', error => {
      if (overLimit) {
        finish(`aborted: RSS grew > ${options.rssLimitBytes / MiB} MiB`);
      } else if (error.message === 'timeout') {
        finish(`timeout after ${options.timeoutMs / 1000} s (${bytes} bytes)`);
      } else {
        finish(error.message);
      }
    });

    timers.sampler = setInterval(() => {
      if (pid === undefined) return;
      const rss = readRss(pid);
      if (rss === undefined) return;
      peak = Math.max(peak, rss);
      if (before !== undefined && rss - before > options.rssLimitBytes) {
        overLimit = true;
        req.destroy(new Error('RSS limit'));
      }
    }, options.sampleMs ?? 20);

    timers.deadline = setTimeout(() => {
      req.destroy(new Error('timeout'));
    }, options.timeoutMs);
  });
}
