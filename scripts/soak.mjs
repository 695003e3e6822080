#!/usr/bin/env node
// `npm run soak`: a soak test of the replica demo under faults, never part of `npm test`.
// It starts the demo as `npm run start:replicas` does (2 backend replicas on PostgreSQL behind
// the ALB emulator, the AWS emulator), on free loopback ports, plus a local flaky upstream
// behind a proxy route /flaky. SOAK_USERS virtual users (default 20) then sign in and call
// the AWS proxy for SOAK_SECONDS (default 240) while faults happen on a timeline
// (scripts/soak/faults.mjs): replica 2 killed and started again, an STS outage, the flaky
// upstream resetting connections. It records every request, samples each replica's RSS, and
// prints a markdown report (also written to a file) with the goals checked
// (scripts/soak/goals.mjs). Exit code 0 when every goal passes, 1 otherwise.
//
// Ctrl-C (or SIGTERM) stops everything it started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { baseConfig, writeConfigOverride } from './lib/config-args.mjs';
import { freePort } from './lib/processes.mjs';
import { startReplicaDemo } from './lib/replicaDemo.mjs';
import { killAllNow } from '../packages/bench/src/childProcesses.mjs';
import { startFlakyUpstream } from './soak/flakyUpstream.mjs';
import { watchAlbLog } from './soak/albLog.mjs';
import { sampleMemory } from './soak/memory.mjs';
import { assumeRoleCounts, KILLED_REPLICA, runFaults } from './soak/faults.mjs';
import { checkGoals, faultWindows } from './soak/goals.mjs';
import { Recorder } from './soak/recorder.mjs';
import { renderReport } from './soak/report.mjs';
import { runVirtualUser } from './soak/virtualUser.mjs';

const REPLICAS = 2;
/** How long the users may take to finish their last call once the time is up. */
const DRAIN_TIMEOUT_MS = 45_000;
/** Users start this far apart, so the first sign-ins do not all land at once. */
const RAMP_STEP_MS = 250;

function readSettings() {
  const number = (name, fallback, min, max) => {
    const raw = process.env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `${name} must be a whole number from ${min} to ${max}, got ${raw}`,
      );
    }
    return value;
  };
  return {
    seconds: number('SOAK_SECONDS', 240, 30, 3600),
    users: number('SOAK_USERS', 20, 1, 200),
  };
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// What is running, for the clean-up on every way out; `stopping` once a signal came.
let demo;
let flaky;
let stopping = false;
/** What to end at once on Ctrl-C: the fault timeline, the progress lines. */
const onStop = [];
const cleanUp = async () => {
  await demo?.stop();
  await flaky?.stop();
};

async function main() {
  const settings = readSettings();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-soak-'));
  console.log(
    `Soak: ${settings.users} users for ${settings.seconds} s. Logs: ${dir}`,
  );

  let startup;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping the soak...`);
      for (const stop of onStop) stop();
      if (!demo && startup) {
        // Still starting: its children are killed until the start gives up, which then stops
        // what it started (PostgreSQL included).
        const killer = setInterval(killAllNow, 500);
        killAllNow();
        await startup.catch(() => {});
        clearInterval(killer);
      }
      await cleanUp();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  // The last resort if this process exits any other way.
  process.on('exit', killAllNow);

  flaky = await startFlakyUpstream();
  const flakyConfig = writeConfigOverride(dir, 'soak-flaky-route.yaml', {
    aws: {
      proxy: {
        routes: {
          '/flaky': {
            target: flaky.url,
            service: 'execute-api',
            region: 'us-east-1',
          },
        },
      },
    },
  });
  const albPort = await freePort();
  const albUrl = `http://127.0.0.1:${albPort}`;
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const replicaPorts = [];
  for (let i = 0; i < REPLICAS; i++) replicaPorts.push(await freePort());
  startup = startReplicaDemo({
    albUrl,
    albPort,
    replicaPorts,
    emulatorPort,
    postgresPort: await freePort(),
    configs: [baseConfig, flakyConfig],
    dir,
    out: line => console.log(`  ${line}`),
  });
  demo = await startup;
  if (stopping) return;
  const replicaUrls = demo.replicas.map(replica => replica.url);

  const soakMs = settings.seconds * 1000;
  const recorder = new Recorder(performance.now());
  const now = () => recorder.now();
  const albLog = watchAlbLog(demo.alb.logFile, now);
  const memory = sampleMemory(demo, now);
  console.log(`\nLoad started; the faults (s from now):`);
  const faults = runFaults({
    durationMs: soakMs,
    now,
    demo,
    emulatorUrl,
    flaky,
    out: line => console.log(line),
  });
  onStop.push(() => faults.cancel());
  const running = () => !stopping && now() < soakMs;
  const users = Array.from({ length: settings.users }, async (_, index) => {
    await sleep(index * RAMP_STEP_MS);
    await runVirtualUser({ index, albUrl, recorder, running });
  });
  const progress = setInterval(() => {
    const { records } = recorder;
    const failed = records.filter(
      r => r.error !== undefined || r.status >= 500,
    ).length;
    console.log(
      `  ${(now() / 1000).toFixed(0)} s: ${records.length} requests, ${failed} 5xx or network errors`,
    );
  }, 30_000);
  onStop.push(() => clearInterval(progress));

  await sleep(soakMs);
  clearInterval(progress);
  const drained = await Promise.race([
    Promise.all(users).then(() => true),
    sleep(DRAIN_TIMEOUT_MS).then(() => false),
  ]);
  if (!drained)
    console.log('Some calls had not ended; reporting without them.');
  faults.cancel();
  await faults.settled();
  memory.stop();
  albLog.stop();
  const assumeRole = await assumeRoleCounts(emulatorUrl).catch(error => {
    console.log(`Could not read the emulator's AssumeRole counts: ${error}`);
    return undefined;
  });
  const flakyStats = { ...flaky.stats };
  if (stopping) return;
  stopping = true;
  console.log('Stopping the demo...');
  await cleanUp();

  const records = recorder.records.filter(r => r.ms !== undefined);
  const times = faults.times();
  const albEvents = albLog.events();
  const killedUrl = replicaUrls[KILLED_REPLICA - 1];
  const windows = faultWindows({
    times,
    albEvents,
    replicaUrl: killedUrl,
    soakMs,
  });
  const checked = checkGoals({
    records,
    windows,
    replicaUrl: killedUrl,
    samples: memory.samples(),
    faultErrors: faults.errors(),
  });
  const report = renderReport({
    settings,
    dir,
    soakMs,
    times,
    windows,
    albEvents,
    records,
    samples: memory.samples(),
    replicaUrls,
    assumeRole,
    flakyStats,
    checked,
  });
  const reportFile = path.join(dir, 'soak-report.md');
  fs.writeFileSync(reportFile, report);
  fs.writeFileSync(
    path.join(dir, 'soak-requests.json'),
    JSON.stringify(records),
  );
  fs.writeFileSync(
    path.join(dir, 'soak-rss.json'),
    JSON.stringify(memory.samples()),
  );
  console.log(`\n${report}`);
  console.log(
    `Report: ${reportFile} (every request: soak-requests.json, every RSS sample: soak-rss.json, beside it)`,
  );
  const passed = checked.goals.every(goal => goal.pass);
  console.log(passed ? 'Every goal passed.' : 'A goal FAILED.');
  process.exit(passed ? 0 : 1);
}

main().catch(async error => {
  // After Ctrl-C the start fails as its parts are killed; the signal's handler exits.
  if (stopping) return;
  console.error(`\nnpm run soak: ${error.stack ?? error}`);
  await cleanUp().catch(() => {});
  process.exit(1);
});
