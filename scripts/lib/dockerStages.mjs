// The image check's Docker stand-in: runs a Dockerfile's stages the way `docker build` would,
// without Docker (scripts/image-check.mjs says what it can and cannot stand in for).
// - the stage named `build` is this checkout: its first RUN must be exactly the install line
//   .ci/run runs (CI ran it already, so it is not run again), and its other RUN lines run here;
// - every other stage with a WORKDIR gets a folder standing for that WORKDIR, where its COPY
//   lines copy (honouring .dockerignore, --from and --chown) and its RUN lines run with `sh -c`;
// - RUN lines before a WORKDIR install into the operating system: they are collected, not run
//   (checkSystemRuns checks this machine has what they install);
// - ADD from a URL is not fetched: a stand-in certificate bundle takes its place.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { spawnInGroup } from '../../packages/bench/src/childProcesses.mjs';
import { repoRoot } from './config-args.mjs';
import { readDockerignore } from './dockerfile.mjs';
import { logTail } from './processes.mjs';

export const BUILD_STAGE = 'build';

// The image's `node` user (node's official images): who the backend runs as.
export const IMAGE_USERS = { node: { uid: 1000, gid: 1000 } };

/** This process's environment without what npm adds when it runs a script. */
function cleanEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD',
    ),
  );
}

/** The install line .ci/run runs: its `npm ci ...` line. */
export function ciInstallLine() {
  const line = fs
    .readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8')
    .split('\n')
    .map(l => l.trim())
    .find(l => /^npm ci\b/.test(l));
  if (!line) throw new Error('.ci/run has no `npm ci` line');
  return line;
}

/** Runs `sh -c command` in `cwd`, its output to `logFile`; throws when it fails. */
async function runShell(command, { cwd, env, logFile }) {
  const child = spawnInGroup('sh', ['-c', command], logFile, { cwd, env });
  const code = await new Promise(resolve => {
    child.once('error', () => resolve(-1));
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `exit code ${code}; last lines of ${logFile}:\n${logTail(logFile, 25)}`,
    );
  }
}

/**
 * Runs the stages of a parsed Dockerfile in `work`, logging to `logs`; each RUN is a check
 * (`timedCheck`). `run(name)` runs a stage once the stages it needs have run.
 */
export function createBuilder({ stages, work, logs, timedCheck, out, asRoot }) {
  const byName = new Map(stages.map(stage => [stage.name, stage]));
  const context = repoRoot;
  const ignored = readDockerignore(path.join(context, '.dockerignore'));
  const states = new Map();
  const running = new Map();
  const ciLine = ciInstallLine();

  const hostPath = (state, absolute) => {
    const relative = path.posix.relative(state.workdir, absolute);
    if (relative.startsWith('..') || path.posix.isAbsolute(relative)) {
      throw new Error(
        `${absolute} is outside the stage's WORKDIR ${state.workdir}: the check cannot map it`,
      );
    }
    return path.join(state.dir, relative);
  };

  function chownTree(target, owner) {
    if (!owner || !asRoot) return;
    const user = IMAGE_USERS[owner.split(':')[0]];
    if (!user) throw new Error(`unknown user in --chown=${owner}`);
    const result = spawnSync('chown', [
      '-R',
      '-h',
      `${user.uid}:${user.gid}`,
      target,
    ]);
    if (result.status !== 0) throw new Error(`chown ${target} failed`);
  }

  /** COPY or ADD into `state`'s folder, as Docker copies. */
  function copy(state, { from, sources, destination, chown, chmod }) {
    const destinationDir =
      destination.endsWith('/') || destination === '.' || sources.length > 1;
    const target = hostPath(
      state,
      path.posix.resolve(state.workdir, destination),
    );
    for (const source of sources) {
      if (/^https?:\/\//.test(source)) {
        // Not fetched: a stand-in certificate bundle in its place.
        const file = destinationDir
          ? path.join(target, path.posix.basename(new URL(source).pathname))
          : target;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, tls.rootCertificates.slice(0, 2).join('\n'));
        if (chmod) fs.chmodSync(file, parseInt(chmod, 8));
        chownTree(file, chown);
        out(
          `       [${state.name}] ADD ${source}: not reachable here, a stand-in certificate bundle instead`,
        );
        continue;
      }
      let sourcePath;
      if (from) {
        const fromState = states.get(from);
        sourcePath = hostPath(
          fromState,
          path.posix.resolve(fromState.workdir, source),
        );
      } else {
        sourcePath = path.join(context, source);
      }
      if (!fs.existsSync(sourcePath)) throw new Error(`COPY: no ${source}`);
      const isDir = fs.statSync(sourcePath).isDirectory();
      const to =
        isDir || !destinationDir
          ? target
          : path.join(target, path.basename(sourcePath));
      // --chown applies to what is copied, not to a folder that was there (the WORKDIR).
      const existed = fs.existsSync(to);
      const copied = isDir && existed ? fs.readdirSync(sourcePath) : undefined;
      fs.mkdirSync(isDir ? to : path.dirname(to), { recursive: true });
      if (from) {
        // Another stage's files: everything, symbolic links as they are.
        const result = spawnSync('cp', [
          '-a',
          isDir ? `${sourcePath}/.` : sourcePath,
          to,
        ]);
        if (result.status !== 0) {
          throw new Error(`cp ${sourcePath} failed: ${result.stderr}`);
        }
      } else {
        fs.cpSync(sourcePath, to, {
          recursive: true,
          verbatimSymlinks: true,
          filter: file => {
            const relative = path
              .relative(context, file)
              .split(path.sep)
              .join('/');
            return relative === '' || !ignored(relative);
          },
        });
      }
      if (copied) {
        for (const name of copied) {
          if (fs.existsSync(path.join(to, name)))
            chownTree(path.join(to, name), chown);
        }
      } else {
        chownTree(to, chown);
      }
    }
  }

  async function execute(stage) {
    const parent = states.get(stage.from);
    const state = {
      name: stage.name,
      env: { ...parent?.env },
      workdir: undefined,
      dir: undefined,
      user: parent?.user,
      cmd: parent?.cmd,
      systemRuns: [],
    };
    states.set(stage.name, state);
    const isBuild = stage.name === BUILD_STAGE;
    let firstRun = true;
    let ok = true;
    let n = 0;
    for (const step of stage.instructions) {
      const label = `[${stage.name}] ${step.instruction}`;
      if (step.instruction === 'WORKDIR') {
        if (state.workdir && state.workdir !== step.path) {
          throw new Error(`${label}: one WORKDIR per stage, please`);
        }
        state.workdir = step.path;
        state.dir = isBuild ? repoRoot : path.join(work, 'stages', stage.name);
        if (!isBuild) {
          fs.mkdirSync(state.dir, { recursive: true });
          if (parent?.dir) {
            spawnSync('cp', ['-a', `${parent.dir}/.`, state.dir]);
          }
        }
      } else if (step.instruction === 'ENV') {
        Object.assign(state.env, step.env);
      } else if (step.instruction === 'USER') {
        state.user = step.user;
      } else if (step.instruction === 'CMD') {
        state.cmd = step.argv;
      } else if (step.instruction === 'EXPOSE') {
        state.ports = step.ports;
      } else if (step.instruction === 'COPY' || step.instruction === 'ADD') {
        if (!state.workdir) throw new Error(`${label} before WORKDIR`);
        // The checkout holds what the build stage's COPY lines bring: the context, and the
        // manifests stage's package.json files cut from it.
        if (!isBuild) copy(state, step);
      } else if (step.instruction === 'RUN') {
        if (!state.workdir) {
          state.systemRuns.push(step.command);
          continue;
        }
        if (isBuild && firstRun) {
          firstRun = false;
          if (step.command !== ciLine) {
            throw new Error(
              `the build stage's first RUN is \`${step.command}\`, not CI's \`${ciLine}\``,
            );
          }
          out(
            `       [${stage.name}] RUN ${step.command}: CI ran it (.ci/run), not run again`,
          );
          continue;
        }
        firstRun = false;
        const logFile = path.join(logs, `${stage.name}-${++n}.log`);
        ok =
          (await timedCheck(`[${stage.name}] RUN ${step.command}`, () =>
            runShell(step.command, {
              cwd: state.dir,
              env: { ...cleanEnv(), ...state.env },
              logFile,
            }),
          )) && ok;
        if (!ok) break;
      }
    }
    state.ok = ok;
    return ok;
  }

  /** Runs `name` once its parent and the stages it copies from have run. */
  function run(name) {
    if (!running.has(name)) {
      const stage = byName.get(name);
      const needs = [
        ...(byName.has(stage.from) ? [stage.from] : []),
        ...stage.instructions.flatMap(step => (step.from ? [step.from] : [])),
      ];
      running.set(
        name,
        (async () => {
          const ready = await Promise.all([...new Set(needs)].map(run));
          if (!ready.every(Boolean)) {
            out(`       [${name}] not run: a stage it needs failed`);
            return false;
          }
          try {
            return await execute(stage);
          } catch (error) {
            await timedCheck(`[${name}] the stage runs`, () => {
              throw error;
            });
            return false;
          }
        })(),
      );
    }
    return running.get(name);
  }

  return { run, states };
}

export /** Checks the machine has what the toolchain stage's system RUN lines install. */
function checkSystemRuns(commands) {
  const missing = [];
  for (const command of commands) {
    for (const [, list] of command.matchAll(
      /apt-get install ((?:\S+\s*)+?)(?:&&|$)/g,
    )) {
      for (const pkg of list
        .split(/\s+/)
        .filter(w => w && !w.startsWith('-'))) {
        if (spawnSync('sh', ['-c', `command -v ${pkg}`]).status !== 0) {
          missing.push(pkg);
        }
      }
    }
    const npm = /npm install --global npm@(\d+)/.exec(command);
    if (npm) {
      const version = spawnSync('npm', ['--version']).stdout.toString().trim();
      if (version.split('.')[0] !== npm[1]) {
        missing.push(`npm ${npm[1]} (this machine's is ${version})`);
      }
    }
  }
  if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
}
