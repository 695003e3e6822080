import type { AwsDirectorySyncRun } from '@aws-bridge/plugin-aws-common';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';

/** The catalog's database client (Knex), as the database service gives it. */
type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** The last run of each directory sync, keyed by the sync's ID. */
export const DIRECTORY_SYNC_RUNS_TABLE = 'aws_bridge_directory_sync_runs';
/**
 * Knex's record of this module's migrations (and, suffixed `_lock`, its lock), apart from the
 * catalog's own `knex_migrations`, which must not see migrations it does not know.
 */
export const DIRECTORY_SYNC_MIGRATIONS_TABLE =
  'aws_bridge_directory_sync_knex_migrations';

type Migration = {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
};

/** In order, by a name never to change once released: Knex records what ran by name. */
const migrations: Array<[name: string, migration: Migration]> = [
  [
    '20261207000000_directory_sync_runs',
    {
      async up(knex) {
        await knex.schema.createTable(DIRECTORY_SYNC_RUNS_TABLE, table => {
          table.comment('The last run of each aws-bridge directory sync');
          table
            .string('id')
            .primary()
            .notNullable()
            .comment('The sync: its key under catalog.providers.awsDirectory');
          table
            .text('run')
            .notNullable()
            .comment('The run, an AwsDirectorySyncRun as JSON');
          table
            .timestamp('updated_at')
            .notNullable()
            .defaultTo(knex.fn.now())
            .comment('When a replica last wrote the row');
        });
      },
      async down(knex) {
        await knex.schema.dropTable(DIRECTORY_SYNC_RUNS_TABLE);
      },
    },
  ],
];

/** The migrations above as Knex reads them: in code, so there are no files to ship. */
const migrationSource = {
  async getMigrations() {
    return migrations.map(([name]) => name);
  },
  getMigrationName(name: string) {
    return name;
  },
  async getMigration(name: string) {
    const found = migrations.find(([n]) => n === name);
    if (!found) throw new Error(`No migration ${name}`);
    return found[1];
  },
};

/** Knex's lock table for {@link DIRECTORY_SYNC_MIGRATIONS_TABLE}, named as Knex names it. */
const MIGRATIONS_LOCK_TABLE = `${DIRECTORY_SYNC_MIGRATIONS_TABLE}_lock`;

/**
 * Makes Knex's lock table and its one row before Knex does. Knex inserts the row when it finds
 * none, so two replicas starting together on a new database can insert one each; with two rows
 * it can never take the lock again ("Migration table is already locked"). Made here, the row has
 * a fixed key, so a second insert does nothing, and Knex finds the row and inserts none.
 */
async function ensureMigrationLockRow(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable(MIGRATIONS_LOCK_TABLE))) {
    // As Knex makes it (knex/lib/migrations/migrate/table-creator.js).
    await knex.schema.createTable(MIGRATIONS_LOCK_TABLE, table => {
      table.increments('index').primary();
      table.integer('is_locked');
    });
  }
  await knex(MIGRATIONS_LOCK_TABLE)
    .insert({ index: 1, is_locked: 0 })
    .onConflict('index')
    .ignore();
}

/** Attempts at migrating, for when a replica starting at the same moment raced this one. */
const MIGRATION_ATTEMPTS = 5;

/**
 * Brings the table up to date, safely when replicas start at the same moment. Knex's migration
 * lock, taken in the migration's transaction, serialises them: one migrates, the others wait
 * (PostgreSQL, MySQL) or fail to lock and try again (SQLite), then find nothing to do. What the
 * lock does not cover, the first creation of Knex's own tables, fails all but one replica with
 * "already exists"; those try again and find them made.
 */
export async function migrateDirectorySyncRunStore(knex: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureMigrationLockRow(knex);
      await knex.migrate.latest({
        tableName: DIRECTORY_SYNC_MIGRATIONS_TABLE,
        migrationSource,
      });
      return;
    } catch (error) {
      if (attempt >= MIGRATION_ATTEMPTS) throw error;
      await new Promise(resolve =>
        setTimeout(resolve, 200 * attempt + Math.random() * 200),
      );
    }
  }
}

/**
 * The last run of each directory sync, in the catalog's database: every replica of the backend
 * reads and writes the same rows, so each one's admin page shows the run whichever replica
 * made it.
 */
export class DirectorySyncRunStore {
  /**
   * The store over the catalog's `database`, its table migrated first unless the database
   * service says to skip them (`backend.database.skipMigrations`, or
   * `backend.database.plugin.catalog.skipMigrations`), as the catalog's own are.
   */
  static async create(
    database: DatabaseService,
  ): Promise<DirectorySyncRunStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      try {
        await migrateDirectorySyncRunStore(knex);
      } catch (error) {
        throw new ForwardedError(
          `Could not create the directory syncs' table ${DIRECTORY_SYNC_RUNS_TABLE} in the catalog's database`,
          error,
        );
      }
    }
    return new DirectorySyncRunStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** Keeps `run` as sync `id`'s last run, in place of the one before. */
  async set(id: string, run: AwsDirectorySyncRun): Promise<void> {
    await this.knex(DIRECTORY_SYNC_RUNS_TABLE)
      .insert({ id, run: JSON.stringify(run), updated_at: this.knex.fn.now() })
      .onConflict('id')
      .merge();
  }

  /** Sync `id`'s last run; undefined when it has none, or none this module can read. */
  async get(id: string): Promise<AwsDirectorySyncRun | undefined> {
    const row = await this.knex(DIRECTORY_SYNC_RUNS_TABLE)
      .where({ id })
      .first('run');
    if (!row) return undefined;
    try {
      const run = JSON.parse(row.run);
      return isRun(run) ? run : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Enough of a run for the admin page to show it and for replicas to compare when each ended. */
function isRun(value: unknown): value is AwsDirectorySyncRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Partial<Record<keyof AwsDirectorySyncRun, unknown>>;
  return (
    typeof run.startedAt === 'string' &&
    typeof run.finishedAt === 'string' &&
    (run.outcome === 'succeeded' || run.outcome === 'failed')
  );
}
