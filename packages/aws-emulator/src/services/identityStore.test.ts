import {
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
  paginateListGroupMemberships,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import type { FixtureInput } from '../fixture/schema';
import { AwsEmulator, startAwsEmulator } from '../server';
import {
  PLATFORM_KEY,
  restoreEnvAfterEach,
  send,
  signRequest,
} from '../__testUtils__';

// The IAM Identity Center identity store through the AWS SDK's own client, and once on the
// wire, for the error body's shape.

const STORE = 'd-1234567890';
const OTHER_STORE = 'd-abcdef0123';
const OTHER_KEY = {
  accessKeyId: 'AKIATESTOTHERACCT001',
  secretAccessKey: 'test-secret-for-another-account',
};
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const FIXTURE: FixtureInput = {
  accounts: [
    {
      id: '999999999999',
      users: [{ name: 'backstage', accessKeys: [{ ...PLATFORM_KEY }] }],
      identityStores: [
        {
          id: STORE,
          region: 'us-east-1',
          users: [
            {
              userName: 'user-{n}',
              displayName: 'User {n}',
              email: 'user-{n}@example.com',
              givenName: 'User',
              familyName: '{n}',
              count: 130,
            },
            {
              userName: 'alice',
              displayName: 'Alice Example',
              email: 'alice@example.com',
              givenName: 'Alice',
              familyName: 'Example',
            },
            { userName: 'bare' },
          ],
          groups: [
            {
              displayName: 'everyone',
              description: 'All of them',
              members: ['user-{n}', 'alice'],
            },
            { displayName: 'admins', members: ['alice'] },
          ],
        },
      ],
    },
    {
      id: '111111111111',
      users: [{ name: 'other', accessKeys: [{ ...OTHER_KEY }] }],
      identityStores: [{ id: OTHER_STORE, region: 'us-east-1' }],
    },
  ],
};

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: FIXTURE });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.resetCalls());

function identityStore(
  options: {
    region?: string;
    credentials?: typeof OTHER_KEY;
    url?: string;
  } = {},
) {
  return new IdentitystoreClient({
    endpoint: options.url ?? emulator.url,
    region: options.region ?? 'us-east-1',
    credentials: { ...(options.credentials ?? PLATFORM_KEY) },
    maxAttempts: 1,
  });
}

async function allUsers(pageSize?: number, url?: string) {
  const users = [];
  for await (const page of paginateListUsers(
    { client: identityStore({ url }), pageSize },
    { IdentityStoreId: STORE },
  )) {
    users.push(...page.Users!);
  }
  return users;
}

/** A JSON 1.1 call signed for identitystore, sent as is: the error body as it goes over the wire. */
async function sendOnTheWire(target: string, input: object) {
  const request = await signRequest(
    emulator.url,
    {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': target,
      },
      body: JSON.stringify(input),
    },
    { service: 'identitystore' },
  );
  return send(emulator.url, request);
}

async function groupIds() {
  const { Groups } = await identityStore().send(
    new ListGroupsCommand({ IdentityStoreId: STORE }),
  );
  return Object.fromEntries(Groups!.map(g => [g.DisplayName!, g.GroupId!]));
}

describe('ListUsers', () => {
  it('pages through every user, 100 at a time by default', async () => {
    const users = await allUsers();
    expect(users).toHaveLength(132);
    expect(emulator.callCount('identitystore:ListUsers')).toBe(2);
    expect(new Set(users.map(u => u.UserId)).size).toBe(132);
    const at60 = await allUsers(60);
    expect(emulator.callCount('identitystore:ListUsers')).toBe(5);
    expect(at60.map(u => u.UserName)).toEqual(users.map(u => u.UserName));
  });

  it('answers in the shape AWS does, with IDs stable between runs', async () => {
    const users = await allUsers();
    const alice = users.find(u => u.UserName === 'alice');
    expect(alice).toEqual({
      IdentityStoreId: STORE,
      UserId: expect.stringMatching(UUID),
      UserName: 'alice',
      DisplayName: 'Alice Example',
      Name: {
        GivenName: 'Alice',
        FamilyName: 'Example',
        Formatted: 'Alice Example',
      },
      Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
    });
    expect(users[0]).toMatchObject({
      UserName: 'user-001',
      DisplayName: 'User 001',
      Emails: [{ Value: 'user-001@example.com' }],
    });
    expect(users.find(u => u.UserName === 'bare')).toEqual({
      IdentityStoreId: STORE,
      UserId: expect.stringMatching(UUID),
      UserName: 'bare',
    });
    const again = await startAwsEmulator({ fixture: FIXTURE });
    try {
      expect((await allUsers(100, again.url)).map(u => u.UserId)).toEqual(
        users.map(u => u.UserId),
      );
    } finally {
      await again.stop();
    }
  });

  it.each([
    [{ MaxResults: 101 }, 'less than or equal to 100'],
    [{ MaxResults: 0 }, 'greater than or equal to 1'],
    [{ NextToken: 'bm90LWEtdG9rZW4' }, 'pagination token'],
    [{ IdentityStoreId: 'not-a-store' }, "at 'identityStoreId'"],
  ])('refuses %o with ValidationException', async (input, message) => {
    await expect(
      identityStore().send(
        new ListUsersCommand({ IdentityStoreId: STORE, ...input }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('ListGroups and ListGroupMemberships', () => {
  it('lists the groups', async () => {
    const { Groups, NextToken } = await identityStore().send(
      new ListGroupsCommand({ IdentityStoreId: STORE }),
    );
    expect(Groups).toEqual([
      {
        IdentityStoreId: STORE,
        GroupId: expect.stringMatching(UUID),
        DisplayName: 'everyone',
        Description: 'All of them',
      },
      {
        IdentityStoreId: STORE,
        GroupId: expect.stringMatching(UUID),
        DisplayName: 'admins',
      },
    ]);
    expect(NextToken).toBeUndefined();
  });

  it("pages through a group's members, naming the users ListUsers lists", async () => {
    const { everyone, admins } = await groupIds();
    const memberships = [];
    for await (const page of paginateListGroupMemberships(
      { client: identityStore(), pageSize: 50 },
      { IdentityStoreId: STORE, GroupId: everyone },
    )) {
      memberships.push(...page.GroupMemberships!);
    }
    expect(emulator.callCount('identitystore:ListGroupMemberships')).toBe(3);
    expect(memberships).toHaveLength(131);
    const users = await allUsers();
    const names = new Map(users.map(u => [u.UserId, u.UserName]));
    expect(names.get(memberships[130].MemberId!.UserId!)).toBe('alice');
    expect(memberships[0]).toEqual({
      IdentityStoreId: STORE,
      MembershipId: expect.stringMatching(UUID),
      GroupId: everyone,
      MemberId: { UserId: users[0].UserId },
    });

    const { GroupMemberships } = await identityStore().send(
      new ListGroupMembershipsCommand({
        IdentityStoreId: STORE,
        GroupId: admins,
      }),
    );
    expect(GroupMemberships!.map(m => names.get(m.MemberId!.UserId!))).toEqual([
      'alice',
    ]);
  });

  it('answers an unknown group with ResourceNotFoundException, a malformed ID with ValidationException', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(
      identityStore().send(
        new ListGroupMembershipsCommand({
          IdentityStoreId: STORE,
          GroupId: missing,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'GROUP',
      ResourceId: missing,
    });
    await expect(
      identityStore().send(
        new ListGroupMembershipsCommand({
          IdentityStoreId: STORE,
          GroupId: 'everyone',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('which stores a caller sees', () => {
  it.each([
    ['an unknown store', 'd-0000000000', {}],
    ['a store asked for in another region', STORE, { region: 'eu-west-1' }],
  ])(
    'answers %s with ResourceNotFoundException',
    async (_, id, options: { region?: string }) => {
      await expect(
        identityStore(options).send(
          new ListGroupsCommand({ IdentityStoreId: id }),
        ),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        ResourceType: 'IDENTITY_STORE',
        ResourceId: id,
        RequestId: expect.any(String),
        $metadata: { httpStatusCode: 400 },
      });
    },
  );

  it("refuses another account's store with AccessDeniedException", async () => {
    await expect(
      identityStore({ credentials: OTHER_KEY }).send(
        new ListUsersCommand({ IdentityStoreId: STORE }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::111111111111:user/other is not authorized to perform: identitystore:ListUsers on resource: arn:aws:identitystore::999999999999:identitystore/${STORE}`,
      $metadata: { httpStatusCode: 400 },
    });
    const { Users } = await identityStore({ credentials: OTHER_KEY }).send(
      new ListUsersCommand({ IdentityStoreId: OTHER_STORE }),
    );
    expect(Users).toEqual([]);
  });

  it('sends the error members AWS sends, on the wire', async () => {
    const response = await sendOnTheWire('AWSIdentityStore.ListGroups', {
      IdentityStoreId: 'd-0000000000',
    });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      __type: 'com.amazon.coral.service#ResourceNotFoundException',
      Message: expect.any(String),
      RequestId: response.headers['x-amzn-requestid'],
      ResourceType: 'IDENTITY_STORE',
      ResourceId: 'd-0000000000',
    });
  });

  it("answers another service's X-Amz-Target with UnknownOperationException", async () => {
    const response = await sendOnTheWire(
      'AWSCognitoIdentityProviderService.ListGroups',
      { IdentityStoreId: STORE },
    );
    expect(response.status).toBe(400);
    expect(response.json().__type).toMatch(/#UnknownOperationException$/);
  });
});

describe('failNext', () => {
  it('answers the next `times` requests with the error, in the Identity Store error shape', async () => {
    const { admins } = await groupIds();
    emulator.failNext(
      'identitystore:ListGroupMemberships',
      { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
      2,
    );
    const list = () =>
      identityStore().send(
        new ListGroupMembershipsCommand({
          IdentityStoreId: STORE,
          GroupId: admins,
        }),
      );
    for (let i = 0; i < 2; i++) {
      await expect(list()).rejects.toMatchObject({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        RequestId: expect.any(String),
      });
    }
    expect((await list()).GroupMemberships).toHaveLength(1);
  });
});

describe('AWS_ENDPOINT_URL_<SERVICE>', () => {
  restoreEnvAfterEach();

  it('points an Identity Store client without an endpoint option at the emulator', async () => {
    process.env.AWS_ENDPOINT_URL_IDENTITYSTORE = emulator.url;
    const client = new IdentitystoreClient({
      region: 'us-east-1',
      credentials: { ...PLATFORM_KEY },
      maxAttempts: 1,
    });
    const { Groups } = await client.send(
      new ListGroupsCommand({ IdentityStoreId: STORE }),
    );
    expect(Groups).toHaveLength(2);
  });
});
