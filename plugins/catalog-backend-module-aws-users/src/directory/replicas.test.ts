import type { AwsDirectorySyncStatus } from '@aws-bridge/plugin-aws-common';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mainAccountFixture,
  namesOf,
  startCatalog,
  startDirectoryEmulator,
} from '../__testUtils__/catalogBackend';
import { DIRECTORY_SYNC_RUNS_TABLE } from './DirectorySyncRunStore';

// Two backends, as two replicas behind a load balancer: each its own catalog, scheduler and
// memory, both on one database. Here that is one SQLite file, which each backend opens itself
// through Backstage's own database service (`backend.database.connection.directory`), as each
// replica opens its own connections to the one PostgreSQL database.

jest.setTimeout(60_000);

const POOL = 'us-east-1_CorpPool1';

const fixture = mainAccountFixture({
  cognitoUserPools: [
    {
      id: POOL,
      name: 'corp',
      users: [
        { username: 'alice', email: 'alice@example.com' },
        { username: 'bob', email: 'bob@example.com' },
      ],
      groups: [{ name: 'platform', members: ['alice', 'bob'] }],
    },
  ],
});

let directory: string;
let aws: Awaited<ReturnType<typeof startDirectoryEmulator>>;
let replicaA: Awaited<ReturnType<typeof startCatalog>>;
let replicaB: Awaited<ReturnType<typeof startCatalog>>;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-users-replicas-'));
  aws = await startDirectoryEmulator(fixture);
  const catalog = {
    providers: { awsDirectory: { corp: { userPoolId: POOL } } },
  };
  const database = { client: 'better-sqlite3', connection: { directory } };
  // One after the other, as a rolling deployment starts them (the migrations of replicas
  // starting at the same moment: DirectorySyncRunStore.test.ts).
  replicaA = await startCatalog(catalog, [], { database });
  replicaB = await startCatalog(catalog, [], { database });
}, 60_000);

afterAll(async () => {
  await replicaA?.backend.stop();
  await replicaB?.backend.stop();
  await aws?.stop();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function corp(replica: typeof replicaA): Promise<AwsDirectorySyncStatus> {
  const syncs = await replica.provisioning.describeDirectorySyncs();
  const found = syncs.find(s => s.id === 'corp');
  if (!found) throw new Error(`no sync corp in ${JSON.stringify(syncs)}`);
  return found;
}

/** The rows of the last runs' table in the catalog's database, read as a third client would. */
async function storedRuns() {
  const knex = await DatabaseManager.fromConfig(
    new ConfigReader({
      backend: {
        database: { client: 'better-sqlite3', connection: { directory } },
      },
    }),
  )
    .forPlugin('catalog', {
      logger: mockServices.logger.mock(),
      lifecycle: mockServices.lifecycle.mock(),
    })
    .getClient();
  try {
    const rows = await knex(DIRECTORY_SYNC_RUNS_TABLE).select('id', 'run');
    return rows.map(row => ({ id: row.id, run: JSON.parse(row.run) }));
  } finally {
    await knex.destroy();
  }
}

it('has no last run on either replica before any ran', async () => {
  expect(fs.readdirSync(directory)).toContain('catalog.sqlite');
  expect(await storedRuns()).toEqual([]);
  expect((await corp(replicaA)).lastRun).toBeUndefined();
  expect((await corp(replicaB)).lastRun).toBeUndefined();
});

it('shows a run on replica A as the last run on replica B, which made none', async () => {
  const status = await replicaA.provisioning.runDirectorySync('corp');
  expect(status.lastRun).toMatchObject({
    trigger: 'admin',
    outcome: 'succeeded',
    users: 2,
    groups: 1,
  });

  // Kept in the catalog's database...
  expect(await storedRuns()).toEqual([{ id: 'corp', run: status.lastRun }]);
  // ...which replica B reads.
  expect(await corp(replicaB)).toMatchObject({
    running: false,
    lastRun: status.lastRun,
  });
  // And B's catalog has the entities A's run wrote: one database.
  const users = await replicaB.entitiesWhen('User', found => found.length >= 2);
  expect(namesOf(users)).toEqual(['alice', 'bob']);
});

it('shows a later run on replica B on replica A, in place of its own', async () => {
  const before = await corp(replicaA);
  aws.emulator.failNext('cognito-idp:ListGroups', {
    code: 'AccessDeniedException',
    status: 400,
    message:
      'User: arn:aws:iam::999999999999:user/backstage is not authorized to perform: cognito-idp:ListGroups',
  });

  const status = await replicaB.provisioning.runDirectorySync('corp');

  expect(status.lastRun).toMatchObject({
    outcome: 'failed',
    error: { code: 'AccessDeniedException' },
  });
  expect(status.lastRun?.finishedAt).not.toBe(before.lastRun?.finishedAt);
  expect((await corp(replicaA)).lastRun).toEqual(status.lastRun);
  expect((await corp(replicaB)).lastRun).toEqual(status.lastRun);
});
