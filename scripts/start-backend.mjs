#!/usr/bin/env node
// `npm run start:backend -- --config FILE ...`: starts the demo backend alone, with
// app-config.yaml followed by the user's config files (paths as the user typed them; see
// lib/config-args.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { configFlags, parseConfigArgs, repoRoot } from './lib/config-args.mjs';

let parsed;
try {
  parsed = parseConfigArgs(process.argv.slice(2));
} catch (error) {
  console.error(`start:backend: ${error.message}`);
  process.exit(2);
}

const cli = path.join(repoRoot, 'node_modules', '.bin', 'backstage-cli');
const child = spawn(
  cli,
  ['package', 'start', ...configFlags(parsed.configs), ...parsed.passThrough],
  { cwd: path.join(repoRoot, 'packages', 'backend'), stdio: 'inherit' },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
