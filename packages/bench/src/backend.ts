/*
 * One Backstage backend per row, started fresh by run.ts: `createBackend()` from
 * @backstage/backend-defaults with only the floor plugin and the plugin under test, so that
 * rows differ only in that plugin. BENCH_PLUGIN picks it; the config comes from the
 * `--config` files on the command line (the default rootConfig service reads process.argv, and
 * with `--config` given it does not fall back to the repository's app-config.yaml).
 *
 * BENCH_SIGN_IN=1 adds the auth backend with the guest provider, so the harness can get a
 * Backstage user token the way a signed-in browser has one. BENCH_PERMISSIONS=1 adds the
 * permission backend with Backstage's allow-all policy; `permission.enabled` in the row's
 * config decides whether plugins ask it.
 */
import { createBackend } from '@backstage/backend-defaults';
import { benchFloorPlugin } from './floorPlugin';

const PLUGINS = ['floor', 'aws-bridge', 'segment', 'backstage-proxy'];

const backend = createBackend();
backend.add(benchFloorPlugin);

const plugin = process.env.BENCH_PLUGIN;
switch (plugin) {
  case 'floor':
    break;
  case 'aws-bridge':
    // A benchmark has to load the plugin it measures; this package is never a dependency.
    // eslint-disable-next-line @backstage/no-mixed-plugin-imports
    backend.add(import('@aws-bridge/plugin-aws-backend'));
    break;
  case 'segment':
    backend.add(import('@segment/backstage-plugin-proxy-sigv4-backend'));
    break;
  case 'backstage-proxy':
    backend.add(import('@backstage/plugin-proxy-backend'));
    break;
  default:
    throw new Error(
      `BENCH_PLUGIN must be one of ${PLUGINS.join(', ')}, got '${plugin}'`,
    );
}

if (process.env.BENCH_SIGN_IN === '1') {
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
}
if (process.env.BENCH_PERMISSIONS === '1') {
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
}

backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});

// The harness owns this process: if it goes away, so do we.
process.on('disconnect', () => process.exit(0));
