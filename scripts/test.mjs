#!/usr/bin/env node
// `npm test`: every check CI runs, in order: formatting, type-check, the API reports of the
// published packages (scripts/api-reports.mjs), lint, each workspace's
// Jest tests (CI=true, so Jest never waits in watch mode), the demo backend smoke test, the
// image check (the Dockerfile's build run without Docker, and the backend it builds started;
// scripts/image-check.mjs), the Storybook build with every story rendered, then the browser test
// (npm start and the production build, in headless Chromium).
// It runs them all even after a failure, prints what failed, and ends with one line:
// `N passed, N failed`, counting each Jest test and smoke or image check, and formatting,
// type-check, the API reports and each workspace's lint as one each. Exits non-zero when anything
// failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiReports } from './api-reports.mjs';
import { runBrowserTest } from './browser-test.mjs';
import { workspacePackages } from './build-backend.mjs';
import { runImageCheck } from './image-check.mjs';
import { runBackendSmokeTest } from './smoke-backend.mjs';
import { runStorybookTest } from './storybook-test.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => path.join(root, 'node_modules', '.bin', name);
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-test-'));

let passed = 0;
let failed = 0;
const failures = [];
const timings = [];

function run(command, args, cwd) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, CI: 'true' },
    });
    child.on('error', error => {
      console.error(error.message);
      resolve(1);
    });
    child.on('exit', code => resolve(code ?? 1));
  });
}

async function step(name, fn) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  await fn();
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function record(name, ok) {
  if (ok) {
    passed++;
  } else {
    failed++;
    failures.push(name);
  }
}

function workspaces() {
  return [...workspacePackages().values()]
    .map(({ dir, pkg }) => ({ dir: path.join(root, dir), pkg }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

const packages = workspaces();

await step('formatting (prettier --check)', async () => {
  record(
    'formatting',
    (await run(bin('prettier'), ['--check', '.'], root)) === 0,
  );
});

// tsc also writes the declarations (dist-types/, git-ignored) the API report check reads,
// from scratch: declarations an incremental build reuses can order a union's members
// differently, and the reports would differ from CI's.
let typesWritten = false;
await step('type-check (tsc)', async () => {
  typesWritten =
    (await run(bin('tsc'), ['-p', '.', '--incremental', 'false'], root)) === 0;
  record('type-check', typesWritten);
});

await step(
  'API reports (report.api.md of each published package)',
  async () => {
    record(
      'API reports: a public API changed without its report.api.md (npm run build:api-reports)',
      typesWritten && (await apiReports({ ci: true, typeCheck: false })) === 0,
    );
  },
);

for (const { dir, pkg } of packages) {
  if (!pkg.scripts?.lint) continue;
  await step(`lint ${pkg.name}`, async () => {
    record(`lint ${pkg.name}`, (await run('npm', ['run', 'lint'], dir)) === 0);
  });
}

for (const { dir, pkg } of packages) {
  if (!pkg.scripts?.test) continue;
  await step(`test ${pkg.name}`, async () => {
    const outputFile = path.join(
      resultsDir,
      `${pkg.name.replace(/[@/]/g, '_')}.json`,
    );
    const code = await run(
      'npm',
      ['run', 'test', '--', '--json', `--outputFile=${outputFile}`],
      dir,
    );
    const report = fs.existsSync(outputFile)
      ? JSON.parse(fs.readFileSync(outputFile, 'utf8'))
      : undefined;
    passed += report?.numPassedTests ?? 0;
    failed += report?.numFailedTests ?? 0;
    if (report?.numFailedTests > 0) {
      failures.push(`${pkg.name}: ${report.numFailedTests} test(s)`);
    } else if (code !== 0) {
      // A suite that cannot load, or Jest failing before it reports, still fails the run.
      record(`test ${pkg.name} (exit code ${code})`, false);
    }
  });
}

/** Runs a suite of checks that reports `{ passed, failed }` (smoke, Storybook, browser). */
async function suite(name, description, run) {
  await step(`${name}: ${description}`, async () => {
    const result = await run();
    passed += result.passed;
    failed += result.failed;
    if (result.failed > 0) failures.push(`${name}: ${result.failed} check(s)`);
  });
}

await suite(
  'smoke test',
  'the demo backend as a user starts it',
  runBackendSmokeTest,
);
await suite(
  'image check',
  "the Dockerfile's build without Docker, then the backend it builds",
  runImageCheck,
);
await suite(
  'storybook',
  'build, then render every story in Chromium',
  runStorybookTest,
);
await suite(
  'browser test',
  'the demo in Chromium, development and production',
  runBrowserTest,
);

console.log(`\nTimings: ${timings.join('; ')}`);
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
