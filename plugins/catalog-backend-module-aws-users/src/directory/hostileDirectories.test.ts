import {
  hostileDirectories,
  HOSTILE_DIRECTORIES_TARGET,
  HOSTILE_IDENTITY_STORE_ID,
  HOSTILE_USER_POOL_ID,
} from '@aws-bridge/aws-emulator';
import type { AwsDirectorySyncStatus } from '@aws-bridge/plugin-aws-common';
import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MAIN_ACCOUNT_ID,
  MAIN_KEY,
  namesOf,
  useDirectorySyncTest,
} from '../__testUtils__/catalogBackend';

// The emulator's hostile Cognito pool and identity store, synced into the real catalog beside
// a catalog file that defines alice, bob and group platform, in both start orders. Whatever the
// order, the file's entities stay as the file says, no one joins its group, no second entity
// gets alice's or bob's email, and each sync reports every name, email and membership it left
// out.

jest.setTimeout(120_000);

const FIXTURE = {
  accounts: [
    {
      id: MAIN_ACCOUNT_ID,
      users: [{ name: 'backstage', accessKeys: [{ ...MAIN_KEY }] }],
      ...hostileDirectories(),
    },
  ],
};

/** A catalog file location whose file is written now (files first) or later (syncs first). */
function orgFile(content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-users-hostile-'));
  const file = path.join(dir, 'org.yaml');
  fs.writeFileSync(file, content);
  return {
    file,
    fill: () => fs.writeFileSync(file, HOSTILE_DIRECTORIES_TARGET),
  };
}

function catalogConfig(file: string) {
  return {
    rules: [{ allow: ['User', 'Group', 'Location'] }],
    locations: [{ type: 'file', target: file }],
    providers: {
      awsDirectory: {
        'hostile-pool': { userPoolId: HOSTILE_USER_POOL_ID },
        'hostile-store': {
          identityStoreId: HOSTILE_IDENTITY_STORE_ID,
          region: 'us-east-1',
        },
      },
    },
  };
}

const byName = (entities: Entity[], name: string, namespace = 'default') =>
  entities.find(
    e =>
      e.metadata.name === name &&
      (e.metadata.namespace ?? 'default') === namespace,
  );
const managedBy = (entity: Entity | undefined) =>
  entity?.metadata.annotations?.['backstage.io/managed-by-location'];
const fromFile = (entity: Entity | undefined) =>
  managedBy(entity)?.startsWith('file:') === true;

/** What a run left out, as `kind name: reason`, sorted. */
const skipsOf = (status: AwsDirectorySyncStatus) =>
  (status.lastRun?.skipped ?? [])
    .map(s => `${s.kind} ${s.name}: ${s.reason}`)
    .sort();

const POOL_SKIPS = [
  'Group Platform: name-taken',
  'Group platform@contractors: not-an-entity-name',
  'User alice@evil.example: not-an-entity-name',
  // A look-alike of alice (Cyrillic а): entity names are ASCII, so it is no name at all.
  'User \u0430lice: not-an-entity-name',
  'User Bob: name-taken',
  'User bob2: email-taken',
  'User carl: email-taken',
  'User dave@evil.example: not-an-entity-name',
  'User eve1: email-twice',
  'User eve2: email-twice',
  'User mallory: email-unverified',
].sort();
const STORE_SKIPS = [
  'Group platform: name-taken',
  'User alice: name-taken',
  'User BOB: name-taken',
  'User ivan: email-taken',
].sort();

type Env = ReturnType<typeof useDirectorySyncTest>;

/** The refs an entity's relations of `type` point at, sorted. */
const related = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

const PLATFORM_MEMBERS = ['user:default/alice', 'user:default/bob'];

/**
 * The catalog once it has processed both syncs' last runs (their groups' members are there),
 * or as it is at the deadline: the catalog processes in the background.
 */
async function syncedCatalog(env: Env) {
  const groups = await env.catalog.entitiesWhen(
    'Group',
    found =>
      related(byName(found, 'data-science'), 'hasMember').length === 1 &&
      related(byName(found, 'security'), 'hasMember').length === 1 &&
      related(byName(found, 'platform'), 'hasMember').join() ===
        PLATFORM_MEMBERS.join(),
  );
  const users = await env.catalog.entitiesWhen(
    'User',
    found =>
      related(byName(found, 'trudy'), 'memberOf').length > 0 &&
      related(byName(found, 'frank'), 'memberOf').length > 0,
  );
  return { users, groups };
}

async function expectTheFileWins(env: Env) {
  const { users, groups } = await syncedCatalog(env);
  // The file's people and group, as the file has them.
  for (const name of ['alice', 'bob']) {
    const user = byName(users, name);
    expect(fromFile(user)).toBe(true);
    expect(user?.spec).toEqual({
      profile: {
        displayName: `${name[0].toUpperCase()}${name.slice(1)} Example`,
        email: `${name}@example.com`,
      },
      memberOf: ['platform'],
    });
  }
  const platform = byName(groups, 'platform');
  expect(fromFile(platform)).toBe(true);
  expect(related(platform, 'hasMember')).toEqual(PLATFORM_MEMBERS);
  // Every other Platform, platform and bob is left out: one entity per name.
  expect(namesOf(groups)).toEqual(['data-science', 'platform', 'security']);
  expect(namesOf(users)).toEqual(
    [
      'alice',
      'bob',
      'bob2',
      'carl',
      'eve1',
      'eve2',
      'frank',
      'ivan',
      'mallory',
      'trudy',
    ].sort(),
  );
  // An email resolver finds one person for alice's and bob's emails, and none for the rest.
  const withEmail = (email: string) =>
    users
      .filter(
        u =>
          (u.spec?.profile as { email?: string })?.email?.toLowerCase() ===
          email,
      )
      .map(u => u.metadata.name);
  expect(withEmail('alice@example.com')).toEqual(['alice']);
  expect(withEmail('bob@example.com')).toEqual(['bob']);
  expect(withEmail('eve@example.com')).toEqual([]);
  expect(withEmail('mallory@example.com')).toEqual([]);
  // The syncs' own members join only the syncs' own groups.
  expect(related(byName(users, 'trudy'), 'memberOf')).toEqual([
    'group:default/data-science',
  ]);
  expect(related(byName(users, 'frank'), 'memberOf')).toEqual([
    'group:default/security',
  ]);
  for (const name of ['bob2', 'ivan', 'mallory']) {
    expect(related(byName(users, name), 'memberOf')).toEqual([]);
  }
  expect(related(byName(groups, 'data-science'), 'hasMember')).toEqual([
    'user:default/trudy',
  ]);
}

/** Once the catalog has the file's alice, bob and platform: the file was read. */
async function fileRead(env: Env) {
  await env.catalog.entitiesWhen(
    'User',
    found => fromFile(byName(found, 'alice')) && fromFile(byName(found, 'bob')),
  );
  return env.catalog.entitiesWhen('Group', found =>
    fromFile(byName(found, 'platform')),
  );
}

async function runBoth(env: Env) {
  const pool = await env.catalog.provisioning.runDirectorySync('hostile-pool');
  const store =
    await env.catalog.provisioning.runDirectorySync('hostile-store');
  expect(pool.lastRun?.outcome).toBe('succeeded');
  expect(store.lastRun?.outcome).toBe('succeeded');
  return { pool, store };
}

describe('the catalog file first, then the hostile syncs', () => {
  const org = orgFile(HOSTILE_DIRECTORIES_TARGET);
  const env = useDirectorySyncTest({
    fixture: FIXTURE,
    catalog: catalogConfig(org.file),
  });

  it('changes no file entity, adds no member to its group, shares no email, and reports every skip', async () => {
    await fileRead(env);

    const { pool, store } = await runBoth(env);

    expect(skipsOf(pool)).toEqual(POOL_SKIPS);
    expect(skipsOf(store)).toEqual(STORE_SKIPS);
    expect(pool.lastRun).toMatchObject({
      users: 6,
      groups: 1,
      skippedTotal: POOL_SKIPS.length,
    });
    // The report names who has the name, and never repeats the email.
    const bob = pool.lastRun?.skipped?.find(s => s.name === 'Bob');
    expect(bob?.message).toBe(`user:default/bob belongs to file:${org.file}`);
    const bob2 = pool.lastRun?.skipped?.find(s => s.name === 'bob2');
    expect(bob2).toMatchObject({ left: 'email' });
    expect(bob2?.message).toBe('user:default/bob has it');
    await expectTheFileWins(env);
  });
});

describe('the hostile syncs first, on a fresh database, then the catalog file', () => {
  const org = orgFile('');
  const env = useDirectorySyncTest({
    fixture: FIXTURE,
    catalog: catalogConfig(org.file),
  });

  it('gives the file its names as soon as the catalog reads it, and the next runs leave them alone', async () => {
    // With no file yet, the syncs take bob, alice and platform (one each: the second sync
    // finds the first's entity).
    await env.catalog.provisioning.runDirectorySync('hostile-pool');
    await env.catalog.entitiesWhen('User', found => !!byName(found, 'Bob'));
    await env.catalog.provisioning.runDirectorySync('hostile-store');
    const before = await env.catalog.entitiesWhen(
      'User',
      found => !!byName(found, 'alice'),
    );
    expect(managedBy(byName(before, 'alice'))).toBe(
      'aws-directory:hostile-store',
    );

    // The file arrives: its entities replace the syncs' at once, before any sync runs again.
    org.fill();
    const users = await env.catalog.entitiesWhen(
      'User',
      found =>
        fromFile(byName(found, 'alice')) && fromFile(byName(found, 'bob')),
    );
    expect(fromFile(byName(users, 'alice'))).toBe(true);
    expect(fromFile(byName(users, 'bob'))).toBe(true);
    // The syncs' memberships of their Platform were on their own group entity, so they left
    // with it: no one but the file's people is in the file's platform, even now.
    const groups = await env.catalog.entitiesWhen(
      'Group',
      found =>
        fromFile(byName(found, 'platform')) &&
        related(byName(found, 'platform'), 'hasMember').join() ===
          PLATFORM_MEMBERS.join(),
    );
    expect(fromFile(byName(groups, 'platform'))).toBe(true);
    expect(related(byName(groups, 'platform'), 'hasMember')).toEqual(
      PLATFORM_MEMBERS,
    );

    // The next runs (full mutations) see the file's entities and leave them alone.
    const { pool, store } = await runBoth(env);
    expect(skipsOf(pool)).toEqual(POOL_SKIPS);
    expect(skipsOf(store)).toEqual(STORE_SKIPS);
    await expectTheFileWins(env);
  });
});

describe('what config can allow: a group mapped to the file group, a directory in its own namespace', () => {
  const org = orgFile(HOSTILE_DIRECTORIES_TARGET);
  const config = catalogConfig(org.file);
  const env = useDirectorySyncTest({
    fixture: FIXTURE,
    catalog: {
      ...config,
      providers: {
        awsDirectory: {
          'hostile-pool': {
            userPoolId: HOSTILE_USER_POOL_ID,
            groupMapping: [
              { directoryGroup: 'Platform', group: 'group:default/platform' },
            ],
          },
          'hostile-store': {
            identityStoreId: HOSTILE_IDENTITY_STORE_ID,
            region: 'us-east-1',
            namespace: 'hostile-store',
          },
        },
      },
    },
  });

  it('adds members to the mapped group only, and names a namespaced directory apart', async () => {
    await fileRead(env);
    const { pool, store } = await runBoth(env);

    // Platform is mapped, so it is neither written nor reported; its members join the file's.
    expect(skipsOf(pool)).toEqual(
      POOL_SKIPS.filter(s => s !== 'Group Platform: name-taken'),
    );
    // In a namespace of its own, nothing the store names collides.
    expect(skipsOf(store)).toEqual(['User ivan: email-taken']);

    const expected = [
      'user:default/alice',
      'user:default/bob',
      'user:default/bob2',
      'user:default/trudy',
    ];
    const groups = await env.catalog.entitiesWhen(
      'Group',
      found =>
        related(byName(found, 'platform'), 'hasMember').join() ===
        expected.join(),
    );
    expect(related(byName(groups, 'platform'), 'hasMember')).toEqual(expected);
    const users = await env.catalog.entitiesWhen(
      'User',
      found =>
        found.filter(u => u.metadata.namespace === 'hostile-store').length ===
        4,
    );
    expect(
      users
        .filter(u => u.metadata.namespace === 'hostile-store')
        .map(u => u.metadata.name)
        .sort(),
    ).toEqual(['alice', 'BOB', 'frank', 'ivan'].sort());
    expect(fromFile(byName(users, 'alice'))).toBe(true);
  });
});
