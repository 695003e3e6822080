/*
 * The report: machine, date, one markdown table (pasteable into docs/performance.md) and the
 * goals of the aws-bridge proxy checked against the other rows of the same run.
 */
import os from 'node:os';
import type { LoadResult } from './loadTest';
import type { RowName } from './rows';
import type { StreamResult } from './stream';

export interface RowResult {
  name: RowName;
  /** Set when the row could not be measured at all (start-up failed, probe failed). */
  error?: string;
  load?: LoadResult;
  stream?: StreamResult;
  /** Seconds from starting the backend process to its readiness check answering. */
  startupSeconds?: number;
  /** With BENCH_ROUNDS > 1: req/s of every round, in order; the row shows the median one. */
  rounds?: number[];
}

export interface RunSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  streamBytes: number;
}

const GOALS = {
  vsSegment: 2.0,
  vsBackstageProxy: 1.0,
  rssGrowthMiB: 64,
  // Issue 30: a signed-in caller with the permission framework on.
  permissionsVsOff: 0.8,
  signedInVsBackstageProxy: 1.0,
  manyRoutesVsFew: 0.9,
  // Issue 31: the default, every call audited, against the proxies that audit nothing.
  auditedVsSegment: 2.0,
  auditedVsBackstageProxy: 1.2,
};

/** Table cells must not break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

const fixed = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);

function sizeLabel(bytes: number): string {
  return bytes === 1024 ** 3
    ? '1 GiB'
    : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

export function machineLines(): string[] {
  const cpus = os.cpus();
  return [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, ` +
      `Node ${process.version}, load average at start ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
  ];
}

export function renderTable(
  rows: RowResult[],
  settings: RunSettings,
): string[] {
  const floorRps = rows.find(r => r.name === 'floor')?.load?.rps;
  const size = sizeLabel(settings.streamBytes);
  const lines = [
    `| row | req/s | % of floor | p50 ms | p99 ms | non-2xx / errors | ${size} TTFB ms | ${size} time s | RSS growth MiB | startup s |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if (row.error) {
      lines.push(
        `| ${row.name} | ${cell(`error: ${row.error}`)} | | | | | | | | |`,
      );
      continue;
    }
    const { load, stream } = row;
    const pct =
      load && floorRps ? `${((load.rps / floorRps) * 100).toFixed(0)}%` : '-';
    const failures = load ? `${load.non2xx} / ${load.errors}` : '-';
    let streamCells = ['-', '-', '-'];
    if (stream) {
      streamCells = [
        fixed(stream.ttfbMs, 1),
        stream.error
          ? cell(`error: ${stream.error}`)
          : fixed(stream.seconds, 2),
        fixed(stream.rssGrowthMiB, 1),
      ];
    }
    lines.push(
      `| ${row.name} | ${fixed(load?.rps, 0)}${
        row.rounds ? ` (${row.rounds.map(r => r.toFixed(0)).join(', ')})` : ''
      } | ${pct} | ${fixed(load?.p50, 1)} | ${fixed(
        load?.p99,
        1,
      )} | ${failures} | ${streamCells.join(' | ')} | ${fixed(row.startupSeconds, 1)} |`,
    );
  }
  return lines;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function verdict(ok: boolean | undefined): string {
  if (ok === undefined) return 'n/a';
  return ok ? 'PASS' : 'FAIL';
}

/** A load result counts only if every response was a 2xx. */
function cleanRps(row: RowResult | undefined): number | undefined {
  const load = row?.load;
  if (!load || row?.error || load.non2xx > 0 || load.errors > 0) {
    return undefined;
  }
  return load.rps;
}

/**
 * The goals, each a ratio of two rows' req/s: of this run's only round, or with BENCH_ROUNDS
 * the median of the rounds' ratios (each round's two measurements side by side).
 */
export function renderGoals(rows: RowResult[]): string[] {
  const get = (name: RowName) => rows.find(r => r.name === name);
  // Like for like: neither Segment's proxy nor Backstage's writes an audit record, so the
  // speed goals are checked on the row whose GETs are not audited either.
  const likeForLike: RowName = 'aws-bridge-reads-unaudited';
  const ratioOf = (ours: RowName, other: RowName) => {
    const a = cleanRps(get(ours));
    const b = cleanRps(get(other));
    if (a === undefined || b === undefined) return undefined;
    // With rounds, the two rows of one round ran minutes apart rather than many: the median of
    // the rounds' ratios is steadier than the ratio of the medians on a noisy machine.
    const aRounds = get(ours)?.rounds;
    const bRounds = get(other)?.rounds;
    if (aRounds && bRounds && aRounds.length === bRounds.length) {
      return median(aRounds.map((rps, i) => rps / bRounds[i]));
    }
    return a / b;
  };
  const goalOf = (ours: RowName, other: RowName, target: number) => {
    const r = ratioOf(ours, other);
    if (r === undefined) {
      return `n/a (needs error-free ${ours} and ${other} rows) → ${verdict(undefined)}`;
    }
    return `${r.toFixed(2)}× (goal ≥ ${target.toFixed(1)}×) → ${verdict(r >= target)}`;
  };
  const goal = (other: RowName, target: number) =>
    goalOf(likeForLike, other, target);
  const startup = (name: RowName) => get(name)?.startupSeconds;
  const fewStartup = startup('aws-bridge-signed-in-permissions');
  const manyStartup = startup('aws-bridge-signed-in-1000-routes');
  const audited = ratioOf('aws-bridge', likeForLike);
  const stream = get('aws-bridge')?.stream;
  const growth = stream && !stream.error ? stream.rssGrowthMiB : undefined;
  return [
    'Goals for aws-bridge:',
    `- req/s vs segment, like for like (${likeForLike}): ${goal('segment', GOALS.vsSegment)}`,
    `- req/s vs backstage-proxy, like for like (${likeForLike}): ${goal('backstage-proxy', GOALS.vsBackstageProxy)}`,
    `- RSS growth while streaming: ${
      growth === undefined ? 'n/a' : `${growth.toFixed(1)} MiB`
    } (goal < ${GOALS.rssGrowthMiB} MiB) → ${verdict(
      growth === undefined ? undefined : growth < GOALS.rssGrowthMiB,
    )}`,
    '',
    'Every call audited, the default (issue 31):',
    `- req/s vs segment: ${goalOf('aws-bridge', 'segment', GOALS.auditedVsSegment)}`,
    `- req/s vs backstage-proxy: ${goalOf('aws-bridge', 'backstage-proxy', GOALS.auditedVsBackstageProxy)}`,
    `- what auditing costs: aws-bridge at ${
      audited === undefined ? 'n/a' : `${Math.round(audited * 100)}%`
    } of ${likeForLike} (information, no goal)`,
    '',
    'Signed in, with the permission framework (issue 30):',
    `- permissions on (decision cache on) vs off: ${goalOf('aws-bridge-signed-in-permissions', 'aws-bridge-signed-in', GOALS.permissionsVsOff)}`,
    `- permissions on vs backstage-proxy with the same user token: ${goalOf('aws-bridge-signed-in-permissions', 'backstage-proxy-signed-in', GOALS.signedInVsBackstageProxy)}`,
    `- 1000 routes and accounts vs 3: ${goalOf('aws-bridge-signed-in-1000-routes', 'aws-bridge-signed-in-permissions', GOALS.manyRoutesVsFew)}`,
    `- the decision cache off vs on: ${
      ratioOf(
        'aws-bridge-signed-in-permissions-uncached',
        'aws-bridge-signed-in-permissions',
      )?.toFixed(2) ?? 'n/a'
    }× (information, no goal)`,
    `- startup with 1000 routes: ${fixed(manyStartup, 1)} s, with 3: ${fixed(
      fewStartup,
      1,
    )} s (information: the goal is within a few seconds)`,
  ];
}

export function settingsLine(settings: RunSettings, rounds = 1): string {
  const roundsText =
    rounds > 1
      ? `, in ${rounds} rounds of every row: req/s is the median round's (every round's in brackets), and so are p50, p99 and startup; a goal's ratio is the median of the rounds' ratios`
      : '';
  return (
    `Small JSON: autocannon, ${settings.connections} connections, ` +
    `${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured${roundsText}. ` +
    `Stream: one GET of ${sizeLabel(settings.streamBytes)}, TTFB to the first body chunk, ` +
    `RSS of the backend process (of the upstream for direct) sampled every 20 ms.`
  );
}
