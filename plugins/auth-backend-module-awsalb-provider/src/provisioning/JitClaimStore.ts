import {
  AwsBridgeKnex,
  AwsBridgeMigration,
  openAwsBridgeTables,
} from '@aws-bridge/plugin-aws-node';
import type { DatabaseService } from '@backstage/backend-plugin-api';

/** Which IdP subject each just-in-time name and email belongs to: first come, for good. */
export const JIT_CLAIMS_TABLE = 'aws_bridge_jit_claims';
/** Knex's record of this module's migrations, apart from the auth backend's own. */
const JIT_CLAIMS_MIGRATIONS_TABLE = 'aws_bridge_jit_claims_knex_migrations';

const migrations: Array<[name: string, migration: AwsBridgeMigration]> = [
  [
    '20261208000000_jit_claims',
    {
      async up(knex: AwsBridgeKnex) {
        await knex.schema.createTable(JIT_CLAIMS_TABLE, table => {
          table.comment(
            'Names and emails of people provisioned at ALB sign-in, each held by one IdP subject',
          );
          table
            .string('kind', 16)
            .notNullable()
            .comment('name (a User entity name) or email');
          table
            .string('key', 255)
            .notNullable()
            .comment(
              'The name or email, lower-cased: the catalog ignores case',
            );
          table
            .text('subject')
            .notNullable()
            .comment('The IdP subject it belongs to: <iss>#<sub>');
          table.timestamp('claimed_at').notNullable().defaultTo(knex.fn.now());
          table.primary(['kind', 'key']);
        });
      },
      async down(knex: AwsBridgeKnex) {
        await knex.schema.dropTable(JIT_CLAIMS_TABLE);
      },
    },
  ],
];

/** What a person asks to hold; `taken` names the first that is someone else's. */
export type JitClaim = { name: string; email?: string };

/**
 * The just-in-time names and emails, in the auth backend's database. Provisioning a person
 * first claims their entity name and email here, with one insert a unique key decides: of
 * people signing in at the same moment, on any replica, under one name, exactly one gets it.
 * The catalog cannot decide that: it shows a new entity only seconds after it is written.
 */
export class JitClaimStore {
  /** The store, its table migrated first unless the database service says to skip migrations. */
  static async create(database: DatabaseService): Promise<JitClaimStore> {
    const knex = await openAwsBridgeTables(database, {
      migrationsTable: JIT_CLAIMS_MIGRATIONS_TABLE,
      migrations,
      tables: `the just-in-time provisioning table ${JIT_CLAIMS_TABLE} in the auth backend's database`,
    });
    return new JitClaimStore(knex);
  }

  private constructor(private readonly knex: AwsBridgeKnex) {}

  /**
   * Claims `name` (and `email`) for `subject`; answers which of them another subject holds, or
   * undefined when both are the subject's now. A claim is never given up: a name, once a
   * person's, is never another's, even after their entity is removed.
   */
  async claim(
    subject: string,
    { name, email }: JitClaim,
  ): Promise<'name' | 'email' | undefined> {
    const wanted: Array<['name' | 'email', string]> = [['name', name]];
    if (email) wanted.push(['email', email]);
    for (const [kind, value] of wanted) {
      const key = value.toLowerCase();
      await this.knex(JIT_CLAIMS_TABLE)
        .insert({ kind, key, subject })
        .onConflict(['kind', 'key'])
        .ignore();
      const row = await this.knex(JIT_CLAIMS_TABLE)
        .where({ kind, key })
        .first('subject');
      if (row?.subject !== subject) return kind;
    }
    return undefined;
  }
}
