#!/usr/bin/env node
// `npm run start:backend -- --config FILE ...`: starts the demo backend with app-config.yaml
// followed by the user's config files.
//
// npm runs workspace scripts from packages/backend, but users type paths relative to where they
// are (the repository root, usually), so every --config path is resolved from INIT_CWD, the
// directory npm was started in, before the Backstage CLI sees it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseConfig = path.join(root, 'app-config.yaml');
const userCwd = process.env.INIT_CWD ?? process.cwd();

const configs = [baseConfig];
const passThrough = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  let value;
  if (args[i] === '--config') {
    value = args[++i];
    if (value === undefined) {
      console.error('start:backend: --config needs a file path');
      process.exit(2);
    }
  } else if (args[i].startsWith('--config=')) {
    value = args[i].slice('--config='.length);
  } else {
    passThrough.push(args[i]);
    continue;
  }
  const file = path.resolve(userCwd, value);
  // app-config.yaml always comes first; naming it again must not move it after an override.
  if (file !== baseConfig) configs.push(file);
}

const cli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
const child = spawn(
  cli,
  [
    'package',
    'start',
    ...configs.flatMap(c => ['--config', c]),
    ...passThrough,
  ],
  { cwd: path.join(root, 'packages', 'backend'), stdio: 'inherit' },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
