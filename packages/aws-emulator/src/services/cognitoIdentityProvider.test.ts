import {
  CognitoIdentityProviderClient,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  paginateListGroups,
  paginateListUsers,
  paginateListUsersInGroup,
} from '@aws-sdk/client-cognito-identity-provider';
import type { FixtureInput } from '../fixture/schema';
import { AwsEmulator, startAwsEmulator } from '../server';
import { PLATFORM_KEY, restoreEnvAfterEach } from '../__testUtils__';

// Cognito user pools through the AWS SDK's own client: its signer, its JSON 1.1 protocol and
// its paginators.

const POOL = 'us-east-1_TestPool1';
const OTHER_KEY = {
  accessKeyId: 'AKIATESTOTHERACCT001',
  secretAccessKey: 'test-secret-for-another-account',
};
const ALICE_SUB = '0f8b7f3e-1111-4222-8333-444455556666';

const FIXTURE: FixtureInput = {
  accounts: [
    {
      id: '999999999999',
      users: [{ name: 'backstage', accessKeys: [{ ...PLATFORM_KEY }] }],
      cognitoUserPools: [
        {
          id: POOL,
          name: 'test-pool',
          users: [
            {
              username: 'user-{n}',
              email: 'user-{n}@example.com',
              givenName: 'User',
              familyName: '{n}',
              count: 130,
            },
            {
              username: 'alice',
              email: 'alice@example.com',
              name: 'Alice Example',
              givenName: 'Alice',
              familyName: 'Example',
              picture: 'https://example.com/alice.png',
              sub: ALICE_SUB,
            },
            {
              username: 'gone',
              enabled: false,
              email: 'gone@example.com',
              emailVerified: false,
            },
          ],
          groups: [
            {
              name: 'everyone',
              description: 'All of them',
              precedence: 1,
              members: ['user-{n}', 'alice'],
            },
            { name: 'admins', members: ['alice'] },
            { name: 'empty' },
          ],
        },
      ],
    },
    {
      id: '111111111111',
      users: [{ name: 'other', accessKeys: [{ ...OTHER_KEY }] }],
      cognitoUserPools: [
        {
          id: 'us-east-1_OtherPool',
          name: 'other',
          users: [{ username: 'x' }],
        },
      ],
    },
  ],
};

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: FIXTURE });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.resetCalls());

function cognito(
  options: { region?: string; credentials?: typeof OTHER_KEY } = {},
  maxAttempts = 1,
) {
  return new CognitoIdentityProviderClient({
    endpoint: emulator.url,
    region: options.region ?? 'us-east-1',
    credentials: { ...(options.credentials ?? PLATFORM_KEY) },
    maxAttempts,
  });
}

async function allUsers(pageSize?: number) {
  const users = [];
  for await (const page of paginateListUsers(
    { client: cognito(), pageSize },
    { UserPoolId: POOL },
  )) {
    users.push(...page.Users!);
  }
  return users;
}

describe('ListUsers', () => {
  it('pages through every user, 60 at a time by default', async () => {
    const users = await allUsers();
    expect(users).toHaveLength(132);
    expect(new Set(users.map(u => u.Username)).size).toBe(132);
    expect(users[0].Username).toBe('user-001');
    expect(emulator.callCount('cognito-idp:ListUsers')).toBe(3);
    expect((await allUsers(7)).map(u => u.Username)).toEqual(
      users.map(u => u.Username),
    );
  });

  it('answers in the shape AWS does, dates as dates', async () => {
    const result = await cognito().send(
      new ListUsersCommand({ UserPoolId: POOL, Limit: 60 }),
    );
    expect(result.Users).toHaveLength(60);
    expect(result.PaginationToken).toEqual(expect.any(String));
    const users = await allUsers();
    const alice = users.find(u => u.Username === 'alice')!;
    expect(alice).toEqual({
      Username: 'alice',
      Attributes: [
        { Name: 'sub', Value: ALICE_SUB },
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Alice Example' },
        { Name: 'given_name', Value: 'Alice' },
        { Name: 'family_name', Value: 'Example' },
        { Name: 'picture', Value: 'https://example.com/alice.png' },
      ],
      UserCreateDate: expect.any(Date),
      UserLastModifiedDate: expect.any(Date),
      Enabled: true,
      UserStatus: 'CONFIRMED',
    });
    const gone = users.find(u => u.Username === 'gone')!;
    expect(gone.Enabled).toBe(false);
    // A sub the fixture leaves out is generated, the same on every run; an email the pool
    // never verified says so.
    expect(gone.Attributes).toEqual([
      { Name: 'sub', Value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      { Name: 'email', Value: 'gone@example.com' },
      { Name: 'email_verified', Value: 'false' },
    ]);
    const again = await startAwsEmulator({ fixture: FIXTURE });
    try {
      const client = new CognitoIdentityProviderClient({
        endpoint: again.url,
        region: 'us-east-1',
        credentials: { ...PLATFORM_KEY },
      });
      const { Users } = await client.send(
        new ListUsersCommand({ UserPoolId: POOL, Limit: 1 }),
      );
      expect(Users![0].Attributes).toEqual(users[0].Attributes);
    } finally {
      await again.stop();
    }
  });

  it('returns only the attributes asked for', async () => {
    const { Users } = await cognito().send(
      new ListUsersCommand({
        UserPoolId: POOL,
        Limit: 1,
        AttributesToGet: ['email'],
      }),
    );
    expect(Users![0].Attributes).toEqual([
      { Name: 'email', Value: 'user-001@example.com' },
    ]);
  });

  it.each([
    [{ Limit: 61 }, 'less than or equal to 60'],
    [{ Limit: 0 }, 'greater than or equal to 1'],
    [{ PaginationToken: 'bm90LWEtdG9rZW4' }, 'pagination token'],
  ])('refuses %o with InvalidParameterException', async (input, message) => {
    await expect(
      cognito().send(new ListUsersCommand({ UserPoolId: POOL, ...input })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('ListGroups', () => {
  it('lists the groups, paged by NextToken', async () => {
    const groups = [];
    for await (const page of paginateListGroups(
      { client: cognito(), pageSize: 2 },
      { UserPoolId: POOL },
    )) {
      groups.push(...page.Groups!);
    }
    expect(emulator.callCount('cognito-idp:ListGroups')).toBe(2);
    expect(groups.map(g => g.GroupName)).toEqual([
      'everyone',
      'admins',
      'empty',
    ]);
    expect(groups[0]).toEqual({
      GroupName: 'everyone',
      UserPoolId: POOL,
      Description: 'All of them',
      Precedence: 1,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    const last = await cognito().send(
      new ListGroupsCommand({ UserPoolId: POOL }),
    );
    expect(last.NextToken).toBeUndefined();
  });
});

describe('ListUsersInGroup', () => {
  async function members(group: string) {
    const users = [];
    for await (const page of paginateListUsersInGroup(
      { client: cognito() },
      { UserPoolId: POOL, GroupName: group },
    )) {
      users.push(...page.Users!);
    }
    return users.map(u => u.Username);
  }

  it('lists the members, a {n} member naming every counted user', async () => {
    const everyone = await members('everyone');
    expect(everyone).toHaveLength(131);
    expect(everyone).toContain('user-130');
    expect(everyone).toContain('alice');
    expect(everyone).not.toContain('gone');
    expect(emulator.callCount('cognito-idp:ListUsersInGroup')).toBe(3);
    expect(await members('admins')).toEqual(['alice']);
    expect(await members('empty')).toEqual([]);
  });

  it('answers an unknown group with ResourceNotFoundException', async () => {
    await expect(
      cognito().send(
        new ListUsersInGroupCommand({ UserPoolId: POOL, GroupName: 'nope' }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Group not found.',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('which pools a caller sees', () => {
  it.each<
    [string, string, { region?: string; credentials?: typeof OTHER_KEY }]
  >([
    ['an unknown pool', 'us-east-1_Missing1', {}],
    ['a pool asked for in another region', POOL, { region: 'eu-west-1' }],
    ['a pool of another account', POOL, { credentials: OTHER_KEY }],
  ])('answers %s with ResourceNotFoundException', async (_, id, options) => {
    await expect(
      cognito(options).send(new ListGroupsCommand({ UserPoolId: id })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `User pool ${id} does not exist.`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("lets each account list its own pool's users", async () => {
    const { Users } = await cognito({ credentials: OTHER_KEY }).send(
      new ListUsersCommand({ UserPoolId: 'us-east-1_OtherPool' }),
    );
    expect(Users!.map(u => u.Username)).toEqual(['x']);
  });

  it('answers a missing pool ID with InvalidParameterException', async () => {
    await expect(
      cognito().send(new ListUsersCommand({ UserPoolId: '' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('failNext', () => {
  it('answers the next requests to one API with the error, then recovers', async () => {
    emulator.failNext('cognito-idp:ListUsersInGroup', {
      code: 'TooManyRequestsException',
      status: 400,
      message: 'Too many requests',
    });
    const input = { UserPoolId: POOL, GroupName: 'admins' };
    // Another API is not affected.
    await cognito().send(new ListGroupsCommand({ UserPoolId: POOL }));
    await expect(
      cognito().send(new ListUsersInGroupCommand(input)),
    ).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Too many requests',
      $metadata: { httpStatusCode: 400 },
    });
    const { Users } = await cognito().send(new ListUsersInGroupCommand(input));
    expect(Users).toHaveLength(1);
  });

  it("is retried by the SDK like AWS's own server errors", async () => {
    emulator.failNext(
      'cognito-idp:ListUsers',
      { code: 'InternalErrorException', status: 500, message: 'Oops' },
      2,
    );
    const { Users } = await cognito({}, 3).send(
      new ListUsersCommand({ UserPoolId: POOL, Limit: 1 }),
    );
    expect(Users).toHaveLength(1);
    expect(emulator.callCount('cognito-idp:ListUsers')).toBe(3);
  });

  it('is not used up by a request whose signature fails', async () => {
    emulator.failNext('cognito-idp:ListGroups', {
      code: 'TooManyRequestsException',
      status: 400,
      message: 'Too many requests',
    });
    const badKey = cognito({
      credentials: { ...PLATFORM_KEY, secretAccessKey: 'wrong-wrong-wrong' },
    });
    await expect(
      badKey.send(new ListGroupsCommand({ UserPoolId: POOL })),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await expect(
      cognito().send(new ListGroupsCommand({ UserPoolId: POOL })),
    ).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });

  it('refuses an API not written <service>:<Operation>', () => {
    expect(() =>
      emulator.failNext('ListUsers', {
        code: 'X',
        status: 400,
        message: 'x',
      }),
    ).toThrow('api must be <service>:<Operation>');
  });
});

describe('AWS_ENDPOINT_URL', () => {
  restoreEnvAfterEach();

  it.each(['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'AWS_ENDPOINT_URL'])(
    '%s points a client without an endpoint option at the emulator',
    async variable => {
      process.env[variable] = emulator.url;
      const client = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        credentials: { ...PLATFORM_KEY },
        maxAttempts: 1,
      });
      const { Groups } = await client.send(
        new ListGroupsCommand({ UserPoolId: POOL }),
      );
      expect(Groups).toHaveLength(3);
    },
  );
});
