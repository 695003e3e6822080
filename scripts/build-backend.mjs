#!/usr/bin/env node
// `npm run build:backend`: the demo backend and every workspace package it runs, laid out for
// the container image (Dockerfile, docs/container-image.md), as Backstage's
// `backstage-cli package build` lays out a backend's skeleton.tar.gz and bundle.tar.gz, but
// with npm: Backstage's packer runs `yarn pack` and `yarn run build` and copies yarn.lock, so
// it fails in an npm workspace (spawn yarn ENOENT).
//
// It writes, under dist/backend/ (git-ignored):
// - skeleton/: the root package.json, package-lock.json and .npmrc, and the package.json of each
//   workspace package the backend needs at runtime (packages/backend and its workspace
//   dependencies, transitively, production dependencies only): all `npm ci --omit=dev` needs.
//   A bundled package (the app, `"bundled": true`) is there without its dependencies: it is
//   served as built files, so its dependencies (React, the CLI) are the browser's, not the
//   backend's (Backstage's packer drops them the same way).
// - bundle/: the root package.json and package-lock.json, and each of those packages as
//   `npm pack` packs it: its prepack (`backstage-cli package prepack`) applies its
//   publishConfig (main: dist/index.cjs.js) and compiles config.d.ts to config.schema.json,
//   then its postpack restores it. The bundled app again without dependencies.
//
// Before it: `npm run tsc` (the packages' builds read dist-types/) and `npm run build:app`
// (the app's build, packages/app/dist), as the Dockerfile runs them.
//
// `--skeleton` writes the skeleton only, from the package.json files alone: no install and no
// build needed, so the image's production install runs beside the build. This file imports
// nothing but Node's own modules for that reason: the Dockerfile runs it in a stage that has
// only the package.json files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BACKEND = 'backend';
const OUTPUT_DIR = path.join(root, 'dist', 'backend');

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

/** Every workspace package: `{ dir (relative to the root), pkg }`, by name. */
export function workspacePackages() {
  const { workspaces = [] } = readJson(path.join(root, 'package.json'));
  const dirs = workspaces.flatMap(glob => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return fs.existsSync(path.join(root, parent))
      ? fs.readdirSync(path.join(root, parent)).map(name => `${parent}/${name}`)
      : [];
  });
  const byName = new Map();
  for (const dir of dirs) {
    const file = path.join(root, dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = readJson(file);
      byName.set(pkg.name, { dir, pkg });
    }
  }
  return byName;
}

/**
 * The workspace packages `name` runs, itself included: its dependencies and optional
 * dependencies that are workspace packages, and theirs, never a bundled package's (Backstage's
 * resolveLocalDependencies).
 */
function runtimePackages(name = BACKEND, byName = workspacePackages()) {
  const found = new Map();
  const visit = packageName => {
    const entry = byName.get(packageName);
    if (!entry || found.has(packageName)) return;
    found.set(packageName, entry);
    if (entry.pkg.bundled) return;
    for (const dep of Object.keys({
      ...entry.pkg.dependencies,
      ...entry.pkg.optionalDependencies,
    })) {
      visit(dep);
    }
  };
  visit(name);
  if (!found.has(name)) throw new Error(`no workspace package named ${name}`);
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** A bundled package's manifest as it goes in the image: built files, no dependencies. */
function withoutDependencies(pkg) {
  const {
    dependencies,
    devDependencies,
    peerDependencies,
    optionalDependencies,
    ...rest
  } = pkg;
  return rest;
}

function writeSkeleton(packages, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
    if (fs.existsSync(path.join(root, file))) {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(dir, file));
    }
  }
  for (const { dir: packageDir, pkg } of packages) {
    writeJson(
      path.join(dir, packageDir, 'package.json'),
      pkg.bundled ? withoutDependencies(pkg) : pkg,
    );
  }
}

/** Runs a command in `cwd` with its output shown; throws when it fails. */
function run(command, args, cwd = root) {
  console.log(
    `$ ${[command, ...args].join(' ')}${cwd === root ? '' : `  (in ${path.relative(root, cwd)})`}`,
  );
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`})`,
    );
  }
}

function build(packages) {
  const bundled = packages.filter(({ pkg }) => pkg.bundled);
  for (const { dir } of bundled) {
    if (!fs.existsSync(path.join(root, dir, 'dist'))) {
      throw new Error(
        `${dir}/dist is missing: build it first (npm run build:app, as the Dockerfile does)`,
      );
    }
  }
  // Each library with its own build script (`backstage-cli package build`), which writes its
  // JavaScript and its type declarations (from dist-types/, hence tsc first).
  const libraries = packages.filter(
    ({ pkg }) => !pkg.bundled && pkg.name !== BACKEND && pkg.scripts?.build,
  );
  run('npm', [
    'run',
    'build',
    ...libraries.flatMap(({ dir }) => ['--workspace', dir]),
  ]);
  // The backend itself: its role's build (backend) also packs a dist workspace with yarn.
  // The `cli` role builds what the backend role's build does first, and all the image needs:
  // the CommonJS bundle of src/ in dist/index.cjs.js.
  run(
    path.join(root, 'node_modules', '.bin', 'backstage-cli'),
    ['package', 'build', '--role', 'cli'],
    path.join(root, packages.find(({ pkg }) => pkg.name === BACKEND).dir),
  );
}

/** The file `npm pack` writes for `pkg`: `@scope/name` 1.0.0 is scope-name-1.0.0.tgz. */
const tarballName = pkg =>
  `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;

/** `npm pack`s the packages (in one run), each unpacked in its workspace folder in `bundleDir`. */
function pack(packages, bundleDir) {
  fs.rmSync(bundleDir, { recursive: true, force: true });
  const tarballs = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-pack-'));
  try {
    run('npm', [
      'pack',
      ...packages.flatMap(({ dir }) => ['--workspace', dir]),
      '--pack-destination',
      tarballs,
      '--silent',
    ]);
    for (const { dir, pkg } of packages) {
      const target = path.join(bundleDir, dir);
      fs.mkdirSync(target, { recursive: true });
      run('tar', [
        '-xzf',
        path.join(tarballs, tarballName(pkg)),
        '-C',
        target,
        '--strip-components=1',
      ]);
      if (pkg.bundled) {
        const manifest = path.join(target, 'package.json');
        writeJson(manifest, withoutDependencies(readJson(manifest)));
      }
    }
  } finally {
    fs.rmSync(tarballs, { recursive: true, force: true });
    // A prepack whose pack failed leaves its package.json rewritten (package.json-prepack
    // beside it): put it back as postpack would.
    for (const { dir } of packages) {
      if (fs.existsSync(path.join(root, dir, 'package.json-prepack'))) {
        run(
          path.join(root, 'node_modules', '.bin', 'backstage-cli'),
          ['package', 'postpack'],
          path.join(root, dir),
        );
      }
    }
  }
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(root, file), path.join(bundleDir, file));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const skeletonOnly = process.argv.includes('--skeleton');
  const unknown = process.argv.slice(2).filter(arg => arg !== '--skeleton');
  if (unknown.length > 0) {
    console.error(`Usage: build-backend.mjs [--skeleton]; unknown: ${unknown}`);
    process.exit(2);
  }
  try {
    const started = Date.now();
    const packages = runtimePackages();
    console.log(
      `The backend runs ${packages.length} workspace packages: ${packages.map(({ dir }) => dir).join(', ')}`,
    );
    writeSkeleton(packages, path.join(OUTPUT_DIR, 'skeleton'));
    if (!skeletonOnly) {
      build(packages);
      pack(packages, path.join(OUTPUT_DIR, 'bundle'));
    }
    console.log(
      `Wrote ${path.relative(root, OUTPUT_DIR)}/${skeletonOnly ? 'skeleton' : '{skeleton,bundle}'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
