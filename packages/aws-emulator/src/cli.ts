/* eslint-disable no-console */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURE_PATH } from './fixture/loadFixture';
import { startAwsEmulator } from './server';

// `npm run start --workspace packages/aws-emulator -- [--port 4566] [--host 127.0.0.1] [--fixture file.yaml]`

const USAGE =
  'Usage: aws-emulator [--port 4566] [--host 127.0.0.1] [--fixture path/to/fixture.yaml]';

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: {
          type: 'string',
          default: process.env.AWS_EMULATOR_PORT ?? '4566',
        },
        host: { type: 'string', default: '127.0.0.1' },
        fixture: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, got ${values.port}\n${USAGE}`);
    process.exit(2);
  }
  // npm runs workspace scripts in the package folder; take a relative fixture path from
  // where the user typed the command.
  const fixture = values.fixture
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.fixture)
    : DEFAULT_FIXTURE_PATH;
  const emulator = await startAwsEmulator({ port, host: values.host, fixture });
  console.log(`aws-emulator listening on ${emulator.url} (fixture ${fixture})`);
  const stop = () => emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
