// The `--config FILE` flags of `npm start` and `npm run start:backend`.
//
// npm runs workspace scripts from the workspace's folder, but users type paths relative to where
// they are (the repository root, usually), so every --config path is resolved from INIT_CWD,
// the directory npm was started in. app-config.yaml always comes first, so a user's file
// overrides it and never the other way round.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSources } from '@backstage/config-loader';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
export const baseConfig = path.join(repoRoot, 'app-config.yaml');

/**
 * Splits argv into the config files (absolute, app-config.yaml first) and the other arguments.
 * Throws on a `--config` without a value.
 */
export function parseConfigArgs(
  args,
  userCwd = process.env.INIT_CWD ?? process.cwd(),
) {
  const configs = [baseConfig];
  const passThrough = [];
  for (let i = 0; i < args.length; i++) {
    let value;
    if (args[i] === '--config') {
      value = args[++i];
      if (value === undefined) throw new Error('--config needs a file path');
    } else if (args[i].startsWith('--config=')) {
      value = args[i].slice('--config='.length);
    } else {
      passThrough.push(args[i]);
      continue;
    }
    const file = path.resolve(userCwd, value);
    // Naming app-config.yaml again must not move it after an override.
    if (file !== baseConfig) configs.push(file);
  }
  return { configs, passThrough };
}

/**
 * Writes `config` as a config file in `dir` and returns its path. YAML is a superset of JSON,
 * so JSON serves.
 */
export function writeConfigOverride(dir, name, config) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/** `['--config', a, '--config', b]` for the Backstage CLI. */
export function configFlags(configs) {
  return configs.flatMap(file => ['--config', file]);
}

/**
 * Reads the merged config the way the Backstage CLI does (environment substitution included)
 * and returns the URLs the demo serves.
 */
export async function readDemoUrls(configs) {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ rootDir: repoRoot, argv: configFlags(configs) }),
  );
  try {
    return {
      appUrl: config.getString('app.baseUrl'),
      backendUrl: config.getString('backend.baseUrl'),
    };
  } finally {
    config.close();
  }
}
