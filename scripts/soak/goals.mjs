// The soak's goals, checked on what it recorded:
//   (a) no 5xx or network error, except the requests the killed replica held (the ALB's 502
//       for it, or an answer cut off, while in flight between the kill and the moment the ALB
//       logged it unhealthy) and /flaky's 502s for its upstream's resets while in flight during
//       the reset window: those are the correct answers, counted apart;
//   (b) every proxied call in flight during the STS outage answers 2xx (each replica signs
//       with its cached credentials);
//   (c) memory flat, for each replica life (a restarted replica's within its new life), after
//       its warm-up: the first 120 s of load it serves, during which V8 grows its heap (RSS
//       rises by about 200 MiB, then levels off or drops back at a major GC, while the heap in
//       use after a full GC stays flat: measured through the inspector). Of the rest of
//       the life, if 60 s or more, the median RSS of the last third must be at most 1.15 x its
//       baseline, the median in the 30 s up to the end of the first third. Medians, because
//       RSS is a sawtooth (it grows until a major GC, which may hand hundreds of MiB back at
//       once): one sample says where in its GC cycle the process was, a leak moves the median.
//       A life with less than 60 s after its warm-up is reported, not judged.
import { KILLED_REPLICA } from './faults.mjs';

export const RSS_GROWTH_LIMIT = 1.15;
const BASELINE_SPAN_MS = 30_000;
export const WARM_UP_MS = 120_000;
const MIN_JUDGED_MS = 60_000;
/** When the ALB never logs the killed replica out: the longest it may take to. */
const FALLBACK_REMOVAL_MS = 10_000;

const end = record => record.start + (record.ms ?? 0);
/** Whether a request was in flight at some time in [from, to]. */
export const inFlightDuring = (record, [from, to]) =>
  record.start <= to && end(record) >= from;

export const isFailure = record =>
  record.error !== undefined || record.status >= 500;

/**
 * The windows the report and the goals use, in soak ms: `killed` (from the kill to the ALB
 * logging the replica unhealthy), `replicaDown` (from the kill until the ALB has it back),
 * `stsOutage` and `flaky`.
 */
export function faultWindows({ times, albEvents, replicaUrl, soakMs }) {
  const windows = {};
  if (times.killedAt !== undefined) {
    const out = albEvents.find(
      e => e.target === replicaUrl && !e.healthy && e.at >= times.killedAt,
    );
    windows.killed = [
      times.killedAt,
      out?.at ?? times.killedAt + FALLBACK_REMOVAL_MS,
    ];
    windows.killedLoggedOut = Boolean(out);
    const back = albEvents.find(
      e => e.target === replicaUrl && e.healthy && e.at >= times.killedAt,
    );
    windows.replicaDown = [times.killedAt, back?.at ?? soakMs];
  }
  if (times.stsOutage) windows.stsOutage = times.stsOutage;
  if (times.flaky) windows.flaky = [times.flaky[0], times.flaky[1] ?? soakMs];
  return windows;
}

/** Which expected failure a record is, if it is one: `killed replica` or `flaky reset`. */
export function expectedFailure(record, windows, replicaUrl) {
  if (
    windows.killed &&
    record.target === replicaUrl &&
    (record.error !== undefined ||
      (record.status === 502 && record.cause === 'alb: target unreachable')) &&
    inFlightDuring(record, windows.killed)
  ) {
    return 'killed replica';
  }
  if (
    windows.flaky &&
    record.kind === 'proxy flaky' &&
    record.status === 502 &&
    record.cause?.endsWith('(upstream reset)') &&
    inFlightDuring(record, windows.flaky)
  ) {
    return 'flaky reset';
  }
  return undefined;
}

/** Each replica life's RSS samples: `[{ index, start, pid, points: [{ at, rssKiB }] }]`. */
export function rssLives(samples) {
  const lives = new Map();
  for (const sample of samples) {
    for (const r of sample.replicas) {
      if (r.rssKiB === null) continue;
      const key = `${r.index}/${r.pid}`;
      if (!lives.has(key)) {
        lives.set(key, {
          index: r.index,
          start: r.start,
          pid: r.pid,
          points: [],
        });
      }
      lives.get(key).points.push({ at: sample.at, rssKiB: r.rssKiB });
    }
  }
  return [...lives.values()];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Goal (c) for one life: `{ judged, pass, baselineKiB, lastKiB, maxKiB, limitKiB }`, or
 * `{ judged: false, why }`.
 */
export function judgeLife(life) {
  const warmedUpAt = life.points[0].at + WARM_UP_MS;
  const points = life.points.filter(p => p.at >= warmedUpAt);
  const from = points[0]?.at ?? warmedUpAt;
  const span = (points[points.length - 1]?.at ?? warmedUpAt) - from;
  if (span < MIN_JUDGED_MS) {
    const lived = life.points[life.points.length - 1].at - life.points[0].at;
    return {
      judged: false,
      why: `${Math.round(lived / 1000)} s of samples, ${Math.round(Math.max(0, span) / 1000)} s after its ${WARM_UP_MS / 1000} s warm-up: under ${MIN_JUDGED_MS / 1000} s`,
    };
  }
  const firstThirdEnd = from + span / 3;
  const lastThirdStart = from + (2 * span) / 3;
  const baselinePoints = points.filter(
    p => p.at <= firstThirdEnd && p.at >= firstThirdEnd - BASELINE_SPAN_MS,
  );
  const basis = baselinePoints.length
    ? baselinePoints
    : [points.filter(p => p.at <= firstThirdEnd).pop()];
  const baselineKiB = median(basis.map(p => p.rssKiB));
  const last = points.filter(p => p.at >= lastThirdStart).map(p => p.rssKiB);
  const lastKiB = median(last);
  const maxKiB = Math.max(...last);
  const limitKiB = baselineKiB * RSS_GROWTH_LIMIT;
  return {
    judged: true,
    pass: lastKiB <= limitKiB,
    baselineKiB,
    lastKiB,
    maxKiB,
    limitKiB,
    judgedFrom: from,
    firstThirdEnd,
    lastThirdStart,
  };
}

/** Checks the three goals. Returns `{ goals: [{ name, pass, detail }], ... }` for the report. */
export function checkGoals({
  records,
  windows,
  replicaUrl,
  samples,
  faultErrors,
}) {
  const goals = [];
  const failures = records.filter(isFailure);
  const expected = { 'killed replica': [], 'flaky reset': [] };
  const unexpected = [];
  for (const record of failures) {
    const kind = expectedFailure(record, windows, replicaUrl);
    if (kind) expected[kind].push(record);
    else unexpected.push(record);
  }
  goals.push({
    name: "(a) no 5xx or network error but the killed replica's and /flaky's resets",
    pass: unexpected.length === 0 && faultErrors.length === 0,
    detail:
      `${unexpected.length} unexpected; expected, counted apart: ` +
      `${expected['killed replica'].length} held by the killed replica ` +
      `(ALB 502 "could not reach the target", or cut off), ` +
      `${expected['flaky reset'].length} /flaky 502s for its upstream's resets` +
      (windows.killed && !windows.killedLoggedOut
        ? `; the ALB never logged replica ${KILLED_REPLICA} out, so its window is the kill + ${FALLBACK_REMOVAL_MS / 1000} s`
        : '') +
      (faultErrors.length
        ? `; fault steps failed: ${faultErrors.join('; ')}`
        : ''),
  });

  const duringOutage = windows.stsOutage
    ? records.filter(
        r =>
          r.kind.startsWith('proxy ') && inFlightDuring(r, windows.stsOutage),
      )
    : [];
  const failedDuringOutage = duringOutage.filter(
    r => r.error !== undefined || r.status < 200 || r.status >= 300,
  );
  goals.push({
    name: '(b) no proxied call fails during the STS outage',
    pass: duringOutage.length > 0 && failedDuringOutage.length === 0,
    detail: windows.stsOutage
      ? `${duringOutage.length - failedDuringOutage.length} of ${duringOutage.length} proxied calls in flight during it answered 2xx`
      : 'the outage did not happen',
  });

  const lives = rssLives(samples).map(life => ({
    ...life,
    ...judgeLife(life),
  }));
  const judged = lives.filter(life => life.judged);
  goals.push({
    name: `(c) memory flat: after its ${WARM_UP_MS / 1000} s warm-up, each replica life's median RSS in the last third at most +${Math.round((RSS_GROWTH_LIMIT - 1) * 100)}% of its median at the end of the first third`,
    pass: judged.length > 0 && judged.every(life => life.pass),
    detail: lives
      .map(life =>
        life.judged
          ? `replica ${life.index} (start ${life.start}): ${mib(life.lastKiB)} MiB vs baseline ${mib(life.baselineKiB)} MiB (limit ${mib(life.limitKiB)}) ${life.pass ? 'ok' : 'OVER'}`
          : `replica ${life.index} (start ${life.start}): not judged, ${life.why}`,
      )
      .join('; '),
  });
  return {
    goals,
    expected,
    unexpected,
    lives,
    duringOutage,
    failedDuringOutage,
  };
}

export const mib = kib => (kib / 1024).toFixed(0);
