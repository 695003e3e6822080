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
// (`dist-types/`, git-ignored) that API Extractor reads. Never incrementally: declarations an
// incremental build reuses from an older one can list a union's members, or a mapped type's
// keys, in another order, and the report would differ from a clean clone's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => path.join(root, 'node_modules', '.bin', name);
/** Where API Extractor leaves the reports it wrote (and, in --ci mode, did not copy). */
const EXTRACTOR_CACHE = path.join(
  root,
  'node_modules',
  '.cache',
  'api-extractor',
);

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
    // Declarations of files since moved or deleted must not linger either.
    fs.rmSync(path.join(root, 'dist-types'), { recursive: true, force: true });
    const code = await run(bin('tsc'), ['-p', '.', '--incremental', 'false']);
    if (code !== 0) return code;
  }
  // Only this run's reports may be shown as differing (see showChangedReports).
  fs.rmSync(EXTRACTOR_CACHE, { recursive: true, force: true });
  const code = await run(bin('backstage-repo-tools'), [
    'api-reports',
    ...(ci ? ['--ci'] : []),
    '--omit-messages',
    'ae-wrong-input-file-type,ae-undocumented',
    '--validate-release-tags',
    ...publishedPackages(),
  ]);
  if (code !== 0 && ci) await showChangedReports();
  return code;
}

/**
 * API Extractor prints the whole new report when one differs; the diff against the checked-in
 * one is what a reader needs. In --ci mode it leaves the new report in its cache folder.
 */
async function showChangedReports() {
  for (const dir of publishedPackages()) {
    const { name } = JSON.parse(
      fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
    );
    const folder = path.join(EXTRACTOR_CACHE, name.replace(/^@[^/]+\//, ''));
    if (!fs.existsSync(folder)) continue;
    for (const report of fs
      .readdirSync(folder)
      .filter(f => f.endsWith('.md'))) {
      const committed = path.join(root, dir, report);
      const generated = path.join(folder, report);
      if (
        fs.existsSync(committed) &&
        fs.readFileSync(committed, 'utf8') ===
          fs.readFileSync(generated, 'utf8')
      ) {
        continue;
      }
      console.log(`\nThe public API of ${name} differs from ${dir}/${report}:`);
      await run('git', [
        '--no-pager',
        'diff',
        '--no-index',
        committed,
        generated,
      ]);
    }
  }
  console.log(
    '\nIf the change is meant, run `npm run build:api-reports` and commit the reports.',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(await apiReports({ ci: process.argv.includes('--ci') }));
}
