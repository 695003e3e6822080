import type { AwsDirectorySyncRun } from '@aws-bridge/plugin-aws-common';
import {
  AwsBridgeKnex,
  AwsBridgeMigration,
  openAwsBridgeTables,
} from '@aws-bridge/plugin-aws-node';
import type { DatabaseService } from '@backstage/backend-plugin-api';

/** The last run of each directory sync, keyed by the sync's ID. */
export const DIRECTORY_SYNC_RUNS_TABLE = 'aws_bridge_directory_sync_runs';
/**
 * Knex's record of this module's migrations (and, suffixed `_lock`, its lock), apart from the
 * catalog's own `knex_migrations`, which must not see migrations it does not know.
 */
export const DIRECTORY_SYNC_MIGRATIONS_TABLE =
  'aws_bridge_directory_sync_knex_migrations';

/** In order, by a name never to change once released: Knex records what ran by name. */
const migrations: Array<[name: string, migration: AwsBridgeMigration]> = [
  [
    '20261207000000_directory_sync_runs',
    {
      async up(knex: AwsBridgeKnex) {
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
      async down(knex: AwsBridgeKnex) {
        await knex.schema.dropTable(DIRECTORY_SYNC_RUNS_TABLE);
      },
    },
  ],
];

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
    const knex = await openAwsBridgeTables(database, {
      migrationsTable: DIRECTORY_SYNC_MIGRATIONS_TABLE,
      migrations,
      tables: `the directory syncs' table ${DIRECTORY_SYNC_RUNS_TABLE} in the catalog's database`,
    });
    return new DirectorySyncRunStore(knex);
  }

  private constructor(private readonly knex: AwsBridgeKnex) {}

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
