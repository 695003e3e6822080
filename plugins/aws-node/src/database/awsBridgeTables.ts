import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';

/**
 * A plugin database's client (Knex), as the database service gives it.
 *
 * @public
 */
export type AwsBridgeKnex = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * One migration of an aws-bridge table, in code.
 *
 * @public
 */
export type AwsBridgeMigration = {
  up(knex: AwsBridgeKnex): Promise<void>;
  down(knex: AwsBridgeKnex): Promise<void>;
};

/** Attempts at migrating, for when a replica starting at the same moment raced this one. */
const MIGRATION_ATTEMPTS = 5;

/**
 * Makes Knex's lock table and its one row before Knex does. Knex inserts the row when it finds
 * none, so two replicas starting together on a new database can insert one each; with two rows
 * it can never take the lock again ("Migration table is already locked"). Made here, the row has
 * a fixed key, so a second insert does nothing, and Knex finds the row and inserts none.
 */
async function ensureMigrationLockRow(
  knex: AwsBridgeKnex,
  lockTable: string,
): Promise<void> {
  if (!(await knex.schema.hasTable(lockTable))) {
    // As Knex makes it (knex/lib/migrations/migrate/table-creator.js).
    await knex.schema.createTable(lockTable, table => {
      table.increments('index').primary();
      table.integer('is_locked');
    });
  }
  await knex(lockTable)
    .insert({ index: 1, is_locked: 0 })
    .onConflict('index')
    .ignore();
}

/**
 * Brings an aws-bridge module's tables up to date in the database of the plugin it extends,
 * safely when replicas start at the same moment. `migrationsTable` is Knex's record of these
 * migrations (and, suffixed `_lock`, its lock), apart from the plugin's own `knex_migrations`,
 * which must not see migrations it does not know. `migrations` are in order, each by a name
 * never to change once released: Knex records what ran by name.
 *
 * Knex's migration lock, taken in the migration's transaction, serialises replicas: one
 * migrates, the others wait (PostgreSQL, MySQL) or fail to lock and try again (SQLite), then
 * find nothing to do. What the lock does not cover, the first creation of Knex's own tables,
 * fails all but one replica with "already exists"; those try again and find them made.
 */
async function migrateAwsBridgeTables(
  knex: AwsBridgeKnex,
  options: {
    migrationsTable: string;
    migrations: Array<[name: string, migration: AwsBridgeMigration]>;
  },
): Promise<void> {
  const { migrationsTable, migrations } = options;
  // The migrations as Knex reads them: in code, so there are no files to ship.
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
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureMigrationLockRow(knex, `${migrationsTable}_lock`);
      await knex.migrate.latest({
        tableName: migrationsTable,
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
 * The client of the database `database` gives an aws-bridge module, its tables migrated first
 * (see `migrateAwsBridgeTables`) unless the database service says to skip migrations
 * (`backend.database.skipMigrations`, or `backend.database.plugin.<plugin>.skipMigrations`), as
 * the plugin's own are. A failed migration is an error saying `Could not create <tables>`.
 *
 * @public
 */
export async function openAwsBridgeTables(
  database: DatabaseService,
  options: {
    migrationsTable: string;
    migrations: Array<[name: string, migration: AwsBridgeMigration]>;
    /** What the migrations make, for the error: `the directory syncs' table ... in the catalog's database`. */
    tables: string;
  },
): Promise<AwsBridgeKnex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    try {
      await migrateAwsBridgeTables(knex, options);
    } catch (error) {
      throw new ForwardedError(`Could not create ${options.tables}`, error);
    }
  }
  return knex;
}
