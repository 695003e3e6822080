import type { AwsDirectorySyncRun } from '@aws-bridge/plugin-aws-common';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DIRECTORY_SYNC_MIGRATIONS_TABLE,
  DIRECTORY_SYNC_RUNS_TABLE,
  DirectorySyncRunStore,
} from './DirectorySyncRunStore';

// The store against real databases: SQLite always, and PostgreSQL when
// BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING points at one.

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'SQLITE_3'],
  disableDocker: true,
});

const run = (
  finishedAt: string,
  change: Partial<AwsDirectorySyncRun> = {},
): AwsDirectorySyncRun => ({
  trigger: 'schedule',
  startedAt: finishedAt,
  finishedAt,
  durationMs: 0,
  outcome: 'succeeded',
  users: 3,
  groups: 1,
  ...change,
});

describe.each(databases.eachSupportedId())('on %s', databaseId => {
  it('keeps the last run of each sync, the later in place of the earlier', async () => {
    const knex = await databases.init(databaseId);
    const store = await DirectorySyncRunStore.create(
      mockServices.database({ knex }),
    );

    const first = run('2026-06-01T10:00:00.000Z');
    await store.set('corp', first);
    expect(await store.get('corp')).toEqual(first);

    const failed = run('2026-06-01T10:30:00.000Z', {
      trigger: 'admin',
      outcome: 'failed',
      users: undefined,
      groups: undefined,
      error: { code: 'AccessDeniedException', message: 'no', advice: 'fix' },
    });
    await store.set('corp', failed);
    await store.set('identity-center', first);
    expect(await store.get('corp')).toEqual(failed);
    expect(await store.get('identity-center')).toEqual(first);
    const rows = await knex(DIRECTORY_SYNC_RUNS_TABLE).select('id');
    expect(rows.map(r => r.id).sort()).toEqual(['corp', 'identity-center']);
  });

  it('has no run for a sync that never ran', async () => {
    const knex = await databases.init(databaseId);
    const store = await DirectorySyncRunStore.create(
      mockServices.database({ knex }),
    );
    await store.set('corp', run('2026-06-01T10:00:00.000Z'));

    expect(await store.get('nope')).toBeUndefined();
  });

  it('has no run for a row it cannot read', async () => {
    const knex = await databases.init(databaseId);
    const store = await DirectorySyncRunStore.create(
      mockServices.database({ knex }),
    );
    await knex(DIRECTORY_SYNC_RUNS_TABLE).insert([
      { id: 'truncated', run: '{"trigger":"schedule","startedAt":' },
      { id: 'not-a-run', run: '42' },
      { id: 'null', run: 'null' },
      { id: 'no-outcome', run: JSON.stringify({ startedAt: 'x' }) },
    ]);

    expect(await store.get('truncated')).toBeUndefined();
    expect(await store.get('not-a-run')).toBeUndefined();
    expect(await store.get('null')).toBeUndefined();
    expect(await store.get('no-outcome')).toBeUndefined();
  });

  it('migrates once: a replica started later finds the table and its rows', async () => {
    const knex = await databases.init(databaseId);
    const first = await DirectorySyncRunStore.create(
      mockServices.database({ knex }),
    );
    const kept = run('2026-06-01T10:00:00.000Z');
    await first.set('corp', kept);

    const second = await DirectorySyncRunStore.create(
      mockServices.database({ knex }),
    );

    expect(await second.get('corp')).toEqual(kept);
    const migrated = await knex(DIRECTORY_SYNC_MIGRATIONS_TABLE).select('name');
    expect(migrated.map(m => m.name)).toEqual([
      '20261207000000_directory_sync_runs',
    ]);
    // Apart from the catalog's own record of its migrations.
    expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
  });

  it('migrates once when several replicas start at the same moment', async () => {
    const knex = await databases.init(databaseId);
    // One client, whose pool gives each replica its own connection (SQLite's has one).
    const [a, ...others] = await Promise.all(
      Array.from({ length: 6 }, () =>
        DirectorySyncRunStore.create(mockServices.database({ knex })),
      ),
    );

    const kept = run('2026-06-01T10:00:00.000Z');
    await a.set('corp', kept);
    for (const other of others) expect(await other.get('corp')).toEqual(kept);
    expect(await knex(DIRECTORY_SYNC_MIGRATIONS_TABLE).select('name')).toEqual([
      { name: '20261207000000_directory_sync_runs' },
    ]);
    // One lock row: with two, Knex could never take the lock again.
    expect(
      await knex(`${DIRECTORY_SYNC_MIGRATIONS_TABLE}_lock`).select('is_locked'),
    ).toEqual([{ is_locked: 0 }]);
  });

  it('takes the migration lock when replicas start together on a lock table with no row yet', async () => {
    // Another replica made Knex's tables and stopped before the lock's row: each replica
    // starting now finds the table empty. Were each to insert a row, Knex could never lock.
    const knex = await databases.init(databaseId);
    await knex.schema.createTable(DIRECTORY_SYNC_MIGRATIONS_TABLE, table => {
      table.increments();
      table.string('name');
      table.integer('batch');
      table.timestamp('migration_time');
    });
    await knex.schema.createTable(
      `${DIRECTORY_SYNC_MIGRATIONS_TABLE}_lock`,
      table => {
        table.increments('index').primary();
        table.integer('is_locked');
      },
    );

    await Promise.all(
      Array.from({ length: 4 }, () =>
        DirectorySyncRunStore.create(mockServices.database({ knex })),
      ),
    );

    expect(
      await knex(`${DIRECTORY_SYNC_MIGRATIONS_TABLE}_lock`).select('is_locked'),
    ).toEqual([{ is_locked: 0 }]);
    expect(await knex.schema.hasTable(DIRECTORY_SYNC_RUNS_TABLE)).toBe(true);
  });

  it('leaves the schema alone when the database service says to skip migrations', async () => {
    const knex = await databases.init(databaseId);
    await DirectorySyncRunStore.create(
      mockServices.database({ knex, migrations: { skip: true } }),
    );

    expect(await knex.schema.hasTable(DIRECTORY_SYNC_RUNS_TABLE)).toBe(false);
    expect(await knex.schema.hasTable(DIRECTORY_SYNC_MIGRATIONS_TABLE)).toBe(
      false,
    );
  });
});

describe('two replicas on one SQLite file, each with its own connection', () => {
  let directory: string;
  const clients: Array<{ destroy(): Promise<void> }> = [];

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-users-runs-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.destroy()));
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** The catalog's database service of a replica, as the backend's own database manager makes it. */
  async function replicaDatabase() {
    const database = DatabaseManager.fromConfig(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: { directory } },
        },
      }),
    ).forPlugin('catalog', {
      logger: mockServices.logger.mock(),
      lifecycle: mockServices.lifecycle.mock(),
    });
    clients.push(await database.getClient());
    return database;
  }

  it('migrates once when both start at the same moment, and each reads what the other wrote', async () => {
    const [a, b] = await Promise.all([
      replicaDatabase().then(db => DirectorySyncRunStore.create(db)),
      replicaDatabase().then(db => DirectorySyncRunStore.create(db)),
    ]);

    const fromA = run('2026-06-01T10:00:00.000Z');
    await a.set('corp', fromA);
    expect(await b.get('corp')).toEqual(fromA);
    const fromB = run('2026-06-01T10:30:00.000Z', { trigger: 'admin' });
    await b.set('corp', fromB);
    expect(await a.get('corp')).toEqual(fromB);

    expect(fs.readdirSync(directory)).toEqual(['catalog.sqlite']);
    const knex = await (await replicaDatabase()).getClient();
    expect(await knex(DIRECTORY_SYNC_MIGRATIONS_TABLE).select('name')).toEqual([
      { name: '20261207000000_directory_sync_runs' },
    ]);
  });
});
