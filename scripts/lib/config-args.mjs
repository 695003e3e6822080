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

/** The port a URL names, or its scheme's default. */
function portOf(url) {
  const { port, protocol } = new URL(url);
  return port ? Number(port) : protocol === 'https:' ? 443 : 80;
}

/**
 * Reads the merged config the way the Backstage CLI does (environment substitution included)
 * and returns what the demo serves: the URL users open (app.baseUrl, the ALB emulator's, which
 * backend.baseUrl shares), the ports the app's dev server and the backend listen on behind it,
 * and the awsalb settings the ALB emulator must match (signer, client ID, IdP preset).
 */
export async function readDemoUrls(configs) {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ rootDir: repoRoot, argv: configFlags(configs) }),
  );
  try {
    const appUrl = config.getString('app.baseUrl');
    const backendUrl = config.getString('backend.baseUrl');
    const awsalb = config.getOptionalConfig('auth.providers.awsalb');
    return {
      appUrl,
      // Where the ALB emulator listens: app.baseUrl is its URL.
      albPort: portOf(appUrl),
      appListenPort:
        config.getOptionalNumber('app.listen.port') ?? portOf(appUrl),
      backendListenPort:
        config.getOptionalNumber('backend.listen.port') ?? portOf(backendUrl),
      alb: awsalb && {
        signer: awsalb.getOptionalString('signer'),
        clientId: awsalb.getOptionalString('clientId'),
        idp: awsalb.getOptionalString('idp'),
      },
    };
  } finally {
    config.close();
  }
}

/**
 * The ALB emulator's flags that must match the awsalb provider (`alb` of readDemoUrls): the
 * signer, the client ID and the IdP preset, each only when config sets it.
 */
export function albEmulatorFlags(alb) {
  return [
    ['--signer', alb.signer],
    ['--client-id', alb.clientId],
    ['--idp', alb.idp],
  ].flatMap(([flag, value]) => (value ? [flag, value] : []));
}

/**
 * `npm run start` arguments for the ALB emulator on `port`, reached at `publicUrl`, in front of
 * `backends` (a target group of one or more), followed by `flags`.
 */
export function albEmulatorStartArgs({
  port,
  publicUrl,
  backends,
  flags = [],
}) {
  return [
    'run',
    'start',
    '--workspace',
    'packages/alb-emulator',
    '--',
    '--port',
    String(port),
    '--public-url',
    publicUrl,
    ...backends.flatMap(backend => ['--backend', backend]),
    ...flags,
  ];
}
