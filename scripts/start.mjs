#!/usr/bin/env node
// `npm start [-- --config FILE ...]`: the whole demo on one machine. Starts, in order and each
// once the one before answers: the AWS emulator, the backend, the app's dev server, then the
// ALB emulator in front of both (packages/alb-emulator, with its IdP). Prints the one URL to
// open: the ALB's, app.baseUrl, as in production. Ctrl-C (or SIGTERM) stops everything; if any
// part exits on its own, the rest are stopped too and the exit code is 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import {
  albEmulatorFlags,
  configFlags,
  parseConfigArgs,
  readDemoUrls,
  repoRoot,
} from './lib/config-args.mjs';
import {
  fatalError,
  poll,
  READINESS_PATH,
  stopGroup,
  waitForHttp,
} from './lib/processes.mjs';

const STARTUP_TIMEOUT_MS = 300_000;
// LocalStack's port, so either can stand in for the other.
const EMULATOR_PORT = Number(process.env.AWS_EMULATOR_PORT ?? 4566);

const children = [];
let stopping = false;

/** Starts a part of the demo in its own process group, its output prefixed with its name. */
function startPart(name, command, args, cwd, env = {}) {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      FORCE_COLOR: process.stdout.isTTY ? '1' : '0',
      ...env,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    // Behind the ALB, app.baseUrl and backend.baseUrl are both the ALB's URL, as in
    // production; the CLI's dev server warns about that, which does not apply here.
    let inSameUrlWarning = false;
    readline.createInterface({ input: stream }).on('line', line => {
      if (line.includes('Conflict between app baseUrl and backend baseUrl')) {
        inSameUrlWarning = true;
        console.log(
          `[${name}] (app.baseUrl and backend.baseUrl are both the ALB's URL, as in production)`,
        );
      }
      if (!inSameUrlWarning) console.log(`[${name}] ${line}`);
      if (line.includes('This can be resolved by changing app.baseUrl')) {
        inSameUrlWarning = false;
      }
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `\n${name} exited (${signal ?? `code ${code}`}); stopping the demo.`,
    );
    shutdown(1);
  });
  children.push(child);
  return child;
}

function ensureRunning(name, child) {
  return () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw fatalError(`${name} exited`);
    }
  };
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // Last started, first stopped: the ALB, the app, the backend, then the AWS emulator.
  for (const child of [...children].reverse()) await stopGroup(child);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the demo...`);
    shutdown(0);
  });
}

async function waitForPort(port, ensureAlive) {
  await poll(`the AWS emulator on port ${port}`, STARTUP_TIMEOUT_MS, () => {
    ensureAlive();
    return new Promise(resolve => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve({ done: true });
      });
      socket.once('error', error =>
        resolve({ done: false, reason: error.code }),
      );
    });
  });
}

/** Starts the workspace package `packages/<name>` and waits until `url` answers 200. */
async function startAndWaitForHttp(name, command, args, url, env) {
  const child = startPart(
    name,
    command,
    args,
    path.join(repoRoot, 'packages', name),
    env,
  );
  await waitForHttp(
    `the ${name}`,
    url,
    STARTUP_TIMEOUT_MS,
    ensureRunning(`the ${name}`, child),
  );
}

async function main() {
  const { configs, passThrough } = parseConfigArgs(process.argv.slice(2));
  if (passThrough.length > 0) {
    throw new Error(`unknown arguments: ${passThrough.join(' ')}`);
  }
  const { appUrl, albPort, appListenPort, backendListenPort, alb } =
    await readDemoUrls(configs);
  if (!alb) {
    throw new Error(
      'auth.providers.awsalb is not configured: the demo signs in through the ALB emulator',
    );
  }
  if (albPort === appListenPort || albPort === backendListenPort) {
    throw new Error(
      `app.baseUrl (${appUrl}) is the ALB emulator's URL: set app.listen.port and ` +
        'backend.listen.port to other ports, where the dev server and the backend listen behind it',
    );
  }
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli');
  const started = Date.now();

  const emulatorDir = path.join(repoRoot, 'packages', 'aws-emulator');
  // Every AWS SDK client in the backend sends its calls to the emulator (the SDK's own
  // convention), unless the caller already chose an endpoint, e.g. LocalStack's.
  const backendEnv = {};
  if (fs.existsSync(path.join(emulatorDir, 'package.json'))) {
    backendEnv.AWS_ENDPOINT_URL =
      process.env.AWS_ENDPOINT_URL ?? `http://127.0.0.1:${EMULATOR_PORT}`;
    const emulator = startPart(
      'aws-emulator',
      'npm',
      ['run', 'start', '--', '--port', String(EMULATOR_PORT)],
      emulatorDir,
    );
    await waitForPort(
      EMULATOR_PORT,
      ensureRunning('the AWS emulator', emulator),
    );
  }

  // The backend first: the app's dev server is of no use until its API answers.
  const cliStart = ['package', 'start', ...configFlags(configs)];
  const backendTarget = `http://127.0.0.1:${backendListenPort}`;
  const appTarget = `http://127.0.0.1:${appListenPort}`;
  await startAndWaitForHttp(
    'backend',
    bin,
    cliStart,
    `${backendTarget}${READINESS_PATH}`,
    backendEnv,
  );
  await startAndWaitForHttp('app', bin, cliStart, appTarget);

  // The ALB in front of both, signing users in at its IdP: /api/* to the backend (denied
  // without a session, as docs/alb-sign-in.md recommends), everything else to the app.
  const albArgs = [
    '--port',
    String(albPort),
    '--public-url',
    appUrl,
    '--backend',
    backendTarget,
    '--app',
    appTarget,
  ];
  albArgs.push(...albEmulatorFlags(alb));
  if (process.env.ALB_SESSION_TIMEOUT) {
    albArgs.push('--session-timeout', process.env.ALB_SESSION_TIMEOUT);
  }
  await startAndWaitForHttp(
    'alb-emulator',
    'npm',
    ['run', 'start', '--', ...albArgs],
    `${appUrl.replace(/\/$/, '')}/idp/.well-known/openid-configuration`,
  );

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\naws-bridge demo ready in ${seconds} s. Open ${appUrl}\n(Ctrl-C stops it.)\n`,
  );
}

main().catch(error => {
  console.error(`\nnpm start: ${error.message}`);
  shutdown(1);
});
