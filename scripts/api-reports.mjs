#!/usr/bin/env node
// The public API of each published package, as Backstage records its own: a `report.api.md`
// beside the package's package.json, written by API Extractor through
// `backstage-repo-tools api-reports`.
//
//   npm run build:api-reports          type-check, then write the reports anew
//   node scripts/api-reports.mjs --ci  the same, but fail (and write nothing) when a report
//                                      differs: `npm test` runs this, so an API change that
//                                      was not meant, or whose report was not updated, fails.
//
// After an intended API change, run `npm run build:api-reports` and commit the reports with it.
//
// The options are Backstage's own (its root `build:api-reports:only`): undocumented members
// are not warnings, every export needs a release tag (`@public`, `@alpha`, ...), and any other
// warning fails. `backstage-repo-tools api-reports --tsc` would type-check through `yarn`,
// which this repository does not use, so tsc runs here first: it writes the declarations
// (`dist-types/`, git-ignored) that API Extractor reads.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => path.join(root, 'node_modules', '.bin', name);

/** The packages we publish: every workspace under plugins/ that is not private. */
export function publishedPackages() {
  const plugins = path.join(root, 'plugins');
  return fs
    .readdirSync(plugins)
    .filter(name => {
      const file = path.join(plugins, name, 'package.json');
      return (
        fs.existsSync(file) &&
        !JSON.parse(fs.readFileSync(file, 'utf8')).private
      );
    })
    .sort()
    .map(name => `plugins/${name}`);
}

function run(command, args) {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', error => {
      console.error(error.message);
      resolve(1);
    });
    child.on('exit', code => resolve(code ?? 1));
  });
}

/**
 * Writes (or with `ci`, checks) the API reports. `typeCheck: false` skips tsc when the caller
 * has just written the declarations. Resolves to the exit code: 0 when all is well.
 */
export async function apiReports({ ci = false, typeCheck = true } = {}) {
  if (typeCheck) {
    const code = await run(bin('tsc'), ['-p', '.']);
    if (code !== 0) return code;
  }
  return run(bin('backstage-repo-tools'), [
    'api-reports',
    ...(ci ? ['--ci'] : []),
    '--omit-messages',
    'ae-wrong-input-file-type,ae-undocumented',
    '--validate-release-tags',
    ...publishedPackages(),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(await apiReports({ ci: process.argv.includes('--ci') }));
}
