import type { FixtureInput } from '@aws-bridge/aws-emulator';
import {
  AWS_DIRECTORY_USER_ID_ANNOTATION,
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
} from '@aws-bridge/plugin-aws-common';
import type { Entity } from '@backstage/catalog-model';
import {
  mainAccountFixture,
  namesOf,
  useDirectorySyncTest,
} from '../__testUtils__/catalogBackend';

// Directory syncs through the real catalog backend and the AWS emulator's Cognito and
// identity store APIs, read with the AWS SDK's own clients: what the catalog holds after each.

const POOL = 'us-east-1_CorpPool1';
const STORE = 'd-1234567890';
const ALICE_SUB = '5e0c7a52-1d3b-4f6e-9a8c-2b4d6f8a0c11';

type PoolUser = NonNullable<
  NonNullable<
    NonNullable<FixtureInput['accounts'][number]['cognitoUserPools']>[number]
  >['users']
>[number];

function fixture(
  change: {
    alice?: Partial<PoolUser>;
    withoutBob?: boolean;
    withGus?: boolean;
    withoutCrew?: boolean;
  } = {},
): FixtureInput {
  const people: PoolUser[] = [
    {
      username: 'alice',
      sub: ALICE_SUB,
      email: 'alice@example.com',
      name: 'Alice Example',
      ...change.alice,
    },
    ...(change.withoutBob
      ? []
      : [{ username: 'bob', email: 'Bob@Example.com', name: 'Bob Example' }]),
    ...(change.withGus
      ? [{ username: 'gus', email: 'gus@example.com', name: 'Gus Example' }]
      : []),
    // Disabled: cannot sign in, so not synced.
    { username: 'dora', email: 'dora@example.com', enabled: false },
    // In a group the filter leaves out.
    { username: 'oscar', email: 'oscar@example.com' },
    // Enough people in one group for three pages of ListUsersInGroup (60 a page).
    { username: 'crew-{n}', email: 'crew-{n}@example.com', count: 130 },
  ];
  return mainAccountFixture({
    cognitoUserPools: [
      {
        id: POOL,
        name: 'corp',
        users: people,
        groups: [
          {
            name: 'platform',
            description: 'Runs Backstage',
            members: [
              'alice',
              'dora',
              ...(change.withoutBob ? [] : ['bob']),
              ...(change.withGus ? ['gus'] : []),
            ],
          },
          ...(change.withoutCrew
            ? []
            : [{ name: 'crew', members: ['crew-{n}', 'alice'] }]),
          { name: 'outsiders', members: ['oscar'] },
        ],
      },
    ],
    identityStores: [
      {
        id: STORE,
        region: 'eu-west-1',
        users: [
          {
            userName: 'ivy',
            displayName: 'Ivy Example',
            email: 'ivy@corp.example',
          },
          {
            userName: 'sam',
            displayName: 'Sam Example',
            email: 'sam@corp.example',
          },
          // 120 more: two pages of ListUsers and of ListGroupMemberships (100 a page).
          { userName: 'ic-{n}', email: 'ic-{n}@corp.example', count: 120 },
        ],
        groups: [
          {
            displayName: 'data-science',
            description: 'Builds the models',
            members: ['ivy', 'ic-{n}'],
          },
          { displayName: 'Finance', members: ['sam'] },
        ],
      },
    ],
  });
}

// The catalog processes a few hundred entities in the background after each sync.
jest.setTimeout(60_000);

const env = useDirectorySyncTest({
  fixture: fixture(),
  catalog: {
    providers: {
      awsDirectory: {
        corp: { userPoolId: POOL, groups: ['platform', 'crew'] },
        'identity-center': {
          identityStoreId: STORE,
          region: 'eu-west-1',
          groups: ['data-science'],
        },
      },
    },
  },
});

const user = (entities: Entity[], name: string) =>
  entities.find(e => e.metadata.name === name);

/** The groups the catalog relates a user to, sorted. */
const memberOf = (entity: Entity | undefined) =>
  (entity?.relations ?? [])
    .filter(r => r.type === 'memberOf')
    .map(r => r.targetRef)
    .sort();

/** `name`'s groups, once the catalog relates them as `expected` says, or at the deadline. */
async function groupsOf(name: string, expected: string[]) {
  const users = await env.catalog.entitiesWhen(
    'User',
    found => memberOf(user(found, name)).join() === expected.join(),
  );
  return memberOf(user(users, name));
}

describe('a Cognito user pool sync', () => {
  it('adds the members of the configured groups, with those groups, reading every page', async () => {
    const status = await env.catalog.provisioning.runDirectorySync('corp');

    expect(status.lastRun).toMatchObject({
      trigger: 'admin',
      outcome: 'succeeded',
      users: 132,
      groups: 2,
    });
    // 130 crew members at 60 a page: three pages, each of which the SDK asked for.
    expect(env.aws.emulator.callCount('cognito-idp:ListUsersInGroup')).toBe(
      1 + 3,
    );
    // Filtered: the pool's user list is never read.
    expect(env.aws.emulator.callCount('cognito-idp:ListUsers')).toBe(0);

    const groups = await env.catalog.entitiesWhen(
      'Group',
      found => found.length >= 2,
    );
    expect(namesOf(groups)).toEqual(['crew', 'platform']);
    const users = await env.catalog.entitiesWhen(
      'User',
      found => found.length >= 132,
    );
    const names = namesOf(users);
    expect(names).toHaveLength(132);
    expect(names).toEqual(
      expect.arrayContaining(['alice', 'bob', 'crew-001', 'crew-130']),
    );
    // Disabled, and in a group left out.
    expect(names).not.toContain('dora');
    expect(names).not.toContain('oscar');
    // Memberships are on the sync's groups (spec.members); the catalog relates them both ways.
    expect(user(users, 'alice')?.spec).toEqual({
      profile: { displayName: 'Alice Example', email: 'alice@example.com' },
      memberOf: [],
    });
    const aliceGroups = ['group:default/crew', 'group:default/platform'];
    expect(await groupsOf('alice', aliceGroups)).toEqual(aliceGroups);
    expect(user(users, 'bob')?.spec?.profile).toMatchObject({
      email: 'bob@example.com',
    });
    expect(user(users, 'alice')?.metadata.annotations).toMatchObject({
      [AWS_PROVISIONED_BY_ANNOTATION]: 'aws-directory:corp',
      'backstage.io/managed-by-location': 'aws-directory:corp',
      // The pool is the IdP: sign-in reaches alice only with her own sub.
      [AWS_DIRECTORY_USER_ID_ANNOTATION]: `${POOL}#${ALICE_SUB}`,
      [AWS_IDP_SUBJECT_ANNOTATION]: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}#${ALICE_SUB}`,
    });
  });

  it('updates people whose attributes changed, adds newcomers, and removes people and groups that left', async () => {
    await env.aws.restart(
      fixture({
        alice: { name: 'Alice Q. Example' },
        withoutBob: true,
        withGus: true,
        // The crew group is deleted: its members are in no kept group any more.
        withoutCrew: true,
      }),
    );
    const status = await env.catalog.provisioning.runDirectorySync('corp');
    expect(status.lastRun).toMatchObject({
      outcome: 'succeeded',
      users: 2,
      groups: 1,
    });

    const users = await env.catalog.entitiesWhen(
      'User',
      found =>
        !user(found, 'bob') &&
        !!user(found, 'gus') &&
        (user(found, 'alice')?.spec?.profile as any)?.displayName ===
          'Alice Q. Example',
    );
    expect(user(users, 'bob')).toBeUndefined();
    expect(user(users, 'gus')?.spec).toEqual({
      profile: { displayName: 'Gus Example', email: 'gus@example.com' },
      memberOf: [],
    });
    expect(user(users, 'alice')?.spec).toEqual({
      profile: { displayName: 'Alice Q. Example', email: 'alice@example.com' },
      memberOf: [],
    });
    for (const name of ['gus', 'alice']) {
      expect(await groupsOf(name, ['group:default/platform'])).toEqual([
        'group:default/platform',
      ]);
    }
    const remaining = await env.catalog.entitiesWhen(
      'User',
      found => !user(found, 'crew-001'),
    );
    expect(namesOf(remaining)).toEqual(['alice', 'gus']);
    const groups = await env.catalog.entitiesWhen(
      'Group',
      found => !user(found, 'crew'),
    );
    expect(namesOf(groups)).toEqual(['platform']);
  });

  it('leaves the catalog as it was when AWS fails part-way, and reports the failure', async () => {
    const before = namesOf(await env.catalog.entities('User'));
    // bob is back in the directory, but listing the groups' members is refused: the groups
    // were read, the users not.
    await env.aws.restart(fixture());
    env.aws.emulator.failNext('cognito-idp:ListUsersInGroup', {
      code: 'AccessDeniedException',
      status: 400,
      message:
        'User: arn:aws:iam::999999999999:user/backstage is not authorized to perform: cognito-idp:ListUsersInGroup',
    });

    const status = await env.catalog.provisioning.runDirectorySync('corp');

    expect(status.lastRun).toMatchObject({
      outcome: 'failed',
      error: {
        code: 'AccessDeniedException',
        advice: expect.stringContaining(
          'Allow cognito-idp:ListGroups, cognito-idp:ListUsersInGroup and cognito-idp:ListUsers',
        ),
      },
    });
    // What every replica's admin page reads.
    const [listed] = (
      await env.catalog.provisioning.describeDirectorySyncs()
    ).filter(s => s.id === 'corp');
    expect(listed.lastRun?.outcome).toBe('failed');
    // The failed run applied nothing: bob stays removed.
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(namesOf(await env.catalog.entities('User'))).toEqual(before);
  });
});

describe('an identity store sync', () => {
  it('adds the members of the configured groups, reading every page of users and memberships', async () => {
    env.aws.emulator.resetCalls();
    const status =
      await env.catalog.provisioning.runDirectorySync('identity-center');

    expect(status.lastRun).toMatchObject({
      outcome: 'succeeded',
      users: 121,
      groups: 1,
    });
    expect(env.aws.emulator.callCount('identitystore:ListUsers')).toBe(2);
    expect(
      env.aws.emulator.callCount('identitystore:ListGroupMemberships'),
    ).toBe(2);

    const groups = await env.catalog.entitiesWhen(
      'Group',
      found => !!user(found, 'data-science'),
    );
    expect(user(groups, 'data-science')).toMatchObject({
      metadata: { description: 'Builds the models' },
      spec: {
        type: 'team',
        profile: { displayName: 'data-science' },
        children: [],
      },
    });
    expect(user(groups, 'Finance')).toBeUndefined();
    const users = await env.catalog.entitiesWhen(
      'User',
      found => !!user(found, 'ivy') && !!user(found, 'ic-120'),
    );
    expect(user(users, 'ivy')?.spec).toEqual({
      profile: { displayName: 'Ivy Example', email: 'ivy@corp.example' },
      memberOf: [],
    });
    expect(await groupsOf('ivy', ['group:default/data-science'])).toEqual([
      'group:default/data-science',
    ]);
    // The store's user IDs are no IdP's sub: recorded, but not bound to a sign-in.
    const annotations = user(users, 'ivy')?.metadata.annotations ?? {};
    expect(annotations[AWS_DIRECTORY_USER_ID_ANNOTATION]).toMatch(
      new RegExp(`^${STORE}#[0-9a-f-]{36}$`),
    );
    expect(annotations[AWS_IDP_SUBJECT_ANNOTATION]).toBeUndefined();
    expect(user(users, 'sam')).toBeUndefined();
    expect(user(users, 'ic-120')).toBeDefined();
  });

  it('is refused by name when no such sync is configured', async () => {
    await expect(
      env.catalog.provisioning.runDirectorySync('nope'),
    ).rejects.toThrow(
      "No directory sync 'nope': the syncs are the keys of catalog.providers.awsDirectory (corp, identity-center)",
    );
  });
});
